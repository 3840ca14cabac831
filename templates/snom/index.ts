import type { TemplateSet } from "../../src/core/family";
import { twoDigits } from "../../src/core/timezone";
import type { Transition } from "../../src/core/zone-rules";
import { withCredentials } from "../url";
import generic from "./generic.mustache";
import { SNOM_LANGUAGES } from "./languages";
import specific from "./specific.mustache";
import { snomOperator, snomSettings } from "./operator";

/** `MM.WW.DD HH:MM:SS`: month, week (05 the last), day 01 Monday to 07 Sunday, local time. */
function change(t: Transition): string {
  return `${twoDigits(t.month)}.${twoDigits(t.week)}.${twoDigits(t.weekday === 0 ? 7 : t.weekday)} ${twoDigits(t.hour)}:${twoDigits(t.minute)}:00`;
}

/** Signed seconds: `+3600`, `-18000`, `+0`. */
const seconds = (minutes: number) => `${minutes < 0 ? "-" : "+"}${Math.abs(minutes) * 60}`;

/**
 * Snom spellings: the language in its own name; the zone as an empty `timezone` (no firmware table), the
 * standard `utc_offset` and an explicit `dst` rule (`<saving seconds> <start> <end>`, empty without DST);
 * the setting server URL; `user_outbound` as `host:port;transport=…`, written whenever the lines must not
 * use plain UDP on 5060 (with no outbound proxy it names the SIP domain itself).
 */
export default {
  generic,
  specific,
  // Only newer firmware adds the MAC: `Mozilla/4.0 (compatible; snomD715-SIP 8.9.3.80 1.1.5-IFX-05.01.12)`
  // has none (wazo-platform/wazo-provd-plugins, snom common.py).
  macInUserAgent: false,
  view: (view) => {
    if (!("timezone" in view)) return {};
    const { timezone, sip, company } = view;
    const { dst } = timezone;
    const host = company.sipProxyHost ?? company.sipDomain;
    const port = company.sipProxyHost ? (company.sipProxyPort ?? String(sip.port)) : String(sip.port);
    const plain = !company.sipProxyHost && sip.isUdp && sip.port === 5060;
    return {
      snom: {
        language: SNOM_LANGUAGES[view.language.code] ?? SNOM_LANGUAGES.en,
        utcOffset: seconds(timezone.standardOffsetMinutes),
        dst: dst ? `${dst.savingMinutes * 60} ${change(dst.start)} ${change(dst.end)}` : "",
        settingServer: `${withCredentials(view.provisioning.baseUrl, view.provisioning.auth)}/{mac}.xml`,
        outbound: plain ? "" : `${host}:${port};transport=${sip.transport}`,
      },
    };
  },
  operator: snomOperator,
  settings: snomSettings,
} satisfies TemplateSet;
