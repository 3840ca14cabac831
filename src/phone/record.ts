// What a phone request leaves behind, after the response: the terminal's provisioning record and event,
// or the sighting of an unknown device. Each is throttled, so a phone polling every minute does not write
// every minute. A served fetch that changed something (the first one, the one that locked the terminal,
// one from a new IP or User-Agent) is always an event: it is the one an operator looks for when the next
// fetch is refused. With the RECORDS queue (Workers Paid) the records go to it, gathered per isolate
// into one message a window, and its consumer writes them in batches (src/phone/records-queue.ts);
// without it (Workers Free has no Queues) they are written to D1 here, in waitUntil. docs/deploy.md says
// which to choose.
import type { Context } from "hono";
import { writePhoneRecords, type PhoneRecords } from "../db/phone-log";
import { changesFetchRecord, RECORD_INTERVAL_MS, shouldRecordFetch, type Fetch, type ModelWithManufacturer, type TerminalWithAll } from "../db/queries";
import { matchPattern } from "../core/paths";
import { clipUserAgent, type PhoneRequest, type Refusal } from "../core/policy/enforce";
import type { PhoneEnv } from "./env";
import { clientKey } from "./rate-limit";
import { DEFAULT_WINDOW_MS, handOff, type RecordMessage } from "./records-queue";

/**
 * The terminal's event for this request and, when it was served, its provisioning record. `claimed`:
 * this request locked the terminal. False when nothing is recorded (a served poll, throttled).
 */
export function recordTerminalFetch(
  c: Context<PhoneEnv>,
  terminal: TerminalWithAll,
  req: PhoneRequest,
  file: string,
  outcome: Refusal | "served" | "file_too_large",
  claimed = false,
): boolean {
  const fetch = { terminalId: terminal.id, at: req.now, ip: req.ip, userAgent: req.userAgent };
  const served = outcome === "served";
  const record = served ? latestRecord(terminal) : terminal;
  const always = served && (claimed || changesFetchRecord(record, fetch));
  // A phone polling its file again within the minute, from the same place, costs no write at all.
  if (served && !always && !shouldRecordFetch(record, fetch)) return false;
  // The same refusal from the same place within the minute: the database would keep one anyway.
  if (!served && !rememberEvent(`${fetchKey(terminal)}:${outcome}:${req.ip}`, req.now.getTime())) return true;
  if (served) remember(keptFetches, fetchKey(terminal), fetch);
  const event = { terminalId: terminal.id, file, outcome, always, at: req.now, ip: req.ip, userAgent: clipUserAgent(req.userAgent) };
  keep(c, { events: [event], fetches: served ? [fetch] : [], sightings: [] });
  return true;
}

/**
 * What this isolate handed off lately: each terminal's last recorded fetch, and when each refusal (per
 * terminal, outcome and client address) was last recorded. A terminal's row in D1 is seconds late while
 * its records wait in a window and then in the queue: a phone that fetches again meanwhile (a retry, a
 * boot loop) would look like a first fetch each time, and push its real history out of the 50 events
 * kept. This isolate's own memory throttles it as the row would; another isolate may still record the
 * same fetch once more (the database keeps each). Keyed by id and MAC, so a terminal deleted and made
 * again under a reused id starts afresh; bounded, the oldest forgotten first.
 */
const MAX_REMEMBERED = 10_000;
const keptFetches = new Map<string, Fetch>();
const keptEvents = new Map<string, number>();

/** What a fresh isolate knows of past hand-offs: nothing. For tests that move a terminal's record back in time. */
export function forgetRecentRecords(): void {
  keptFetches.clear();
  keptEvents.clear();
}

const fetchKey = (terminal: TerminalWithAll) => `${terminal.id}:${terminal.mac}`;

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > MAX_REMEMBERED) map.delete(map.keys().next().value!);
}

/** The terminal's record as D1 has it, or as this isolate last handed it off when that is newer. */
function latestRecord(terminal: TerminalWithAll): Pick<TerminalWithAll, "provisionedAt" | "provisionedIp" | "provisionedUserAgent"> {
  const kept = keptFetches.get(fetchKey(terminal));
  if (!kept || (terminal.provisionedAt !== null && terminal.provisionedAt >= kept.at)) return terminal;
  return { provisionedAt: kept.at, provisionedIp: kept.ip, provisionedUserAgent: kept.userAgent };
}

/** False when the same event was recorded here under RECORD_INTERVAL_MS before `at`; else remembers it. */
function rememberEvent(key: string, at: number): boolean {
  const last = keptEvents.get(key);
  if (last !== undefined && at >= last && at - last < RECORD_INTERVAL_MS) return false;
  remember(keptEvents, key, at);
  return true;
}

/**
 * A request for an unknown MAC, kept in the inbox when its path and User-Agent look like a catalog
 * model (so scanners do not fill the list).
 */
export function recordSighting(c: Context<PhoneEnv>, models: readonly ModelWithManufacturer[], req: PhoneRequest, path: string, mac: string): void {
  const userAgent = clipUserAgent(req.userAgent);
  if (!userAgent) return;
  const model = models.find((m) => userAgentPattern(m)?.test(userAgent) && matchPattern(m.specificPattern, path) === mac);
  if (!model) return;
  keep(c, { events: [], fetches: [], sightings: [{ mac, modelId: model.id, path, ip: req.ip, client: clientKey(req.ip), userAgent, at: req.now }] });
}

const userAgentPatterns = new WeakMap<ModelWithManufacturer, RegExp | null>();

/**
 * A miss is checked against every model's User-Agent pattern: each compiled once per catalog snapshot
 * (the models are the snapshot's objects), not once per request (120 compilations made a miss cost more
 * CPU than a hit).
 */
function userAgentPattern(model: ModelWithManufacturer): RegExp | null {
  let re = userAgentPatterns.get(model);
  if (re === undefined) userAgentPatterns.set(model, (re = model.userAgent ? new RegExp(model.userAgent, "i") : null));
  return re;
}

function keep(c: Context<PhoneEnv>, records: PhoneRecords): void {
  const queue = c.env.RECORDS as Queue<RecordMessage> | undefined;
  const waitUntil = (p: Promise<unknown>) => c.executionCtx.waitUntil(p);
  if (queue) handOff(queue, records, c.get("requestId"), recordsWindowMs(c.env), waitUntil);
  else waitUntil(writePhoneRecords(c.var.db.writes, records));
}

/** RECORDS_WINDOW_MS from wrangler.toml's [vars]: a whole number of milliseconds up to 10 s, else the default. */
function recordsWindowMs(env: PhoneEnv["Bindings"]): number {
  const ms = env.RECORDS_WINDOW_MS ? Number(env.RECORDS_WINDOW_MS) : Number.NaN;
  return Number.isInteger(ms) && ms >= 0 && ms <= 10_000 ? ms : DEFAULT_WINDOW_MS;
}
