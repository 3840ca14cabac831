import type { TemplateSet } from "../../src/core/family";
import { hoursOffset, twoDigits } from "../../src/core/timezone";
import type { SpecificView } from "../../src/core/view";
import { scheme } from "../url";
import generic from "./generic.mustache";
import genericVoip from "./generic-voip.mustache";
import { FANVIL_LANGUAGE_CODES, FANVIL_LANGUAGE_NUMBERS, takesLanguageCodes } from "./languages";
import specific from "./specific.mustache";
import specificVoip from "./specific-voip.mustache";
import { fanvilDirectory, fanvilKeyRules, fanvilOperator, fanvilSettings, fanvilVoipKeyRules, fanvilVoipSettings } from "./operator";

type Zone = SpecificView["timezone"];
type Transition = NonNullable<Zone["dst"]>["start"];

/**
 * `<Version>`: a unit applies a file only when its version is higher than the one it runs (Fanvil's Auto
 * Provision "Current Config Version"), so the version must rise with every change: `2.` and the epoch
 * milliseconds of the last change to what the file is made of, 13 digits.
 */
export function fanvilVersion(changedAt: Date): string {
  return `2.${String(Math.max(0, changedAt.getTime())).padStart(13, "0")}`;
}

/** `UTC+1`, `UTC-05`, `UCT` (wazo's table of Fanvil names), minutes appended for the zones between hours. */
function zoneName(minutes: number): string {
  if (minutes === 0) return "UCT";
  if (minutes > 0) return `UTC${hoursOffset(minutes)}`;
  // West of UTC the hours take two digits: `UTC-05`, `UTC-03:30`.
  const abs = -minutes;
  return `UTC-${twoDigits(Math.floor(abs / 60))}${abs % 60 ? `:${twoDigits(abs % 60)}` : ""}`;
}

/** DST start or end: week 1-4 or -1 for the last, weekday 0 Sunday to 6 Saturday, local hour and minute. */
function change(t: Transition) {
  return { month: t.month, week: t.week === 5 ? -1 : t.week, weekday: t.weekday, hour: t.hour, minute: t.minute };
}

/**
 * Fanvil spellings. The <ap> protocol number (4 HTTP, 5 HTTPS); the zone as its standard offset in quarter
 * hours with a DST rule (EnableDST 2); SIP transport 0 UDP, 1 TCP, 3 TLS. X2-X7C read the older
 * <VOIP_CONFIG_FILE> dialect (`variants`), the rest <sysConf>.
 */
export default {
  generic,
  specific,
  // `Fanvil X4 2.10.2.6887 0c383e07e16c` (wazo-platform/wazo-provd-plugins, fanvil common.py).
  macInUserAgent: true,
  variants: [{ name: "VOIP_CONFIG_FILE", genericFile: /^(f0X(2|3s|4|5)hw1\.100|F0V00X(3|5S|6|7)0+|F0V0X7C0+)\.cfg$/i, generic: genericVoip, specific: specificVoip, settings: fanvilVoipSettings, keyRules: fanvilVoipKeyRules }],
  view: (view) => {
    const https = scheme(view.provisioning.baseUrl) === "https";
    // HTTP is 4 in <ap> FlashProtocol (wazo base-new.tpl) but 2 in Download_Protocol (wazo base.tpl); HTTPS 5 in both (FPBX).
    const common = { protocol: https ? "5" : "4", protocolVoip: https ? "5" : "2", version: fanvilVersion(view.changedAt) };
    if (!("timezone" in view)) return { fanvil: common };
    const zone = view.timezone;
    const codes = takesLanguageCodes(view.model.name);
    return {
      fanvil: {
        ...common,
        language: (codes ? FANVIL_LANGUAGE_CODES : FANVIL_LANGUAGE_NUMBERS)[view.language.code] ?? (codes ? "en" : "0"),
        timeZone: String(Math.round(zone.standardOffsetMinutes / 15)),
        timeZoneName: zoneName(zone.standardOffsetMinutes),
        dst: zone.dst ? { saving: zone.dst.savingMinutes, start: change(zone.dst.start), end: change(zone.dst.end) } : null,
        // TLS is 3 in <sysConf> (wazo's Fanvil plugin, FusionPBX x4u); in <VOIP_CONFIG_FILE> 2, as FusionPBX's x4 and
        // x3sp templates for that dialect write, where wazo's base.tpl reuses its <sysConf> 3 (NOTES.md, "Transport").
        transport: { udp: "0", tcp: "1", tls: "3" }[view.sip.transport],
        transportVoip: { udp: "0", tcp: "1", tls: "2" }[view.sip.transport],
      },
    };
  },
  operator: fanvilOperator,
  settings: fanvilSettings,
  keyRules: fanvilKeyRules,
  directory: fanvilDirectory,
} satisfies TemplateSet;
