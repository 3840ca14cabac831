// What the phone path writes, never before the response except the lock claim: the provisioning record,
// events, unknown devices. One statement per kind of record for any number of records (the rows travel as
// one JSON array, read with json_each: one bound parameter, far under D1's 100 per statement), so a queue
// consumer's batch of a hundred costs what one request costs. Every statement is idempotent and lets the
// latest fetch win: the same records written twice, or an older one after a newer one, change nothing.
// Each write is throttled in SQL as in code, so repeated polls do not turn into writes. What to write
// (which model a sighting is, how much of a User-Agent to keep) is the caller's decision.
import { sql } from "drizzle-orm";
import type { Db } from "./client";
import { d1Statement } from "./client";
import { RECORD_INTERVAL_MS, type Fetch } from "./queries";
import { provisioningEvents, terminals, unknownDevices } from "./schema";

/** Held by the trigger `provisioning_events_cap` (drizzle/0006_events_cap.sql): change both together. */
export const EVENTS_PER_TERMINAL = 50;
export const UNKNOWN_DEVICES_MAX = 1000;

export interface PhoneEvent {
  terminalId: number;
  at: Date;
  ip: string | null;
  /** As the caller clipped it. */
  userAgent: string | null;
  file: string;
  outcome: string;
}

/** A served fetch, for the terminal's provisioning record (provisioned_at, _ip, _user_agent). */
export type TerminalFetch = Fetch & { terminalId: number };

export interface Sighting {
  mac: string;
  /** The catalog model the request looks like (its path and User-Agent). */
  modelId: number;
  path: string;
  ip: string | null;
  userAgent: string;
  at: Date;
}

/** What phone requests leave behind, one request's or a queue batch's. */
export interface PhoneRecords {
  events: PhoneEvent[];
  fetches: TerminalFetch[];
  sightings: Sighting[];
}

/** The statements that write `records`: at most one per kind present (the event cap is a trigger). */
export function phoneRecordStatements(db: Db, records: PhoneRecords): D1PreparedStatement[] {
  const statements: D1PreparedStatement[] = [];
  if (records.fetches.length > 0) statements.push(recordFetchesStatement(db, records.fetches));
  if (records.events.length > 0) statements.push(recordEventsStatement(db, records.events));
  if (records.sightings.length > 0) statements.push(...recordSightingsStatements(db, records.sightings));
  return statements;
}

export async function writePhoneRecords(db: Db, records: PhoneRecords): Promise<number> {
  const statements = phoneRecordStatements(db, records);
  if (statements.length > 0) await db.$client.batch(statements);
  return statements.length;
}

/**
 * The provisioning record of each terminal, from its latest fetch: written when the terminal has none,
 * or when this fetch is newer and either a minute newer or from another IP or User-Agent (concurrent
 * polls write at most once a minute, as in code: shouldRecordFetch).
 */
function recordFetchesStatement(db: Db, fetches: TerminalFetch[]): D1PreparedStatement {
  const latest = new Map<number, TerminalFetch>();
  for (const f of fetches) if ((latest.get(f.terminalId)?.at.getTime() ?? -Infinity) < f.at.getTime()) latest.set(f.terminalId, f);
  const rows = JSON.stringify([...latest.values()].map((f) => [f.terminalId, f.at.getTime(), f.ip, f.userAgent]));
  return d1Statement(db, sql`
    update ${terminals} set provisioned_at = f.at, provisioned_ip = f.ip, provisioned_user_agent = f.ua
    from (select value ->> 0 as id, value ->> 1 as at, value ->> 2 as ip, value ->> 3 as ua from json_each(${rows})) f
    where ${terminals}.id = f.id and (${terminals}.provisioned_at is null or (${terminals}.provisioned_at < f.at and (
      ${terminals}.provisioned_at < f.at - ${RECORD_INTERVAL_MS}
      or ${terminals}.provisioned_ip is not f.ip or ${terminals}.provisioned_user_agent is not f.ua)))`);
}

/**
 * Records each event unless the same outcome from the same IP is recorded within a minute of it (either
 * side: a redelivered or late event finds its twin). The terminal's oldest events past
 * EVENTS_PER_TERMINAL go in the same statement (the trigger).
 */
function recordEventsStatement(db: Db, events: PhoneEvent[]): D1PreparedStatement {
  // Within one statement the insert does not see its own rows: throttle the batch in code first.
  const kept: PhoneEvent[] = [];
  for (const e of [...events].sort((a, b) => a.at.getTime() - b.at.getTime())) {
    const twin = kept.some((k) => k.terminalId === e.terminalId && k.outcome === e.outcome && k.ip === e.ip && e.at.getTime() - k.at.getTime() < RECORD_INTERVAL_MS);
    if (!twin) kept.push(e);
  }
  const rows = JSON.stringify(kept.map((e) => [e.terminalId, e.at.getTime(), e.ip, e.userAgent, e.file, e.outcome]));
  return d1Statement(db, sql`
    insert into ${provisioningEvents} (terminal_id, at, ip, user_agent, file, outcome)
    select e.terminal_id, e.at, e.ip, e.ua, e.file, e.outcome
    from (select key, value ->> 0 as terminal_id, value ->> 1 as at, value ->> 2 as ip, value ->> 3 as ua,
      value ->> 4 as file, value ->> 5 as outcome from json_each(${rows})) e
    where not exists (
      select 1 from ${provisioningEvents} p
      where p.terminal_id = e.terminal_id and p.outcome = e.outcome and p.ip is e.ip
        and p.at > e.at - ${RECORD_INTERVAL_MS} and p.at < e.at + ${RECORD_INTERVAL_MS})
    order by e.key`);
}

/**
 * Records requests for unknown MACs: at most one write per MAC a minute, the latest sighting winning;
 * the oldest rows are evicted past UNKNOWN_DEVICES_MAX.
 */
function recordSightingsStatements(db: Db, sightings: Sighting[]): D1PreparedStatement[] {
  const latest = new Map<string, Sighting>();
  for (const s of sightings) if ((latest.get(s.mac)?.at.getTime() ?? -Infinity) < s.at.getTime()) latest.set(s.mac, s);
  const rows = JSON.stringify([...latest.values()].map((s) => [s.mac, s.modelId, s.userAgent, s.ip, s.path, s.at.getTime()]));
  return [
    // `where true`: without it SQLite would read `on conflict` as a join's ON.
    d1Statement(db, sql`
      insert into ${unknownDevices} (mac, model_id, user_agent, ip, path, first_seen, last_seen, count)
      select value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 5, 1 from json_each(${rows}) where true
      on conflict (mac) do update set
        model_id = excluded.model_id, user_agent = excluded.user_agent, ip = excluded.ip, path = excluded.path,
        last_seen = excluded.last_seen, count = ${unknownDevices.count} + 1
      where ${unknownDevices.lastSeen} < excluded.last_seen - ${RECORD_INTERVAL_MS}`),
    d1Statement(db, sql`
      delete from ${unknownDevices} where mac in (
        select mac from ${unknownDevices} order by last_seen desc limit -1 offset ${UNKNOWN_DEVICES_MAX})`),
  ];
}

/**
 * Claims the first fetch of a terminal whose company locks after it. The update is the check: only
 * one request can turn `locked` from false to true, so two phones racing cannot both be served.
 */
export async function claimFirstFetch(db: Db, terminalId: number): Promise<boolean> {
  const result = await db.run(sql`update ${terminals} set locked = 1 where id = ${terminalId} and locked = 0`);
  return result.meta.changes === 1;
}
