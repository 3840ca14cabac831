// The simulator's core: one unit of a catalog model boots against a provisioning root through an injected
// fetch (a deployed instance, `wrangler dev`, or the Worker itself inside workerd), the way the phone does,
// and ends with the account it would register with, or why it would not.
import { normalizeMac } from "../../src/core/mac";
import { phoneHttp, type Credentials, type Fetch, type RequestLog } from "./http";
import { BootFailure, type CatalogModel, type Endpoint, type Phone, type PhoneLine, type Settings } from "./types";

export interface SimulateOptions {
  fetch: Fetch;
  phone: Phone;
  model: CatalogModel;
  /** Any spelling; normalised to 12 lowercase hex digits. */
  mac: string;
  /** The provisioning root the phone is given, e.g. `http://localhost:8787/provision`. */
  base: string;
  /** HTTP credentials already on the phone (a company policy with Basic/Digest needs them for the MAC file). */
  credentials?: Credentials | null;
  userAgent?: string;
  oldFirmware?: boolean;
  onRequest?: (entry: RequestLog) => void;
}

export interface AccountLine extends PhoneLine {
  position: number;
}

/** What the phone ends up registering with. */
export interface Account {
  server: string | undefined;
  outboundProxy: Endpoint | null;
  user: string | undefined;
  authUser: string | undefined;
  displayName: string | undefined;
  language: string | undefined;
  timeZone: string | undefined;
  recheckMinutes: number;
  /** The enabled lines, in position order. */
  lines: AccountLine[];
  /** The provisioning user the phone keeps sending (company HTTP auth), when its files set one. */
  provisioningUser: string | undefined;
}

export interface SimulationResult {
  ok: boolean;
  model: CatalogModel;
  mac: string;
  userAgent: string;
  requests: RequestLog[];
  settings: Settings | null;
  account: Account | null;
  /** Why the phone would not register (empty when ok). */
  problems: string[];
  /** What it would get wrong without failing to register. */
  warnings: string[];
}

export async function simulate(options: SimulateOptions): Promise<SimulationResult> {
  const { phone, model } = options;
  const mac = normalizeMac(options.mac);
  if (!mac) throw new Error(`${options.mac} is not a MAC address`);
  const userAgent = options.userAgent ?? phone.userAgent(model, mac);
  const staged = options.credentials ?? null;
  const http = phoneHttp(options.fetch, userAgent, phone.credentialsInRules ? null : staged, options.onRequest);
  const result: SimulationResult = { ok: false, model, mac, userAgent, requests: http.log, settings: null, account: null, problems: [], warnings: [] };
  try {
    result.settings = await phone.boot({ model, mac, base: options.base.replace(/\/+$/, ""), oldFirmware: options.oldFirmware ?? false, credentials: staged, get: http.get });
  } catch (err) {
    if (!(err instanceof BootFailure)) throw err;
    result.problems.push(err.message);
    if (!options.credentials && http.log.some((r) => r.status === 401)) {
      result.problems.push("a 401 asked for HTTP credentials: the company's policy wants them on the phone (--user/--password)");
    }
    return result;
  }
  const { account, problems, warnings } = readAccount(phone, result.settings, model.maxLines);
  Object.assign(result, { account, ok: problems.length === 0 });
  result.problems.push(...problems);
  result.warnings.push(...warnings);
  return result;
}

/** The account in `settings`, with what stops it from registering and what it gets wrong. */
export function readAccount(phone: Phone, settings: Settings, maxLines: number) {
  const problems: string[] = [];
  const warnings: string[] = [];
  const lines: AccountLine[] = [];
  for (let position = 1; position <= maxLines; position++) {
    const line = phone.line(settings, position);
    if (!line.enabled) continue;
    lines.push({ position, ...line });
    for (const [field, value] of [["user", line.username], ["password", line.password], ["server", line.registrar]] as const) {
      if (!value) problems.push(`line ${position} has no ${field}`);
    }
  }
  if (lines.length === 0) problems.push("no line is enabled");
  const named = phone.languages(settings);
  const languages = [...new Set(named)];
  if (languages.length > 1) warnings.push(`the language settings disagree: ${languages.map(String).join(", ")}`);
  if (named.length === 0 || languages.includes(undefined)) warnings.push("a language setting is missing or not one the phone knows");
  const timeZone = phone.timeZone(settings);
  if (timeZone === undefined) warnings.push("no time zone");
  const recheckMinutes = phone.recheckMinutes(settings);
  if (!(recheckMinutes > 0)) warnings.push("the phone never asks for its files again");
  const first = lines[0];
  const account: Account = {
    server: first?.registrar,
    outboundProxy: first?.outboundProxy ?? null,
    user: first?.username,
    authUser: first?.authUsername,
    displayName: first?.displayName,
    language: languages.length === 1 ? languages[0] : undefined,
    timeZone,
    recheckMinutes,
    lines,
    provisioningUser: phone.provisioningUser(settings),
  };
  return { account, problems, warnings };
}

/** The report the CLI prints: each request with its status, then the account or why it fails. */
export function formatReport(result: SimulationResult): string {
  const out: string[] = [];
  out.push(`${result.model.name} (${result.model.iden}) ${result.mac}`);
  out.push(`User-Agent: ${result.userAgent}`);
  for (const r of result.requests) out.push(`  ${r.method} ${r.url} -> ${r.status}  ${r.purpose}${r.auth ? ` [${r.auth}]` : ""}`);
  const a = result.account;
  if (a) {
    out.push("Account:");
    out.push(`  server         ${a.server ?? "-"}${a.outboundProxy ? ` (outbound proxy ${a.outboundProxy.host}:${a.outboundProxy.port})` : ""}`);
    out.push(`  user           ${a.user ?? "-"}`);
    out.push(`  auth user      ${a.authUser ?? "-"}`);
    out.push(`  display name   ${a.displayName ?? "-"}`);
    out.push(`  language       ${a.language ?? "-"}`);
    out.push(`  time zone      ${a.timeZone ?? "-"}`);
    out.push(`  re-check       ${a.recheckMinutes > 0 ? `every ${a.recheckMinutes} min` : "never"}`);
    if (a.provisioningUser) out.push(`  provisioning   HTTP auth as ${a.provisioningUser}`);
    out.push(`  lines          ${a.lines.length}`);
    for (const l of a.lines) {
      out.push(`    ${l.position}: ${l.username ?? "-"} (auth ${l.authUsername ?? "-"}) "${l.displayName ?? ""}" @ ${l.registrar ?? "-"}${l.outboundProxy ? ` via ${l.outboundProxy.host}:${l.outboundProxy.port}` : ""}`);
    }
  }
  for (const w of result.warnings) out.push(`warning: ${w}`);
  for (const p of result.problems) out.push(`FAIL: ${p}`);
  out.push(result.ok ? "OK: the phone would register" : "FAILED: the phone would not register");
  return out.join("\n");
}
