// The time zones a Gigaset Nx70 base accepts in `DmGlobal.0.TimeZone`: IANA names, but only these (wazo's
// Nx70 plugin, `_VALID_TZ_GIGASET`; templates/gigaset/NOTES.md). The base follows each one's DST by itself.
import { zoneRules } from "../../src/core/zone-rules";

export const GIGASET_ZONES: readonly string[] = [
  "Pacific/Honolulu", "America/Anchorage", "America/Los_Angeles", "America/Denver", "America/Chicago", "America/New_York",
  "America/Caracas", "America/Sao_Paulo", "Europe/Belfast", "Europe/Dublin", "Europe/Guernsey", "Europe/Isle_of_Man",
  "Europe/Jersey", "Europe/Lisbon", "Europe/London", "Greenwich", "Europe/Amsterdam", "Europe/Andorra", "Europe/Belgrade",
  "Europe/Berlin", "Europe/Bratislava", "Europe/Brussels", "Europe/Budapest", "Europe/Busingen", "Europe/Copenhagen",
  "Europe/Gibraltar", "Europe/Ljubljana", "Europe/Luxembourg", "Europe/Madrid", "Europe/Malta", "Europe/Monaco",
  "Europe/Oslo", "Europe/Paris", "Europe/Podgorica", "Europe/Prague", "Europe/Rome", "Europe/San_Marino", "Europe/Sarajevo",
  "Europe/Skopje", "Europe/Stockholm", "Europe/Tirane", "Europe/Vaduz", "Europe/Vatican", "Europe/Vienna", "Europe/Warsaw",
  "Europe/Zagreb", "Europe/Zurich", "Africa/Cairo", "Europe/Athens", "Europe/Bucharest", "Europe/Chisinau", "Europe/Helsinki",
  "Europe/Kaliningrad", "Europe/Kiev", "Europe/Mariehamn", "Europe/Nicosia", "Europe/Riga", "Europe/Sofia", "Europe/Tallinn",
  "Europe/Tiraspol", "Europe/Uzhgorod", "Europe/Vilnius", "Europe/Zaporozhye", "Europe/Istanbul", "Europe/Kirov",
  "Europe/Minsk", "Europe/Moscow", "Europe/Simferopol", "Europe/Volgograd", "Asia/Dubai", "Europe/Astrakhan", "Europe/Samara",
  "Europe/Ulyanovsk", "Asia/Karachi", "Asia/Dhaka", "Asia/Hong_Kong", "Asia/Tokyo", "Australia/Adelaide", "Australia/Darwin",
  "Australia/Brisbane", "Australia/Sydney", "Pacific/Noumea",
];
const LISTED = new Set(GIGASET_ZONES);

/**
 * January and July offsets of a zone this year: equal for a zone without DST, swapped between hemispheres.
 * Undefined for a name the runtime does not know (some listed names are old aliases).
 */
function seasons(zone: string, year: number): [number, number] | undefined {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" });
  } catch {
    return undefined;
  }
  const at = (month: number) => {
    const part = format.formatToParts(Date.UTC(year, month, 15)).find((p) => p.type === "timeZoneName")?.value ?? "";
    const match = /^GMT([+-])(\d{2}):(\d{2})$/.exec(part);
    return match ? (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
  };
  return [at(0), at(6)];
}

interface Listed {
  name: string;
  seasons: [number, number];
}

// Derived from the runtime's zone data, the same for every request of a year: remembered per year, and
// per zone and year (zones are IANA names the API validated, a few hundred at most).
const listed = new Map<number, Listed[]>();
const chosen = new Map<string, string>();
const MAX_CHOSEN = 1000;

function listedZones(year: number): Listed[] {
  let zones = listed.get(year);
  if (!zones) {
    zones = GIGASET_ZONES.flatMap((name) => {
      const both = seasons(name, year);
      return both ? [{ name, seasons: both }] : [];
    });
    listed.clear();
    listed.set(year, zones);
  }
  return zones;
}

/**
 * The listed zone to write for an IANA zone: itself when listed; else the first listed zone with the same
 * rules (same POSIX TZ: offset, DST dates and times, saving), e.g. Europe/Amsterdam for Africa/Ceuta;
 * else the listed zone whose January and July offsets are nearest to the zone's (the sum of both
 * differences; on a tie the nearer standard offset, then the earlier in the list), so the clock is off by
 * as little as the list allows:
 * America/Phoenix (-07:00, no DST) gets America/Denver (right in winter, an hour ahead in summer), and
 * Asia/Kolkata (+05:30) Asia/Karachi (+05:00): the list has no +05:30 zone.
 */
export function gigasetZone(zone: string, at: Date): string {
  if (LISTED.has(zone)) return zone;
  const year = at.getUTCFullYear();
  const key = `${zone} ${year}`;
  const known = chosen.get(key);
  if (known) return known;
  const own = seasons(zone, year) ?? [0, 0];
  const posix = zoneRules(zone, at).posix;
  const candidates = listedZones(year);
  const same = candidates.find((c) => c.seasons[0] === own[0] && c.seasons[1] === own[1] && zoneRules(c.name, at).posix === posix);
  const result = same?.name ?? nearest(candidates, own);
  if (chosen.size >= MAX_CHOSEN) chosen.clear();
  chosen.set(key, result);
  return result;
}

/** Nearest January and July offsets; on a tie, the nearest standard offset; then the earlier in the list. */
function nearest(candidates: Listed[], own: [number, number]): string {
  const standard = Math.min(...own);
  let best = { name: "Greenwich", seasons: Infinity, standard: Infinity };
  for (const c of candidates) {
    const seasons = Math.abs(c.seasons[0] - own[0]) + Math.abs(c.seasons[1] - own[1]);
    const off = Math.abs(Math.min(...c.seasons) - standard);
    if (seasons < best.seasons || (seasons === best.seasons && off < best.standard)) best = { name: c.name, seasons, standard: off };
  }
  return best.name;
}
