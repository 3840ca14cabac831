import type { TemplateSet } from "../../src/core/family";
import generic from "./generic.mustache";
import specific from "./specific.mustache";
import { yealinkDirectory, yealinkOperator, yealinkSettings } from "./operator";

/** Yealink writes `local_time.time_zone` as signed hours with optional minutes: `+1`, `-3:30`, `0`. */
function yealinkTimeZone(minutes: number): string {
  if (minutes === 0) return "0";
  const abs = Math.abs(minutes);
  const rest = abs % 60;
  return `${minutes < 0 ? "-" : "+"}${Math.floor(abs / 60)}${rest ? `:${String(rest).padStart(2, "0")}` : ""}`;
}

export default {
  generic,
  specific,
  view: (view) => ("timezone" in view ? { yealink: { timeZone: yealinkTimeZone(view.timezone.offsetMinutes) } } : {}),
  operator: yealinkOperator,
  settings: yealinkSettings,
  directory: yealinkDirectory,
} satisfies TemplateSet;
