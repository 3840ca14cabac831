// How a Yealink asks for its files and reads them (templates/yealink/NOTES.md: Yealink's auto-provisioning and
// administrator guides).
import { codeOf, colons, endpoint, englishName, merge, mustHave, nonEmptyMatching, readFile } from "../../tools/simulator/read";
import { BootFailure, type CatalogModel, type Phone, type Settings } from "../../tools/simulator/types";
import { YEALINK_LANGUAGES } from "./languages";
import { USER_AGENTS } from "./user-agents";

/**
 * `key = value` lines after a first line that is exactly `#!version:1.0.0.1`; `#` starts a comment; values are
 * trimmed; a key written again takes its later value, as the guides say of later files and lines. `%NULL%` is
 * the empty value (what wazo's Yealink plugin writes to clear a key).
 */
export function parseYealinkCfg(text: string): Settings {
  const [first, ...rest] = text.split("\n");
  if (first !== "#!version:1.0.0.1") throw new Error(`first line is ${JSON.stringify(first)}, not #!version:1.0.0.1`);
  const settings: Settings = new Map();
  rest.forEach((line, i) => {
    if (line.trim() === "" || line.startsWith("#")) return;
    const eq = line.indexOf("=");
    const key = line.slice(0, Math.max(eq, 0)).trim();
    if (eq < 0 || !/^[A-Za-z0-9_.]+$/.test(key)) throw new Error(`line ${i + 2} is no key = value: ${JSON.stringify(line)}`);
    const value = line.slice(eq + 1).trim();
    settings.set(key, value === "%NULL%" ? "" : value);
  });
  return settings;
}

/** The phone appends <mac>.cfg (lowercase) to the server URL as written. */
function next(common: Settings, mac: string): string {
  const url = common.get("static.auto_provision.server.url");
  if (!url) throw new BootFailure("the common file sets no static.auto_provision.server.url");
  return `${url}${mac.toLowerCase()}.cfg`;
}

const guiNames = Object.fromEntries(Object.entries(YEALINK_LANGUAGES).map(([code, names]) => [code, names.gui]));
const wuiNames = Object.fromEntries(Object.entries(YEALINK_LANGUAGES).map(([code, names]) => [code, names.wui]));

const TRANSPORTS: Readonly<Record<string, string>> = { "0": "udp", "1": "tcp", "2": "tls", "3": "dns-naptr" };

/** How account N reaches its server: transport_type 0 UDP (the default), 1 TCP, 2 TLS, 3 DNS NAPTR. */
export function yealinkSip(settings: Settings, n: number): { transport: string | undefined; port: string | undefined } {
  return {
    transport: TRANSPORTS[settings.get(`account.${n}.sip_server.1.transport_type`) ?? "0"],
    port: settings.get(`account.${n}.sip_server.1.port`),
  };
}

/**
 * The clock: the standard offset, and with summer_time = 1 by week (dst_time_type = 1) the DST rule as
 * Month/Week/Day/Hour (day 1 Monday to 7 Sunday, week 5 the last), offset_time in minutes.
 */
export function yealinkClock(settings: Settings) {
  const manual = settings.get("local_time.summer_time") === "1" && settings.get("local_time.dst_time_type") === "1";
  const rule = (key: string) => {
    const match = /^(\d{1,2})\/([1-5])\/([1-7])\/(\d{1,2})$/.exec(settings.get(key) ?? "");
    if (!match) throw new Error(`${key} is no Month/Week/Day/Hour: ${settings.get(key)}`);
    const [month, week, day, hour] = match.slice(1).map(Number) as [number, number, number, number];
    return { month, week, weekday: day % 7, hour };
  };
  return {
    ntpServer: settings.get("local_time.ntp_server1"),
    standardOffset: settings.get("local_time.time_zone"),
    summerTime: settings.get("local_time.summer_time"),
    dst: manual ? { start: rule("local_time.start_time"), end: rule("local_time.end_time"), minutes: Number(settings.get("local_time.offset_time") ?? 60) } : null,
  };
}

export const yealinkPhone: Phone = {
  examples: USER_AGENTS,
  userAgent(model: CatalogModel, mac: string) {
    // A real unit's: the firmware number is not the common file's (a T41S runs 66.x and asks
    // y000000000068.cfg, a T31G runs 124.x and asks y000000000123.cfg).
    const real = USER_AGENTS[model.iden]?.[0];
    if (real) return real(mac);
    // A model no real string is known for (one an operator added): the common file's number is a guess.
    const number = Number(/^y0*(\d+)\.cfg$/i.exec(model.genericFile)?.[1] ?? 0);
    const token = model.name.replace(/^Yealink\s+/i, "").split("/")[0]!.trim().replace(/\s+/g, "_");
    return `Yealink ${token.startsWith("W") ? "" : "SIP-"}${token} ${number}.86.0.15 ${colons(mac)}`;
  },
  async boot(ctx) {
    // Newer firmware first looks for boot files; without them it falls back to the common and MAC files.
    await ctx.get(`${ctx.base}/${ctx.mac}.boot`, "boot file (optional)");
    await ctx.get(`${ctx.base}/y000000000000.boot`, "common boot file (optional)");
    const common = readFile(parseYealinkCfg, mustHave(await ctx.get(`${ctx.base}/${ctx.model.genericFile}`, "common file"), "the common file"), "the common file");
    const url = common.has("static.auto_provision.server.url") ? next(common, ctx.mac) : `${ctx.base}/${ctx.mac}.cfg`;
    const own = readFile(parseYealinkCfg, mustHave(await ctx.get(url, "MAC file"), "the MAC file"), "the MAC file");
    return merge(common, own);
  },
  parse: parseYealinkCfg,
  next,
  line(settings, n) {
    const get = (key: string) => settings.get(`account.${n}.${key}`);
    if (get("enable") !== "1") return { enabled: get("enable") === "0" ? false : undefined };
    const proxyHost = get("outbound_proxy.1.address");
    return {
      enabled: true,
      username: get("user_name"),
      authUsername: get("auth_name") || get("user_name"),
      password: get("password"),
      displayName: get("display_name"),
      registrar: get("sip_server.1.address") ?? get("sip_server_host"),
      outboundProxy: get("outbound_proxy_enable") === "1" && proxyHost ? endpoint(`${proxyHost}:${get("outbound_proxy.1.port") || "5060"}`) : null,
    };
  },
  languages: (settings) => [
    englishName(codeOf(guiNames, settings.get("lang.gui"))),
    englishName(codeOf(wuiNames, settings.get("lang.wui"))),
  ],
  timeZone: (settings) => settings.get("local_time.time_zone"),
  recheckMinutes: (settings) =>
    settings.get("static.auto_provision.repeat.enable") === "1" ? Number(settings.get("static.auto_provision.repeat.minutes")) : 0,
  credentials: (settings) => nonEmptyMatching(settings, /^account\.\d+\.(user_name|auth_name|password)$|^static\.auto_provision\.server\.(username|password)$/),
  provisioningUser: (settings) => settings.get("static.auto_provision.server.username") || undefined,
};

export default yealinkPhone;
