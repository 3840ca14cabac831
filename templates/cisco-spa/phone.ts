// How a Cisco SPA asks for its files and reads them (NOTES.md: the SPA provisioning guide). The MPP
// family (cisco-mpp) reads the same flat profile and expands the same macros.
import { colons, endpoint, merge, mustHave, nonEmptyMatching, readFile, resolveUrl } from "../../tools/simulator/read";
import { BootFailure, type BootContext, type Phone, type Settings } from "../../tools/simulator/types";
import { parseXml } from "../../tools/simulator/xml";
import { USER_AGENTS } from "./user-agents";

/**
 * A `<flat-profile>`: one element per setting (attributes such as ua="na" aside), entities decoded; a repeated
 * element takes its last value, as the provisioning guide says.
 */
export function parseFlatProfile(xml: string): Settings {
  const root = parseXml(xml);
  if (root.name !== "flat-profile") throw new Error(`root is ${root.name}, not flat-profile`);
  if (root.children.length === 0) throw new Error("flat-profile holds no settings");
  const settings: Settings = new Map();
  for (const child of root.children) {
    if (child.children.length > 0) throw new Error(`${child.name} is not a plain setting`);
    settings.set(child.name, child.text);
  }
  return settings;
}

/**
 * The macros the phone fills into Profile_Rule itself: $MA (MAC lowercase), $MAU (uppercase), $MAC (lowercase
 * with colons), $PSN (product series, when the phone has one), also written $(NAME); $$ is a dollar sign.
 * Any other `$` throws: what the phone would ask for is then not known.
 */
export function expandCiscoMacros(rule: string, mac: string, psn?: string): string {
  const values: Record<string, string> = { MA: mac.toLowerCase(), MAU: mac.toUpperCase(), MAC: colons(mac.toLowerCase()) };
  if (psn !== undefined) values.PSN = psn;
  return rule.replace(/\$(\$|\((\w+)\)|MAU|MAC|MA|PSN|\w*)/g, (_all, bare: string, inParens: string | undefined) => {
    if (bare === "$") return "$";
    const name = inParens ?? bare;
    const value = values[name];
    if (value === undefined) throw new Error(`macro $${name} is not one the simulator expands`);
    return value;
  });
}

/** The URL a rule names: after its `[--options]` prefix, macros expanded, relative to the provisioning root. */
export function ruleUrl(rule: string, mac: string, base: string, psn?: string): string {
  return resolveUrl(base, expandCiscoMacros(rule.replace(/^\s*\[[^\]]*\]\s*/, "").trim(), mac, psn));
}

/**
 * What the phone fetches for a rule: its URL with the credentials of its `[--uid … --pwd …]` options (macro
 * expanded like the rest of the rule) written in as `user:password@`, which the phone's HTTP client answers a
 * challenge with. A rule without them carries none: the phone sends no credentials for it, whatever another rule had.
 */
export function ruleTarget(rule: string, mac: string, base: string, psn?: string): string {
  const url = ruleUrl(rule, mac, base, psn);
  const options = /^\s*\[([^\]]*)\]/.exec(rule)?.[1] ?? "";
  const uid = /--uid\s+(\S+)/.exec(options)?.[1];
  if (uid === undefined) return url;
  const pwd = /--pwd\s+(\S+)/.exec(options)?.[1] ?? "";
  const userinfo = `${encodeURIComponent(expandCiscoMacros(uid, mac, psn))}:${encodeURIComponent(expandCiscoMacros(pwd, mac, psn))}@`;
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)/i, `$1${userinfo}`);
}

/** `host[:port]` of a Proxy_N_ setting: the registrar, and the port it names (5060 when none). */
function proxyOf(value: string | undefined): { host: string | undefined; port: string | undefined } {
  if (value === undefined) return { host: undefined, port: undefined };
  const { host, port } = endpoint(value);
  return { host, port };
}

