import type { TemplateSet } from "../../src/core/family";
import { ciscoView } from "../cisco-spa/time";
import { locale } from "../url";
import generic from "./generic.mustache";
import specific from "./specific.mustache";
import { ciscoDirectory, ciscoKeyRules, ciscoKeys, ciscoSettings } from "../cisco-spa/operator";

/** MPP's spellings: Cisco's time zone and DST rule (as the SPA), `Locale` as `es-ES`, built-in English as `English-US`. */
export default {
  generic,
  specific,
  // `Cisco-CP-7832-3PCC/11.0.1 (00562b043615)` (wazo-platform/wazo-provd-plugins, cisco-mpp).
  macInUserAgent: true,
  view: (view) =>
    "timezone" in view
      ? {
          mpp: {
            ...ciscoView(view),
            locale: locale(view.language.code),
            language: view.language.code === "en" ? "English-US" : view.language.name,
          },
        }
      : {},
  operator: (view) => ({ cisco: { keys: ciscoKeys(view) } }),
  settings: ciscoSettings,
  keyRules: ciscoKeyRules,
  directory: ciscoDirectory,
} satisfies TemplateSet;
