// Records through a Cloudflare Queue (the RECORDS binding): a phone request hands what it leaves behind
// to the queue after its response, and this Worker's queue() handler writes a whole batch (up to 100
// messages) to D1 in one statement (src/db/phone-log.ts), instead of one per request on the database's
// single primary. docs/scale.md says why and what it costs.
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

const wire = <T extends { at: Date }>(items: T[]) => (items.length > 0 ? items.map((i) => ({ ...i, at: i.at.getTime() })) : undefined);
const unwire = <T extends { at: number }>(items: T[] | undefined) => (items ?? []).map((i) => ({ ...i, at: new Date(i.at) }));

/**
 * Sends one request's records. When the queue refuses them the phone has its file already: the records
 * are lost, and one JSON line says which (a retry would put the write back on the request's path).
 */
export async function handOff(queue: Queue<RecordMessage>, records: PhoneRecords, requestId: string): Promise<void> {
  try {
    await queue.send({ events: wire(records.events), fetches: wire(records.fetches), sightings: wire(records.sightings) });
  } catch (error) {
    const lost = { events: records.events.length, fetches: records.fetches.length, sightings: records.sightings.length };
    const terminals = [...new Set([...records.events, ...records.fetches].map((r) => r.terminalId))];
    console.log(JSON.stringify({ level: "error", event: "records_lost", requestId, ...lost, terminals, macs: records.sightings.map((s) => s.mac), error: String(error) }));
  }
}

/** The queue() handler: a batch's records in one D1 statement. A failure throws, and Queues retry the batch. */
export async function consumeRecords(batch: MessageBatch<RecordMessage>, env: { DB: D1Database }): Promise<void> {
  const started = Date.now();
  const bodies = batch.messages.map((m) => m.body);
  const records: PhoneRecords = {
    events: bodies.flatMap((b) => unwire(b.events)),
    fetches: bodies.flatMap((b) => unwire(b.fetches)),
    sightings: bodies.flatMap((b) => unwire(b.sightings)),
  };
  const statements = await writePhoneRecords(createDb(env.DB), records);
  // One line per batch: what an operator reads to see the queue keep up (and what the benchmark counts).
  console.log(JSON.stringify({ level: "info", event: "records", queue: batch.queue, messages: bodies.length, statements, ms: Date.now() - started }));
}
