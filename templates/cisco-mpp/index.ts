import type { TemplateSet } from "../../src/core/family";
import { locale } from "../url";
import generic from "./generic.mustache";
import specific from "./specific.mustache";

/** MPP writes `Time_Zone` as `GMT` or `GMT±hh:mm` and `Locale` as `es-ES`. */
export default {
  generic,
  specific,
  view: (view) =>
    "timezone" in view
      ? { mpp: { timeZone: view.timezone.utcOffset === "+00:00" ? "GMT" : `GMT${view.timezone.utcOffset}`, locale: locale(view.language.code) } }
      : {},
} satisfies TemplateSet;
