// `npm run bench [-- --quick]`: the phone path under load, next to the floor it cannot beat.
//
// 1. Builds both Workers as they deploy (`wrangler deploy --dry-run --outdir`) and measures their bundles.
// 2. Runs them in workerd through Miniflare (no `wrangler dev` proxy in front), the admin API's Worker
//    behind the phone Worker's ADMIN service binding as deployed, with a file-backed local D1 that the
//    drizzle/ migrations are applied to, next to two reference Workers on the same D1:
//    bench/floor.ts (no framework, the phone path's own D1 statement for a MAC, the row as text) and
//    bench/noop.js (a constant); bench/limiter.js (a constant after one Rate Limiting call) prices a call
//    to the binding, whose counter runs in a second workerd process (startWorkerd).
//    Every Worker is served on its own socket (Miniflare's direct sockets), so nothing sits in front of it.
// 3. For N = 1,000, 10,000, 100,000 terminals, each N in workerd processes and a D1 of its own started
//    for it, seeded through the import API (10,000 per call, timed),
//    drives each case with autocannon at a fixed concurrency and writes bench/results.{md,json}.
//
// Options: --quick (N = 1,000 and 10,000, 3 s per case; results go to a temporary folder, not bench/),
// --sizes=1000,10000 --duration=10 --connections=16 --out=<dir>; --statements (only the storm's records:
// 1,000 boots at N = 1,000, then D1 statements per 1,000 boots, no timing; writes nothing); --inline-consumer
// (the storm's batches written in this workerd, not in the second one: see INLINE_CONSUMER).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import autocannon from "autocannon";
import { Miniflare } from "miniflare";
import { applyMigrations, buildWorker, compatibilityDate as compatibilityDateOf, cpuSample, cpuShare, cpuUsPer, kib, median, option, round, tapRecords, terminalRow, withoutProcesses } from "./lib.mjs";
import { gitDescribe, isTail, statementsPer1000Boots, summarize, toMarkdown } from "./report.mjs";

const argv = process.argv.slice(2);
/** The checkout to build and migrate (default: this one); `--root=<dir>` benchmarks another (e.g. a worktree). */
const ROOT = path.resolve(option("root", path.join(import.meta.dirname, "..")));
const BENCH = import.meta.dirname;

const QUICK = argv.includes("--quick");
/** `--statements`: the storm's records only, counted; a fixed number of boots instead of a duration. */
const STATEMENTS = argv.includes("--statements");
const STATEMENTS_BOOTS = 1000;
/**
 * `--inline-consumer`: the storm's batches written by the phone Worker's queue() in the same workerd, on
 * the thread that answers the phones (how this benchmark ran until 2026-12-01). By default they are
 * written in a second workerd process (bench/records-relay.js, bench/records-writer.js), as deployed
 * they are written by a consumer invocation of their own on D1's machine.
 */
const INLINE_CONSUMER = argv.includes("--inline-consumer");
const SIZES = STATEMENTS ? [1000] : option("sizes", QUICK ? "1000,10000" : "1000,10000,100000").split(",").map(Number);
const DURATION = Number(option("duration", QUICK ? 3 : 5));
const WARMUP = 1;
const ROUNDS = STATEMENTS ? 1 : Number(option("rounds", QUICK ? 1 : 4));
const CONNECTIONS = Number(option("connections", 16));
const OUT = path.resolve(option("out", QUICK ? path.join(os.tmpdir(), "edgeprov-bench-quick") : BENCH));
const IMPORT_CHUNK = 10_000;
/** Client addresses handed out so far (nextIp). */
let ipCounter = 0;

const ADMIN_TOKEN = "bench-admin-token-0123456789abcdef";
/** Not a phone: the miss case records no unknown device (see the unknown-mac case). */
const USER_AGENT = "edgeprov-bench/1";
const CLIENT_IP = "198.51.100.10";
/** The headers of a generic file's answer (src/phone/respond.ts fileResponse), besides the request id. */
const ANSWER_HEADERS = ["content-type", "cache-control", "etag"];

const started = performance.now();
const log = (message) => console.log(`[bench ${((performance.now() - started) / 1000).toFixed(1).padStart(6)}s] ${message}`);

