// The Worker behind `npm run bench:js` (bench/js-cost.mjs): calls a Worker's fetch() in a loop, in
// workerd, with every D1 answer replayed from memory and no socket in front, so what is timed is the
// Worker's own JavaScript (and the runtime's Request and Response objects it makes). `./phone.js` and
// `./floor.js` are the phone Worker and the floor (bench/floor.ts) as built for deployment; js-cost.mjs
// puts them next to this module.
import phone from "./phone.js";
import floor from "./floor.js";
import hono from "./hono.js";

/**
 * D1 answers by statement and first bound value (the lookup's MACs; its second value, the client, only
 * picks the client's block row, and no client is blocked here). Filled by a recording call, which sends
 * every statement to the real D1.
 */
const answers = new Map();
let sentToD1 = 0;

function replaying(real, record) {
  const answer = (key, call) => {
    if (answers.has(key)) return answers.get(key);
    sentToD1++;
    const result = call();
    if (record) answers.set(key, result);
    return result;
  };
  const statement = (sql, real, params = []) => ({
    real,
    key: `${sql}|${JSON.stringify(params[0] ?? null)}`,
    bind: (...values) => statement(sql, real.bind(...values), values),
    raw(options) {
      return answer(`raw|${this.key}|${JSON.stringify(options ?? null)}`, () => real.raw(options));
    },
    all() {
      return answer(`all|${this.key}`, () => real.all());
    },
    first(column) {
      return answer(`first|${this.key}|${column}`, () => real.first(column));
    },
    run() {
      return answer(`run|${this.key}`, () => real.run());
    },
  });
  const db = {
    prepare: (sql) => statement(sql, real.prepare(sql)),
    batch: (statements) => answer(`batch|${statements.map((s) => s.key).join(";")}`, () => real.batch(statements.map((s) => s.real))),
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
/** The RECORDS queue: a send is accepted and dropped (the window and the message are still built). */
const queue = { send: async () => {}, sendBatch: async () => {} };
/** The miss limit's binding: never over (its simulated call is priced by bench/limiter.js, not here). */
const limiter = { limit: async () => ({ success: true }) };

export default {
  /**
   * POST a JSON body: { worker: "phone"|"floor"|"hono", requests: [{ path, ip }], record: boolean,
   * fresh: boolean (forget every recorded answer first), queue: boolean (without it, records are written to
   * D1 directly, and such a write is never replayed: a case that must not write shows it), expect: status }. Answers { sentToD1, bytes, failures }: how many D1 calls were not replayed
   * (none for a request that does not write, when timed) and what failed in waitUntil.
   */
  async fetch(request, env) {
    const { worker, requests, record, fresh, queue: withQueue, expect } = await request.json();
    if (fresh) answers.clear();
    const target = { phone, floor, hono }[worker];
    const workerEnv = { ...env, DB: replaying(env.DB, record), RECORDS: withQueue ? queue : undefined, MISS_LIMITER: limiter };
    sentToD1 = 0;
    failures = [];
    let bytes = 0;
    for (const { path, ip } of requests) {
      const response = await target.fetch(new Request(`http://127.0.0.1${path}`, { headers: { "user-agent": "edgeprov-bench/1", "cf-connecting-ip": ip } }), workerEnv, ctx);
      if (response.status !== expect) return new Response(`${worker} ${path}: ${response.status}, expected ${expect}: ${await response.text()}`, { status: 500 });
      bytes += (await response.arrayBuffer()).byteLength;
    }
    // What the requests left running (a window's send, a write) has its turn before the answer.
    await new Promise((resolve) => setTimeout(resolve, 0));
    return Response.json({ sentToD1, bytes, failures: failures.slice(0, 3) });
  },
};
