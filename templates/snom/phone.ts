// How a Snom asks for its files: at a setting server URL without a file name, snom<model>.htm then
// snom<model>-<MAC>.htm; once setting_server names a file, that URL with {mac} filled in (uppercase; old
// firmware writes it with colons). Settings of later files win (templates/snom/NOTES.md: Snom's auto provisioning).
import { splitCredentials } from "../../tools/simulator/http";
import { codeOf, colons, englishName, endpoint, merge, nonEmptyMatching, readFile, urlUser } from "../../tools/simulator/read";
import { BootFailure, type Phone, type Settings } from "../../tools/simulator/types";
import { parseXml, setOnce, type XmlElement } from "../../tools/simulator/xml";
import { SNOM_LANGUAGES } from "./languages";
import { USER_AGENTS } from "./user-agents";

/**
 * XML settings: `<settings><phone-settings>` (or `<phone-settings>` alone); identity N as idx="N" → `user_name1`;
 * function keys of `<functionKeys>` as `fkey<idx>`.
 */
function parse(xml: string): Settings {
  const root = parseXml(xml);
  const sections: XmlElement[] = root.name === "settings" ? root.children : [root];
  const settings: Settings = new Map();
  for (const section of sections) {
    if (section.name === "phone-settings") {
      for (const setting of section.children) setOnce(settings, `${setting.name}${setting.attributes.idx ?? ""}`, setting.text);
    } else if (section.name === "functionKeys") {
      // `<fkey idx="N" context label>type value</fkey>` → fkeyN, fkeyN.context, fkeyN.label.
      for (const key of section.children) {
        const name = `fkey${key.attributes.idx ?? ""}`;
        setOnce(settings, name, key.text);
        setOnce(settings, `${name}.context`, key.attributes.context ?? "");
        setOnce(settings, `${name}.label`, key.attributes.label ?? "");
      }
    }
  }
  return settings;
}

function fillMac(url: string, mac: string, oldFirmware: boolean): string {
  return url.replace(/\{mac\}/gi, oldFirmware ? colons(mac.toUpperCase()) : mac.toUpperCase());
}

const modelName = (name: string) => name.replace(/^Snom\s+/i, "").split(/[\s/]/)[0]!;

/** How identity N reaches its server: `user_outbound`'s `;transport=` (UDP without one) and port. */
export function snomSip(settings: Settings, n: number): { transport: string | undefined; port: string | undefined } {
  const outbound = settings.get(`user_outbound${n}`) ?? "";
  const transport = /;transport=(udp|tcp|tls)\b/i.exec(outbound)?.[1]?.toLowerCase() ?? "udp";
  return { transport, port: outbound ? endpoint(outbound).port : endpoint(settings.get(`user_host${n}`) ?? "").port };
}

/**
 * The clock: with an empty `timezone`, `utc_offset` (signed seconds) and `dst` as
 * `<saving seconds> MM.WW.DD HH:MM:SS MM.WW.DD HH:MM:SS` (week 05 the last, day 01 Monday to 07 Sunday);
 * an empty `dst` is no DST.
 */
export function snomClock(settings: Settings) {
  const dst = settings.get("dst") ?? "";
  const parts = /^(\d+) (\d{2})\.(0[1-5])\.(0[1-7]) (\d{2}):(\d{2}):\d{2} (\d{2})\.(0[1-5])\.(0[1-7]) (\d{2}):(\d{2}):\d{2}$/.exec(dst);
  if (dst !== "" && !parts) throw new Error(`dst is not <seconds> MM.WW.DD HH:MM:SS MM.WW.DD HH:MM:SS: ${dst}`);
  const change = (i: number) => ({ month: Number(parts![i]), week: Number(parts![i + 1]), weekday: Number(parts![i + 2]) % 7, hour: Number(parts![i + 3]), minute: Number(parts![i + 4]) });
  return {
    ntpServer: settings.get("ntp_server"),
    timezone: settings.get("timezone"),
    standardOffset: settings.get("utc_offset"),
    dst: parts ? { savingSeconds: Number(parts[1]), start: change(2), end: change(7) } : null,
  };
}