// `--render=<results.json>`: the ratios and targets worked out again from its runs (after a change of
// report.mjs), both files written again; when, where and on what source it ran stay as they were.
const renderFrom = option("render", "");
if (renderFrom) {
  const saved = JSON.parse(readFileSync(renderFrom, "utf8"));
  const context = { root: ROOT, argv: [], settings: saved.settings, importChunk: IMPORT_CHUNK, bundle: saved.bundle, adminBundle: saved.adminBundle };
  const again = { ...summarize({ runs: saved.runs, imports: saved.imports }, context), date: saved.date, source: saved.source, command: saved.command, machine: saved.machine };
  writeFileSync(renderFrom, JSON.stringify(again, null, 2) + "\n");
  writeFileSync(path.join(path.dirname(renderFrom), "results.md"), toMarkdown(again));
  console.log(`wrote ${path.join(path.dirname(renderFrom), "results.md")}`);
  process.exit(0);
}

// --- 1. Build as deployed -------------------------------------------------------------------------

// Both Workers, as `npm run deploy` builds them: the phone Worker (wrangler.toml), which every phone
// request loads, and the admin API's Worker (wrangler.admin.toml) behind its ADMIN service binding.
const work = mkdtempSync(path.join(os.tmpdir(), "edgeprov-bench-"));
/** What is built and measured: the commit at the start (`-dirty` when the tree had changes then). */
const SOURCE = gitDescribe(ROOT);
const toml = readFileSync(path.join(ROOT, "wrangler.toml"), "utf8");
const compatibilityDate = compatibilityDateOf(ROOT);
const builds = {
  phone: buildWorker(ROOT, ["-c", "wrangler.toml"], path.join(work, "phone"), log),
  admin: buildWorker(ROOT, ["-c", "wrangler.admin.toml"], path.join(work, "admin"), log),
  floor: buildWorker(ROOT, ["bench/floor.ts", "--name", "floor", "--compatibility-date", compatibilityDate, "--minify"], path.join(work, "floor"), log),
  // The Hono frame: Hono and the phone Worker's request-id middleware around the very responses the phone
  // Worker sends for generic files (setGenericAnswers), what a generic file is measured against.
  hono: buildWorker(ROOT, ["bench/hono-frame.ts", "--name", "hono", "--compatibility-date", compatibilityDate, "--minify"], path.join(work, "hono"), log),
};
const bundle = builds.phone.bundle;
log(`phone Worker bundle: ${kib(bundle.rawBytes)} KiB raw, ${kib(bundle.gzipBytes)} KiB gzip (${bundle.modules} modules)`);
log(`admin Worker bundle: ${kib(builds.admin.bundle.rawBytes)} KiB raw, ${kib(builds.admin.bundle.gzipBytes)} KiB gzip`);

// --- 2. Miniflare: the built Worker and the two references on one file-backed D1 ---------------------

const limitMatch = /simple\s*=\s*\{\s*limit\s*=\s*(\d+)\s*,\s*period\s*=\s*(\d+)\s*\}/.exec(toml);
const missLimit = { limit: Number(limitMatch?.[1] ?? 100), period: Number(limitMatch?.[2] ?? 60) };
const D1_ID = "edgeprov-bench";
const direct = [{ host: "127.0.0.1", port: 0 }];
// The RECORDS queue as wrangler.toml configures it (batches of up to 100, 5 s batch timeout), consumed by the phone Worker.
const batchSize = /max_batch_size\s*=\s*(\d+)/.exec(toml);
const batchTimeout = /max_batch_timeout\s*=\s*(\d+)/.exec(toml);
const RECORDS_QUEUE = "edgeprov-records";
const maxRetries = /max_retries\s*=\s*(\d+)/.exec(toml);
const retryDelay = /retry_delay\s*=\s*(\d+)/.exec(toml);
const deadLetterQueue = /dead_letter_queue\s*=\s*"([^"]+)"/.exec(toml);
// As the top level of wrangler.toml configures the consumer: batches, retries, their delay and the dead-letter queue.
const queueConsumer = {
  maxBatchSize: Number(batchSize?.[1] ?? 100),
  maxBatchTimeout: Number(batchTimeout?.[1] ?? 5),
  maxRetries: Number(maxRetries?.[1] ?? 3),
  retryDelay: Number(retryDelay?.[1] ?? 0),
  ...(deadLetterQueue ? { deadLetterQueue: deadLetterQueue[1] } : {}),
};
/** What the queue consumer reports (its one JSON line per batch), and the records a hand-off lost. */
const records = { batches: 0, messages: 0, boots: 0, statements: 0, ms: 0, maxMs: 0, lost: 0, failed: 0 };

