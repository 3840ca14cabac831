// A CPU profile of the phone Worker under load, from workerd's own V8 (its inspector, through
// Miniflare): which functions the MAC file's time goes to. `npm run bench:profile -- --case=mac`.
// Prints the functions with the most self time and writes the .cpuprofile (open it in Chrome DevTools).
// Built unminified, so the names are the source's. Read shares, not rates: with the inspector attached,
// workerd also sends each console.log to it, so the log line weighs more here than in `npm run bench`.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { Miniflare } from "miniflare";
import { applyMigrations, buildWorker, compatibilityDate, discardStdout, option } from "./lib.mjs";

const CASE = option("case", "mac");
const SECONDS = Number(option("duration", 5));
const TERMINALS = Number(option("terminals", 500));
const OUT = path.resolve(option("out", path.join(os.tmpdir(), `edgeprov-${CASE}.cpuprofile`)));
const ROOT = path.join(import.meta.dirname, "..");
const ADMIN_TOKEN = "profile-admin-token-0123456789abcdef";
const INSPECTOR_PORT = 9239;

const work = mkdtempSync(path.join(os.tmpdir(), "edgeprov-profile-"));
const phone = buildWorker(ROOT, ["-c", "wrangler.toml", "--minify=false"], path.join(work, "phone"));
const admin = buildWorker(ROOT, ["-c", "wrangler.admin.toml"], path.join(work, "admin"));
const mf = new Miniflare({
  handleRuntimeStdio: discardStdout,
  inspectorPort: INSPECTOR_PORT,
  d1Persist: path.join(work, "d1"),
  workers: [
    {
      name: "edgeprov",
      modulesRoot: phone.outdir,
      modules: phone.modules,
      compatibilityDate: compatibilityDate(ROOT),
      bindings: { REQUIRE_HTTPS: "false", PUBLIC_BASE_URL: "" },
      d1Databases: { DB: "profile" },
      ratelimits: { MISS_LIMITER: { namespace_id: "1001", simple: { limit: 100, period: 60 } } },
      serviceBindings: { ADMIN: "edgeprov-admin" },
      // The RECORDS queue as wrangler.toml has it, consumed by this Worker: a storm profiles the hand-off
      // and the consumer's batches, as deployed.
      queueProducers: { RECORDS: "edgeprov-records" },
      queueConsumers: { "edgeprov-records": { maxBatchSize: 100, maxBatchTimeout: 5 } },
      unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }],
    },
    {
      name: "edgeprov-admin",
      modulesRoot: admin.outdir,
      modules: admin.modules,
      compatibilityDate: compatibilityDate(ROOT),
      bindings: { REQUIRE_HTTPS: "false", PUBLIC_BASE_URL: "", ADMIN_TOKEN },
      d1Databases: { DB: "profile" },
    },
  ],
});

try {
  await mf.ready;
  const base = await mf.unsafeGetDirectURL("edgeprov");
  await applyMigrations(await mf.getD1Database("DB"), ROOT);
  const api = async (method, p, body) => {
    const res = await fetch(new URL(`/api/v1${p}`, base), { method, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" }, body: body && JSON.stringify(body) });
    if (res.status >= 300) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const models = (await api("GET", "/models?limit=100")).items;
  const company = await api("POST", "/companies", { name: "Profile Co", sipDomain: "sip.example.com", language: "es", timezone: "Europe/Madrid" });
  const rows = Array.from({ length: TERMINALS }, (_, i) => {
    const model = models[i % models.length];
    const mac = "00156" + i.toString(16).padStart(7, "0");
    return { companyId: company.id, model: model.iden, mac, name: `Desk ${i}`, lines: [{ position: 1, username: `${1000 + i}`, password: `pw-${i}-Secret`, displayName: `Desk ${i}` }], path: model.specificPattern.replace("{mac}", mac) };
  });
  // At most 10,000 terminals per import call, as the API takes them.
  for (let i = 0; i < rows.length; i += 10_000) await api("POST", "/terminals/import", rows.slice(i, i + 10_000).map(({ path: _, ...r }) => r));
  // "mac": a fleet polling (one client address, so after the warm-up a fetch writes nothing);
  // "storm": a fleet rebooting (a fresh address per request, so every fetch is recorded).
  const paths = {
    storm: () => `/provision/${rows[Math.floor(Math.random() * rows.length)].path}`,
    mac: () => `/provision/${rows[Math.floor(Math.random() * rows.length)].path}`,
    generic: () => `/provision/${models[Math.floor(Math.random() * models.length)].genericFile}`,
    "unknown-mac": () => `/provision/0015ff${Math.floor(Math.random() * 0xffffff).toString(16).padStart(6, "0")}.cfg`,
  };
  const pathOf = paths[CASE];
  const run = (seconds) =>
    new Promise((resolve, reject) =>
      autocannon(
        {
          url: base.href.replace(/\/$/, ""),
          connections: 16,
          duration: seconds,
          requests: [{ setupRequest: (r) => ({ ...r, path: pathOf(), headers: { "user-agent": "edgeprov-profile/1", "cf-connecting-ip": CASE === "mac" ? "198.51.100.10" : `198.51.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` } }) }],
        },
        (error, result) => (error ? reject(error) : resolve(result)),
      ),
    );
  await run(3); // warm: JIT, the catalog snapshot, and (polls) every terminal's record

  const targets = await (await fetch(`http://127.0.0.1:${INSPECTOR_PORT}/json/list`)).json();
  const target = targets.find((t) => t.id?.includes("edgeprov") && !t.id.includes("admin")) ?? targets[0];
  const ws = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve) => ws.addEventListener("open", resolve, { once: true }));
  let id = 0;
  const pending = new Map();
  ws.addEventListener("message", (event) => {
    const message = JSON.parse(event.data);
    pending.get(message.id)?.(message.result);
  });
  const send = (method, params = {}) => new Promise((resolve) => { pending.set(++id, resolve); ws.send(JSON.stringify({ id, method, params })); });
  await send("Profiler.enable");
  await send("Profiler.setSamplingInterval", { interval: 100 });
  await send("Profiler.start");
  const result = await run(SECONDS);
  const { profile } = await send("Profiler.stop");
  ws.close();
  writeFileSync(OUT, JSON.stringify(profile));

  // Self time per function (sampled), and the share of the samples.
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (const sample of profile.samples) {
    const { callFrame: f } = byNode.get(sample);
    const key = `${f.functionName || "(anonymous)"} ${f.url ? path.basename(f.url) : ""}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + 1);
  }
  const total = profile.samples.length;
  console.log(`${CASE}: ${Math.round(result.requests.average)} req/s over ${SECONDS} s; ${total} samples (${target.id})`);
  for (const [key, n] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(option("top", 30)))) {
    console.log(`${((100 * n) / total).toFixed(1).padStart(5)}%  ${key}`);
  }
  console.log(`profile: ${OUT}`);
} finally {
  await mf.dispose();
  rmSync(work, { recursive: true, force: true });
}
