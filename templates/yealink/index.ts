import type { TemplateSet } from "../../src/core/family";
import { hoursOffset } from "../../src/core/timezone";
import type { Transition } from "../../src/core/zone-rules";
import generic from "./generic.mustache";
import { YEALINK_LANGUAGES } from "./languages";
import specific from "./specific.mustache";
import { yealinkDirectory, yealinkOperator, yealinkSettings } from "./operator";

/** Yealink writes `local_time.time_zone` as signed hours with optional minutes: `+1`, `-3:30`, `0`. */
export function yealinkTimeZone(minutes: number): string {
  return minutes === 0 ? "0" : hoursOffset(minutes);
}

/**
 * A DST change "by week" (`local_time.dst_time_type = 1`): Month/Week/Day/Hour, week 5 the last, day 1
 * Monday to 7 Sunday. The format has whole hours only; every zone with DST today changes on the hour.
 */
function byWeek(t: Transition): string {
  return `${t.month}/${t.week}/${t.weekday === 0 ? 7 : t.weekday}/${t.hour}`;
}

const SIP_TRANSPORT = { udp: "0", tcp: "1", tls: "2" } as const;

/**
 * Yealink spellings. The zone is its standard offset with an explicit DST rule (summer_time = 1), not a
 * name from the firmware's own list (summer_time = 2), whose spellings differ between firmware versions.
 */
export default {
  generic,
  specific,
  // `Yealink SIP-T21P 34.72.0.1 00:15:65:4c:4c:26` (wazo-platform/wazo-provd-plugins, yealink common.py).
  macInUserAgent: true,
  view: (view) => {
    if (!("timezone" in view)) return {};
    const { timezone } = view;
    const language = YEALINK_LANGUAGES[view.language.code] ?? YEALINK_LANGUAGES.en!;
    return {
      yealink: {
        timeZone: yealinkTimeZone(timezone.standardOffsetMinutes),
        dst: timezone.dst && { start: byWeek(timezone.dst.start), end: byWeek(timezone.dst.end), minutes: timezone.dst.savingMinutes },
        language: language.gui,
        webLanguage: language.wui,
        transport: SIP_TRANSPORT[view.sip.transport],
      },
    };
  },
  operator: yealinkOperator,
  settings: yealinkSettings,
  directory: yealinkDirectory,
} satisfies TemplateSet;
