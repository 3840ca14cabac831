import type { TemplateSet } from "../../src/core/family";
import generic from "./generic.mustache";
import specific from "./specific.mustache";

/** SPA `Time_Zone` choices are `GMT` and `GMT±hh:mm`. */
function spaTimeZone(utcOffset: string): string {
  return utcOffset === "+00:00" ? "GMT" : `GMT${utcOffset}`;
}

export default {
  generic,
  specific,
  // SPA50x/51x: `Cisco/SPA508G-7.4.4 (0002FDFF2103)(CBT141400UK)`; the SPA525G sends only its serial,
  // `Cisco/SPA525G-7.4.7 (CBT141900G7)` (wazo-platform/wazo-provd-plugins, cisco-spa common.py).
  macInUserAgent: { except: ["cisco-spa525g2"] },
  view: (view) => ("timezone" in view ? { spa: { timeZone: spaTimeZone(view.timezone.utcOffset) } } : {}),
} satisfies TemplateSet;
