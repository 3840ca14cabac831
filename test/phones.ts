// The User-Agents real units send, and how each family's phones read their files: the simulator's phone
// behaviours (templates/<set>/phone.ts), written from the vendors' admin guides (shared/PHONES.md) and not
// from our templates, so that a template that drifts from what a phone reads fails.
import { exports } from "cloudflare:workers";
import type { Fetch } from "../src/simulator/http";
import type { Phone } from "../src/simulator/types";
import { phoneOf } from "../templates/phones";

const colons = (mac: string) => mac.toLowerCase().match(/../g)!.join(":");

// User-Agent strings as real units send them when they fetch files over HTTP(S).
const yealink = (model: string, firmware: string) => (mac: string) => `Yealink ${model} ${firmware} ${colons(mac)}`;
// Some T5x firmware writes the MAC bare.
const yealinkBare = (model: string, firmware: string) => (mac: string) => `Yealink ${model} ${firmware} ${mac.toLowerCase()}`;
const cisco = (model: string, firmware: string, serial: string) => (mac: string) =>
  `Cisco/${model}-${firmware} (${mac.toUpperCase()})(${serial})`;
const mpp = (series: string, firmware: string) => (mac: string) => `Cisco-CP-${series}-3PCC/${firmware} (${mac.toLowerCase()})`;
// Poly carries no MAC unless device.prov.tagSerialNo is on; the bootloader says Type/Updater.
const poly = (product: string, model: string, firmware: string, type = "Application") => () =>
  `FileTransport Polycom${product}-${model}-UA/${firmware} Type/${type}`;
const grandstream = (model: string, firmware: string) => (mac: string) => `Grandstream Model HW ${model} SW ${firmware} DevId ${mac.toLowerCase()}`;
const snom = (model: string, firmware: string) => (mac: string) =>
  `Mozilla/4.0 (compatible; snom${model}-SIP ${firmware} 2010.12-00004-g9ba52f5 ${mac.toUpperCase()} SXM:0 UXM:0)`;
const fanvil = (model: string, firmware: string) => (mac: string) => `Fanvil ${model} ${firmware} ${mac.toLowerCase()}`;
// Since 2.26 the HTTP User-Agent may end with the base's handset capacity.
const gigaset = (model: string, capacity?: number) => (mac: string) =>
  `Gigaset ${model}/83.V2.48.0+build.4fa8a54;${mac.toUpperCase()}${capacity ? `;Handset=${capacity}` : ""}`;