export const snomPhone: Phone = {
  examples: USER_AGENTS,
  userAgent: (model, mac) =>
    USER_AGENTS[model.iden]?.[0]?.(mac) ?? `Mozilla/4.0 (compatible; snom${modelName(model.name)}-SIP 10.1.54.13 2010.12-00004-g9ba52f5 ${mac.toUpperCase()} SXM:0 UXM:0)`,
  async boot(ctx) {
    const type = `snom${modelName(ctx.model.name)}`;
    let settings: Settings = new Map();
    let server = ctx.base;
    const asked = new Set<string>();
    for (let round = 1; round <= 3; round++) {
      let gotMacFile = false;
      let macFileStatus = "";
      const urls: [string, boolean][] = /\{mac\}/i.test(server)
        ? [[fillMac(server, ctx.mac, ctx.oldFirmware), true]]
        : [[`${server}/${type}.htm`, false], [`${server}/${type}-${ctx.mac.toUpperCase()}.htm`, true]];
      for (const [url, macFile] of urls) {
        asked.add(splitCredentials(url).url);
        const file = await ctx.get(url, macFile ? (url.endsWith(".htm") ? "its own <model>-<MAC>.htm (optional)" : "MAC file (setting_server)") : "generic file");
        if (macFile) macFileStatus = `the MAC file ${file.url} answered ${file.status}`;
        if (file.status !== 200) continue;
        settings = merge(settings, readFile(parse, file, macFile ? "the MAC file" : "the generic file"));
        gotMacFile ||= macFile;
      }
      const next = settings.get("setting_server")?.replace(/\/+$/, "");
      const nextUrl = next && (/\{mac\}/i.test(next) ? fillMac(next, ctx.mac, ctx.oldFirmware) : `${next}/${type}.htm`);
      // A new setting server is provisioned from at once; the same one again means the phone is done.
      if (!next || !nextUrl || asked.has(splitCredentials(nextUrl).url)) {
        if (gotMacFile) return settings;
        throw new BootFailure(`${macFileStatus || "no MAC file answered"}, and setting_server points nowhere new`);
      }
      server = next;
    }
    throw new BootFailure("setting_server keeps moving");
  },
  parse,
  next: (generic, mac) => {
    const server = generic.get("setting_server");
    if (!server) throw new BootFailure("the file sets no setting_server");
    return fillMac(server, mac, false);
  },
  line(settings, n) {
    const get = (key: string) => settings.get(`${key}${n}`);
    if (get("user_active") !== "on") return { enabled: false };
    const outbound = get("user_outbound");
    // An outbound setting that names the registrar itself only carries the port and transport.
    const proxy = outbound ? endpoint(outbound) : null;
    return {
      enabled: true,
      username: get("user_name"),
      authUsername: get("user_pname") || get("user_name"),
      password: get("user_pass"),
      displayName: get("user_realname"),
      registrar: get("user_host"),
      outboundProxy: proxy && proxy.host !== get("user_host") ? proxy : null,
    };
  },
  languages: (settings) => [settings.get("language"), settings.get("web_language")].map((v) => englishName(codeOf(SNOM_LANGUAGES, v))),
  timeZone: (settings) => (settings.get("timezone") || settings.get("utc_offset")) ?? undefined,
  recheckMinutes: (settings) => Number(settings.get("settings_refresh_timer") ?? 0) / 60,
  credentials: (settings) => [
    ...nonEmptyMatching(settings, /^user_(name|pname|pass)\d+$/),
    ...nonEmptyMatching(settings, /^setting_server$/).filter((url) => urlUser(url) !== undefined),
  ],
  provisioningUser: (settings) => urlUser(settings.get("setting_server")),
};

export default snomPhone;
