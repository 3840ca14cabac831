// `npm run bench:js`: what the phone Worker's own JavaScript costs per request, next to the floor's and
// the Hono frame's, without D1, sockets or the load generator. bench/js-cost-probe.js calls each
// Worker's fetch() in a loop inside workerd, with the D1 reads recorded once from a local D1 holding
// the fleet and then answered from memory; the RECORDS queue and the miss limit are stubs that accept
// everything. Each call is checked for what its requests must leave behind (no write; the log lines
// and records its case writes). A time also holds the loop's own cost (the no-op Worker's row); the
// difference between edgeprov and its reference is each Worker's own work: for edgeprov the framework,
// the path, the policy, the view, the template, the ETag, the log line and the records' window; for the
// floor its one statement's row as text (and its log line). `npm run bench` measures the same cases under
// load, where the local D1 and the sockets cost far more: read these as the part the code can change.
// On a shared machine a round can be disturbed: the table gives each difference's lowest and highest round.
//
// Writes bench/js-cost.md (or --out=<dir>). Options: --terminals=1000 --requests=4000 --rounds=11.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Miniflare } from "miniflare";
import { applyMigrations, buildWorker, compatibilityDate, discardStdout, median, option, round, terminalRow } from "./lib.mjs";

const ROOT = path.join(import.meta.dirname, "..");
const TERMINALS = Number(option("terminals", 1000));
const REQUESTS = Number(option("requests", 4000));
const ROUNDS = Number(option("rounds", 11));
const OUT = path.resolve(option("out", import.meta.dirname));
const COMPATIBILITY_DATE = compatibilityDate(ROOT);
const ADMIN_TOKEN = "js-cost-admin-token-0123456789abcdef";
const CLIENT_IP = "198.51.100.10";

const work = mkdtempSync(path.join(os.tmpdir(), "edgeprov-js-cost-"));
const phone = buildWorker(ROOT, ["-c", "wrangler.toml"], path.join(work, "phone"));
const admin = buildWorker(ROOT, ["-c", "wrangler.admin.toml"], path.join(work, "admin"));
const floor = buildWorker(ROOT, ["bench/floor.ts", "--name", "floor", "--compatibility-date", COMPATIBILITY_DATE, "--minify"], path.join(work, "floor"));
const hono = buildWorker(ROOT, ["bench/overhead/frame-nolog.ts", "--name", "hono", "--compatibility-date", COMPATIBILITY_DATE, "--minify"], path.join(work, "hono"));
// The probe's folder: the phone Worker's modules (its main module as phone.js), the floor, the frame, the probe.
const [phoneMain, ...phoneRest] = phone.modules;
const probeDir = phone.outdir;
copyFileSync(phoneMain.path, path.join(probeDir, "phone.js"));
copyFileSync(floor.modules[0].path, path.join(probeDir, "floor.js"));
copyFileSync(hono.modules[0].path, path.join(probeDir, "hono.js"));
copyFileSync(path.join(import.meta.dirname, "noop.js"), path.join(probeDir, "noop.js"));
copyFileSync(path.join(import.meta.dirname, "js-cost-probe.js"), path.join(probeDir, "probe.js"));
const esm = (file) => ({ type: "ESModule", path: path.join(probeDir, file) });

const vars = { REQUIRE_HTTPS: "false", PUBLIC_BASE_URL: "" };
const mf = new Miniflare({
  handleRuntimeStdio: discardStdout,
  d1Persist: path.join(work, "d1"),
  workers: [
    { name: "probe", modulesRoot: probeDir, modules: [esm("probe.js"), esm("phone.js"), ...phoneRest, esm("floor.js"), esm("hono.js"), esm("noop.js")], compatibilityDate: COMPATIBILITY_DATE, bindings: vars, d1Databases: { DB: "js-cost" } },
    // The fleet goes in as an operator puts it there: the import API, through the phone Worker.
    { name: "edgeprov", modulesRoot: phone.outdir, modules: phone.modules, compatibilityDate: COMPATIBILITY_DATE, bindings: vars, d1Databases: { DB: "js-cost" }, serviceBindings: { ADMIN: "edgeprov-admin" } },
    { name: "edgeprov-admin", modulesRoot: admin.outdir, modules: admin.modules, compatibilityDate: COMPATIBILITY_DATE, bindings: { ...vars, ADMIN_TOKEN }, d1Databases: { DB: "js-cost" } },
  ],
});

