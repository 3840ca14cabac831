// How a Grandstream asks for its files: cfg<mac> (the legacy binary format), cfg<mac>.xml, cfg<model>.xml,
// cfg.xml, the first one found applied; a file that moves the config server starts the round again there
// (NOTES.md, Grandstream's provisioning guide). Files come as alias XML (config version 2) or P-values
// (config version 1); P-values are read into the alias names here, so the rest reads one vocabulary.
import { englishName, endpoint, nonEmptyMatching, readFile } from "../../tools/simulator/read";
import { BootFailure, type CatalogModel, type Phone, type Settings } from "../../tools/simulator/types";
import { parseXml, setOnce } from "../../tools/simulator/xml";
import { grandstreamProduct, isAndroid, type GrandstreamProduct } from "./dialects";
import { accountNumbers, MAX_P_ACCOUNTS } from "./pvalues";
import { USER_AGENTS } from "./user-agents";

/** P-values with a plain alias (Grandstream's templates name both). */
const ALIASES: Readonly<Record<string, string>> = {
  P212: "provisioning.config.protocol",
  P237: "provisioning.config.serverPath",
  P1360: "provisioning.config.username",
  P1361: "provisioning.config.password",
  P145: "provisioning.override.dhcp.allowCommonOptions",
  P194: "provisioning.auto.mode",
  P193: "provisioning.auto.minute",
  P1362: "language.gui",
  P64: "dateTime.timezone",
  P246: "dateTime.timezone.custom",
  P143: "dateTime.override.dhcp.allowOption2",
  P144: "dateTime.override.dhcp.allowOption42",
  P30: "dateTime.ntp.server.1",
};

/** What a P-value's number means, as alias spellings (drop-down values are numbers in P-value files). */
const VALUES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  "provisioning.config.protocol": { "0": "TFTP", "1": "HTTP", "2": "HTTPS", "3": "FTP", "4": "FTPS" },
  "provisioning.auto.mode": { "0": "No", "1": "YesUpgradeMin", "2": "YesUpgradeHourOfDay", "3": "YesUpgradeDayOfWeek" },
  "provisioning.override.dhcp.allowCommonOptions": { "0": "No", "1": "Yes" },
  "dateTime.override.dhcp.allowOption2": { "0": "No", "1": "Yes" },
  "dateTime.override.dhcp.allowOption42": { "0": "No", "1": "Yes" },
};

type PValueName = { name: string; values?: Readonly<Record<string, string>> };

function pValueNames(): Map<string, PValueName> {
  const names = new Map<string, PValueName>(Object.entries(ALIASES).map(([p, name]) => [p, { name, values: VALUES[name] }]));
  const yesNo = { "0": "No", "1": "Yes" };
  for (let n = 1; n <= MAX_P_ACCOUNTS; n++) {
    const p = accountNumbers(n)!;
    const account = (key: string) => `account.${n}.${key}`;
    names.set(p.enable, { name: account("enable"), values: yesNo });
    names.set(p.name, { name: account("name") });
    names.set(p.server, { name: account("sip.server.1.address") });
    names.set(p.outboundProxy, { name: account("sip.outboundProxy.1.address") });
    names.set(p.userId, { name: account("sip.userid") });
    names.set(p.authId, { name: account("sip.subscriber.userid") });
    names.set(p.password, { name: account("sip.subscriber.password") });
    names.set(p.displayName, { name: account("sip.subscriber.name") });
    names.set(p.registration, { name: account("sip.registration"), values: yesNo });
    names.set(p.transport, { name: account("sip.transport"), values: { "0": "UDP", "1": "TCP", "2": "TlsOrTcp" } });
    names.set(p.uriScheme, { name: account("sip.uriSchemeWhenUsingTls"), values: { "0": "sip", "1": "sips" } });
  }
  return names;
}
const P_NAMES = pValueNames();

/** `<gs_provision>`: alias XML (`<config version="2">` of `<item name>`) or P-values (`<config version="1">`). */
function parse(xml: string): Settings {
  const root = parseXml(xml);
  if (root.name !== "gs_provision") throw new Error(`root is ${root.name}, not gs_provision`);
  const settings: Settings = new Map();
  for (const child of root.children) {
    if (child.name === "mac") setOnce(settings, "#mac", child.text.trim());
    else if (child.name === "config") {
      const version = child.attributes.version;
      for (const item of child.children) {
        if (version === "2" && item.name === "item") setOnce(settings, item.attributes.name ?? "", item.text);
        else if (version === "1" && /^P\d+$/.test(item.name)) {
          const known = P_NAMES.get(item.name);
          if (!known) setOnce(settings, item.name, item.text);
          else setOnce(settings, known.name, known.values?.[item.text] ?? item.text);
        } else throw new Error(`unexpected <${item.name}> in <config version="${version}">`);
      }
    } else throw new Error(`unexpected <${child.name}> in <gs_provision>`);
  }
  return settings;
}

