import type { TemplateSet } from "../../src/core/family";
import type { Transition } from "../../src/core/zone-rules";
import generic from "./generic.mustache";
import { POLYCOM_LANGUAGES } from "./languages";
import specific from "./specific.mustache";
import { polycomDirectory, polycomKeys, polycomSettings, polycomSpeedDials } from "./operator";

/**
 * A DST change as `tcpIpApp.sntp.daylightSavings.start.*` / `.stop.*` take it with fixedDayEnable = 0: the
 * first `dayOfWeek` (1 Sunday to 7 Saturday) on or after `date` (1, 8, 15, 22), or the last one of the month
 * (`lastInMonth`); `time` is the local hour.
 */
function change(t: Transition) {
  const last = t.week === 5;
  return { month: t.month, date: last ? 1 : (t.week - 1) * 7 + 1, dayOfWeek: t.weekday + 1, lastInMonth: last ? 1 : 0, time: t.hour };
}

const SIP_TRANSPORT = { udp: "UDPOnly", tcp: "TCPOnly", tls: "TLS" } as const;

/** Poly spellings: `lcl.ml.lang` (`Spanish_Spain`), the standard GMT offset in seconds and the DST rule, the transport. */
export default {
  generic,
  specific,
  // `FileTransport PolycomVVX-VVX_450-UA/6.4.3.5095 Type/Application`: no MAC unless
  // device.prov.tagSerialNo is on (wazo-platform/wazo-provd-plugins, polycom common.py).
  macInUserAgent: false,
  view: (view) => {
    if (!("timezone" in view)) return {};
    const { dst } = view.timezone;
    return {
      polycom: {
        language: POLYCOM_LANGUAGES[view.language.code] ?? POLYCOM_LANGUAGES.en,
        gmtOffset: String(view.timezone.standardOffsetMinutes * 60),
        dst: dst && { start: change(dst.start), stop: change(dst.end) },
        transport: SIP_TRANSPORT[view.sip.transport],
      },
    };
  },
  operator: polycomKeys,
  settings: polycomSettings,
  directory: polycomDirectory,
  speedDials: polycomSpeedDials,
} satisfies TemplateSet;
