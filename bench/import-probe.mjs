// `node bench/import-probe.mjs`: what a 10,000-terminal import leaves behind in workerd (bench/README.md,
// "The tail"). Builds both Workers as bench/run.mjs does, imports 10,000 terminals four times through the
// API, and after each prints the RSS of this run's workerd processes and the latency of 300 generic files
// asked one at a time (p50, p99, max): a stall after an import shows as a max of seconds.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Miniflare } from "miniflare";
import { applyMigrations, buildWorker, discardStdout } from "./lib.mjs";

const ROOT = path.join(import.meta.dirname, "..");
const TOKEN = "probe-admin-token-0123456789abcdef";
const work = mkdtempSync(path.join(os.tmpdir(), "edgeprov-probe-"));
const phone = buildWorker(ROOT, ["-c", "wrangler.toml"], path.join(work, "phone"));
const admin = buildWorker(ROOT, ["-c", "wrangler.admin.toml"], path.join(work, "admin"));
const common = { compatibilityDate: "2026-08-01", d1Databases: { DB: "probe" } };
const mf = new Miniflare({
  handleRuntimeStdio: discardStdout,
  d1Persist: path.join(work, "d1"),
  workers: [
    { name: "edgeprov", modulesRoot: phone.outdir, modules: phone.modules, ...common, bindings: { REQUIRE_HTTPS: "false", PUBLIC_BASE_URL: "" }, serviceBindings: { ADMIN: "edgeprov-admin" }, unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }] },
    { name: "edgeprov-admin", modulesRoot: admin.outdir, modules: admin.modules, ...common, bindings: { REQUIRE_HTTPS: "false", PUBLIC_BASE_URL: "", ADMIN_TOKEN: TOKEN } },
  ],
});

/** RSS (MiB) of the workerd processes below this one (not other people's on a shared machine). */
function workerdRss() {
  const procs = new Map();
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      procs.set(Number(pid), { ppid: Number(/PPid:\s+(\d+)/.exec(status)[1]), workerd: status.includes("Name:\tworkerd"), kb: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) });
    } catch {}
  }
  const ours = new Set([process.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, p] of procs) if (!ours.has(pid) && ours.has(p.ppid)) (ours.add(pid), (grew = true));
  }
  return Math.round([...ours].reduce((kb, pid) => kb + (procs.get(pid)?.workerd ? procs.get(pid).kb : 0), 0) / 1024);
}

try {
  await mf.ready;
  await applyMigrations(await mf.getD1Database("DB", "edgeprov"), ROOT);
  const url = await mf.unsafeGetDirectURL("edgeprov");
  const api = (method, p, body) =>
    fetch(new URL(`/api/v1${p}`, url), { method, headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" }, body: body && JSON.stringify(body) });
  const models = (await (await api("GET", "/models?limit=100")).json()).items;
  const company = await (await api("POST", "/companies", { name: "Probe", sipDomain: "sip.probe.example", timezone: "Europe/Madrid" })).json();

  const burst = async (label) => {
    const ms = [];
    for (let i = 0; i < 300; i++) {
      const t0 = performance.now();
      await (await fetch(new URL(`/provision/${models[i % models.length].genericFile}`, url))).arrayBuffer();
      ms.push(performance.now() - t0);
    }
    ms.sort((a, b) => a - b);
    console.log(`${label}: workerd RSS ${workerdRss()} MiB; generic file p50 ${ms[150].toFixed(1)} ms, p99 ${ms[296].toFixed(1)} ms, max ${ms[299].toFixed(1)} ms`);
  };
  await burst("before");
  for (let round = 0; round < 4; round++) {
    const rows = Array.from({ length: 10_000 }, (_, i) => {
      const n = round * 10_000 + i;
      const mac = "00156" + n.toString(16).padStart(7, "0");
      return { companyId: company.id, model: models[n % models.length].iden, mac, name: `Desk ${n}`, lines: [{ position: 1, username: `${n}1`, password: `pw-${mac}-Secret1`, displayName: `Desk ${n}` }] };
    });
    const t0 = performance.now();
    const res = await api("POST", "/terminals/import", rows);
    await res.arrayBuffer();
    console.log(`import ${round + 1}: ${res.status} in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
    await burst(`after import ${round + 1}`);
  }
} finally {
  await Promise.race([mf.dispose(), new Promise((resolve) => setTimeout(resolve, 15_000))]);
  rmSync(work, { recursive: true, force: true });
}
