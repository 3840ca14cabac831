// What bench/run.mjs and bench/overhead.mjs share: building a Worker as it deploys, migrating a local D1,
// and the CPU time workerd spends per request.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

/** Miniflare's handleRuntimeStdio: the Workers' log lines are part of their cost, not of the output. */
export function discardStdout(stdout, stderr) {
  stdout.resume();
  stderr.on("data", (chunk) => process.stderr.write(chunk));
}

/**
 * discardStdout, except for the RECORDS queue's own lines: the consumer's one line per batch
 * (`"event":"records"`, src/phone/records-queue.ts) adds up into `counts` (batches, messages, D1
 * statements), a lost hand-off (`"event":"records_lost"`) into `counts.lost` and a refused batch
 * (`"event":"records_write_failed"`) into `counts.failed`. Only chunks that hold
 * such a line are split, so the thousands of request log lines a second cost the load generator little.
 */
export function tapRecords(counts) {
  return (stdout, stderr) => {
    let rest = "";
    stdout.setEncoding("utf8");
    stdout.on("data", (chunk) => {
      const text = rest + chunk;
      const end = text.lastIndexOf("\n");
      rest = text.slice(end + 1);
      if (!text.includes('"event":"records')) return;
      for (const line of text.slice(0, end).split("\n")) {
        const at = line.indexOf('{"level"');
        if (at < 0 || !line.includes('"event":"records')) continue;
        const entry = JSON.parse(line.slice(at));
        // Boots are served fetches: a message holds a window's worth of them (src/phone/records-queue.ts).
        if (entry.event === "records_lost") counts.lost += entry.fetches;
        else if (entry.event === "records_write_failed") counts.failed += 1;
        else if (entry.event === "records") {
          counts.batches += 1;
          counts.messages += entry.messages;
          counts.boots += entry.fetches;
          counts.statements += entry.statements;
          counts.ms += entry.ms;
          counts.maxMs = Math.max(counts.maxMs, entry.ms);
        }
      }
    });
    stderr.on("data", (chunk) => process.stderr.write(chunk));
  };
}

/** `--name=value` from this script's command line, or `fallback`. */
export function option(name, fallback) {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
}

/** The phone Worker's compatibility date (wrangler.toml under `root`): every Worker a benchmark runs gets it. */
export function compatibilityDate(root) {
  return /^compatibility_date\s*=\s*"([^"]+)"/m.exec(readFileSync(path.join(root, "wrangler.toml"), "utf8"))?.[1] ?? "2026-08-01";
}

/**
 * `wrangler deploy --dry-run --outdir <outdir>` with `args` (a config, or an entry with its name and date):
 * the modules for Miniflare, and the bundle's size raw and gzip (wrangler's own count too).
 */
export function buildWorker(root, args, outdir, log = () => {}) {
  log(`building with wrangler deploy ${args.join(" ")} --dry-run --outdir ${outdir}`);
  const output = execFileSync("npx", ["wrangler", "deploy", ...args, "--dry-run", "--outdir", outdir], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const total = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(output);
  const files = readdirSync(outdir)
    .filter((f) => f.endsWith(".js") || f.endsWith(".css") || f.endsWith(".mustache"))
    // The one code file is the main module (index.js, worker.js: named after the entry); it goes first.
    .sort((a, b) => Number(isCode(b)) - Number(isCode(a)) || a.localeCompare(b));
  const bytes = Buffer.concat(files.map((f) => readFileSync(path.join(outdir, f))));
  return {
    outdir,
    // The Worker's own code is ESModule; every other module is a Text rule's (templates, and the console's
    // script and stylesheet, which are .js and .css served to browsers, never run by the Worker).
    modules: files.map((f) => ({ type: isCode(f) ? "ESModule" : "Text", path: path.join(outdir, f) })),
    bundle: {
      modules: files.length,
      rawBytes: bytes.length,
      gzipBytes: gzipSync(bytes).length,
      wrangler: total ? { totalKiB: Number(total[1]), gzipKiB: Number(total[2]) } : null,
    },
  };
}

/** The drizzle/ migrations, in journal order, through the D1 binding (as `wrangler d1 migrations apply`). */
/** The Worker's own code; the console's script and stylesheet are Text modules served to browsers. */
const isCode = (file) => file.endsWith(".js") && !file.endsWith("edgeprov-console.js");

export async function applyMigrations(db, root) {
  const journal = JSON.parse(readFileSync(path.join(root, "drizzle/meta/_journal.json"), "utf8"));
  for (const { tag } of journal.entries) {
    const sql = readFileSync(path.join(root, "drizzle", `${tag}.sql`), "utf8");
    // Comment-only pieces are no statement for D1 (wrangler skips them too).
    const statements = sql.split("--> statement-breakpoint").filter((s) => s.replace(/^\s*--.*$/gm, "").trim() !== "");
    if (statements.length > 0) await db.batch(statements.map((s) => db.prepare(s)));
  }
}

/** Milliseconds per clock tick of /proc CPU times. */
const TICK_MS = 1000 / Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim() || 100);