/** Line N's SIP transport (`SIP_Transport_N_`: UDP, TCP, TLS) and the port of its `Proxy_N_`. */
export function ciscoSipOf(settings: Settings, n: number): { transport: string | undefined; port: string | undefined } {
  return { transport: settings.get(`SIP_Transport_${n}_`), port: proxyOf(settings.get(`Proxy_${n}_`)).port };
}

/** One end of a DST rule as the phone reads it: month, day (-1 = last), weekday (1 Monday .. 7 Sunday, 0 = the date itself), time. */
export interface CiscoDstChange {
  month: number;
  day: number;
  weekday: number;
  time: string;
}

/**
 * The Regional settings as the phone reads them: `Time_Zone` (standard offset), `Daylight_Saving_Time_Enable`
 * and its rule `start=<m>/<d>/<w>[/<time>];end=…;save=<h[:m[:s]]>`, the NTP server. Throws on a rule the phone
 * would not take.
 */
export function ciscoRegional(settings: Settings) {
  const enabled = settings.get("Daylight_Saving_Time_Enable")?.toLowerCase() === "yes";
  const rule = settings.get("Daylight_Saving_Time_Rule");
  let dst: { start: CiscoDstChange; end: CiscoDstChange; save: string } | null = null;
  if (enabled) {
    const match = /^start=([^;]+);end=([^;]+);save=([+-]?\d+(?::\d+){0,2})$/.exec(rule ?? "");
    if (!match) throw new Error(`Daylight_Saving_Time_Rule ${rule} is not start=…;end=…;save=…`);
    dst = { start: dstChange(match[1]!), end: dstChange(match[2]!), save: match[3]! };
  }
  return { timeZone: settings.get("Time_Zone"), dst, ntpServer: settings.get("Primary_NTP_Server") };
}

function dstChange(text: string): CiscoDstChange {
  const match = /^(\d{1,2})\/(-?\d{1,2})\/([0-7])(?:\/(\d{1,2}(?::\d{1,2}){0,2}))?$/.exec(text);
  if (!match) throw new Error(`${text} is not <month>/<day>/<weekday>[/<time>]`);
  const change = { month: Number(match[1]), day: Number(match[2]), weekday: Number(match[3]), time: match[4] ?? "0" };
  if (change.month < 1 || change.month > 12 || change.day === 0 || Math.abs(change.day) > 31) throw new Error(`${text}: no such month or day`);
  if (change.weekday === 0 && change.day < 0) throw new Error(`${text}: a fixed date needs a positive day`);
  return change;
}

export const ciscoCommon = {
  parse: parseFlatProfile,
  /** The rule the phone evaluates after the file: Profile_Rule_B in the same resync (else Profile_Rule, at the next one). */
  next(generic: Settings, mac: string) {
    const rule = generic.get("Profile_Rule_B") || generic.get("Profile_Rule");
    if (!rule) throw new BootFailure("the file sets neither Profile_Rule_B nor Profile_Rule");
    return ruleUrl(rule, mac, "");
  },
  line(settings: Settings, n: number) {
    const get = (name: string) => settings.get(`${name}_${n}_`);
    if (get("Line_Enable") !== "Yes") return { enabled: get("Line_Enable") === "No" ? false : undefined };
    const proxy = get("Outbound_Proxy");
    return {
      enabled: true,
      username: get("User_ID"),
      // With Use_Auth_ID off the phone authenticates as User_ID.
      authUsername: get("Use_Auth_ID") === "Yes" ? get("Auth_ID") : get("User_ID"),
      password: get("Password"),
      displayName: get("Display_Name"),
      registrar: proxyOf(get("Proxy")).host,
      outboundProxy: get("Use_Outbound_Proxy") === "Yes" && proxy ? endpoint(proxy) : null,
    };
  },
  languages: (settings: Settings) => [settings.get("Language_Selection")],
  timeZone: (settings: Settings) => settings.get("Time_Zone"),
  recheckMinutes: (settings: Settings) =>
    settings.get("Provision_Enable") === "Yes" ? Number(settings.get("Resync_Periodic") ?? 0) / 60 : 0,
  credentials: (settings: Settings) => [
    ...nonEmptyMatching(settings, /^(User_ID|Password|Auth_ID)_\d+_$/),
    ...nonEmptyMatching(settings, /^Profile_Rule(_[A-D])?$/).filter((rule) => /--(uid|pwd)\b/.test(rule)),
  ],
  provisioningUser: (settings: Settings) => /--uid\s+(\S+)/.exec(settings.get("Profile_Rule") ?? "")?.[1],
};

