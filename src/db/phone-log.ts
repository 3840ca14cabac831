// What the phone path writes, never before the response except the lock claim: the provisioning record,
// events, unknown devices. One request's records, or a queue consumer's batch of a few hundred, is ONE
// statement (a batch of thousands is one per MAX_ROWS_PER_STATEMENT rows; rows too large for one bound
// value go apart too: see MAX_JSON_CHARS):
// the rows travel as one JSON array (one bound parameter, far under D1's 100 per statement) into the
// `phone_records` view, whose INSTEAD OF triggers (drizzle/0009_phone_records.sql) write each row where
// it belongs. The database's single primary then sees a statement per few hundred rows, not one per
// request (docs/scale.md). Every row is idempotent and lets the latest fetch win: the
// same records written twice, or an older one after a newer one, change nothing. What to write, and each
// row's throttle window, is decided here; the triggers only apply it.
import { sql } from "drizzle-orm";
import type { Db } from "./client";
import { d1Statement } from "./client";
import { RECORD_INTERVAL_MS, type Fetch } from "./queries";
import { terminals } from "./schema";

/** Held by the trigger `provisioning_events_cap` (drizzle/0009_phone_records.sql): change both together. */
export const EVENTS_PER_TERMINAL = 50;
/** Held by the trigger `phone_records_sighting` (drizzle/0009_phone_records.sql): change both together. */
export const UNKNOWN_DEVICES_MAX = 1000;
/** New MACs one client may add: one client cannot push everyone else's sightings out. Held by the same trigger. */
export const UNKNOWN_DEVICES_PER_CLIENT = 20;

export interface PhoneEvent {
  terminalId: number;
  at: Date;
  ip: string | null;
  /** As the caller clipped it. */
  userAgent: string | null;
  file: string;
  outcome: string;
  /** A fetch that changed something (first fetch, the lock, a new IP or User-Agent): never throttled. */
  always?: boolean;
}

/** A served fetch, for the terminal's provisioning record (provisioned_at, _ip, _user_agent). */
export type TerminalFetch = Fetch & { terminalId: number };

export interface Sighting {
  mac: string;
  /** The catalog model the request looks like (its path and User-Agent). */
  modelId: number;
  path: string;
  ip: string | null;
  /** The miss limit's key of `ip` (an IPv4 address, an IPv6 /64): what the per-client bound counts. */
  client: string;
  userAgent: string;
  at: Date;
}

/** What phone requests leave behind, one request's or a queue batch's. */
export interface PhoneRecords {
  events: PhoneEvent[];
  fetches: TerminalFetch[];
  sightings: Sighting[];
}

/**
 * One row of the `phone_records` view: [kind, terminal_id, mac, model_id, at, ip, client, user_agent,
 * file, outcome, quiet_after, quiet_before]. The quiet window is the throttle: nothing is written when the same
 * thing was already recorded strictly inside it (see the triggers).
 */
type RecordRow = [
  kind: "fetch" | "event" | "sighting",
  terminalId: number | null,
  mac: string | null,
  modelId: number | null,
  at: number,
  ip: string | null,
  client: string | null,
  userAgent: string | null,
  file: string | null,
  outcome: string | null,
  quietAfter: number,
  quietBefore: number,
];

/**
 * The rows for `records`, oldest first, so that a batch is written as the requests would have written it
 * one by one. The windows:
 * - a fetch updates the record unless the terminal has a newer one, or one under a minute older from
 *   the same IP and User-Agent (concurrent polls write at most once a minute, as in code: shouldRecordFetch);
 * - an event is skipped when the same outcome from the same IP is recorded within a minute of it, either
 *   side (a redelivered or late event finds its twin); an `always` event only when its exact twin is
 *   there (its own redelivery);
 * - a sighting moves its unknown device's lastSeen and count unless that was seen under a minute before
 *   it, or later (the first sighting's details stay: anyone can send a MAC's path).
 * A fetch's and a sighting's window ends at their own time: only what came before (or the newer record)
 * can make them redundant.
 */