/** The phone Worker as built, in either workerd: its Miniflare entry before what each adds. */
const phoneWorker = {
  name: "edgeprov",
  modulesRoot: builds.phone.outdir,
  modules: builds.phone.modules,
  compatibilityDate,
  // Plain HTTP here, so MAC files must be allowed over it (as `npm start` does).
  bindings: { REQUIRE_HTTPS: "false", PUBLIC_BASE_URL: "" },
  d1Databases: { DB: D1_ID },
};

// The second workerd process: what runs off the phones' thread when deployed.
// - The records writer: the phone Worker's queue() and a D1 of its own (the fleet mirrored into it:
//   mirrorFleet), so that writing the storm's batches does not take turns with the phones on the first
//   one's thread (in production D1 runs the statements on its own machine). Its CPU is counted apart: the
//   storm's "writer CPU per boot".
// - The Rate Limiting counter (bench/limiter-counter.js): Miniflare's simulation of the binding, which the
//   Workers in the first process reach through MISS_LIMITER (bench/limiter-binding.js). Deployed, the
//   binding asks Cloudflare's rate limiting service, none of the Worker's CPU; in the phone Worker's
//   process, the simulated call cost about a fifth of a miss's CPU (bench/README.md, "a miss").
//
// Each N gets workerd processes of its own, started afresh, with a D1 of its own: a case at N = 100,000
// then runs on a process as young as at N = 1,000, and "flat from 1k to 100k" compares fleet sizes only.
// In one process kept for the whole run, every Worker slowed at the last N, the no-op (which reads
// nothing) by 15% in one run; why was not found. What this no longer measures: a process or an isolate
// growing old over a whole run.
async function startWorkerd(n) {
  const before = new Set(cpuSample().workerdPids.keys());
  const apart = new Miniflare({
    handleRuntimeStdio: tapRecords(records),
    d1Persist: path.join(work, `d1-writer-${n}`),
    workers: [
      {
        name: "limiter-counter",
        modulesRoot: BENCH,
        modules: [{ type: "ESModule", path: path.join(BENCH, "limiter-counter.js") }],
        compatibilityDate,
        ratelimits: { MISS_LIMITER: { namespace_id: "1001", simple: missLimit } },
        unsafeDirectSockets: direct,
      },
      ...(INLINE_CONSUMER
        ? []
        : [
            {
              name: "records-writer",
              modulesRoot: BENCH,
              modules: [{ type: "ESModule", path: path.join(BENCH, "records-writer.js") }],
              compatibilityDate,
              compatibilityFlags: ["service_binding_extra_handlers"],
              serviceBindings: { CONSUMER: "edgeprov" },
              unsafeDirectSockets: direct,
            },
            phoneWorker,
          ]),
    ],
  });
  /** Whatever started is stopped again when a later step fails (Miniflare's exit hook would, later). */
  let mf;
  try {
    await apart.ready;
    /** The workerd processes the second Miniflare started (before the benchmark's own): their CPU is counted apart. */
    const apartPids = new Set([...cpuSample().workerdPids.keys()].filter((pid) => !before.has(pid)));
    const address = async (name) => new URL(await apart.unsafeGetDirectURL(name)).host;
    const writerAddress = INLINE_CONSUMER ? null : await address("records-writer");
    /** MISS_LIMITER in the first process: each limit() a call to the counter in the second. */
    const missLimiter = {
      name: "miss-limiter",
      modulesRoot: BENCH,
      modules: [{ type: "ESModule", path: path.join(BENCH, "limiter-binding.js") }],
      serviceBindings: { COUNTER: { external: { address: await address("limiter-counter"), http: {} } } },
    };

    mf = new Miniflare({
      handleRuntimeStdio: tapRecords(records),
      d1Persist: path.join(work, `d1-${n}`),
      workers: [
        {
          ...phoneWorker,
          wrappedBindings: { MISS_LIMITER: "miss-limiter" },
          serviceBindings: { ADMIN: "edgeprov-admin" },
          queueProducers: { RECORDS: RECORDS_QUEUE },
          queueConsumers: INLINE_CONSUMER ? { [RECORDS_QUEUE]: queueConsumer } : {},
          unsafeDirectSockets: direct,
        },
        ...(writerAddress
          ? [
              {
                name: "records-relay",
                modulesRoot: BENCH,
                modules: [{ type: "ESModule", path: path.join(BENCH, "records-relay.js") }],
                compatibilityDate,
                queueConsumers: { [RECORDS_QUEUE]: queueConsumer },
                serviceBindings: { WRITER: { external: { address: writerAddress, http: {} } } },
              },
            ]
          : []),
        {
          name: "edgeprov-admin",
          modulesRoot: builds.admin.outdir,
          modules: builds.admin.modules,
          compatibilityDate,
          bindings: { REQUIRE_HTTPS: "false", PUBLIC_BASE_URL: "", ADMIN_TOKEN },
          d1Databases: { DB: D1_ID },
        },
        {
          name: "floor",
          modulesRoot: builds.floor.outdir,
          modules: builds.floor.modules,
          compatibilityDate,
          d1Databases: { DB: D1_ID },
          unsafeDirectSockets: direct,
        },
        {
          name: "hono",
          modulesRoot: builds.hono.outdir,
          modules: builds.hono.modules,
          compatibilityDate,
          unsafeDirectSockets: direct,
        },
        {
          name: "limiter",
          modulesRoot: BENCH,
          modules: [{ type: "ESModule", path: path.join(BENCH, "limiter.js") }],
          compatibilityDate,
          wrappedBindings: { MISS_LIMITER: "miss-limiter" },
          unsafeDirectSockets: direct,
        },
        missLimiter,
        {
          name: "noop",
          modulesRoot: BENCH,
          modules: [{ type: "ESModule", path: path.join(BENCH, "noop.js") }],
          compatibilityDate,
          unsafeDirectSockets: direct,
        },
      ],
    });

    await mf.ready;
    const urls = {
      edgeprov: await mf.unsafeGetDirectURL("edgeprov"),
      floor: await mf.unsafeGetDirectURL("floor"),
      noop: await mf.unsafeGetDirectURL("noop"),
      limiter: await mf.unsafeGetDirectURL("limiter"),
      hono: await mf.unsafeGetDirectURL("hono"),
    };
    const db = await mf.getD1Database("DB");
    await applyMigrations(db, ROOT);
    const writerDb = writerAddress ? await apart.getD1Database("DB", "edgeprov") : null;
    if (writerDb) await applyMigrations(writerDb, ROOT);
    log(`N=${n}: workerd up (compatibility_date ${compatibilityDate}); migrations applied to a file-backed D1 in ${work}`);
    return { mf, apart, apartPids, urls, db, writerDb };
  } catch (error) {
    await Promise.allSettled([mf?.dispose(), apart.dispose()]);
    throw error;
  }
}

