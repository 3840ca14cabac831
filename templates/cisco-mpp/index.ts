import type { TemplateSet } from "../../src/core/family";
import { locale } from "../url";
import generic from "./generic.mustache";
import specific from "./specific.mustache";
import { ciscoDirectory, ciscoKeys, ciscoSettings } from "../cisco-spa/operator";

/** MPP writes `Time_Zone` as `GMT` or `GMT±hh:mm` and `Locale` as `es-ES`. */
export default {
  generic,
  specific,
  view: (view) =>
    "timezone" in view
      ? { mpp: { timeZone: view.timezone.utcOffset === "+00:00" ? "GMT" : `GMT${view.timezone.utcOffset}`, locale: locale(view.language.code) } }
      : {},
  operator: (view) => ({ cisco: { keys: ciscoKeys(view) } }),
  settings: ciscoSettings,
  directory: ciscoDirectory,
} satisfies TemplateSet;
