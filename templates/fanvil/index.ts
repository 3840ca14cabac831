import type { TemplateSet } from "../../src/core/family";
import { scheme } from "../url";
import generic from "./generic.mustache";
import { FANVIL_LANGUAGES } from "./languages";
import specific from "./specific.mustache";
import { fanvilDirectory, fanvilOperator, fanvilSettings } from "./operator";

/** `UTC+1`, `UTC-3:30`, `UTC`. */
function zoneName(minutes: number): string {
  if (minutes === 0) return "UTC";
  const abs = Math.abs(minutes);
  const rest = abs % 60;
  return `UTC${minutes < 0 ? "-" : "+"}${Math.floor(abs / 60)}${rest ? `:${String(rest).padStart(2, "0")}` : ""}`;
}

/** Fanvil spellings: the protocol number of the <ap> section, the language number, the zone in quarter hours. */
export default {
  generic,
  specific,
  view: (view) => ({
    fanvil: {
      protocol: scheme(view.provisioning.baseUrl) === "https" ? "5" : "4",
      ...("timezone" in view
        ? {
            language: FANVIL_LANGUAGES[view.language.code] ?? FANVIL_LANGUAGES.en,
            timeZone: String(Math.round(view.timezone.offsetMinutes / 15)),
            timeZoneName: zoneName(view.timezone.offsetMinutes),
          }
        : {}),
    },
  }),
  operator: fanvilOperator,
  settings: fanvilSettings,
  directory: fanvilDirectory,
} satisfies TemplateSet;