/** CPU time (clock ticks) of the whole machine, of this process tree, and of its workerd processes. */
export function cpuSample() {
  const total = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  const busy = total.reduce((a, b) => a + b, 0) - total[3] - (total[4] ?? 0);
  const procs = new Map();
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      procs.set(Number(pid), { comm, ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {}
  }
  const ours = new Set([process.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, p] of procs) if (!ours.has(pid) && ours.has(p.ppid)) (ours.add(pid), (grew = true));
  }
  let mine = 0;
  let workerd = 0;
  const workerdPids = new Map();
  for (const pid of ours) {
    const p = procs.get(pid);
    if (!p) continue;
    mine += p.ticks;
    if (p.comm === "workerd") (workerd += p.ticks), workerdPids.set(pid, p.ticks);
  }
  return { busy, idle: total[3] + (total[4] ?? 0), mine, workerd, workerdPids };
}

/** A sample's workerd CPU without the processes `apart` (another workerd's, started before it). */
export function withoutProcesses(sample, apart) {
  let ticks = 0;
  for (const pid of apart) ticks += sample.workerdPids.get(pid) ?? 0;
  return { ...sample, workerd: sample.workerd - ticks };
}

/** Microseconds of CPU that the processes `pids` spent between two samples, per `count` (boots, requests). */
export function cpuUsPer(a, b, pids, count) {
  let ticks = 0;
  for (const pid of pids) ticks += (b.workerdPids.get(pid) ?? 0) - (a.workerdPids.get(pid) ?? 0);
  return Math.round((ticks * TICK_MS * 1000) / Math.max(1, count));
}

/**
 * Shares of the machine's CPU capacity during a run (this benchmark's processes, everything else), and
 * the CPU time workerd spent per request: the Worker, the local D1 and cache together. Unlike req/s,
 * CPU per request barely moves when other work competes for the machine.
 */
export function cpuShare(a, b, requests) {
  const capacity = b.busy + b.idle - (a.busy + a.idle);
  const ours = b.mine - a.mine;
  const others = Math.max(0, b.busy - a.busy - ours);
  return {
    ours: Math.round((100 * ours) / capacity),
    others: Math.round((100 * others) / capacity),
    workerdUsPerRequest: Math.round(((b.workerd - a.workerd) * TICK_MS * 1000) / Math.max(1, requests)),
  };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function kib(bytes) {
  return round(bytes / 1024, 1);
}

export function round(x, digits = 1) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Terminal i: a MAC derived from i, models in turn, up to two lines. */
export function terminalRow(i, companyId, models) {
  const model = models[i % models.length];
  const mac = "00156" + i.toString(16).padStart(7, "0");
  const lines = [];
  for (let p = 1; p <= Math.min(2, model.maxLines); p++) {
    lines.push({ position: p, username: `${100000 + i}${p}`, password: `pw-${mac}-${p}-Secret`, displayName: `Desk ${i} line ${p}` });
  }
  return { companyId, model: model.iden, mac, name: `Desk ${i}`, lines };
}
