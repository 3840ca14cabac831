// UTC offsets of IANA zones at a given instant (so DST is whatever is in force when the phone asks).

/** True when `name` is an IANA zone the runtime knows. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * One formatter per zone, and the offset it gave for the current quarter hour: building an
 * Intl.DateTimeFormat costs about twenty times what using one does (about 110 us against 6 us in V8,
 * bench/resolve-render.bench.ts), and using one costs more than the rest of a MAC file's view. Offsets
 * change only at transitions, which fall on a quarter hour of UTC under every zone's current rules, so
 * the offset of a quarter hour is the offset of each of its instants. Formatters are immutable, so
 * sharing them between requests is safe; the zones are IANA names the API validated, a few hundred at most.
 */
interface Zone {
  format: Intl.DateTimeFormat;
  quarter: number;
  minutes: number;
}
const zones = new Map<string, Zone>();
const MAX_ZONES = 1000;
const QUARTER_HOUR_MS = 15 * 60_000;

/** Minutes east of UTC for `timeZone` at `at`. */
export function offsetMinutes(timeZone: string, at: Date): number {
  const quarter = Math.floor(at.getTime() / QUARTER_HOUR_MS);
  let zone = zones.get(timeZone);
  if (zone === undefined) {
    const format = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" });
    if (zones.size >= MAX_ZONES) zones.clear();
    zone = { format, quarter, minutes: formattedOffset(format, at) };
    zones.set(timeZone, zone);
  } else if (zone.quarter !== quarter) {
    zone.quarter = quarter;
    zone.minutes = formattedOffset(zone.format, at);
  }
  return zone.minutes;
}

/** Minutes east of UTC that `format` (a `longOffset` formatter of the zone) gives for the instant `at`. */
export function formattedOffset(format: Intl.DateTimeFormat, at: Date | number): number {
  const part = format.formatToParts(at).find((p) => p.type === "timeZoneName")?.value;
  // "GMT" for UTC itself, otherwise "GMT+01:00" / "GMT-03:30".
  const match = /^GMT([+-])(\d{2}):(\d{2})$/.exec(part ?? "");
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === "-" ? -minutes : minutes;
}

// Offset spellings, shared by the view and the families' own (vendors disagree on padding and sign).

/** `+01:00`, `-03:30`, `+00:00`. */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${twoDigits(Math.floor(abs / 60))}:${twoDigits(abs % 60)}`;
}

/**
 * Hours, and minutes only when there are some: `+1`, `-3:30`, `+5:45`. `plus` is the sign written for
 * zero and positive offsets (`""` where only negative ones carry a sign, as in POSIX TZ).
 */
export function hoursOffset(minutes: number, plus = "+"): string {
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? "-" : plus}${Math.floor(abs / 60)}${abs % 60 ? `:${twoDigits(abs % 60)}` : ""}`;
}

/** `05`, `12`. */
export function twoDigits(n: number): string {
  return String(n).padStart(2, "0");
}
