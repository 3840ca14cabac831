// A zone's daylight-saving rule, as phones that follow DST themselves want it: the standard offset,
// and when DST starts and ends as "the Nth (or last) weekday of a month at a local time". Derived from
// the runtime's own time-zone data (Intl), by finding this year's transitions, so every IANA zone the
// API accepts works without a table of our own.
//
// Rules that are not "Nth weekday of a month" (Morocco's, tied to Ramadan) come out as the weekday rule
// of this year's dates; a phone that re-polls daily gets next year's rule in time.

/** When a change happens: the Nth weekday of a month, at the local wall-clock time just before it. */
export interface Transition {
  /** 1 to 12. */
  month: number;
  /** 1 to 4, or 5 for the last such weekday of the month. */
  week: number;
  /** 0 (Sunday) to 6. */
  weekday: number;
  hour: number;
  minute: number;
  /** This year's day of the month. */
  day: number;
}

export interface ZoneRules {
  /** Minutes east of UTC outside DST (the smaller of the year's two offsets). */
  standardOffsetMinutes: number;
  dst: null | {
    savingMinutes: number;
    /** Clocks go forward: the time is standard time. */
    start: Transition;
    /** Clocks go back: the time is DST. */
    end: Transition;
  };
  /** The rule as a POSIX TZ string, e.g. `<+01>-1<+02>,M3.5.0/2,M10.5.0/3`. */
  posix: string;
}

import { formattedOffset, hoursOffset, twoDigits } from "./timezone";

const DAY_MS = 86_400_000;
const rulesCache = new Map<string, ZoneRules>();
const MAX_CACHED = 1000;

/** The rules of `timeZone` in the year (UTC) of `at`. Computed once per zone and year, then remembered. */
export function zoneRules(timeZone: string, at: Date): ZoneRules {
  const year = at.getUTCFullYear();
  const key = `${timeZone} ${year}`;
  let rules = rulesCache.get(key);
  if (!rules) {
    rules = computeRules(timeZone, year);
    if (rulesCache.size >= MAX_CACHED) rulesCache.clear();
    rulesCache.set(key, rules);
  }
  return rules;
}

function computeRules(timeZone: string, year: number): ZoneRules {
  const format = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" });
  const offsetAt = (ms: number) => formattedOffset(format, ms);
  const changes: { at: number; before: number; after: number }[] = [];
  const first = Date.UTC(year, 0, 1);
  const last = Date.UTC(year + 1, 0, 1);
  let previous = offsetAt(first);
  for (let day = first + DAY_MS; day <= last; day += DAY_MS) {
    const offset = offsetAt(day);
    if (offset !== previous) changes.push({ at: firstMinuteWith(offsetAt, day - DAY_MS, day, offset), before: previous, after: offset });
    previous = offset;
  }
  const forward = changes.find((c) => c.after > c.before);
  const back = changes.find((c) => c.after < c.before);
  if (!forward || !back) {
    const standard = offsetAt(first);
    return { standardOffsetMinutes: standard, dst: null, posix: posixName(standard) + posixOffset(standard) };
  }
  const standard = forward.before;
  const start = transitionOf(forward.at + forward.before * 60_000);
  const end = transitionOf(back.at + back.before * 60_000);
  const dst = { savingMinutes: forward.after - forward.before, start, end };
  const posix = `${posixName(standard)}${posixOffset(standard)}${posixName(forward.after)}${posixDstOffset(standard, forward.after)},${posixRule(start)},${posixRule(end)}`;
  return { standardOffsetMinutes: standard, dst, posix };
}

/** The first minute in (low, high] whose offset is `offset` (transitions fall on whole minutes). */
function firstMinuteWith(offsetAt: (ms: number) => number, low: number, high: number, offset: number): number {
  while (high - low > 60_000) {
    const mid = low + Math.floor((high - low) / 120_000) * 60_000;
    if (offsetAt(mid) === offset) high = mid;
    else low = mid;
  }
  return high;
}

/** `wall` is the local wall-clock time (as if UTC) just before the change. */
function transitionOf(wall: number): Transition {
  const date = new Date(wall);
  const day = date.getUTCDate();
  const daysInMonth = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  return {
    month: date.getUTCMonth() + 1,
    week: day + 7 > daysInMonth ? 5 : Math.ceil(day / 7),
    weekday: date.getUTCDay(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    day,
  };
}

// POSIX TZ (IEEE Std 1003.1, "TZ"): offsets are west of UTC, names in angle brackets may hold signs and digits.
function posixName(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `<${sign}${twoDigits(Math.floor(abs / 60))}${abs % 60 ? twoDigits(abs % 60) : ""}>`;
}

function posixOffset(minutes: number): string {
  return posixHours(-minutes);
}

/** The DST offset is written only when it is not one hour ahead of standard time (the POSIX default). */
function posixDstOffset(standard: number, dst: number): string {
  return dst - standard === 60 ? "" : posixHours(-dst);
}

function posixHours(minutes: number): string {
  return hoursOffset(minutes, "");
}

function posixRule(t: Transition): string {
  return `M${t.month}.${t.week}.${t.weekday}/${t.hour}${t.minute ? `:${twoDigits(t.minute)}` : ""}`;
}
