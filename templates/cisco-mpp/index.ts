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
  // The generic file is every company's, and an MPP phone answers a challenge only with its rule's own --uid/--pwd.
  authStaging:
    "Cisco MPP units must be staged before their first boot: set Profile_Rule to [--uid <user> --pwd <password>]https://<host>/provision/$MA.xml (docs/dhcp.md, Cisco with HTTP auth)",
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
