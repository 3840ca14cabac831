import type { TemplateSet } from "../../src/core/family";
import { scheme, withoutScheme } from "../url";
import generic from "./generic.mustache";
import { POLYCOM_LANGUAGES } from "./languages";
import specific from "./specific.mustache";
import { polycomDirectory, polycomKeys, polycomSettings, polycomSpeedDials } from "./operator";

/**
 * Poly spellings: `lcl.ml.lang` (`Spanish_Spain`), the GMT offset in seconds, and the provisioning server as
 * UC Software takes it: a protocol number (2 HTTP, 3 HTTPS) and the address without its scheme.
 */
export default {
  generic,
  specific,
  view: (view) =>
    "timezone" in view
      ? {
          polycom: {
            language: POLYCOM_LANGUAGES[view.language.code] ?? POLYCOM_LANGUAGES.en,
            gmtOffset: String(view.timezone.offsetMinutes * 60),
            serverType: scheme(view.provisioning.baseUrl) === "https" ? "3" : "2",
            serverName: withoutScheme(view.provisioning.baseUrl),
          },
        }
      : {},
  operator: polycomKeys,
  settings: polycomSettings,
  directory: polycomDirectory,
  speedDials: polycomSpeedDials,
} satisfies TemplateSet;