/**
 * Stops an N's workerd processes. A stuck workerd may never answer its dispose: after 15 s the run stops
 * with an error, rather than measure the next N next to a process still spinning.
 */
async function stopWorkerd(running) {
  if (!running) return;
  const stopped = await Promise.race([
    Promise.all([running.mf.dispose(), running.apart.dispose()]).then(() => true),
    new Promise((resolve) => setTimeout(() => resolve(false), 15_000)),
  ]);
  if (!stopped) throw new Error("workerd did not stop within 15 s");
}

let exitCode = 0;
/** The workerd processes of the N being measured. */
let running = null;
try {
  /** Terminals created so far: their MAC files' paths, in creation order. */
  const known = [];
  const imports = [];
  const runs = [];

  for (const n of SIZES) {
    await stopWorkerd(running);
    running = null;
    running = await startWorkerd(n);
    const { urls, db, writerDb, apartPids } = running;
    const api = (method, p, body, type = "application/json") =>
      fetch(new URL(`/api/v1${p}`, urls.edgeprov), {
        method,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body === undefined ? {} : { "content-type": type }) },
        body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
      });
    const models = (await json(await api("GET", "/models?limit=100"))).items;
    const company = await json(
      await api("POST", "/companies", {
        name: "Bench Co",
        sipDomain: "sip.bench.example",
        sipProxy: "proxy.bench.example:5060",
        language: "es",
        timezone: "Europe/Madrid",
      }),
    );

    // Each N starts from an empty fleet (a D1 of its own) and is seeded through the import API, 10,000 per call, each call timed.
    known.length = 0;
    while (known.length < n) {
      const count = Math.min(IMPORT_CHUNK, n - known.length);
      const rows = [];
      for (let i = known.length; i < known.length + count; i++) rows.push(terminalRow(i, company.id, models));
      const body = JSON.stringify(rows);
      const t0 = performance.now();
      const res = await api("POST", "/terminals/import", body);
      await res.arrayBuffer();
      const ms = performance.now() - t0;
      if (res.status !== 201) throw new Error(`import answered ${res.status}`);
      imports.push({ n, rows: count, bytes: body.length, ms: round(ms), terminalsAfter: known.length + count });
      for (const row of rows) known.push({ mac: row.mac, path: models.find((m) => m.iden === row.model).specificPattern.replace("{mac}", row.mac) });
      log(`imported ${count} terminals in one call: ${(ms / 1000).toFixed(2)} s (now ${known.length})`);
    }
    if (writerDb) await mirrorFleet(db, writerDb);
    const genericFiles = models.map((m) => m.genericFile);
    await setGenericAnswers(urls, genericFiles);
    const pick = (list) => list[Math.floor(Math.random() * list.length)];

    const cases = [
      {
        name: "generic",
        target: "edgeprov",
        expect: 200,
        path: () => `/provision/${pick(genericFiles)}`,
      },
      {
        name: "generic",
        target: "noop",
        expect: 200,
        path: () => `/provision/${pick(genericFiles)}`,
      },
      {
        name: "generic",
        target: "hono",
        expect: 200,
        path: () => `/provision/${pick(genericFiles)}`,
      },
      {
        name: "mac",
        target: "edgeprov",
        expect: 200,
        // Steady state: every terminal polled less than a minute ago from this IP, so no row is written.
        before: () => markPolled(db),
        path: () => `/provision/${pick(known).path}`,
      },
      {
        name: "mac",
        target: "floor",
        expect: 200,
        path: () => `/${pick(known).mac}`,
      },
      {
        name: "storm",
        target: "edgeprov",
        expect: 200,
        records: true,
        // A reboot storm: every fetch is the first of its minute from its address (a fresh client IP per
        // request), so each one changes the terminal's provisioning record and adds an event, handed to
        // the RECORDS queue and written by its consumer in batches while the load runs.
        path: () => `/provision/${pick(known).path}`,
        headers: () => ({ "cf-connecting-ip": nextIp() }),
      },
      {
        name: "storm",
        target: "floor",
        expect: 200,
        // The storm's floor: the same lookup and one log line (bench/floor.ts), no records.
        path: () => `/log/${pick(known).mac}`,
        headers: () => ({ "cf-connecting-ip": nextIp() }),
      },
      {
        name: "unknown-mac",
        target: "edgeprov",
        expect: 404,
        // A fresh client IP per request: the miss limit (per IP) never trips, so this measures a miss,
        // not a 429. The User-Agent is no phone's, so no unknown device is recorded.
        path: () => `/provision/0015ff${randomHex(6)}.cfg`,
        headers: () => ({ "cf-connecting-ip": randomIp() }),
      },
      {
        name: "unknown-mac",
        target: "limiter",
        expect: 404,
        // The miss's call to the Rate Limiting binding alone (bench/limiter.js), from the same fresh addresses.
        path: () => `/provision/0015ff${randomHex(6)}.cfg`,
        headers: () => ({ "cf-connecting-ip": randomIp() }),
      },
      {
        name: "config-preview",
        target: "edgeprov",
        expect: 200,
        path: () => `/api/v1/terminals/${pick(known).mac}/config`,
        headers: () => ({ authorization: `Bearer ${ADMIN_TOKEN}` }),
      },
    ];

    // Rounds of every case in turn, each case's figure the median of its rounds: a machine shared with
    // other work drifts, and interleaving spreads the drift over edgeprov and the references alike.
    const perRound = [];
    const only = option("cases", "").split(",").filter(Boolean);
    if (only.length > 0) cases.splice(0, cases.length, ...cases.filter((c) => only.includes(c.name)));
    if (STATEMENTS) cases.splice(0, cases.length, ...cases.filter((c) => c.name === "storm" && c.target === "edgeprov"));
    for (let round = 1; round <= ROUNDS; round++) {
      for (const c of inTurn(cases, round)) {
        if (c.first) await cases.find((x) => x.name === c.name && x.before)?.before();
        records.maxMs = 0;
        const records0 = { ...records };
        const cpuBeforeWarm = cpuSample();
        const warm = STATEMENTS ? undefined : await load(urls[c.target], c, { duration: WARMUP });
        const cpu0 = cpuSample();
        const result = await load(urls[c.target], c, STATEMENTS ? { amount: STATEMENTS_BOOTS } : { duration: DURATION });
        // The storm's records are written while it runs; the last batches after it: wait for them, and
        // count their CPU with the requests that caused them (inline), or as the writer's (apart).
        const written = c.records ? await drained(records0, (warm?.requests.total ?? 0) + result.requests.total) : undefined;
        const cpu1 = cpuSample();
        const cpu = cpuShare(withoutProcesses(cpu0, apartPids), withoutProcesses(cpu1, apartPids), result.requests.total);
        // The writer's CPU from the warm-up on (its boots are written too), in µs: per boot in report.mjs.
        if (written) written.writerCpuUs = cpuUsPer(cpuBeforeWarm, cpu1, apartPids, 1);
        const statuses = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([s, v]) => [s, v.count]));
        const unexpected = Object.entries(statuses).filter(([s]) => Number(s) !== c.expect).reduce((a, [, v]) => a + v, 0);
        const errors = result.errors + result.timeouts;
        const lat = result.latency;
        perRound.push({ round, case: c.name, worker: c.target, rps: result.requests.average, p50: lat.p50, p99: lat.p99, max: lat.max, requests: result.requests.total, statuses, errors, cpu, written });
        log(
          `N=${n} round ${round}/${ROUNDS} ${c.target}/${c.name}: ${round1(result.requests.average)} req/s, p50 ${lat.p50} ms, ` +
            `p99 ${lat.p99} ms, max ${lat.max} ms${isTail(lat) ? " (TAIL: max over 10x p50)" : ""} ${JSON.stringify(statuses)}; ` +
            `workerd CPU ${cpu.workerdUsPerRequest} us/request; machine CPU: bench ${cpu.ours}%, others ${cpu.others}%` +
            (written
              ? `; records: ${written.boots} boots in ${written.messages} messages, ${written.batches} batches, ${written.statements} D1 statements ` +
                `(${statementsPer1000Boots(written)} per 1,000 boots; ${written.ms} ms writing, the longest batch ${written.maxMs} ms), ${written.lost} lost` +
                (writerDb && written.boots > 0 ? `; writer CPU ${Math.round(written.writerCpuUs / written.boots)} us/boot` : "")
              : ""),
        );
        if (unexpected > 0 || errors > 0) throw new Error(`${c.target}/${c.name}: ${unexpected} unexpected statuses, ${errors} errors`);
        // Seen once here: workerd's V8 stuck in its garbage collector's sweeping at 100% CPU, answering
        // nothing. Stop with a clear error rather than wait on it.
        if (result.requests.total === 0) throw new Error(`${c.target}/${c.name}: no response (is workerd stuck?)`);
      }
    }
    for (const c of cases) {
      const mine = perRound.filter((r) => r.case === c.name && r.worker === c.target);
      runs.push({
        n,
        case: c.name,
        worker: c.target,
        rps: round1(median(mine.map((r) => r.rps))),
        p50: round(median(mine.map((r) => r.p50)), 2),
        p99: round(median(mine.map((r) => r.p99)), 2),
        max: Math.max(...mine.map((r) => r.max)),
        tail: isTail({ max: Math.max(...mine.map((r) => r.max)), p50: median(mine.map((r) => r.p50)) }),
        written: mine[0]?.written ? sumOf(mine.map((r) => r.written)) : undefined,
        cpuUs: median(mine.map((r) => r.cpu.workerdUsPerRequest)),
        requests: mine.reduce((a, r) => a + r.requests, 0),
        statuses: mine.reduce((a, r) => {
          for (const [s, v] of Object.entries(r.statuses)) a[s] = (a[s] ?? 0) + v;
          return a;
        }, {}),
        rounds: mine.map((r) => ({ rps: round1(r.rps), p50: r.p50, p99: r.p99, max: r.max, cpu: r.cpu })),
      });
    }
  }

  if (STATEMENTS) {
    // No timing here: what the consumer wrote for exactly STATEMENTS_BOOTS boots, against the target.
    const storm = runs.find((r) => r.case === "storm" && r.worker === "edgeprov");
    const perThousand = statementsPer1000Boots(storm.written);
    console.log(JSON.stringify({ boots: storm.requests, ...storm.written, statementsPer1000Boots: perThousand, target: 20, met: perThousand !== null && perThousand <= 20 }));
    if (!(perThousand !== null && perThousand <= 20)) exitCode = 1;
    throw Object.assign(new Error("--statements: the storm's records only, no results written"), { partial: true });
  }
  const settings = { sizes: SIZES, rounds: ROUNDS, durationSeconds: DURATION, warmupSeconds: WARMUP, connections: CONNECTIONS, compatibilityDate, missLimit, consumer: INLINE_CONSUMER ? "inline" : "apart", processes: "per N", source: SOURCE };
  const context = { root: ROOT, argv, settings, importChunk: IMPORT_CHUNK, bundle, adminBundle: builds.admin.bundle };
  const results = option("cases", "") ? { runs, imports } : summarize({ runs, imports }, context);
  if (!results.targets) {
    console.log(JSON.stringify(runs.map(({ rounds, ...r }) => r)));
    process.exitCode = 0;
    throw Object.assign(new Error("--cases: partial run, no results written"), { partial: true });
  }
  mkdirSync(OUT, { recursive: true });
  writeFileSync(path.join(OUT, "results.json"), JSON.stringify(results, null, 2) + "\n");
  const markdown = toMarkdown(results);
  writeFileSync(path.join(OUT, "results.md"), markdown);
  console.log("\n" + markdown);
  log(`wrote ${path.join(OUT, "results.md")} and results.json`);
} catch (error) {
  if (error.partial) console.log(error.message);
  else {
    console.error(error);
    exitCode = 1;
  }
} finally {
  await stopWorkerd(running).catch((error) => {
    console.error(error);
    exitCode = 1;
  });
  rmSync(work, { recursive: true, force: true });
}
process.exit(exitCode);

