// `npm run bench:js`: what the phone Worker's own JavaScript costs per request, next to the floor's and
// the Hono frame's, without D1, sockets or the load generator. bench/js-cost-probe.js calls each
// Worker's fetch() in a loop inside workerd, with the D1 answers recorded once from a local D1 holding
// the fleet and then replayed from memory; the RECORDS queue and the miss limit are stubs that accept
// everything. What is left is each Worker's own work per request: for edgeprov the framework, the path,
// the policy, the view, the template, the ETag, the log line and the records' window; for the floor its
// one statement's row as text (and its log line in the storm). `npm run bench` measures the same cases
// under load, where the local D1 and the sockets cost far more than this: read these as the part of
// that cost the code can change.
//
// Writes bench/js-cost.md (or --out=<dir>). Options: --terminals=1000 --requests=4000 --rounds=7.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Miniflare } from "miniflare";
import { applyMigrations, buildWorker, discardStdout, median, round, terminalRow } from "./lib.mjs";

const ROOT = path.join(import.meta.dirname, "..");
const argv = process.argv.slice(2);
const option = (name, fallback) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const TERMINALS = Number(option("terminals", 1000));
const REQUESTS = Number(option("requests", 4000));
const ROUNDS = Number(option("rounds", 7));
const OUT = path.resolve(option("out", import.meta.dirname));
const COMPATIBILITY_DATE = "2026-08-01";
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
copyFileSync(path.join(import.meta.dirname, "js-cost-probe.js"), path.join(probeDir, "probe.js"));
const esm = (file) => ({ type: "ESModule", path: path.join(probeDir, file) });

const vars = { REQUIRE_HTTPS: "false", PUBLIC_BASE_URL: "" };
const mf = new Miniflare({
  handleRuntimeStdio: discardStdout,
  d1Persist: path.join(work, "d1"),
  workers: [
    { name: "probe", modulesRoot: probeDir, modules: [esm("probe.js"), esm("phone.js"), ...phoneRest, esm("floor.js"), esm("hono.js")], compatibilityDate: COMPATIBILITY_DATE, bindings: vars, d1Databases: { DB: "js-cost" } },
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
  const list = (make) => Array.from({ length: REQUESTS }, (_, i) => make(i));
  const unknownMac = (i) => `0015ff${(i % 4096).toString(16).padStart(6, "0")}`;
  // Each case as bench/run.mjs loads it: the phone Worker and its reference, the same requests.
  const cases = [
    { name: "generic", what: "a model's generic file", reference: "hono", expect: 200, requests: list((i) => ({ path: `/provision/${models[i % models.length].genericFile}`, ip: CLIENT_IP })) },
    { name: "mac", what: "a MAC file polled within the minute (no record, no log line)", reference: "floor", expect: 200, requests: list((i) => ({ path: macFile(nth(i)), ip: CLIENT_IP })), floorPath: (i) => `/${nth(i).mac}` },
    { name: "storm", what: "a MAC file at boot (a record and an event, one log line)", reference: "floor", expect: 200, queue: true, requests: list((i) => ({ path: macFile(nth(i)), ip: freshIp(i) })), floorPath: (i) => `/log/${nth(i).mac}` },
    { name: "unknown-mac", what: "a miss (the limit's call stubbed; one log line)", reference: "floor", expect: 404, queue: true, requests: list((i) => ({ path: `/provision/${unknownMac(i)}.cfg`, ip: freshIp(i) })), floorPath: (i) => `/log/${unknownMac(i)}` },
  ];
  const probe = await mf.getWorker("probe");
  const call = async (body) => {
    const res = await probe.fetch("http://probe/", { method: "POST", body: JSON.stringify(body) });
    if (res.status !== 200) throw new Error(await res.text());
    return res.json();
  };
  const calls = (c) => [
    { worker: "phone", requests: c.requests, queue: c.queue === true },
    { worker: c.reference, requests: c.floorPath ? c.requests.map((r, i) => ({ ...r, path: c.floorPath(i) })) : c.requests },
  ];

  const times = new Map();
  for (let r = 1; r <= ROUNDS; r++) {
    // Every terminal polled a moment ago from CLIENT_IP (what the poll case assumes), and the D1 answers
    // recorded again from that state, so that no timed request finds a reason to write.
    await db.prepare("update terminals set provisioned_at = ?1, provisioned_ip = ?2, provisioned_user_agent = ?3").bind(Date.now(), CLIENT_IP, "edgeprov-bench/1").run();
    // Case by case, recorded then timed. A change a case makes once per terminal (a poll after a storm
    // from other addresses records each terminal's fetch once) falls in the recording; what is timed
    // is the case's steady state.
    for (const [i, c] of cases.entries()) {
      for (const [j, body] of calls(c).entries()) await call({ ...body, record: true, fresh: i === 0 && j === 0, expect: c.expect });
      for (const body of calls(c)) {
        const t0 = performance.now();
        const { sentToD1, failures } = await call({ ...body, record: false, expect: c.expect });
        if (failures.length > 0) throw new Error(`${c.name}/${body.worker}: waitUntil failed: ${failures.join("; ")}`);
        const us = ((performance.now() - t0) * 1000) / body.requests.length;
        // A catalog snapshot's reload (once a minute, src/db/catalog.ts) may fall in a timed call; a request
        // that writes (a poll recorded as a fetch, without the queue) would send one a request.
        if (sentToD1 > 2) throw new Error(`${c.name}/${body.worker}: ${sentToD1} D1 calls not replayed while timed`);
        const key = `${c.name}/${body.worker}`;
        times.set(key, [...(times.get(key) ?? []), us]);
      }
    }
    console.log(`round ${r}/${ROUNDS}: ${cases.map((c) => `${c.name} ${round(times.get(`${c.name}/phone`).at(-1), 1)} us`).join(", ")}`);
  }

  const rows = cases.map((c) => {
    const own = median(times.get(`${c.name}/phone`));
    const ref = median(times.get(`${c.name}/${c.reference}`));
    return { ...c, own: round(own, 1), ref: round(ref, 1), over: round(own - ref, 1) };
  });
  const lines = [
    "# What the phone Worker's own JavaScript costs per request",
    "",
    `\`npm run bench:js\` on ${new Date().toISOString().slice(0, 10)} (${os.cpus().length} cores, ${os.cpus()[0]?.model.trim()}); ` +
      `${TERMINALS.toLocaleString("en")} terminals, ${REQUESTS.toLocaleString("en")} requests a call, ${ROUNDS} rounds, medians. Generated by bench/js-cost.mjs.`,
    "",
    "Each Worker's fetch() called in a loop inside workerd, D1's answers replayed from memory, no socket (bench/js-cost-probe.js):",
    "the time is the Worker's own JavaScript and the runtime objects it makes. The reference is what `npm run bench` compares the case with.",
    "",
    "| case | what a request is | edgeprov us | reference | reference us | edgeprov over it, us |",
    "| --- | --- | ---: | --- | ---: | ---: |",
    ...rows.map((x) => `| ${x.name} | ${x.what} | ${x.own} | ${x.reference === "hono" ? "Hono frame" : x.floorPath(0).startsWith("/log/") ? "floor with its log line" : "floor"} | ${x.ref} | ${x.over} |`),
    "",
  ];
  mkdirSync(OUT, { recursive: true });
  writeFileSync(path.join(OUT, "js-cost.md"), lines.join("\n"));
  console.log("\n" + lines.join("\n"));
} finally {
  await mf.dispose();
  rmSync(work, { recursive: true, force: true });
}
