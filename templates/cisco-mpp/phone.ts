// How a Cisco MPP (3PCC) phone asks for its files: the factory Profile_Rule is /$PSN.xml (e.g. 6841-3PCC.xml),
// then the rules that file sets, Profile_Rule_B to _D, in the same resync. Same flat profile, macros and
// Regional settings as the SPA (cisco-spa/phone.ts); MPP trusts public CAs, so HTTPS works (NOTES.md).
import { ciscoBoot, ciscoCommon } from "../cisco-spa/phone";
import { endpoint } from "../../tools/simulator/read";
import type { CatalogModel, Phone, Settings } from "../../tools/simulator/types";
import { USER_AGENTS } from "./user-agents";

/** The product series number the phone expands $PSN to: `6841-3PCC` for "Cisco IP Phone 6841 3PCC". */
function productSeries(model: CatalogModel): string {
  const number = /\b(\d{4})\b/.exec(model.name)?.[1] ?? "";
  return `${number}-3PCC`;
}

export const ciscoMppPhone: Phone = {
  examples: USER_AGENTS,
  ...ciscoCommon,
  credentialsInRules: true,
  // MPP has neither Use_Auth_ID nor Use_Outbound_Proxy: a non-empty Auth_ID and Outbound_Proxy are used.
  line(settings: Settings, n: number) {
    const line = ciscoCommon.line(settings, n);
    if (!line.enabled) return line;
    const proxy = settings.get(`Outbound_Proxy_${n}_`);
    return { ...line, authUsername: settings.get(`Auth_ID_${n}_`) || line.username, outboundProxy: proxy ? endpoint(proxy) : null };
  },
  // English is built in as English-US; other languages are names from the dictionary script.
  languages: (settings) => [settings.get("Language_Selection")?.replace(/^English-US$/, "English")],
  userAgent: (model, mac) => `Cisco-CP-${productSeries(model)}/11.3.7 (${mac.toLowerCase()})`,
  // The phone builds its first file name from its own product series, not from the catalog.
  boot: (ctx) => ciscoBoot(ctx, `${productSeries(ctx.model)}.xml`, productSeries(ctx.model)),
};

export default ciscoMppPhone;