// --- helpers --------------------------------------------------------------------------------------

/**
 * The cases of a round, each case's Workers back to back, in the order listed in odd rounds and the other
 * way round in even ones: whatever a case's setup leaves behind (the poll's marking of every terminal is
 * a write of two rows per terminal) or the machine does over a few seconds weighs on the first Worker of a
 * pair as often as on the second. A case's `before` runs ahead of its first Worker (`first`).
 */
function inTurn(cases, round) {
  const names = [...new Set(cases.map((c) => c.name))];
  return names.flatMap((name) => {
    const own = cases.filter((c) => c.name === name);
    const ordered = round % 2 === 0 ? own.reverse() : own;
    return ordered.map((c, i) => ({ ...c, first: i === 0 }));
  });
}

/**
 * Hands the Hono frame (bench/hono-frame.ts) the phone Worker's answer for each generic file, as the load
 * will ask it (status, the headers fileResponse sets, the body's bytes), to send from memory, then checks
 * that the frame answers each path with exactly that: the two then send the same bytes, and a generic
 * file's ratio is edgeprov's own work on top of them.
 */
async function setGenericAnswers(urls, genericFiles) {
  const headers = { "user-agent": USER_AGENT, "cf-connecting-ip": CLIENT_IP };
  const answerOf = async (base, p) => {
    const res = await fetch(new URL(p, base), { headers });
    const kept = Object.fromEntries(ANSWER_HEADERS.map((name) => [name, res.headers.get(name)]).filter(([, value]) => value !== null));
    return { status: res.status, headers: kept, body: Buffer.from(await res.arrayBuffer()).toString("base64") };
  };
  const answers = {};
  for (const file of new Set(genericFiles)) {
    const p = `/provision/${file}`;
    answers[p] = await answerOf(urls.edgeprov, p);
    if (answers[p].status !== 200) throw new Error(`${p}: the phone Worker answered ${answers[p].status}`);
  }
  const set = await fetch(new URL("/responses", urls.hono), { method: "PUT", body: JSON.stringify(answers) });
  if (set.status !== 204) throw new Error(`the Hono frame refused its answers: ${set.status}`);
  for (const [p, answer] of Object.entries(answers)) {
    if (JSON.stringify(await answerOf(urls.hono, p)) !== JSON.stringify(answer)) throw new Error(`${p}: the Hono frame does not answer as the phone Worker does`);
  }
}

