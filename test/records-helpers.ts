// The RECORDS queue in tests: a queue that keeps what the phone Worker sends, a phone request with a
// chosen RECORDS binding, and a delivery of messages to the phone Worker's queue() as Queues makes it.
import { createExecutionContext, createMessageBatch, getQueueResult, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import phone from "../src/phone/worker";
import type { RecordMessage } from "../src/phone/records-queue";
import { YEALINK_UA } from "./phone-fetch";

const BASE = "https://provision.example.com/provision/";

/** What the producer sent, in order: the queue as the consumer will receive it. */
export function capturingQueue() {
  const sent: RecordMessage[] = [];
  const queue = {
    async send(body: RecordMessage) {
      // Queues serialise the body (JSON): the consumer gets a copy, never the sender's object.
      sent.push(JSON.parse(JSON.stringify(body)) as RecordMessage);
    },
  };
  return { sent, queue: queue as unknown as Queue };
}

/**
 * A Yealink's request for its MAC file, to the phone Worker with `records` as its RECORDS binding (none:
 * records written directly), its waitUntil work done.
 */
export async function phoneFetch(mac: string, records: Queue | undefined, ip = "198.51.100.70", phoneEnv: object = env, userAgent = YEALINK_UA(mac)) {
  const ctx = createExecutionContext();
  const request = new Request(`${BASE}${mac}.cfg`, { headers: { "cf-connecting-ip": ip, "user-agent": userAgent } });
  const response = await phone.fetch(request, { ...phoneEnv, RECORDS: records } as typeof env, ctx);
  const body = await response.text();
  await waitOnExecutionContext(ctx);
  return { status: response.status, body };
}

let nextId = 0;
/** Delivers `bodies` to the phone Worker's queue() as one batch, as Queues would, and waits for it. */
export async function deliver(bodies: RecordMessage[], consumerEnv: object = env) {
  const batch = createMessageBatch<RecordMessage>(
    "edgeprov-records",
    bodies.map((body) => ({ id: `m${++nextId}`, timestamp: new Date(), attempts: 1, body })),
  );
  const ctx = createExecutionContext();
  await phone.queue(batch, consumerEnv as typeof env);
  return getQueueResult(batch, ctx);
}