function phoneRecordRows(records: PhoneRecords): RecordRow[] {
  const rows: RecordRow[] = [];
  for (const f of records.fetches) rows.push(["fetch", f.terminalId, null, null, f.at.getTime(), f.ip, null, f.userAgent, null, null, f.at.getTime() - RECORD_INTERVAL_MS, f.at.getTime()]);
  for (const e of records.events) {
    const at = e.at.getTime();
    const [after, before] = e.always ? [at - 1, at + 1] : [at - RECORD_INTERVAL_MS, at + RECORD_INTERVAL_MS];
    rows.push(["event", e.terminalId, null, null, at, e.ip, null, e.userAgent, e.file, e.outcome, after, before]);
  }
  for (const s of records.sightings) rows.push(["sighting", null, s.mac, s.modelId, s.at.getTime(), s.ip, s.client, s.userAgent, s.path, null, s.at.getTime() - RECORD_INTERVAL_MS, s.at.getTime()]);
  return rows.sort((a, b) => a[4] - b[4]);
}

/**
 * D1 binds a string of at most 2,000,000 bytes. A batch's rows are far under it (a User-Agent is clipped in
 * events and sightings), but a fetch keeps the whole User-Agent for its record: rows that would pass a
 * quarter of that many characters (UTF-8 takes at most 4 bytes each) go in a statement of their own, so
 * that phones sending huge headers cannot make a whole batch fail again and again.
 */
const MAX_JSON_CHARS = 500_000;

/**
 * Rows one statement writes at most: a queue batch in a storm holds thousands of boots, and D1's primary
 * runs one statement at a time, so a statement stays short (a few milliseconds) and the reads that
 * reach the primary get their turn between them. 200 rows are 100 boots (a fetch and an event each):
 * 10 statements per 1,000 boots, each a few milliseconds (the consumer's `ms`, over its statements).
 */
export const MAX_ROWS_PER_STATEMENT = 200;

/** The statements that write `records`: one, unless there are too many rows, or they are too large, for one. */
export function phoneRecordsStatements(db: Db, records: PhoneRecords): D1PreparedStatement[] {
  const chunks: string[][] = [[]];
  let size = 0;
  for (const row of phoneRecordRows(records)) {
    const json = JSON.stringify(row);
    const full = size + json.length > MAX_JSON_CHARS || chunks.at(-1)!.length >= MAX_ROWS_PER_STATEMENT;
    if (full && chunks.at(-1)!.length > 0) (chunks.push([]), (size = 0));
    chunks.at(-1)!.push(json);
    size += json.length + 1;
  }
  // `order by key`: the triggers run row by row in this order, each seeing the rows before it.
  return chunks
    .filter((rows) => rows.length > 0)
    .map((rows) => d1Statement(db, sql`
      insert into phone_records (kind, terminal_id, mac, model_id, at, ip, client, user_agent, file, outcome, quiet_after, quiet_before)
      select value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7,
        value ->> 8, value ->> 9, value ->> 10, value ->> 11
      from json_each(${`[${rows.join(",")}]`}) order by key`));
}

/**
 * Writes `records`, one statement after another (one, for a request's own records); returns the
 * statements sent. Not one batch: D1 runs a batch as one transaction, which would hold the primary for
 * all of them. Every row is idempotent, so statements written before a failure are harmless when the
 * whole is written again.
 */
export async function writePhoneRecords(db: Db, records: PhoneRecords): Promise<number> {
  const statements = phoneRecordsStatements(db, records);
  for (const statement of statements) await statement.run();
  return statements.length;
}

/**
 * Claims the first fetch of a terminal whose company locks after it. The update is the check: only
 * one request can turn `locked` from false to true, so two phones racing cannot both be served.
 */
export async function claimFirstFetch(db: Db, terminalId: number): Promise<boolean> {
  const result = await db.run(sql`update ${terminals} set locked = 1 where id = ${terminalId} and locked = 0`);
  return result.meta.changes === 1;
}