/**
 * The writer's D1 gets the fleet the benchmark's has (its companies and terminals, under the same ids, so
 * that every record finds its terminal there), after each import; nothing else is read there.
 */
async function mirrorFleet(from, to) {
  const CHUNK = 10_000;
  await to.batch(["provisioning_events", "unknown_devices", "terminal_lines", "terminals", "companies"].map((t) => to.prepare(`delete from ${t}`)));
  const copies = [
    ["companies", ["id", "name", "sip_domain"]],
    ["terminals", ["id", "company_id", "model_id", "mac", "name"]],
  ];
  for (const [table, columns] of copies) {
    const rows = await from.prepare(`select ${columns.join(", ")} from ${table} order by id`).raw();
    const values = columns.map((_, i) => `value ->> ${i}`).join(", ");
    for (let i = 0; i < rows.length; i += CHUNK) {
      await to
        .prepare(`insert into ${table} (${columns.join(", ")}) select ${values} from json_each(?)`)
        .bind(JSON.stringify(rows.slice(i, i + CHUNK)))
        .run();
    }
    const count = async (d) => (await d.prepare(`select count(*) as n from ${table}`).first()).n;
    const [here, there] = [await count(from), await count(to)];
    if (here !== there) throw new Error(`mirrorFleet: ${table} has ${here} rows here and ${there} in the writer's D1`);
  }
}