try {
  await mf.ready;
  const db = await mf.getD1Database("DB", "edgeprov");
  await applyMigrations(db, ROOT);
  const edgeprov = await mf.getWorker("edgeprov");
  const api = async (method, p, body) => {
    const res = await edgeprov.fetch(`http://127.0.0.1/api/v1${p}`, { method, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" }, body: body && JSON.stringify(body) });
    if (res.status >= 300) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const models = (await api("GET", "/models?limit=100")).items;
  const company = await api("POST", "/companies", { name: "Bench Co", sipDomain: "sip.bench.example", sipProxy: "proxy.bench.example:5060", language: "es", timezone: "Europe/Madrid" });
  const fleet = Array.from({ length: TERMINALS }, (_, i) => terminalRow(i, company.id, models));
  for (let i = 0; i < fleet.length; i += 10_000) await api("POST", "/terminals/import", fleet.slice(i, i + 10_000));
  const macFile = (row) => `/provision/${models.find((m) => m.iden === row.model).specificPattern.replace("{mac}", row.mac)}`;

  const nth = (i) => fleet[i % fleet.length];
  const freshIp = (i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  /** Addresses handed out so far: a boot or a miss comes from one never seen before, in every call. */
  let ips = 0;
  const list = (make) => Array.from({ length: REQUESTS }, (_, i) => make(i));
  const unknownMac = (i) => `0015ff${(i % 4096).toString(16).padStart(6, "0")}`;
  // The cases of bench/run.mjs, each with the reference whose work it must at least do: the same requests.
  // `expect`: what the phone Worker's requests must leave behind (log lines, records sent), checked per call.
  const n = REQUESTS;
  const cases = [
    { name: "generic", what: "a model's generic file", reference: "hono", referenceName: "Hono frame", expect: 200, leaves: { logLines: 0 }, requests: list((i) => ({ path: `/provision/${models[i % models.length].genericFile}`, ip: CLIENT_IP })) },
    { name: "mac", what: "a MAC file polled within the minute (no record, no log line)", reference: "floor", referenceName: "floor", expect: 200, leaves: { logLines: 0, events: 0 }, requests: list((i) => ({ path: macFile(nth(i)), ip: CLIENT_IP })), floorPath: (i) => `/${nth(i).mac}` },
    { name: "storm", what: "a MAC file at boot (a record and an event, one log line)", reference: "floor", referenceName: "floor with its log line", expect: 200, queue: true, leaves: { logLines: n, events: n, fetches: n }, freshIps: true, requests: list((i) => ({ path: macFile(nth(i)), ip: CLIENT_IP })), floorPath: (i) => `/log/${nth(i).mac}` },
    { name: "unknown-mac", what: "a miss (the limit's call stubbed; one log line)", reference: "floor", referenceName: "floor with its log line", expect: 404, queue: true, leaves: { logLines: n, events: 0 }, freshIps: true, requests: list((i) => ({ path: `/provision/${unknownMac(i)}.cfg`, ip: CLIENT_IP })), floorPath: (i) => `/log/${unknownMac(i)}` },
  ];
  const probe = await mf.getWorker("probe");
  const call = async (body) => {
    const res = await probe.fetch("http://probe/", { method: "POST", body: JSON.stringify(body) });
    if (res.status !== 200) throw new Error(await res.text());
    return res.json();
  };
  // The same addresses in the recording and the timed call would make the timed boots repeats of the
  // recorded ones (throttled, no record); with fewer requests than terminals every boot would be one.
  const calls = (c) => {
    const requests = c.freshIps ? c.requests.map((r) => ({ ...r, ip: freshIp(ips++) })) : c.requests;
    return [
      { worker: "phone", requests, queue: c.queue === true, leaves: c.leaves },
      { worker: c.reference, requests: c.floorPath ? requests.map((r, i) => ({ ...r, path: c.floorPath(i) })) : requests },
    ];
  };
  /** The loop's own cost: the no-op Worker (a constant) over the generic files' requests. */
  const harness = { worker: "noop", requests: cases[0].requests };

  /** µs per request, by `${case}/${worker}`, one entry per round. */
  const times = new Map();
  const time = async (key, body, expect) => {
    const t0 = performance.now();
    const did = await call({ ...body, record: false, expect });
    const us = ((performance.now() - t0) * 1000) / body.requests.length;
    if (did.failures.length > 0) throw new Error(`${key}: waitUntil failed: ${did.failures.join("; ")}`);
    // A catalog snapshot's reload (once a minute, src/db/catalog.ts) may read in a timed call; no request writes.
    if (did.writes > 0 || did.reads > 2) throw new Error(`${key}: ${did.writes} D1 writes, ${did.reads} reads not answered from memory while timed`);
    const left = { logLines: did.logLines, events: did.sent.events, fetches: did.sent.fetches };
    for (const [what, count] of Object.entries(body.leaves ?? {})) {
      if (left[what] !== count) throw new Error(`${key}: ${left[what]} ${what} for ${body.requests.length} requests, expected ${count}`);
    }
    times.set(key, [...(times.get(key) ?? []), us]);
  };
  for (let r = 1; r <= ROUNDS; r++) {
    // Every terminal polled a moment ago from CLIENT_IP (what the poll case assumes), and the D1 answers
    // recorded again from that state.
    await db.prepare("update terminals set provisioned_at = ?1, provisioned_ip = ?2, provisioned_user_agent = ?3").bind(Date.now(), CLIENT_IP, "edgeprov-bench/1").run();
    // Case by case, recorded then timed. A change a case makes once per terminal (a poll after a storm
    // from other addresses records each terminal's fetch once) falls in the recording; what is timed
    // is the case's steady state. The two Workers of a case take turns going first, round by round.
    await call({ ...harness, record: true, fresh: true, expect: 200 });
    await time("harness/noop", harness, 200);
    for (const c of cases) {
      for (const body of calls(c)) await call({ ...body, record: true, expect: c.expect });
      const pair = calls(c);
      for (const body of r % 2 === 1 ? pair : pair.reverse()) await time(`${c.name}/${body.worker}`, body, c.expect);
    }
    console.log(`round ${r}/${ROUNDS}: ${cases.map((c) => `${c.name} ${round(times.get(`${c.name}/phone`).at(-1), 1)} us`).join(", ")}`);
  }

  // Each round's difference between the two Workers of a case (run back to back), then the median of those.
  const rows = cases.map((c) => {
    const own = times.get(`${c.name}/phone`);
    const ref = times.get(`${c.name}/${c.reference}`);
    const over = own.map((us, i) => us - ref[i]);
    return { ...c, own: median(own), ref: median(ref), over: median(over), spread: [Math.min(...over), Math.max(...over)] };
  });
  const us = (x) => x.toFixed(1);
  const lines = [
    "# What the phone Worker's own JavaScript costs per request",
    "",
    `\`npm run bench:js\` on ${new Date().toISOString().slice(0, 10)} (${os.cpus().length} cores, ${os.cpus()[0]?.model.trim()}); ` +
      `${TERMINALS.toLocaleString("en")} terminals, ${REQUESTS.toLocaleString("en")} requests a call, ${ROUNDS} rounds. Generated by bench/js-cost.mjs.`,
    "",
    "Each Worker's fetch() called in a loop inside workerd, D1's reads answered from memory, no socket (bench/js-cost-probe.js).",
    `A time is the Worker's JavaScript, the runtime objects it makes, and the loop's own cost: ${us(median(times.get("harness/noop")))} µs a request for a Worker that answers a constant (bench/noop.js).`,
    "The difference is the Worker's own: the median of the rounds' differences (the two Workers run back to back, taking turns first), with the lowest and highest round.",
    "The reference is the least the case must do: the Hono frame around a constant for a generic file; the floor's D1 statement for a MAC file or a miss, with its log line where edgeprov writes one.",
    "",
    "| case | what a request is | edgeprov µs | reference | reference µs | edgeprov over it, µs (rounds) |",
    "| --- | --- | ---: | --- | ---: | ---: |",
    ...rows.map((x) => `| ${x.name} | ${x.what} | ${us(x.own)} | ${x.referenceName} | ${us(x.ref)} | ${us(x.over)} (${us(x.spread[0])} to ${us(x.spread[1])}) |`),
    "",
  ];
  mkdirSync(OUT, { recursive: true });
  writeFileSync(path.join(OUT, "js-cost.md"), lines.join("\n"));
  console.log("\n" + lines.join("\n"));
} finally {
  await mf.dispose();
  rmSync(work, { recursive: true, force: true });
}
