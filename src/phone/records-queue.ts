// Records through a Cloudflare Queue (the RECORDS binding). A phone request's records do not each
// become a message: an isolate gathers them for up to a window (RECORDS_WINDOW_MS) or until a message is
// full, and sends the window's records as ONE message after the responses. This Worker's queue() handler
// then writes a batch (up to 100 messages, so thousands of boots in a storm) to D1 in a few statements
// of bounded size (src/db/phone-log.ts), instead of one per request on the database's single primary.
// docs/scale.md says why and what it costs.
// Queues deliver at least once and in no set order: the statements are idempotent and the latest
// fetch wins, so a redelivered or late batch changes nothing.
import { createDb } from "../db/client";
import { writePhoneRecords, type PhoneEvent, type PhoneRecords, type Sighting, type TerminalFetch } from "../db/phone-log";

/** JSON on the wire (times in epoch milliseconds): readable in the dashboard, the same in every runtime. */
type Wire<T> = Omit<T, "at"> & { at: number };

export interface RecordMessage {
  events?: Wire<PhoneEvent>[];
  fetches?: Wire<TerminalFetch>[];
  sightings?: Wire<Sighting>[];
}

/** How long an isolate gathers records into one message, at most, unless wrangler.toml says otherwise. */
export const DEFAULT_WINDOW_MS = 1000;

/**
 * A message's records at most, in bytes as estimated (estimatedBytes): Queues take messages of up to
 * 128 KB. About 150 boots (a fetch and an event each) with the User-Agents phones send.
 */
export const MAX_MESSAGE_BYTES = 120_000;

/** The records of one window, on their way to becoming one message. */
interface Window {
  records: PhoneRecords;
  requestIds: string[];
  bytes: number;
  sent: boolean;
}

/** The open window of each queue binding (one per isolate in practice: the binding is the key). */
const open = new WeakMap<object, Window>();

/**
 * Hands one request's records to the queue, after its response. The request that opens a window
 * sends it when the window ends, in its own waitUntil; a request that fills it sends it at once, in
 * its own. The requests in between only add their records: they do no I/O, so none waits on another's
 * (workerd ties I/O to the request that started it). A window whose send fails is lost as a whole:
 * the phones have their files already, and one JSON line says what was lost (a retry would hold the
 * records longer and put the send back on a request's path).
 */
export function handOff(queue: Queue<RecordMessage>, records: PhoneRecords, requestId: string, windowMs: number, waitUntil: (p: Promise<unknown>) => void): void {
  const bytes = estimatedBytes(records);
  let window = open.get(queue);
  if (window && window.bytes + bytes > MAX_MESSAGE_BYTES) {
    open.delete(queue);
    waitUntil(send(queue, window));
    window = undefined;
  }
  if (!window) {
    const opened: Window = (window = { records: { events: [], fetches: [], sightings: [] }, requestIds: [], bytes: 0, sent: false });
    open.set(queue, opened);
    waitUntil(
      new Promise((resolve) => setTimeout(resolve, windowMs)).then(() => {
        if (open.get(queue) === opened) open.delete(queue);
        return send(queue, opened);
      }),
    );
  }
  window.records.events.push(...records.events);
  window.records.fetches.push(...records.fetches);
  window.records.sightings.push(...records.sightings);
  window.requestIds.push(requestId);
  window.bytes += bytes;
}

/** The window's records as one message, once (whoever gets here first: its opener's timer, or the request that filled it). */
async function send(queue: Queue<RecordMessage>, window: Window): Promise<void> {
  if (window.sent) return;
  window.sent = true;
  const { records, requestIds } = window;
  try {
    await queue.send({ events: wire(records.events), fetches: wire(records.fetches), sightings: wire(records.sightings) });
  } catch (error) {
    const lost = { events: records.events.length, fetches: records.fetches.length, sightings: records.sightings.length };
    const terminals = [...new Set([...records.events, ...records.fetches].map((r) => r.terminalId))];
    const macs = records.sightings.map((s) => s.mac);
    console.log(JSON.stringify({ level: "error", event: "records_lost", requestIds, ...lost, terminals, macs, error: String(error) }));
  }
}

/**
 * The records' size as a message, from above: 3 bytes for each character of a string (UTF-8 takes at
 * most that for a UTF-16 unit; header values hold no control characters to escape), and an allowance for
 * each key, number, boolean and null. Cheaper than serialising every request's records twice.
 */
function estimatedBytes(records: PhoneRecords): number {
  let bytes = 0;
  for (const list of [records.events, records.fetches, records.sightings]) {
    for (const item of list as object[]) {
      bytes += 2;
      for (const value of Object.values(item)) bytes += typeof value === "string" ? value.length * 3 + 20 : 32;
    }
  }
  return bytes;
}

const wire = <T extends { at: Date }>(items: T[]) => (items.length > 0 ? items.map((i) => ({ ...i, at: i.at.getTime() })) : undefined);
const unwire = <T extends { at: number }>(items: T[] | undefined) => (items ?? []).map((i) => ({ ...i, at: new Date(i.at) }));

/**
 * The queue() handler: a batch's records in a few statements of bounded size, one after another (the
 * primary serves other queries between them). A failure is logged and thrown, and Queues retry the
 * batch (wrangler.toml: every 30 s, 10 times, then the dead-letter queue): the statements already
 * written find their rows there and change nothing. It consumes the dead-letter queue the same way when
 * an operator replays it (docs/deploy.md).
 */
export async function consumeRecords(batch: MessageBatch<RecordMessage>, env: { DB: D1Database }): Promise<void> {
  const started = Date.now();
  const bodies = batch.messages.map((m) => m.body);
  const records: PhoneRecords = {
    events: bodies.flatMap((b) => unwire(b.events)),
    fetches: bodies.flatMap((b) => unwire(b.fetches)),
    sightings: bodies.flatMap((b) => unwire(b.sightings)),
  };
  const counts = { fetches: records.fetches.length, events: records.events.length, sightings: records.sightings.length };
  let statements: number;
  try {
    statements = await writePhoneRecords(createDb(env.DB), records);
  } catch (error) {
    const attempts = Math.max(...batch.messages.map((m) => m.attempts));
    console.log(JSON.stringify({ level: "error", event: "records_write_failed", queue: batch.queue, messages: bodies.length, ...counts, attempts, error: String(error) }));
    throw error;
  }
  // One line per batch: what an operator reads to see the queue keep up (and what the benchmark counts).
  console.log(JSON.stringify({ level: "info", event: "records", queue: batch.queue, messages: bodies.length, ...counts, statements, ms: Date.now() - started }));
}
