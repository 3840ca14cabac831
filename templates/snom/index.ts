import type { TemplateSet } from "../../src/core/family";
import { withCredentials } from "../url";
import generic from "./generic.mustache";
import { SNOM_LANGUAGES } from "./languages";
import specific from "./specific.mustache";
import { snomOperator, snomSettings } from "./operator";

/** Snom spellings: the language in its own name, `utc_offset` in signed seconds, the setting server URL. */
export default {
  generic,
  specific,
  view: (view) =>
    "timezone" in view
      ? {
          snom: {
            language: SNOM_LANGUAGES[view.language.code] ?? SNOM_LANGUAGES.en,
            utcOffset: `${view.timezone.offsetMinutes < 0 ? "-" : "+"}${Math.abs(view.timezone.offsetMinutes) * 60}`,
            settingServer: `${withCredentials(view.provisioning.baseUrl, view.provisioning.auth)}/{mac}.xml`,
          },
        }
      : {},
  operator: snomOperator,
  settings: snomSettings,
} satisfies TemplateSet;