/** Where the phone's config server is once `settings` apply (protocol + path without scheme). */
function configServer(settings: Settings): string | undefined {
  const path = settings.get("provisioning.config.serverPath");
  if (!path) return undefined;
  const protocol = (settings.get("provisioning.config.protocol") ?? "HTTP").toLowerCase();
  return `${protocol}://${path.replace(/\/+$/, "")}`;
}

function next(generic: Settings, mac: string): string {
  const server = configServer(generic);
  if (!server) throw new BootFailure("the file sets no config server path");
  return `${server}/cfg${mac}.xml`;
}

/** The phone names its model file after itself, lowercase: a GXP2170 asks cfggxp2170.xml. */
const product = (name: string) => name.replace(/^Grandstream\s+/i, "").split(/[\s/]/)[0]!;

/**
 * The display language codes each product's template lists (P1362 / language.gui), by the ISO code they mean:
 * T-16xx `cs`, T-21xx and T-GRPv2 `cz` for Czech and `se` for Swedish, T-GXV `sv`, T-WP820 locale names. A code
 * outside its product's list is not a language the phone knows.
 */
const BASE = ["ar", "de", "en", "es", "fr", "he", "hu", "it", "ja", "ko", "nl", "pl", "pt", "ru", "sl", "tr", "zh"];
const PHONE_LANGUAGES: Readonly<Record<GrandstreamProduct, Readonly<Record<string, string>>>> = {
  gxp16: { ...Object.fromEntries(BASE.map((c) => [c, c])), cs: "cs", se: "sv" },
  pvalues: { ...Object.fromEntries(BASE.map((c) => [c, c])), cz: "cs", se: "sv" },
  grp: { ...Object.fromEntries(BASE.map((c) => [c, c])), cz: "cs", se: "sv" },
  gxv: { ...Object.fromEntries(BASE.map((c) => [c, c])), cz: "cs", sv: "sv", uk: "uk" },
  wp820: {
    ja_JP: "ja", zh_TW: "zh", "zh-tw": "zh", zh_CN: "zh", zh: "zh", de_DE: "de", en_US: "en", en: "en", es_ES: "es",
    fr_FR: "fr", fr: "fr", it_IT: "it", it: "it", nl_NL: "nl", nld: "nl", pl_PL: "pl", pl: "pl", pt_PT: "pt",
    sl_SI: "sl", tr_TR: "tr", tr: "tr", ru_RU: "ru", ru: "ru", uk_UA: "uk", iw_IL: "he", ar_EG: "ar",
  },
};

/** Which product read the file (boot tags it; a file parsed alone reads as the GRP261x / GXP21xx do). */
const productOf = (settings: Settings): GrandstreamProduct => (settings.get("#product") as GrandstreamProduct | undefined) ?? "grp";

/** A file as a unit of `model` reads it: tagged with its product, whose keys and values the readers below know. */
function parseAs(body: string, model?: CatalogModel): Settings {
  const settings = parse(body);
  if (model) settings.set("#product", grandstreamProduct(model.name));
  return settings;
}

/** `STD-1DST-2,M3.5.0/02:00:00,…`: a POSIX TZ rule, as T-WP820 lists them and a self-defined zone is written. */
const POSIX_ZONE = /^[A-Za-z]{3,}[+-]?\d{1,2}(:\d\d)?([A-Za-z]{3,}([+-]?\d{1,2}(:\d\d)?)?(,M\d{1,2}\.\d\.\d(\/\d{1,2}(:\d\d){0,2})?){2})?$/;

function knownZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * The zone as the phone applies it, and whether DHCP option 2 may override it, and the NTP server. GRP261x and
 * P-value phones: a listed zone, or with `customize` the self-defined POSIX rule; the GXV takes a zone name
 * (Android's), the WP820 a POSIX rule, and neither knows `customize`.
 */
export function grandstreamTime(settings: Settings) {
  const zone = settings.get("dateTime.timezone");
  const kind = productOf(settings);
  let applied: string | undefined;
  if (kind === "gxv") applied = zone && knownZone(zone) ? zone : undefined;
  else if (kind === "wp820") applied = zone && POSIX_ZONE.test(zone) ? zone : undefined;
  else applied = zone === "customize" ? settings.get("dateTime.timezone.custom") : zone;
  return {
    zone: applied,
    dhcpMayOverride: settings.get("dateTime.override.dhcp.allowOption2") !== "No",
    ntpServer: settings.get("dateTime.ntp.server.1"),
  };
}

/** Account N's SIP URI scheme over TLS: what the file sets, else the template's default (sips, sip on the GXV and WP820). */
export function grandstreamUriScheme(settings: Settings, n: number): string {
  return settings.get(`account.${n}.sip.uriSchemeWhenUsingTls`) ?? (isAndroid(productOf(settings)) ? "sip" : "sips");
}

/** Account N's transport (UDP, TCP, TlsOrTcp) and the port of its SIP server (5060 when none). */
export function grandstreamSipOf(settings: Settings, n: number) {
  const server = settings.get(`account.${n}.sip.server.1.address`);
  return { transport: settings.get(`account.${n}.sip.transport`) ?? "UDP", port: server === undefined ? undefined : endpoint(server).port };
}

export const grandstreamPhone: Phone = {
  examples: USER_AGENTS,
  userAgent: (model, mac) => `Grandstream Model HW ${product(model.name).toUpperCase()} SW 1.0.11.3 DevId ${mac.toLowerCase()}`,
  async boot(ctx) {
    let server = ctx.base;
    const visited = new Set<string>();
    for (let round = 1; round <= 3; round++) {
      visited.add(server);
      let found: { settings: Settings; macFile: boolean; url: string } | undefined;
      // The binary file first (current guides); a unit that gets none goes on to the XML ones.
      const files: [string, boolean][] = [
        [`cfg${ctx.mac}`, true],
        [`cfg${ctx.mac}.xml`, true],
        [`cfg${product(ctx.model.name).toLowerCase()}.xml`, false],
        ["cfg.xml", false],
      ];
      for (const [name, macFile] of files) {
        const file = await ctx.get(`${server}/${name}`, macFile ? "MAC file (the next one is asked when missing)" : "generic file");
        if (file.status !== 200) continue;
        found = { settings: readFile((body) => parseAs(body, ctx.model), file, macFile ? "the MAC file" : "the generic file"), macFile, url: file.url };
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
  parse: parseAs,
  next,
  line(settings, n) {
    const get = (key: string) => settings.get(`account.${n}.${key}`);
    if (get("enable") !== "Yes") return { enabled: false };
    const proxy = get("sip.outboundProxy.1.address");
    const server = get("sip.server.1.address");
    return {
      enabled: true,
      username: get("sip.userid"),
      // T-GXV and T-WP820 name the auth id subscriber.userId; T-GRPv2 (and the P-value map) subscriber.userid.
      authUsername: get(isAndroid(productOf(settings)) ? "sip.subscriber.userId" : "sip.subscriber.userid") || get("sip.userid"),
      password: get("sip.subscriber.password"),
      displayName: get("sip.subscriber.name"),
      registrar: server === undefined ? undefined : endpoint(server).host,
      outboundProxy: proxy ? endpoint(proxy) : null,
    };
  },
  languages: (settings) => {
    const code = settings.get("language.gui");
    return [englishName(code === undefined ? undefined : PHONE_LANGUAGES[productOf(settings)][code])];
  },
  timeZone: (settings) => grandstreamTime(settings).zone,
  // T-GRPv2 (and P194's numbers): YesUpgradeMin, YesUpgradeHourOfDay, YesUpgradeDayOfWeek; T-GXV and T-WP820:
  // CheckbyPeriod, CheckEveryDay, CheckEveryWeek. A value of the other list is not one the phone knows.
  recheckMinutes(settings) {
    const mode = settings.get("provisioning.auto.mode");
    const [byMinute, daily, weekly] = isAndroid(productOf(settings))
      ? ["CheckbyPeriod", "CheckEveryDay", "CheckEveryWeek"]
      : ["YesUpgradeMin", "YesUpgradeHourOfDay", "YesUpgradeDayOfWeek"];
    if (mode === byMinute) return Number(settings.get("provisioning.auto.minute") ?? 10080);
    if (mode === daily) return 1440;
    if (mode === weekly) return 10080;
    return 0;
  },
  credentials: (settings) =>
    nonEmptyMatching(settings, /^account\.\d+\.sip\.(userid|subscriber\.user[iI]d|subscriber\.password)$|^provisioning\.config\.(username|password)$/),
  provisioningUser: (settings) => settings.get("provisioning.config.username") || undefined,
};

export default grandstreamPhone;
