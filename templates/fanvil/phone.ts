// How a Fanvil asks for its files: its model's common file (a lookup table of names; the X-U units ask
// none), then the device file the common file names (<ap> FlashServerIP + FlashFileName, or
// Download_Server_IP + Config_File_Name in the older dialect, $mac filled in lowercase), else <mac>.cfg
// at the same server. A file applies only when its version is higher than the one the unit runs (NOTES.md).
// Both dialects are read into the <sysConf> paths (`sip.line.1.PhoneNumber`), so the rest reads one vocabulary.
import { codeOf, englishName, endpoint, merge, mustHave, nonEmptyMatching, readFile } from "../../tools/simulator/read";
import { BootFailure, type Phone, type Settings } from "../../tools/simulator/types";
import { parseXml, setOnce, type XmlElement } from "../../tools/simulator/xml";
import { FANVIL_LANGUAGE_CODES, FANVIL_LANGUAGE_NUMBERS } from "./languages";
import { USER_AGENTS } from "./user-agents";

/** `<sysConf>` flattened to dotted paths; an element's index="N" becomes a path part: `sip.line.1.PhoneNumber`. */
function parseSysConf(root: XmlElement): Settings {
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

/** Where the older dialect's settings are in <sysConf>: module → section, Under_Scored → UnderScored. */
const AUTOUPDATE: Readonly<Record<string, string>> = {
  Download_Server_IP: "ap.FlashServerIP",
  Config_File_Name: "ap.FlashFileName",
  Download_Mode: "ap.FlashMode",
  Download_Interval: "ap.FlashInterval",
  Download_Username: "ap.DefaultUsername",
  Download_Password: "ap.DefaultPassword",
  Save_Provision_Info: "ap.SaveProvisionInfo",
  Download_Protocol: "ap.DownloadProtocol",
};

/** `<VOIP_CONFIG_FILE>`: modules of plain settings; SIP lines are SIP_Line_List_Entry elements with <ID>SIPn</ID>. */
function parseVoipConfig(root: XmlElement): Settings {
  const settings: Settings = new Map();
  const plain = (key: string) => key.replace(/_/g, "");
  for (const module of root.children) {
    if (module.name === "version") setOnce(settings, "Version", module.text);
    else if (module.name === "AUTOUPDATE_CONFIG_MODULE") {
      for (const item of module.children) setOnce(settings, AUTOUPDATE[item.name] ?? `ap.${plain(item.name)}`, item.text);
    } else if (module.name === "GLOBAL_CONFIG_MODULE") {
      for (const item of module.children) setOnce(settings, item.name === "Language" ? "phone.display.DefaultLanguage" : `phone.date.${plain(item.name)}`, item.text);
    } else if (module.name === "SIP_CONFIG_MODULE") {
      for (const entry of module.children.find((c) => c.name === "SIP_Line_List")?.children ?? []) {
        const id = /^SIP(\d+)$/.exec(entry.children.find((c) => c.name === "ID")?.text ?? "");
        if (!id) throw new Error("a SIP_Line_List_Entry without <ID>SIPn</ID>");
        for (const item of entry.children) if (item.name !== "ID") setOnce(settings, `sip.line.${id[1]}.${plain(item.name)}`, item.name === "Transport" ? voipTransport(item.text) : item.text);
      }
    } else if (module.name === "PHONE_CONFIG_MODULE") {
      // Function keys (Function_Key_Entry with <ID>FkeyN</ID>) as `fkey.N.Type`; other settings as `PHONE_CONFIG_MODULE.Name`.
      for (const item of module.children) {
        if (item.name !== "Function_Key") setOnce(settings, `${module.name}.${item.name}`, item.text);
        else for (const entry of item.children) {
          const id = /^Fkey(\d+)$/.exec(entry.children.find((c) => c.name === "ID")?.text ?? "");
          if (!id) throw new Error("a Function_Key_Entry without <ID>FkeyN</ID>");
          for (const field of entry.children) if (field.name !== "ID") setOnce(settings, `fkey.${id[1]}.${field.name}`, field.text);
        }
      }
    } else if (/^[A-Z][A-Z0-9_]*_MODULE$/.test(module.name)) {
      // Any other module of plain settings, as `MODULE.Name`.
      for (const item of module.children) {
        if (item.children.length > 0) throw new Error(`<${item.name}> in <${module.name}> is not a plain setting`);
        setOnce(settings, `${module.name}.${item.name}`, item.text);
      }
    } else throw new Error(`unexpected <${module.name}> in VOIP_CONFIG_FILE`);
  }
  return settings;
}

/** This dialect's Transport (0 UDP, 1 TCP, 2 TLS: FusionPBX's x4 and x3sp templates) in <sysConf>'s numbers (TLS 3). */
function voipTransport(value: string): string {
  const sysConf = { "0": "0", "1": "1", "2": "3" }[value];
  if (sysConf === undefined) throw new Error(`Transport ${value} is none of 0 (UDP), 1 (TCP), 2 (TLS)`);
  return sysConf;
}

function parse(xml: string): Settings {
  const root = parseXml(xml);
  if (root.name === "sysConf") return parseSysConf(root);
  if (root.name === "VOIP_CONFIG_FILE") return parseVoipConfig(root);
  throw new Error(`root is ${root.name}, neither sysConf nor VOIP_CONFIG_FILE`);
}

/**
 * How the unit fetches its device file: the protocol setting, not the scheme of the server (`<ap>` FlashProtocol
 * 4 HTTP, 5 HTTPS; `Download_Protocol` 2 HTTP, 5 HTTPS in the older dialect). A file that sets none leaves the
 * unit with the one it has: the protocol it fetched that file with.
 */
function protocolOf(settings: Settings, current: string): string {
  const flash = { "4": "http", "5": "https" }[settings.get("ap.FlashProtocol") ?? ""];
  const download = { "2": "http", "5": "https" }[settings.get("ap.DownloadProtocol") ?? ""];
  return flash ?? download ?? current;
}

/** The device file the <ap> section names, or undefined when it names none. */
function deviceFileUrl(settings: Settings, mac: string, current = "http"): string | undefined {
  const server = settings.get("ap.FlashServerIP");
  if (!server) return undefined;
  const root = `${protocolOf(settings, current)}://${server.replace(/^[a-z]+:\/\//i, "")}`;
  const name = (settings.get("ap.FlashFileName") || "$mac.cfg").replace(/\$mac/gi, mac.toLowerCase());
  return `${root.replace(/\/+$/, "")}/${name.replace(/^\/+/, "")}`;
}

/**
 * Fanvil's own common-file names begin F0/f0 (f0X4hw1.100.cfg, F0V00X600000.cfg) or, on the X210-V2 and X210 Pro,
 * fanvil_ (fanvil_x210_v2_hwv2_0.txt: wazo serie-x entry.py); the X-U units ask none.
 */
const asksCommonFile = (genericFile: string) => /^(f0|fanvil_)/i.test(genericFile);

/** The configuration version a file carries (`<Version>`, `<version>` in the older dialect). */
export function fanvilVersionOf(settings: Settings): string | undefined {
  return settings.get("Version");
}

/** True when a unit running `current` applies a file of version `offered`: only a higher version applies. */
export function fanvilApplies(offered: string, current: string | undefined): boolean {
  return current === undefined || Number(offered) > Number(current);
}

/**
 * The date settings as the phone reads them (quarter hours, EnableDST 2 = the rule given, weeks -1 = last). The
 * rule is read by month, week and weekday only with DSTFixedType 2 (wazo base-new.tpl; FusionPBX x4's
 * DST_Fixed_Type): otherwise the phone takes its start and end as fixed dates, which a week rule is not.
 */
export function fanvilTime(settings: Settings) {
  const date = (key: string) => settings.get(`phone.date.${key}`);
  const number = (key: string) => Number(date(key));
  const change = (side: "Start" | "End") => ({
    month: number(`DST${side}Mon`),
    week: number(`DST${side}Week`),
    weekday: number(`DST${side}Wday`),
    hour: number(`DST${side}Hour`),
    minute: number(`DST${side}Min`),
  });
  const enabled = date("EnableDST") === "2";
  if (enabled && date("DSTFixedType") !== "2") throw new Error(`DSTFixedType ${date("DSTFixedType") ?? "missing"}: the phone does not read the DST rule by week and weekday`);
  return {
    quarterHours: number("TimeZone"),
    name: date("TimeZoneName"),
    dst: enabled ? { savingMinutes: number("DSTMinOffset"), start: change("Start"), end: change("End") } : null,
    ntpServer: date("EnableSNTP") === "1" ? date("SNTPServer") : undefined,
  };
}

/** Line N's transport (0 UDP, 1 TCP, 3 TLS) and registrar port. */
export function fanvilSipOf(settings: Settings, n: number) {
  const transport = { "0": "udp", "1": "tcp", "3": "tls" }[settings.get(`sip.line.${n}.Transport`) ?? "0"];
  return { transport, port: settings.get(`sip.line.${n}.RegisterPort`) };
}

export const fanvilPhone: Phone = {
  examples: USER_AGENTS,
  // The model as its name spells it, a Pro with its space (`Fanvil X210 Pro 2.12.1.3 <mac>`).
  userAgent: (model, mac) => `Fanvil ${model.name.replace(/^Fanvil\s+/i, "").split("/")[0]!.trim()} 2.12.1.3 ${mac.toLowerCase()}`,
  async boot(ctx) {
    // An X-U unit asks its device file at the root it was given; pointed at a file (a bootstrap common
    // file), it reads that first and follows its <ap> section.
    const givenFile = /\.cfg$/i.test(ctx.base);
    let commonSettings = new Map<string, string>();
    if (givenFile || asksCommonFile(ctx.model.genericFile)) {
      const common = await ctx.get(givenFile ? ctx.base : `${ctx.base}/${ctx.model.genericFile}`, "model file");
      if (common.status === 200) commonSettings = readFile(parse, common, "the model file");
    }
    const root = givenFile ? ctx.base.replace(/\/[^/]*$/, "") : ctx.base;
    const current = /^https:/i.test(root) ? "https" : "http";
    const url = deviceFileUrl(commonSettings, ctx.mac, current) ?? `${root}/${ctx.mac}.cfg`;
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
  languages: (settings) => {
    const value = settings.get("phone.display.DefaultLanguage");
    return [englishName(codeOf(FANVIL_LANGUAGE_NUMBERS, value) ?? codeOf(FANVIL_LANGUAGE_CODES, value))];
  },
  timeZone: (settings) => settings.get("phone.date.TimeZone"),
  // FlashMode 1: check every FlashInterval days (unit unverified, NOTES.md).
  recheckMinutes: (settings) => (settings.get("ap.FlashMode") === "1" ? Number(settings.get("ap.FlashInterval") ?? 0) * 1440 : 0),
  credentials: (settings) => nonEmptyMatching(settings, /^sip\.line\.\d+\.(PhoneNumber|RegisterUser|RegisterPswd)$|^ap\.Default(Username|Password)$/),
  provisioningUser: (settings) => settings.get("ap.DefaultUsername") || undefined,
};

export default fanvilPhone;
