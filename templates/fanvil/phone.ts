// How a Fanvil asks for its files: its model file (a lookup table of names), then the device file its <ap>
// section names (FlashServerIP + FlashFileName, $mac filled in lowercase), else <mac>.cfg at the same server
// (Fanvil's auto-provisioning guide).
import { codeOf, englishName, endpoint, merge, mustHave, nonEmptyMatching, readFile } from "../../tools/simulator/read";
import { BootFailure, type Phone, type Settings } from "../../tools/simulator/types";
import { parseXml, setOnce, type XmlElement } from "../../tools/simulator/xml";
import { FANVIL_LANGUAGES } from "./languages";
import { USER_AGENTS } from "./user-agents";

/** `<sysConf>` flattened to dotted paths; an element's index="N" becomes a path part: `sip.line.1.PhoneNumber`. */
function parse(xml: string): Settings {
  const root = parseXml(xml);
  if (root.name !== "sysConf") throw new Error(`root is ${root.name}, not sysConf`);
  const settings: Settings = new Map();
  const walk = (element: XmlElement, path: string) => {
    for (const child of element.children) {
      const key = `${path}${path ? "." : ""}${child.name}${child.attributes.index ? `.${child.attributes.index}` : ""}`;
      if (child.children.length > 0) walk(child, key);
      else setOnce(settings, key, child.text);
    }
  };
  walk(root, "");
  return settings;
}

/** The device file the <ap> section names, or undefined when it names none. */
function deviceFileUrl(settings: Settings, mac: string): string | undefined {
  const server = settings.get("ap.FlashServerIP");
  if (!server) return undefined;
  const protocol = settings.get("ap.FlashProtocol") === "5" ? "https" : "http";
  const root = /^[a-z]+:\/\//i.test(server) ? server : `${protocol}://${server}`;
  const name = (settings.get("ap.FlashFileName") || "$mac.cfg").replace(/\$mac/gi, mac.toLowerCase());
  return `${root.replace(/\/+$/, "")}/${name.replace(/^\/+/, "")}`;
}

export const fanvilPhone: Phone = {
  examples: USER_AGENTS,
  userAgent: (model, mac) => `Fanvil ${model.name.replace(/^Fanvil\s+/i, "").split(/[\s/]/)[0]} 2.12.1.3 ${mac.toLowerCase()}`,
  async boot(ctx) {
    const common = await ctx.get(`${ctx.base}/${ctx.model.genericFile}`, "model file");
    const commonSettings = common.status === 200 ? readFile(parse, common, "the model file") : new Map<string, string>();
    const url = deviceFileUrl(commonSettings, ctx.mac) ?? `${ctx.base}/${ctx.mac}.cfg`;
    const own = readFile(parse, mustHave(await ctx.get(url, "MAC file"), "the MAC file"), "the MAC file");
    return merge(commonSettings, own);
  },
  parse,
  next(generic, mac) {
    const url = deviceFileUrl(generic, mac);
    if (!url) throw new BootFailure("the model file names no FlashServerIP");
    return url;
  },
  line(settings, n) {
    const get = (key: string) => settings.get(`sip.line.${n}.${key}`);
    if (get("EnableReg") !== "1") return { enabled: false };
    const proxy = get("ProxyAddr");
    return {
      enabled: true,
      username: get("PhoneNumber"),
      authUsername: get("RegisterUser") || get("PhoneNumber"),
      password: get("RegisterPswd"),
      displayName: get("DisplayName"),
      registrar: get("RegisterAddr"),
      outboundProxy: proxy ? endpoint(`${proxy}:${get("ProxyPort") || "5060"}`) : null,
    };
  },
  languages: (settings) => [englishName(codeOf(FANVIL_LANGUAGES, settings.get("phone.display.DefaultLanguage")))],
  timeZone: (settings) => settings.get("phone.date.TimeZone"),
  // FlashMode 1: check every FlashInterval days.
  recheckMinutes: (settings) => (settings.get("ap.FlashMode") === "1" ? Number(settings.get("ap.FlashInterval") ?? 0) * 1440 : 0),
  credentials: (settings) => nonEmptyMatching(settings, /^sip\.line\.\d+\.(PhoneNumber|RegisterUser|RegisterPswd)$|^ap\.Flash(UserName|Password)$/),
  provisioningUser: (settings) => settings.get("ap.FlashUserName") || undefined,
};

export default fanvilPhone;
