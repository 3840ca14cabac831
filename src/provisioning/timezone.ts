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
 * One formatter per zone: building an Intl.DateTimeFormat costs about twenty times what using one does
 * (about 110 us against 6 us in V8, bench/resolve-render.bench.ts), and every MAC file needs one.
 * Formatters are immutable, so sharing them between requests is safe; the zones are IANA names the
 * API validated, a few hundred at most.
 */
const offsetFormats = new Map<string, Intl.DateTimeFormat>();
const MAX_FORMATS = 1000;

function offsetFormat(timeZone: string): Intl.DateTimeFormat {
  let format = offsetFormats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" });
    if (offsetFormats.size >= MAX_FORMATS) offsetFormats.clear();
    offsetFormats.set(timeZone, format);
  }
  return format;
}

/** Minutes east of UTC for `timeZone` at `at`. */
export function offsetMinutes(timeZone: string, at: Date): number {
  const part = offsetFormat(timeZone)
    .formatToParts(at)
    .find((p) => p.type === "timeZoneName")?.value;
  // "GMT" for UTC itself, otherwise "GMT+01:00" / "GMT-03:30".
  const match = /^GMT([+-])(\d{2}):(\d{2})$/.exec(part ?? "");
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === "-" ? -minutes : minutes;
}

/** `+01:00`, `-03:30`, `+00:00`. */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}
