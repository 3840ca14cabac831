// How a Grandstream asks for its files: cfg<mac>.xml, cfg<mac> (binary format), cfg<model>.xml, cfg.xml, the
// first one found applied; a file that moves the config server starts the round again there
// (Grandstream's provisioning guide).
import { englishName, endpoint, nonEmptyMatching, readFile } from "../../tools/simulator/read";
import { BootFailure, type Phone, type Settings } from "../../tools/simulator/types";
import { parseXml, setOnce } from "../../tools/simulator/xml";
import { USER_AGENTS } from "./user-agents";

/** `<gs_provision>`: alias XML (`<config version="2">` of `<item name>`) or P-values (`<config version="1">`). */
function parse(xml: string): Settings {
  const root = parseXml(xml);
  if (root.name !== "gs_provision") throw new Error(`root is ${root.name}, not gs_provision`);
  const settings: Settings = new Map();
  for (const child of root.children) {
    if (child.name === "mac") setOnce(settings, "#mac", child.text.trim());
    else if (child.name === "config") {
      for (const item of child.children) {
        if (item.name === "item") setOnce(settings, item.attributes.name ?? "", item.text);
        else if (/^P\d+$/.test(item.name)) setOnce(settings, item.name, item.text);
        else throw new Error(`unexpected <${item.name}> in <config>`);
      }
    } else throw new Error(`unexpected <${child.name}> in <gs_provision>`);
  }
  return settings;
}

/** Where the phone's config server is once `settings` apply (P212 protocol + P237 path without scheme). */
function configServer(settings: Settings): string | undefined {
  const path = settings.get("provisioning.config.serverPath") ?? settings.get("P237");
  if (!path) return undefined;
  const protocol = (settings.get("provisioning.config.protocol") ?? { "0": "TFTP", "1": "HTTP", "2": "HTTPS" }[settings.get("P212") ?? "1"] ?? "HTTP").toLowerCase();
  return `${protocol}://${path.replace(/\/+$/, "")}`;
}

function next(generic: Settings, mac: string): string {
  const server = configServer(generic);
  if (!server) throw new BootFailure("the file sets no config server path");
  return `${server}/cfg${mac}.xml`;
}

/** The phone names its model file after itself, lowercase: a GXP2170 asks cfggxp2170.xml. */
const product = (name: string) => name.replace(/^Grandstream\s+/i, "").split(/[\s/]/)[0]!;

export const grandstreamPhone: Phone = {
  examples: USER_AGENTS,
  userAgent: (model, mac) => `Grandstream Model HW ${product(model.name).toUpperCase()} SW 1.0.11.3 DevId ${mac.toLowerCase()}`,
  async boot(ctx) {
    let server = ctx.base;
    const visited = new Set<string>();
    for (let round = 1; round <= 3; round++) {
      visited.add(server);
      let found: { settings: Settings; macFile: boolean; url: string } | undefined;
      const files: [string, boolean][] = [
        [`cfg${ctx.mac}.xml`, true],
        [`cfg${ctx.mac}`, true],
        [`cfg${product(ctx.model.name).toLowerCase()}.xml`, false],
        ["cfg.xml", false],
      ];
      for (const [name, macFile] of files) {
        const file = await ctx.get(`${server}/${name}`, macFile ? "MAC file (the next one is asked when missing)" : "generic file");
        if (file.status !== 200) continue;
        found = { settings: readFile(parse, file, macFile ? "the MAC file" : "the generic file"), macFile, url: file.url };
        break;
      }
      if (!found) throw new BootFailure(`none of the files at ${server} answered: the phone keeps its configuration`);
      const header = found.settings.get("#mac");
      if (header !== undefined && header.toLowerCase() !== ctx.mac) throw new BootFailure(`${found.url} is for ${header}, not this phone: it rejects the file`);
      if (found.macFile) return found.settings;
      const moved = configServer(found.settings);
      if (!moved || visited.has(moved)) throw new BootFailure(`${found.url} does not move the phone elsewhere, and no MAC file answered at ${server}`);
      server = moved;
    }
    throw new BootFailure("the config server keeps moving");
  },
  parse,
  next,
  line(settings, n) {
    const get = (key: string) => settings.get(`account.${n}.${key}`);
    if (get("enable") !== "Yes") return { enabled: false };
    const proxy = get("sip.outboundProxy.1.address");
    return {
      enabled: true,
      username: get("sip.userid"),
      authUsername: get("sip.subscriber.userid") || get("sip.userid"),
      password: get("sip.subscriber.password"),
      displayName: get("sip.subscriber.name"),
      registrar: get("sip.server.1.address"),
      outboundProxy: proxy ? endpoint(proxy) : null,
    };
  },
  languages: (settings) => [englishName(settings.get("language.gui"))],
  timeZone: (settings) => settings.get("dateTime.timezone"),
  recheckMinutes(settings) {
    const mode = settings.get("provisioning.auto.mode");
    if (mode === "YesUpgradeMin") return Number(settings.get("provisioning.auto.minute") ?? 10080);
    if (mode === "YesUpgradeHourOfDay") return 1440;
    if (mode === "YesUpgradeDayOfWeek") return 10080;
    return 0;
  },
  credentials: (settings) =>
    nonEmptyMatching(settings, /^account\.\d+\.sip\.(userid|subscriber\.userid|subscriber\.password)$|^provisioning\.config\.(username|password)$/),
  provisioningUser: (settings) => settings.get("provisioning.config.username") || undefined,
};

export default grandstreamPhone;