/**
 * The state a fleet is in between reboots: each terminal was served less than a minute ago to this IP
 * and User-Agent, so the provisioning record and the served event are throttled and a poll writes
 * no row (it still sends the throttled statements: see bench/README.md).
 */
async function markPolled(db) {
  const now = Date.now();
  await db.batch([
    db.prepare("update terminals set provisioned_at = ?1, provisioned_ip = ?2, provisioned_user_agent = ?3").bind(now, CLIENT_IP, USER_AGENT),
    db.prepare("delete from provisioning_events"),
    db
      .prepare("insert into provisioning_events (terminal_id, at, ip, user_agent, file, outcome) select id, ?1, ?2, ?3, 'bench', 'served' from terminals")
      .bind(now, CLIENT_IP, USER_AGENT),
  ]);
}

/**
 * Waits until the consumer has reported at least `sent` boots (served fetches) since `before` and then
 * nothing more for a batch timeout and a second (autocannon's count leaves out requests in flight when a
 * run stops: their records come in a last, partial batch, which counts), or 30 s. Returns what it wrote
 * meanwhile: boots, messages, batches, D1 statements and their time, and boots whose records were lost.
 */
async function drained(before, sent) {
  const deadline = Date.now() + 30_000;
  const quiet = (queueConsumer.maxBatchTimeout + 1) * 1000;
  const seen = () => records.boots + records.lost - (before.boots + before.lost);
  let last = seen();
  let since = Date.now();
  while (Date.now() < deadline && (seen() < sent || Date.now() - since < quiet)) {
    await new Promise((r) => setTimeout(r, 100));
    if (seen() !== last) (last = seen()), (since = Date.now());
  }
  const delta = Object.fromEntries(Object.keys(records).map((k) => [k, records[k] - before[k]]));
  // Every boot written or reported lost, and no batch refused: anything else is a broken run, not a figure.
  const missing = Math.max(0, sent - (delta.boots + delta.lost));
  if (missing > 0 || delta.failed > 0) {
    throw new Error(`storm records: ${missing} of ${sent} boots neither written nor reported lost within 30 s, ${delta.failed} batch write(s) refused`);
  }
  delta.maxMs = records.maxMs; // reset for each run (the case loop)
  return { ...delta, sent };
}

