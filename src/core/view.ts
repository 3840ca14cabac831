// The view every template gets (docs/families.md). Built from the rows of the phone path's lookup.
import type { ModelWithManufacturer, TerminalWithAll } from "../db/queries";
import { macWithColons } from "./mac";
import { LANGUAGES } from "./languages";
import { DEFAULT_NTP_SERVER, type Transport } from "../db/schema";
import { formatOffset, offsetMinutes } from "./timezone";
import { zoneRules, type ZoneRules } from "./zone-rules";
import { keyViews, mergedSettings, unusedKeys, type KeyView, type SettingView, type UnusedKeyView } from "./operator";

/** Which of a model's two files: the common one, or a terminal's MAC file. */
export type FileKind = "generic" | "specific";

export interface ProvisioningContext {
  /** Absolute URL of the provisioning root the phone should use next, without a trailing slash. */
  baseUrl: string;
  /** The instant of the request: time-zone offsets are those in force then. */
  now: Date;
}

export interface GenericView {
  model: { iden: string; name: string; manufacturer: string };
  provisioning: { baseUrl: string };
  /**
   * When what the file is made of last changed through the API: the model (generic file), and also its
   * company and terminal (MAC file). For vendors whose phones apply only a file with a higher version (Fanvil).
   */
  changedAt: Date;
}

export interface LineView {
  position: number;
  username: string;
  /** Falls back to `username`: phones need an auth id either way. */
  authUsername: string;
  password: string;
  displayName: string;
  extension: string | null;
}

export interface SpecificView extends GenericView {
  provisioning: GenericView["provisioning"] & {
    /** HTTP credentials the phone must send for its MAC file (company policy), or null. */
    auth: { scheme: "basic" | "digest"; username: string; password: string } | null;
  };
  mac: string;
  macUpper: string;
  macColon: string;
  company: { name: string; sipDomain: string; sipProxy: string | null; sipProxyHost: string | null; sipProxyPort: string | null };
  terminal: { name: string };
  lines: LineView[];
  line: LineView | null;
  /** Positions up to the model's `maxLines` that the terminal does not use: templates switch them off. */
  unusedLines: { position: number }[];
  language: { code: string; name: string };
  timezone: TimezoneView;
  /** How the lines reach the SIP server: the terminal's choice, else the company's. */
  sip: { transport: Transport; port: number; isUdp: boolean; isTcp: boolean; isTls: boolean };
  ntp: { server: string };
  /** Programmable keys in position order. */
  keys: KeyView[];
  /** Positions up to the model's `keyCount` that no key takes: templates clear them (src/core/operator.ts). */
  unusedKeys: UnusedKeyView[];
  /** The operator's settings for the model's family: the terminal's over the company's. */
  settings: SettingView[];
  /** The company phonebook's URL for this phone and its file name, where its family has one (src/core/render.ts). */
  directory: { url: string; file: string } | null;
}

/** The zone, its offset now, and its DST rule for phones that follow DST themselves (src/core/zone-rules.ts). */
export interface TimezoneView {
  name: string;
  /** In force at the request: `+01:00`. */
  utcOffset: string;
  offsetMinutes: number;
  standardOffsetMinutes: number;
  standardUtcOffset: string;
  posix: string;
  dst: ZoneRules["dst"];
}

const SIP_PORT = 5060;
const SIPS_PORT = 5061;

export function genericView(model: ModelWithManufacturer, ctx: ProvisioningContext): GenericView {
  return {
    model: { iden: model.iden, name: model.name, manufacturer: model.manufacturer.name },
    provisioning: { baseUrl: ctx.baseUrl },
    changedAt: model.updatedAt,
  };
}

export function specificView(terminal: TerminalWithAll, ctx: ProvisioningContext): SpecificView {
  const { company, model } = terminal;
  const lines: LineView[] = terminal.lines.map((line) => ({
    position: line.position,
    username: line.username,
    authUsername: line.authUsername ?? line.username,
    password: line.password,
    displayName: line.displayName,
    extension: line.extension,
  }));
  const used = new Set(lines.map((line) => line.position));
  const unusedLines = [];
  for (let position = 1; position <= model.maxLines; position++) {
    if (!used.has(position)) unusedLines.push({ position });
  }
  const languageCode = terminal.language ?? company.language;
  const zone = terminal.timezone ?? company.timezone;
  const minutes = offsetMinutes(zone, ctx.now);
  const transport = terminal.transport ?? company.transport;
  const [proxyHost, proxyPort] = splitHostPort(company.sipProxy);
  const common = genericView(model, ctx);
  const auth = company.policy.auth;
  return {
    ...common,
    provisioning: { ...common.provisioning, auth: auth ? { scheme: auth.scheme, username: auth.username, password: auth.password } : null },
    mac: terminal.mac,
    macUpper: terminal.mac.toUpperCase(),
    macColon: macWithColons(terminal.mac),
    company: { name: company.name, sipDomain: company.sipDomain, sipProxy: company.sipProxy, sipProxyHost: proxyHost, sipProxyPort: proxyPort },
    terminal: { name: terminal.name },
    lines,
    line: lines[0] ?? null,
    unusedLines,
    language: { code: languageCode, name: LANGUAGES[languageCode] ?? "English" },
    timezone: timezoneView(zone, ctx.now, minutes),
    sip: { transport, port: terminal.sipPort ?? company.sipPort ?? (transport === "tls" ? SIPS_PORT : SIP_PORT), isUdp: transport === "udp", isTcp: transport === "tcp", isTls: transport === "tls" },
    ntp: { server: company.ntpServer ?? DEFAULT_NTP_SERVER },
    changedAt: new Date(Math.max(model.updatedAt.getTime(), company.updatedAt.getTime(), terminal.updatedAt.getTime())),
    keys: keyViews(terminal.keys),
    unusedKeys: unusedKeys(terminal.keys, model.keyCount, used),
    settings: mergedSettings(model.templateSet, company.settings, terminal.settings),
    directory: null,
  };
}

function timezoneView(name: string, now: Date, minutes: number): TimezoneView {
  const rules = zoneRules(name, now);
  return {
    name,
    utcOffset: formatOffset(minutes),
    offsetMinutes: minutes,
    standardOffsetMinutes: rules.standardOffsetMinutes,
    standardUtcOffset: formatOffset(rules.standardOffsetMinutes),
    posix: rules.posix,
    dst: rules.dst,
  };
}

/** `host:port`, `[v6]:port`, or a bare host (a bare IPv6 address has colons but no port). */
function splitHostPort(value: string | null): [string | null, string | null] {
  if (!value) return [null, null];
  const match = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(value);
  return match ? [match[1]!, match[2]!] : [value, null];
}
