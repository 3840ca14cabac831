// How a Yealink asks for its files and reads them (shared/PHONES.md, Yealink's auto-provisioning guide).
import { colons, endpoint, merge, mustHave, nonEmptyMatching, readFile } from "../../tools/simulator/read";
import { BootFailure, type CatalogModel, type Phone, type Settings } from "../../tools/simulator/types";
import { USER_AGENTS } from "./user-agents";

/**
 * `key = value` lines after a first line that is exactly `#!version:1.0.0.1`; `#` starts a comment; values are
 * trimmed; a key written again takes its later value, as the guides say of later files and lines.
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
    settings.set(key, line.slice(eq + 1).trim());
  });
  return settings;
}

/** The phone appends <mac>.cfg (lowercase) to the server URL as written. */
function next(common: Settings, mac: string): string {
  const url = common.get("static.auto_provision.server.url");
  if (!url) throw new BootFailure("the common file sets no static.auto_provision.server.url");
  return `${url}${mac.toLowerCase()}.cfg`;
}

export const yealinkPhone: Phone = {
  examples: USER_AGENTS,
  userAgent(model: CatalogModel, mac: string) {
    // The firmware's first number is the common file's: T46S runs 66.x and asks y000000000066.cfg.
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
  languages: (settings) => [settings.get("lang.gui"), settings.get("lang.wui")],
  timeZone: (settings) => settings.get("local_time.time_zone"),
  recheckMinutes: (settings) =>
    settings.get("static.auto_provision.repeat.enable") === "1" ? Number(settings.get("static.auto_provision.repeat.minutes")) : 0,
  credentials: (settings) => nonEmptyMatching(settings, /^account\.\d+\.(user_name|auth_name|password)$|^static\.auto_provision\.server\.(username|password)$/),
  provisioningUser: (settings) => settings.get("static.auto_provision.server.username") || undefined,
};

export default yealinkPhone;
