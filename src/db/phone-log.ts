// What the phone path writes, always after the response (waitUntil) except the lock claim: events,
// unknown devices. Each write is throttled in SQL, so repeated polls do not turn into writes. What to
// write (which model a sighting is, how much of a User-Agent to keep) is the caller's decision.
import { sql } from "drizzle-orm";
import type { Db } from "./client";
import { d1Statement } from "./client";
import { RECORD_INTERVAL_MS } from "./queries";
import { provisioningEvents, terminals, unknownDevices } from "./schema";

export const EVENTS_PER_TERMINAL = 50;
export const UNKNOWN_DEVICES_MAX = 1000;
/** New MACs one client may add: one client cannot push everyone else's sightings out. */
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

/**
 * Records an event unless the same outcome from the same IP was recorded in the last minute (or
 * `always`), then keeps only the terminal's last EVENTS_PER_TERMINAL events.
 */
export function recordEventStatements(db: Db, e: PhoneEvent): D1PreparedStatement[] {
  const since = e.at.getTime() - RECORD_INTERVAL_MS;
  return [
    d1Statement(db, sql`
      insert into ${provisioningEvents} (terminal_id, at, ip, user_agent, file, outcome)
      select ${e.terminalId}, ${e.at.getTime()}, ${e.ip}, ${e.userAgent}, ${e.file}, ${e.outcome}
      where ${e.always ? 1 : 0} or not exists (
        select 1 from ${provisioningEvents}
        where terminal_id = ${e.terminalId} and outcome = ${e.outcome} and ip is ${e.ip} and at > ${since})`),
    d1Statement(db, sql`
      delete from ${provisioningEvents}
      where terminal_id = ${e.terminalId} and id <= (
        select id from ${provisioningEvents} where terminal_id = ${e.terminalId}
        order by id desc limit 1 offset ${EVENTS_PER_TERMINAL})`),
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

/**
 * Records a request for an unknown MAC. The first sighting's model, User-Agent, IP and path stay: later
 * ones (anyone can send a MAC's path) only move lastSeen and the count, at most once a minute. A client
 * (an IPv4 address, an IPv6 /64: one host picks addresses in its /64 at will) adds at most
 * UNKNOWN_DEVICES_PER_CLIENT MACs; past UNKNOWN_DEVICES_MAX rows the oldest are evicted.
 */
export async function recordUnknownDevice(db: Db, s: Sighting): Promise<void> {
  const at = s.at.getTime();
  await db.$client.batch([
    d1Statement(db, sql`
      insert into ${unknownDevices} (mac, model_id, user_agent, ip, client, path, first_seen, last_seen, count)
      select ${s.mac}, ${s.modelId}, ${s.userAgent}, ${s.ip}, ${s.client}, ${s.path}, ${at}, ${at}, 1
      where exists (select 1 from ${unknownDevices} where mac = ${s.mac})
         or (select count(*) from ${unknownDevices} where client = ${s.client}) < ${UNKNOWN_DEVICES_PER_CLIENT}
      on conflict (mac) do update set
        last_seen = excluded.last_seen, count = ${unknownDevices.count} + 1
      where ${unknownDevices.lastSeen} < ${at - RECORD_INTERVAL_MS}`),
    d1Statement(db, sql`
      delete from ${unknownDevices} where mac in (
        select mac from ${unknownDevices} order by last_seen desc limit -1 offset ${UNKNOWN_DEVICES_MAX})`),
  ]);
}
