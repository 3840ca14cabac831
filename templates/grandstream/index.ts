import type { TemplateSet } from "../../src/core/family";
import { scheme, withoutScheme } from "../url";
import generic from "./generic.mustache";
import specific from "./specific.mustache";
import { grandstreamKeys, grandstreamSettings } from "./operator";

/** POSIX TZ for a fixed offset: the sign is inverted (`UTC-1` is one hour east of UTC). */
function posixTimeZone(minutes: number): string {
  if (minutes === 0) return "UTC0";
  const abs = Math.abs(minutes);
  const rest = abs % 60;
  return `UTC${minutes > 0 ? "-" : "+"}${Math.floor(abs / 60)}${rest ? `:${String(rest).padStart(2, "0")}` : ""}`;
}

/** Grandstream takes the config server as a protocol (`HTTP`/`HTTPS`) and a path without scheme. */
export default {
  generic,
  specific,
  view: (view) => ({
    grandstream: {
      protocol: scheme(view.provisioning.baseUrl).toUpperCase(),
      serverPath: withoutScheme(view.provisioning.baseUrl),
      ...("timezone" in view ? { timeZone: posixTimeZone(view.timezone.offsetMinutes) } : {}),
    },
  }),
  operator: grandstreamKeys,
  settings: grandstreamSettings,
} satisfies TemplateSet;