const USER_AGENTS: Readonly<Record<string, readonly ((mac: string) => string)[]>> = {
  "cisco-spa502g": [cisco("SPA502G", "7.5.5", "CBT1513021A")],
  "cisco-spa504g": [cisco("SPA504G", "7.6.2", "CBT1234567A")],
  "cisco-spa509g": [cisco("SPA509G", "7.6.2", "CBT16170AB3")],
  "cisco-spa514g": [cisco("SPA514G", "7.6.2", "CBT1720004K")],
  // Some firmware sends only the serial; the SPA525G2 still calls itself SPA525G there.
  "cisco-spa525g2": [cisco("SPA525G2", "7.6.2", "CBT141900G7"), () => "Cisco/SPA525G-7.4.7 (CBT141900G7)"],
  // Old Yealink firmware writes the vendor in lowercase.
  "yealink-t21p": [yealink("SIP-T21P", "34.72.0.1"), (mac) => `yealink SIP-T21P 34.70.0.50 ${colons(mac)}`],
  "yealink-t21p-e2": [yealink("SIP-T21P_E2", "52.80.0.3")],
  // The T23G asks for the T23P's common file: one model.
  "yealink-t23p": [yealink("SIP-T23P", "44.84.0.140"), yealink("SIP-T23G", "44.84.0.140")],
  "yealink-t27p": [yealink("SIP-T27P", "45.80.0.25")],
  "yealink-t46g": [yealink("SIP-T46G", "28.72.0.1")],
  "yealink-t48g": [yealink("SIP-T48G", "35.72.0.6")],
  "yealink-w52p": [yealink("SIP-W52P", "25.73.0.20"), yealink("W52P", "25.80.0.15")],
  "yealink-t19p-e2": [yealink("SIP-T19P_E2", "53.84.0.125")],
  "yealink-t40p": [yealink("SIP-T40P", "54.84.0.15")],
  "yealink-t41p": [yealink("SIP-T41P", "36.83.0.35")],
  "yealink-t42g": [yealink("SIP-T42G", "29.83.0.35")],
  "yealink-t27g": [yealink("SIP-T27G", "69.86.0.15")],
  "yealink-t41s": [yealink("SIP-T41S", "68.86.0.15")],
  "yealink-t42s": [yealink("SIP-T42S", "67.86.0.15")],
  "yealink-t46s": [yealink("SIP-T46S", "66.86.0.15"), (mac) => `yealink SIP-T46S 66.84.0.10 ${colons(mac)}`],
  "yealink-t48s": [yealink("SIP-T48S", "65.86.0.15")],
  "yealink-t54s": [yealink("SIP-T54S", "70.86.0.15")],
  "yealink-t58a": [yealink("SIP-T58A", "58.86.0.20"), yealink("SIP-T58", "58.86.0.20")],
  "yealink-t53": [yealink("SIP-T53", "95.86.0.70"), yealinkBare("SIP-T53W", "95.86.0.70")],
  "yealink-t54w": [yealink("SIP-T54W", "96.86.0.70"), yealinkBare("SIP-T54W", "96.86.0.70")],
  "yealink-t57w": [yealinkBare("SIP-T57W", "97.86.0.70")],
  "yealink-t58w": [yealink("SIP-T58W", "150.86.0.10")],
  "yealink-t43u": [yealink("SIP-T43U", "108.86.0.45")],
  "yealink-t46u": [yealink("SIP-T46U", "108.86.0.45")],
  "yealink-t48u": [yealink("SIP-T48U", "108.86.0.45")],
  "yealink-t31g": [yealink("SIP-T31G", "124.86.0.40")],
  "yealink-t33g": [yealink("SIP-T33G", "124.86.0.40")],
  "yealink-t44w": [yealink("SIP-T44W", "174.86.0.10")],
  // DECT bases call themselves without SIP-.
  "yealink-w70b": [yealink("W70B", "146.87.0.15")],
  "yealink-w60b": [yealink("W60B", "77.85.0.25")],

  "cisco-6821-3pcc": [mpp("6821", "11.3.7")],
  "cisco-6841-3pcc": [mpp("6841", "11.3.7")],
  "cisco-6851-3pcc": [mpp("6851", "11.3.7")],
  "cisco-6861-3pcc": [mpp("6861", "11.3.7")],
  "cisco-6871-3pcc": [mpp("6871", "11.3.7")],
  "cisco-7811-3pcc": [mpp("7811", "11.3.7")],
  "cisco-7821-3pcc": [mpp("7821", "11.3.7")],
  "cisco-7832-3pcc": [mpp("7832", "11.0.1")],
  "cisco-7841-3pcc": [mpp("7841", "11.3.7")],
  "cisco-7861-3pcc": [mpp("7861", "11.3.7")],
  "cisco-8811-3pcc": [mpp("8811", "12.0.1")],
  "cisco-8832-3pcc": [mpp("8832", "11.3.7")],
  "cisco-8841-3pcc": [mpp("8841", "12.0.1")],
  "cisco-8845-3pcc": [mpp("8845", "12.0.1")],
  "cisco-8851-3pcc": [mpp("8851", "12.0.1")],
  "cisco-8861-3pcc": [mpp("8861", "12.0.1")],
  "cisco-8865-3pcc": [mpp("8865", "12.0.1")],

  "polycom-soundpoint": [poly("SoundPointIP", "SPIP_550", "4.0.15.1009"), poly("SoundStationIP", "SSIP_6000", "4.0.4.2906")],
  "poly-vvx-101": [poly("VVX", "VVX_101", "5.9.7.4477")],
  "poly-vvx-150": [poly("VVX", "VVX_150", "6.4.3.5095")],
  "poly-vvx-201": [poly("VVX", "VVX_201", "5.9.7.4477")],
  "poly-vvx-250": [poly("VVX", "VVX_250", "6.4.3.5095"), poly("VVX", "VVX_250", "6.4.3.5095", "Updater")],
  "poly-vvx-300": [poly("VVX", "VVX_300", "5.9.7.4477"), poly("VVX", "VVX_311", "5.9.7.4477")],
  "poly-vvx-350": [poly("VVX", "VVX_350", "6.4.3.5095")],
  "poly-vvx-400": [poly("VVX", "VVX_400", "4.1.4.7430"), poly("VVX", "VVX_411", "5.9.7.4477")],
  "poly-vvx-450": [poly("VVX", "VVX_450", "6.4.3.5095")],
  "poly-vvx-500": [poly("VVX", "VVX_500", "5.9.7.4477"), poly("VVX", "VVX_501", "5.9.7.4477")],
  "poly-vvx-600": [poly("VVX", "VVX_601", "5.9.7.4477")],
  "poly-vvx-1500": [poly("VVX", "VVX_1500", "5.9.7.4477")],
  "poly-edge-e100": [poly("EdgeE", "Edge_E100", "8.1.3.1301")],
  "poly-edge-e220": [poly("EdgeE", "Edge_E220", "8.1.3.1301")],
  "poly-edge-e320": [poly("EdgeE", "Edge_E320", "8.1.3.1301")],
  "poly-edge-e350": [poly("EdgeE", "Edge_E350", "8.1.3.1301")],
  "poly-edge-e450": [poly("EdgeE", "Edge_E450", "8.1.3.1301")],
  "poly-edge-e550": [poly("EdgeE", "Edge_E550", "8.1.3.1301")],

  "grandstream-gxp1610": [grandstream("GXP1610", "1.0.7.13")],
  "grandstream-gxp1620": [grandstream("GXP1620", "1.0.7.13")],
  "grandstream-gxp1625": [grandstream("GXP1625", "1.0.7.13")],
  "grandstream-gxp1628": [grandstream("GXP1628", "1.0.7.13")],
  "grandstream-gxp1630": [grandstream("GXP1630", "1.0.7.13")],
  "grandstream-gxp2130": [grandstream("GXP2130", "1.0.11.3")],
  "grandstream-gxp2135": [grandstream("GXP2135", "1.0.11.3")],
  "grandstream-gxp2140": [grandstream("GXP2140", "1.0.11.3")],
  "grandstream-gxp2160": [grandstream("GXP2160", "1.0.11.3")],
  "grandstream-gxp2170": [grandstream("GXP2170", "1.0.11.3")],
  "grandstream-grp2601": [grandstream("GRP2601", "1.0.5.33")],
  "grandstream-grp2602": [grandstream("GRP2602", "1.0.5.33")],
  "grandstream-grp2603": [grandstream("GRP2603", "1.0.5.33")],
  "grandstream-grp2604": [grandstream("GRP2604", "1.0.5.33")],
  "grandstream-grp2612": [grandstream("GRP2612", "1.0.5.67")],
  "grandstream-grp2613": [grandstream("GRP2613", "1.0.5.67")],
  "grandstream-grp2614": [grandstream("GRP2614", "1.0.5.67")],
  "grandstream-grp2615": [grandstream("GRP2615", "1.0.5.67")],
  "grandstream-grp2616": [grandstream("GRP2616", "1.0.5.67")],
  "grandstream-gxv3350": [grandstream("GXV3350", "1.0.3.30")],
  "grandstream-gxv3380": [grandstream("GXV3380", "1.0.3.30")],
  "grandstream-wp810": [grandstream("WP810", "1.0.11.11")],
  "grandstream-wp820": [grandstream("WP820", "1.0.7.81")],

  "snom-d120": [snom("D120", "10.1.54.13")],
  "snom-d140": [snom("D140", "10.1.159.12")],
  "snom-d150": [snom("D150", "10.1.159.12")],
  "snom-d315": [snom("D315", "10.1.54.13")],
  "snom-d335": [snom("D335", "10.1.54.13")],
  "snom-d345": [snom("D345", "10.1.54.13")],
  "snom-d375": [snom("D375", "10.1.54.13")],
  "snom-d385": [snom("D385", "10.1.54.13")],
  "snom-d713": [snom("D713", "10.1.54.13")],
  // Older firmware puts no MAC in the User-Agent.
  "snom-d715": [snom("D715", "10.1.54.13"), () => "Mozilla/4.0 (compatible; snomD715-SIP 8.9.3.80 1.1.5-IFX-05.01.12)"],
  "snom-d717": [snom("D717", "10.1.54.13")],
  "snom-d735": [snom("D735", "10.1.54.13")],
  "snom-d785": [snom("D785", "10.1.33.33")],
  "snom-d862": [snom("D862", "10.1.159.12")],
  "snom-d865": [snom("D865", "10.1.159.12")],

  "fanvil-x2": [fanvil("X2", "2.10.2.6887")],
  "fanvil-x3": [fanvil("X3", "1.4.0.2090")],
  "fanvil-x3s": [fanvil("X3S", "2.10.2.6887")],
  "fanvil-x4": [fanvil("X4", "2.10.2.6887")],
  "fanvil-x5": [fanvil("X5", "1.4.0.2016")],
  "fanvil-x5s": [fanvil("X5S", "1.12.2.3144")],
  "fanvil-x6": [fanvil("X6", "1.12.2.3144")],
  "fanvil-x7": [fanvil("X7", "1.12.5.3739")],
  "fanvil-x7c": [fanvil("X7C", "1.12.2.3739")],

  "gigaset-n670": [gigaset("N670 IP PRO"), gigaset("N670 IP PRO", 20)],
  "gigaset-n870": [gigaset("N870 IP PRO"), gigaset("N870 IP PRO", 250)],
  "gigaset-n870e": [gigaset("N870E IP PRO", 250)],
};

