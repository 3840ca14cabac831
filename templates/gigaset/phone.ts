// How a Gigaset Nx70 base asks for its files: at a provisioning URL naming a server, provisioning.xml (an
// indirection we do not serve) then <mac>.xml; at a URL naming a file, that file, after which the provisioning
// server it sets is used (templates/gigaset/NOTES.md: Gigaset's provisioning wiki). Line N is handset N (00001).
import { englishName, endpoint, mustHave, nonEmptyMatching, readFile, urlUser } from "../../tools/simulator/read";
import { BootFailure, type Phone, type Settings } from "../../tools/simulator/types";
import { parseXml, setOnce } from "../../tools/simulator/xml";
import { USER_AGENTS } from "./user-agents";
import { GIGASET_ZONES } from "./zones";

/** `<provisioning><nvm>`: `<param name value>` settings; `<oper name value>` recorded as `oper.<name>.<value>`. */
function parse(xml: string): Settings {
  const root = parseXml(xml);
  if (root.name !== "provisioning") throw new Error(`root is ${root.name}, not provisioning`);
  const settings: Settings = new Map();
  for (const section of root.children) {
    if (section.name !== "nvm") continue;
    for (const item of section.children) {
      if (item.name === "param") setOnce(settings, item.attributes.name ?? "", item.attributes.value ?? "");
      else if (item.name === "oper") setOnce(settings, `oper.${item.attributes.name}${item.attributes.value ? `.${item.attributes.value}` : ""}`, "1");
    }
  }
  return settings;
}

const server = (settings: Settings) => settings.get("Provisioning.global.ProvisioningServer")?.replace(/\/+$/, "");

const TRANSPORTS: Readonly<Record<string, string>> = { "1": "udp", "2": "tcp", "3": "tls" };

/** How handset N's SIP account reaches its server: its provider's TransportProtocol (1 UDP, the default) and port. */
export function gigasetSip(settings: Settings, n: number): { transport: string | undefined; port: string | undefined } {
  const provider = settings.get(`SipAccount.${String(n).padStart(5, "0")}.ProviderId`) ?? "0";
  return {
    transport: TRANSPORTS[settings.get(`SipProvider.${provider}.TransportProtocol`) ?? "1"],
    port: settings.get(`SipProvider.${provider}.RegServerPort`),
  };
}

/** The clock: a zone name from the base's list (its DST rule is the base's own) and the NTP server. */
export function gigasetClock(settings: Settings) {
  return { ntpServer: settings.get("DmGlobal.0.NtpServer"), zone: settings.get("DmGlobal.0.TimeZone") };
}

export const gigasetPhone: Phone = {
  examples: USER_AGENTS,
  userAgent: (model, mac) => USER_AGENTS[model.iden]?.[0]?.(mac) ?? `Gigaset ${model.name.replace(/^Gigaset\s+/i, "")}/83.V2.48.0+build.4fa8a54;${mac.toUpperCase()}`,
  async boot(ctx) {
    let root = ctx.base;
    if (/\.xml$/i.test(root)) {
      // A provisioning URL that names a file: the base applies it, then checks the server it sets.
      const bootstrap = readFile(parse, mustHave(await ctx.get(root, "provisioning file (named by the URL)"), "the provisioning file"), "the provisioning file");
      const moved = server(bootstrap);
      if (!moved) throw new BootFailure(`${root} sets no Provisioning.global.ProvisioningServer`);
      root = moved;
    }
    const indirection = await ctx.get(`${root}/provisioning.xml`, "provisioning.xml (optional)");
    if (indirection.status === 200) throw new BootFailure("provisioning.xml indirections are not simulated");
    const own = mustHave(await ctx.get(`${root}/${ctx.mac}.xml`, "MAC file"), "the MAC file");
    return readFile(parse, own, "the MAC file");
  },
  parse,
  next(generic, mac) {
    const root = server(generic);
    if (!root) throw new BootFailure("the file sets no Provisioning.global.ProvisioningServer");
    return `${root}/${mac}.xml`;
  },
  line(settings, n) {
    const handset = String(n).padStart(5, "0");
    const get = (key: string) => settings.get(`SipAccount.${handset}.${key}`);
    if (!settings.has(`oper.add_hs.${handset}`) || !get("UserName")) return { enabled: false };
    const provider = (key: string) => settings.get(`SipProvider.${get("ProviderId") ?? "0"}.${key}`);
    const proxy = provider("OutboundProxyAddress");
    return {
      enabled: true,
      username: get("UserName"),
      authUsername: get("AuthName") || get("UserName"),
      password: get("AuthPassword"),
      displayName: get("DisplayName"),
      registrar: provider("Domain"),
      // Mode 0: always through the outbound proxy; 2: never.
      outboundProxy: provider("OutboundProxyMode") === "0" && proxy ? endpoint(`${proxy}:${provider("OutboundProxyPort") || "5060"}`) : null,
    };
  },
  languages: (settings) => [englishName(settings.get("SystemSettings.global.Language"))],
  // A name outside the base's list is no zone at all to it.
  timeZone: (settings) => {
    const zone = settings.get("DmGlobal.0.TimeZone");
    return zone !== undefined && GIGASET_ZONES.includes(zone) ? zone : undefined;
  },
  // 0: once a day, between 1 and 4 am; otherwise seconds.
  recheckMinutes(settings) {
    const period = settings.get("Provisioning.global.Period");
    if (period === undefined) return 0;
    return period === "0" ? 1440 : Number(period) / 60;
  },
  credentials: (settings) => [
    ...nonEmptyMatching(settings, /^SipAccount\.\d+\.(UserName|AuthName|AuthPassword)$/),
    ...nonEmptyMatching(settings, /^Provisioning\.global\.ProvisioningServer$/).filter((url) => urlUser(url) !== undefined),
  ],
  provisioningUser: (settings) => urlUser(settings.get("Provisioning.global.ProvisioningServer")),
};

export default gigasetPhone;
