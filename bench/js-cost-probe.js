// The Worker behind `npm run bench:js` (bench/js-cost.mjs): calls a Worker's fetch() in a loop, in
// workerd, with every D1 read answered from memory and no socket in front, so what is timed is the
// Worker's JavaScript (and the runtime's Request and Response objects it makes) plus the loop's own
// cost, which the no-op Worker measures. `./phone.js`, `./floor.js`, `./hono.js` and `./noop.js` are the
// phone Worker, the floor (bench/floor.ts), the Hono frame and the no-op as built for deployment;
// js-cost.mjs puts them next to this module.
import phone from "./phone.js";
import floor from "./floor.js";
import hono from "./hono.js";
import noop from "./noop.js";

const WORKERS = { phone, floor, hono, noop };

/**
 * D1 answers by statement and first bound value (the lookup's MACs; its second value, the client, only
 * picks the client's block row, and no client is blocked here). Filled by a recording call, which sends
 * every statement to the real D1. A write is never answered from memory: it goes to D1 and is counted.
 */
const answers = new Map();
let reads = 0;
let writes = 0;

const isWrite = (sql) => !/^\s*(select|with)\b/i.test(sql);

function replaying(real, record) {
  const answer = (sql, key, call) => {
    if (isWrite(sql)) {
      writes++;
      return call();
    }
    if (answers.has(key)) return answers.get(key);
    reads++;
    const result = call();
    if (record) answers.set(key, result);
    return result;
  };
  const statement = (sql, real, params = []) => ({
    sql,
    real,
    key: `${sql}|${JSON.stringify(params[0] ?? null)}`,
    bind: (...values) => statement(sql, real.bind(...values), values),
    raw(options) {
      return answer(sql, `raw|${this.key}|${JSON.stringify(options ?? null)}`, () => real.raw(options));
    },
    all() {
      return answer(sql, `all|${this.key}`, () => real.all());
    },
    first(column) {
      return answer(sql, `first|${this.key}|${column}`, () => real.first(column));
    },
    run() {
      return answer(sql, `run|${this.key}`, () => real.run());
    },
  });
  const db = {
    prepare: (sql) => statement(sql, real.prepare(sql)),
    batch: (statements) =>
      answer(
        statements.map((s) => s.sql).find(isWrite) ?? statements[0]?.sql ?? "select",
        `batch|${statements.map((s) => s.key).join(";")}`,
        () => real.batch(statements.map((s) => s.real)),
      ),
    withSession: () => db,
    getBookmark: () => null,
  };
  return db;
}

/** What a request hands to waitUntil runs on; a failure there (a write that threw) is counted, not lost. */
let failures = [];
const ctx = {
  waitUntil(promise) {
    promise.catch((error) => failures.push(String(error)));
  },
  passThroughOnException() {},
  props: {},
};

/** The RECORDS queue: each message's records counted, then dropped (the window and the message are still built). */
const sent = { messages: 0, events: 0, fetches: 0 };
const queue = {
  async send(body) {
    sent.messages++;
    sent.events += body.events?.length ?? 0;
    sent.fetches += body.fetches?.length ?? 0;
  },
};
/** The miss limit's binding: never over (its simulated call is priced by bench/limiter.js, not here). */
const limiter = { limit: async () => ({ success: true }) };

/** Log lines written, counted on their way to workerd's own console.log (one more call for every Worker). */
let logLines = 0;
const log = console.log;
console.log = (...args) => {
  logLines++;
  log.apply(console, args);
};

export default {
  /**
   * POST a JSON body: { worker: "phone"|"floor"|"hono"|"noop", requests: [{ path, ip }], record: boolean
   * (send reads not yet answered to D1 and keep their answers), fresh: boolean (forget every answer
   * first), queue: boolean (without it, records are written to D1 directly), expect: status }.
   * Answers what the loop did besides answering: reads sent to D1 (none when every answer was recorded),
   * writes, log lines, the records sent to the queue, and what failed in waitUntil.
   */
  async fetch(request, env) {
    const { worker, requests, record, fresh, queue: withQueue, expect } = await request.json();
    if (fresh) answers.clear();
    // A records window of 0 ms: the loop never yields to timers, so every window fills, or closes at
    // the turn below; all of this call's records are sent before it answers.
    const workerEnv = { ...env, DB: replaying(env.DB, record), RECORDS: withQueue ? queue : undefined, MISS_LIMITER: limiter, RECORDS_WINDOW_MS: "0" };
    reads = writes = logLines = 0;
    Object.assign(sent, { messages: 0, events: 0, fetches: 0 });
    failures = [];
    for (const { path, ip } of requests) {
      const response = await WORKERS[worker].fetch(new Request(`http://127.0.0.1${path}`, { headers: { "user-agent": "edgeprov-bench/1", "cf-connecting-ip": ip } }), workerEnv, ctx);
      if (response.status !== expect) return new Response(`${worker} ${path}: ${response.status}, expected ${expect}: ${await response.text()}`, { status: 500 });
      await response.arrayBuffer();
    }
    // The last window's timer, and anything else the requests left to a later turn, runs before the answer.
    await new Promise((resolve) => setTimeout(resolve, 0));
    return Response.json({ reads, writes, logLines, sent: { ...sent }, failures: failures.slice(0, 3) });
  },
};