/** The User-Agents units of model `iden` send; throws when this file does not know the model. */
export function userAgents(iden: string, mac: string): string[] {
  const uas = USER_AGENTS[iden];
  if (!uas?.length) throw new Error(`test/phones.ts has no User-Agent for model ${iden}: add one a real unit sends`);
  return uas.map((ua) => ua(mac));
}

export function knowsUserAgentOf(iden: string): boolean {
  return (USER_AGENTS[iden]?.length ?? 0) > 0;
}

// How each family's phones read their files is the simulator's (templates/<set>/phone.ts); provision.test.ts and
// policy.test.ts read Yealink and Cisco files with these by name.
export { expandCiscoMacros, parseFlatProfile as parseCiscoFlatProfile } from "../templates/cisco-spa/phone";
export { parseYealinkCfg } from "../templates/yealink/phone";

// provision.test.ts compares time zones with a table of these families only, so the others report none there;
// test/simulator.test.ts checks every family's zone.
const ZONES_COMPARED = new Set(["yealink", "cisco-spa"]);

/** The phone behaviour of a template set (templates/<set>/phone.ts); throws when no family folder describes it. */
export function phoneFamily(templateSet: string): Phone {
  const phone = phoneOf(templateSet);
  return ZONES_COMPARED.has(templateSet) ? phone : { ...phone, timeZone: () => undefined };
}

/**
 * The Worker as phones on the network reach it: each call gives one phone's fetch, from a client IP of its own
 * (2001:db8:<subnet>:<n>::1), so that the misses a boot sequence makes on purpose (Yealink's .boot files,
 * Polycom's <mac>.cfg) never add up under the miss rate limiter.
 */
export function phoneNetwork(subnet: number): () => Fetch {
  let clients = 0;
  return () => {
    const ip = `2001:db8:${subnet}:${(++clients).toString(16)}::1`;
    return (url, init) => {
      const headers = new Headers(init?.headers);
      headers.set("cf-connecting-ip", ip);
      return exports.default.fetch(url, { ...init, headers });
    };
  };
}
