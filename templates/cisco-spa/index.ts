import type { TemplateSet } from "../../src/core/family";
import generic from "./generic.mustache";
import specific from "./specific.mustache";
import { ciscoDirectory, ciscoKeys, ciscoSettings } from "./operator";

/** SPA `Time_Zone` choices are `GMT` and `GMT±hh:mm`. */
function spaTimeZone(utcOffset: string): string {
  return utcOffset === "+00:00" ? "GMT" : `GMT${utcOffset}`;
}

export default {
  generic,
  specific,
  view: (view) => ("timezone" in view ? { spa: { timeZone: spaTimeZone(view.timezone.utcOffset) } } : {}),
  operator: (view) => ({ cisco: { keys: ciscoKeys(view) } }),
  settings: ciscoSettings,
  directory: ciscoDirectory,
} satisfies TemplateSet;
