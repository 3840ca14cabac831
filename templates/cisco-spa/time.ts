// Cisco's spellings of a time zone, shared by the SPA and MPP (3PCC) flat profiles, which take the same
// Regional parameters (cisco-spa/NOTES.md, cisco-mpp/NOTES.md): Time_Zone is the zone's *standard* offset,
// and the daylight-saving rule says when and by how much clocks move.
import type { SpecificView } from "../../src/core/view";

type Zone = SpecificView["timezone"];
type Transition = NonNullable<Zone["dst"]>["start"];

/** `GMT`, `GMT+01:00`, `GMT-03:30`, `GMT+05:45`: the choices are `GMT±hh:mm`, UTC itself is `GMT`. */
export function ciscoTimeZone(zone: Zone): string {
  return zone.standardOffsetMinutes === 0 ? "GMT" : `GMT${zone.standardUtcOffset}`;
}

/**
 * `Daylight_Saving_Time_Rule`: `start=<month>/<day>/<weekday>/<h:m:s>;end=…;save=<h:m:s>`. The weekday runs
 * Monday 1 to Sunday 7; with a positive day it means "that weekday on or after the day", day -1 means
 * "the last such weekday of the month". Times are local wall-clock times. Null for a zone without DST.
 */
export function ciscoDstRule(zone: Zone): string | null {
  if (!zone.dst) return null;
  const save = `${Math.floor(zone.dst.savingMinutes / 60)}:${zone.dst.savingMinutes % 60}:0`;
  return `start=${ciscoTransition(zone.dst.start)};end=${ciscoTransition(zone.dst.end)};save=${save}`;
}

function ciscoTransition(t: Transition): string {
  const day = t.week === 5 ? -1 : (t.week - 1) * 7 + 1;
  const weekday = t.weekday === 0 ? 7 : t.weekday;
  return `${t.month}/${day}/${weekday}/${t.hour}:${t.minute}:0`;
}

/** What both Cisco families add to a MAC file's view. */
export function ciscoView(view: SpecificView) {
  const rule = ciscoDstRule(view.timezone);
  return {
    timeZone: ciscoTimeZone(view.timezone),
    dst: rule ? { rule } : null,
    /** `SIP_Transport_N_`: UDP, TCP or TLS. */
    transport: view.sip.transport.toUpperCase(),
  };
}