/** The rounds' records added up (the longest batch: the longest of any round). */
function sumOf(list) {
  return list.reduce((a, x) => Object.fromEntries(Object.keys(x).map((k) => [k, k === "maxMs" ? Math.max(a[k] ?? 0, x[k]) : (a[k] ?? 0) + x[k]])), {});
}

/** A client address never used before in this run (172.16.0.0/12: a million of them). */
function nextIp() {
  const n = ++ipCounter;
  return `172.${16 + ((n >>> 16) & 15)}.${(n >>> 8) & 255}.${n & 255}`;
}

function round1(x) {
  return round(x, 1);
}

/**
 * autocannon on `c` for `{ duration }` seconds or `{ amount }` requests. The latencies are every response's
 * as autocannon timed it (ms, to the microsecond): its own histogram keeps whole milliseconds, and a p99 of
 * 1 ms against 2 ms is no ratio.
 */
function load(base, c, length) {
  return new Promise((resolve, reject) => {
    const times = [];
    const instance = autocannon(
      {
        url: base.href,
        connections: CONNECTIONS,
        pipelining: 1,
        ...length,
        headers: { "user-agent": USER_AGENT, "cf-connecting-ip": CLIENT_IP },
        requests: [
          {
            setupRequest(req) {
              req.path = c.path();
              if (c.headers) Object.assign(req.headers, c.headers());
              return req;
            },
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve({ ...result, latency: latencyOf(times) })),
    );
    instance.on("response", (_client, _status, _bytes, ms) => times.push(ms));
  });
}

/** p50, p99 and the slowest of latencies in ms, to 0.01 ms (nearest rank). */
function latencyOf(times) {
  const sorted = Float64Array.from(times).sort();
  const at = (q) => round(sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? 0, 2);
  return { p50: at(0.5), p99: at(0.99), max: round(sorted.at(-1) ?? 0, 2) };
}

async function json(res) {
  const text = await res.text();
  if (!res.ok) throw new Error(`${res.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text);
}

function randomHex(digits) {
  let s = "";
  for (let i = 0; i < digits; i++) s += "0123456789abcdef"[Math.floor(Math.random() * 16)];
  return s;
}

function randomIp() {
  const n = Math.floor(Math.random() * 2 ** 24);
  return `10.${n >>> 16}.${(n >>> 8) & 255}.${n & 255}`;
}