/**
 * One resync. A unit out of the box: the factory rule fetches `firstFile`; then, with its settings applied,
 * Profile_Rule_B, _C and _D are evaluated in turn, each file applied before the next rule, each fetched with the
 * credentials of its own options only. A unit staged with HTTP credentials (docs/dhcp.md, "Cisco with HTTP auth")
 * has the rule `[--uid u --pwd p]<root>/$MA.xml` instead, its MAC file first. A Profile_Rule a file changes is used
 * from the next resync on. Any failed fetch ends the resync (the phone retries after Resync_Error_Retry_Delay).
 * `refuse` says why the phone would not fetch a URL (the SPA's HTTPS), or nothing.
 */
export async function ciscoBoot(ctx: BootContext, firstFile: string, psn?: string, refuse: (url: string) => string | undefined = () => undefined): Promise<Settings> {
  const fetchProfile = async (target: string, what: string) => {
    const why = refuse(target);
    if (why) throw new BootFailure(`${what} ${target}: ${why}`);
    const res = await ctx.get(target, what);
    if (res.status === 401 && !/^[a-z]+:\/\/[^/]*@/i.test(target)) {
      throw new BootFailure(
        `${what} ${res.url} answered 401: the rule names no --uid/--pwd, and a Cisco phone answers a challenge only with its rule's own; stage the unit with [--uid … --pwd …]<root>/$MA.xml (docs/dhcp.md)`,
      );
    }
    return readFile(parseFlatProfile, mustHave(res, what), what);
  };
  if (ctx.credentials) {
    const { username, password } = ctx.credentials;
    return fetchProfile(ruleTarget(`[--uid ${username} --pwd ${password}]${ctx.base}/$MA.xml`, ctx.mac, ctx.base, psn), "the MAC file the staged rule names");
  }
  let settings = await fetchProfile(`${ctx.base}/${firstFile}`, "the generic profile");
  let macFile = false;
  for (const name of ["Profile_Rule_B", "Profile_Rule_C", "Profile_Rule_D"]) {
    const rule = settings.get(name);
    if (!rule) continue;
    settings = merge(settings, await fetchProfile(ruleTarget(rule, ctx.mac, ctx.base, psn), `the profile ${name} names`));
    macFile = true;
  }
  if (!macFile) throw new BootFailure(`${firstFile} sets no Profile_Rule_B/_C/_D: nothing more is fetched in this resync`);
  return settings;
}

export const ciscoSpaPhone: Phone = {
  examples: USER_AGENTS,
  ...ciscoCommon,
  credentialsInRules: true,
  userAgent(model, mac) {
    // The SPA names itself as in its first file: spa504G.cfg is a SPA504G.
    const name = model.genericFile.replace(/^spa/i, "SPA").replace(/\.cfg$/i, "");
    return `Cisco/${name}-7.6.2 (${mac.toUpperCase()})(CBT1234567A)`;
  },
  // The SPA accepts only server certificates Cisco signed: against a public CA its HTTPS fetches fail.
  boot: (ctx) =>
    ciscoBoot(ctx, ctx.model.genericFile, undefined, (url) =>
      url.toLowerCase().startsWith("https:") ? "the SPA trusts only server certificates Cisco signed, so HTTPS to a public-CA server fails" : undefined,
    ),
};

export default ciscoSpaPhone;
