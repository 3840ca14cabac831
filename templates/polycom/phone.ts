// How a Poly (Polycom) UC Software phone asks for its files: its own master <mac>.cfg, else the default master
// 000000000000.cfg; then every file of the master's CONFIG_FILES, in order, the first listed winning
// (templates/polycom/NOTES.md: the UC Software administrator guides).
import { endpoint, mustHave, nonEmptyMatching, readFile, resolveUrl } from "../../tools/simulator/read";
import { BootFailure, type CatalogModel, type Phone, type Settings } from "../../tools/simulator/types";
import { parseXml, setOnce, type XmlElement } from "../../tools/simulator/xml";
import { USER_AGENTS } from "./user-agents";

/**
 * A master file (root APPLICATION: its attributes, model-specific ones from APPLICATION_<MODEL> children) or
 * a configuration file (any root: every attribute of every element is a parameter).
 */
function parse(xml: string): Settings {
  const root = parseXml(xml);
  const settings: Settings = new Map();
  const walk = (element: XmlElement) => {
    for (const [name, value] of Object.entries(element.attributes)) setOnce(settings, name, value);
    element.children.forEach(walk);
  };
  walk(root);
  if (root.name === "APPLICATION") settings.set("#master", "1");
  return settings;
}

/** The files a master names for `model` (CONFIG_FILES_<MODEL> wins over CONFIG_FILES), [PHONE_MAC_ADDRESS] filled in. */
function configFiles(master: Settings, mac: string, modelToken?: string): string[] {
  const list = (modelToken && master.get(`CONFIG_FILES_${modelToken}`)) || master.get("CONFIG_FILES") || "";
  return list
    .split(",")
    .map((name) => name.trim().replace(/\[PHONE_MAC_ADDRESS\]/g, mac.toLowerCase()))
    .filter((name) => name !== "");
}

/** `VVX450`, `EdgeE450`, `SPIP550`: how master files name a model in their model-specific attributes. */
function modelToken(model: CatalogModel): string {
  const vvx = /VVX\s*(\d+)/i.exec(model.name);
  if (vvx) return `VVX${vvx[1]}`;
  const edge = /Edge\s*(E\d+)/i.exec(model.name);
  if (edge) return `Edge${edge[1]!.toUpperCase()}`;
  return "SPIP550";
}

const TRANSPORTS: Readonly<Record<string, string>> = { UDPOnly: "udp", TCPOnly: "tcp", TLS: "tls", TCPpreferred: "tcp-preferred", DNSnaptr: "dns-naptr" };

/** How registration N reaches its server: `reg.N.server.1.transport` (DNSnaptr when absent) and `.port`. */
export function polycomSip(settings: Settings, n: number): { transport: string | undefined; port: string | undefined } {
  return { transport: TRANSPORTS[settings.get(`reg.${n}.server.1.transport`) ?? "DNSnaptr"], port: settings.get(`reg.${n}.server.1.port`) };
}

/**
 * The clock: `tcpIpApp.sntp.*`. DST is on unless daylightSavings.enable is 0 (UC Software's default is on,
 * with US dates); a change is the first dayOfWeek (1 Sunday) on or after `date`, or the last in the month.
 */
export function polycomClock(settings: Settings) {
  const key = (name: string) => settings.get(`tcpIpApp.sntp.daylightSavings.${name}`);
  const change = (edge: "start" | "stop") => {
    const last = key(`${edge}.dayOfWeek.lastInMonth`) === "1";
    const date = Number(key(`${edge}.date`));
    return { month: Number(key(`${edge}.month`)), week: last ? 5 : Math.ceil(date / 7), weekday: Number(key(`${edge}.dayOfWeek`)) - 1, hour: Number(key(`${edge}.time`)) };
  };
  const enabled = key("enable") !== "0";
  if (enabled && key("fixedDayEnable") !== "0") throw new Error("a DST rule by fixed dates is not one edgeprov writes");
  return {
    ntpServer: settings.get("tcpIpApp.sntp.address"),
    standardOffset: settings.get("tcpIpApp.sntp.gmtOffset"),
    dst: enabled ? { start: change("start"), end: change("stop") } : null,
  };
}

export const polycomPhone: Phone = {
  examples: USER_AGENTS,
  userAgent(model, mac) {
    // A real unit's when the family knows one; Edge E phones call themselves PolyEdge, not Polycom.
    const real = USER_AGENTS[model.iden]?.[0];
    if (real) return real(mac);
    const vvx = /VVX\s*(\d+)/i.exec(model.name);
    if (vvx) return `FileTransport PolycomVVX-VVX_${vvx[1]}-UA/6.4.3.5095 Type/Application`;
    const edge = /Edge\s*(E\d+)/i.exec(model.name);
    if (edge) return `FileTransport PolyEdge-Edge_${edge[1]!.toUpperCase()}-UA/8.0.0.15602 Type/Application`;
    return "FileTransport PolycomSoundPointIP-SPIP_550-UA/4.0.15.1009 Type/Application";
  },
  async boot(ctx) {
    let master = await ctx.get(`${ctx.base}/${ctx.mac}.cfg`, "own master file (optional)");
    if (master.status !== 200) master = mustHave(await ctx.get(`${ctx.base}/000000000000.cfg`, "default master file"), "the default master file");
    const settings = readFile(parse, master, "the master file");
    if (!settings.has("#master")) throw new BootFailure(`${master.url} is not a master file (no APPLICATION root)`);
    const files = configFiles(settings, ctx.mac, modelToken(ctx.model));
    if (files.length === 0) throw new BootFailure("the master file lists no CONFIG_FILES");
    const merged: Settings = new Map();
    for (const name of files) {
      const file = mustHave(await ctx.get(resolveUrl(ctx.base, name), "configuration file (CONFIG_FILES)"), "a configuration file");
      // The first file that sets a parameter wins.
      for (const [k, v] of readFile(parse, file, "a configuration file")) if (!merged.has(k)) merged.set(k, v);
    }
    return merged;
  },
  parse,
  next(master, mac) {
    const [first] = configFiles(master, mac);
    if (!first) throw new BootFailure("the master file lists no CONFIG_FILES");
    return first;
  },
  line(settings, n) {
    const get = (key: string) => settings.get(`reg.${n}.${key}`);
    const address = get("address");
    if (!address) return { enabled: false };
    const proxy = get("outboundProxy.address");
    return {
      enabled: true,
      username: address,
      authUsername: get("auth.userId") || address,
      password: get("auth.password"),
      displayName: get("displayName"),
      registrar: get("server.1.address"),
      outboundProxy: proxy ? endpoint(`${proxy}:${get("outboundProxy.port") || "5060"}`) : null,
    };
  },
  // `Spanish_Spain`: the language, then its country.
  languages: (settings) => [settings.get("lcl.ml.lang")?.split("_")[0]],
  timeZone: (settings) => settings.get("tcpIpApp.sntp.gmtOffset"),
  recheckMinutes: (settings) =>
    settings.get("prov.polling.enabled") === "1" ? Number(settings.get("prov.polling.period") ?? 0) / 60 : 0,
  credentials: (settings) => nonEmptyMatching(settings, /^reg\.\d+\.(address|auth\.userId|auth\.password)$|^device\.prov\.(user|password)$/),
  // device.* parameters count only with device.set="1" and their own .set="1".
  provisioningUser: (settings) =>
    (settings.get("device.set") === "1" && settings.get("device.prov.user.set") === "1" && settings.get("device.prov.user")) || undefined,
};

export default polycomPhone;
