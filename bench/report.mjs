// What bench/run.mjs makes of its runs: the targets met or not, the ratios, and results.md. Kept apart so
// that `npm run bench -- --render=<results.json>` can write results.md again without running anything.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { kib, median, round } from "./lib.mjs";

/** A case whose slowest response is over 10x its p50: a stall, not a spread. */
export function isTail(run) {
  return run.max > 10 * run.p50;
}

/**
 * D1 statements on the primary per 1,000 boots, from what the RECORDS consumer reported (its one line per
 * batch: messages and statements), counting lost hand-offs as boots too; null without any message.
 */
export function statementsPer1000Boots(written) {
  const boots = (written?.boots ?? 0) + (written?.lost ?? 0);
  return boots > 0 ? round((written.statements * 1000) / boots, 1) : null;
}

export function summarize({ runs, imports }, { root, argv, settings, importChunk, bundle, adminBundle }) {
  const { sizes } = settings;
  const at = (n, worker, name) => runs.find((r) => r.n === n && r.worker === worker && r.case === name);
  const ratios = sizes.map((n) => {
    const mac = at(n, "edgeprov", "mac");
    const floor = at(n, "floor", "mac");
    const generic = at(n, "edgeprov", "generic");
    const noop = at(n, "noop", "generic");
    const storm = at(n, "edgeprov", "storm");
    const stormFloor = at(n, "floor", "storm");
    const hono = at(n, "hono", "generic");
    const miss = at(n, "edgeprov", "unknown-mac");
    const limiter = at(n, "limiter", "unknown-mac");
    // Each ratio is the median of the rounds' own ratios: a round runs a case's Workers back to back, so the
    // drift of a shared machine over a run (both slow down together) falls out of each pair.
    const paired = (a, b, f) => round(median(a.rounds.map((x, i) => f(x, b.rounds[i]))), 3);
    const rps = (a, b) => paired(a, b, (x, y) => x.rps / y.rps);
    const p99 = (a, b) => paired(a, b, (x, y) => x.p99 / y.p99);
    const cpu = (a, b) => paired(a, b, (x, y) => x.cpu.workerdUsPerRequest / y.cpu.workerdUsPerRequest);
    // What a Rate Limiting call costs this process (the limiter over the no-op), taken off the miss, per round.
    const limiterCall = (i) => limiter.rounds[i].cpu.workerdUsPerRequest - noop.rounds[i].cpu.workerdUsPerRequest;
    return {
      n,
      stormVsFloorRps: rps(storm, stormFloor),
      stormVsFloorP99: p99(storm, stormFloor),
      // What recording a boot costs the MAC file (storm over poll), over what the log line costs the floor
      // (its storm over its poll), round by round: the file's own cost, present in both, falls out.
      recordingVsFloorRps: round(median(storm.rounds.map((x, i) => x.rps / mac.rounds[i].rps / (stormFloor.rounds[i].rps / floor.rounds[i].rps))), 3),
      genericVsHonoRps: rps(generic, hono),
      genericVsHonoP99: p99(generic, hono),
      missVsHitCpu: cpu(miss, mac),
      missVsFloorP99: p99(miss, floor),
      limiterCallCpuUs: limiter ? round(median(limiter.rounds.map((_, i) => limiterCall(i))), 1) : null,
      missNetVsHitCpu: limiter ? paired(miss, mac, (x, y) => (x.cpu.workerdUsPerRequest - limiterCall(miss.rounds.indexOf(x))) / y.cpu.workerdUsPerRequest) : null,
      statementsPer1000Boots: statementsPer1000Boots(storm.written),
      lostRecords: storm.written?.lost ?? null,
      macVsFloorRps: rps(mac, floor),
      macVsFloorP99: p99(mac, floor),
      genericVsNoopRps: rps(generic, noop),
      floorVsMacCpu: cpu(floor, mac),
      noopVsGenericCpu: cpu(noop, generic),
    };
  });
  const first = sizes[0];
  const last = sizes[sizes.length - 1];
  const flat = (worker, name) => round(at(last, worker, name).rps / at(first, worker, name).rps, 3);
  const tenKs = imports.filter((i) => i.rows === importChunk);
  const tenK = tenKs.length ? tenKs.reduce((a, b) => (b.ms > a.ms ? b : a)) : undefined;
  const worst = Math.min(...ratios.map((r) => r.macVsFloorRps));
  const worstP99 = Math.max(...ratios.map((r) => r.macVsFloorP99));
  // Next to the raw figure (the target), the same paired like the other ratios: the MAC file over its floor
  // at the largest N, over the same at the smallest. When the raw figure misses and the paired one does not,
  // the floor (the same D1 statement on the same rows) slowed as much: the lookup or the run, not the file.
  const byN = (n) => ratios.find((r) => r.n === n).macVsFloorRps;
  const flatness = { mac: flat("edgeprov", "mac"), floor: flat("floor", "mac"), generic: flat("edgeprov", "generic"), macOverFloor: round(byN(last) / byN(first), 3) };
  const lowest = (key) => Math.min(...ratios.map((r) => r[key]));
  const highest = (key) => Math.max(...ratios.map((r) => r[key] ?? Infinity));
  const stormRps = lowest("stormVsFloorRps");
  const stormP99 = highest("stormVsFloorP99");
  const recording = lowest("recordingVsFloorRps");
  const genericHono = lowest("genericVsHonoRps");
  const missCpu = highest("missVsHitCpu");
  const genericP99 = highest("genericVsHonoP99");
  const missP99 = highest("missVsFloorP99");
  const missNetCpu = highest("missNetVsHitCpu");
  const statements = highest("statementsPer1000Boots");
  const targets = [
    { target: "storm MAC file >= 0.85 x storm floor req/s (worst N)", value: stormRps, met: stormRps >= 0.85 },
    {
      target: "the same for the recording alone: (storm / poll MAC file) over (storm floor / floor) req/s, what a boot's records and log line cost beyond the floor's log line (worst N; not the target, the file's own cost taken out)",
      value: recording,
      met: recording >= 0.85,
    },
    { target: "storm MAC file p99 <= 1.5 x storm floor p99 (worst N)", value: stormP99, met: stormP99 <= 1.5 },
    { target: "D1 statements on the primary per 1,000 boots in the storm <= 20 (worst N)", value: statements, met: statements <= 20 },
    { target: "generic >= 0.85 x Hono frame req/s (worst N)", value: genericHono, met: genericHono >= 0.85 },
    { target: "generic p99 <= 1.5 x Hono frame p99 (worst N)", value: genericP99, met: genericP99 <= 1.5 },
    {
      target: "a miss costs no more workerd CPU than a hit: unknown-mac / mac CPU <= 1 (worst N; the Rate Limiting counter in the second process, as deployed it is Cloudflare's)",
      value: missCpu,
      met: missCpu <= 1,
    },
    {
      target: "the same without the Rate Limiting call's own cost in the Worker's process (bench/limiter.js over the no-op; not a target)",
      value: missNetCpu,
      met: missNetCpu <= 1,
    },
    { target: "poll MAC file >= 0.85 x floor req/s (worst N)", value: worst, met: worst >= 0.85 },
    { target: "poll MAC file p99 <= 1.5 x floor p99 (worst N)", value: worstP99, met: worstP99 <= 1.5 },
    { target: "miss p99 <= 1.5 x floor p99 (worst N; the floor's same statement for a MAC)", value: missP99, met: missP99 <= 1.5 },
    {
      target: `MAC file req/s flat from N=${first} to N=${last} (within 15%)`,
      value: flatness.mac,
      met: sizes.length > 1 && Math.abs(1 - flatness.mac) <= 0.15,
    },
    {
      target: `the same over the floor's at each N (not the target: the floor's own is ${flatness.floor}; it says whether the file or the lookup slowed)`,
      value: flatness.macOverFloor,
      met: sizes.length > 1 && Math.abs(1 - flatness.macOverFloor) <= 0.15,
    },
    { target: "import of 10,000 terminals in one call <= 10 s (slowest call)", value: tenK ? round(tenK.ms / 1000, 2) : null, met: tenK ? tenK.ms <= 10_000 : false },
    { target: "bundle <= 100 KiB gzip (the phone Worker)", value: kib(bundle.gzipBytes), met: bundle.gzipBytes <= 100 * 1024 },
  ];
  return {
    date: new Date().toISOString(),
    // The commit the Workers were built from (taken when the run started), and whether the tree changed after.
    source: settings.source ? (settings.source === gitDescribe(root) ? settings.source : `${settings.source} (the tree changed during the run: ${gitDescribe(root)} at its end)`) : gitDescribe(root),
    command: `npm run bench${argv.length ? ` -- ${argv.join(" ")}` : ""}`,
    machine: machine(root),
    settings,
    bundle,
    adminBundle,
    imports,
    runs,
    ratios,
    flatness,
    targets,
  };
}

/** The commit benchmarked, `-dirty` when the checkout had changes. */
export function gitDescribe(root) {
  try {
    return execFileSync("git", ["describe", "--always", "--dirty", "--exclude", "*"], { cwd: root, encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

function machine(root) {
  const cpus = os.cpus();
  const pkg = (name) => JSON.parse(readFileSync(path.join(root, "node_modules", name, "package.json"), "utf8")).version;
  return {
    cpu: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    memoryGiB: round(os.totalmem() / 1024 ** 3, 1),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    miniflare: pkg("miniflare"),
    workerd: JSON.parse(readFileSync(createRequire(createRequire(import.meta.url).resolve("miniflare")).resolve("workerd/package.json"), "utf8")).version,
    wrangler: pkg("wrangler"),
    autocannon: pkg("autocannon"),
  };
}

export function toMarkdown(r) {
  const lines = [];
  const m = r.machine;
  lines.push("# edgeprov benchmark results", "");
  lines.push(`\`${r.command}\` on ${r.date.slice(0, 10)}, source ${r.source}. Generated by bench/run.mjs; bench/README.md says how to read it.`, "");
  lines.push(
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}; Node ${m.node}, workerd ${m.workerd} (miniflare ${m.miniflare}), ` +
      `wrangler ${m.wrangler}, autocannon ${m.autocannon}. Load generator and workerd share the machine.`,
    "",
  );
  lines.push(
    `Load: ${r.settings.connections} connections, HTTP/1.1 keep-alive to 127.0.0.1; ${r.settings.rounds} round(s) of every case in turn, ` +
      `${r.settings.durationSeconds} s each after ${r.settings.warmupSeconds} s of warm-up; figures are the median of the rounds. ` +
      `D1: local (SQLite file under Miniflare), migrations applied. ` +
      (r.settings.processes === "per N" ? "Each N runs in workerd processes and a D1 of their own, started for it. " : "One workerd process (and one D1) served every N in turn. ") +
      `"others CPU" is the share of the machine used by processes ` +
      `outside this benchmark during the run (the machine may be shared).`,
    "",
  );
  lines.push("## Targets", "", "| target | measured | met |", "| --- | --- | --- |");
  for (const t of r.targets) lines.push(`| ${t.target} | ${t.value ?? "n/a"} | ${t.met ? "yes" : "**no**"} |`);
  if (r.settings.rounds < 2) {
    lines.push("", "One round per case (a smoke run): a single short run drifts with the machine, so the ratios between N say little.");
  }
  lines.push(
    "",
    "## Throughput and latency",
    "",
    "Latencies to 0.01 ms, from every response as autocannon timed it. max: the slowest response of all rounds; **tail** marks a case whose max is more than 10x its p50.",
    "",
    "| N | case | worker | req/s | p50 ms | p99 ms | max ms | workerd CPU us/request | responses | others CPU |",
    "| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
  );
  for (const run of r.runs) {
    const statuses = Object.entries(run.statuses).map(([s, c]) => `${c} x ${s}`).join(", ");
    const tail = isTail(run) ? " **tail**" : "";
    lines.push(`| ${run.n.toLocaleString("en")} | ${run.case} | ${run.worker} | ${Math.round(run.rps).toLocaleString("en")} | ${round(run.p50, 2)} | ${round(run.p99, 2)} | ${run.max ?? "n/a"}${tail} | ${run.cpuUs ?? "n/a"} | ${statuses} | ${median(run.rounds.map((x) => x.cpu.others))}% |`);
  }
  const storms = r.runs.filter((x) => x.written);
  if (storms.length > 0) {
    lines.push(
      "",
      "## The storm's records (RECORDS queue, consumed by the phone Worker)",
      "",
      "Every storm request is a boot: its records (the provisioning record and an event) join its isolate's open window, and each window goes to the queue as one message (src/phone/records-queue.ts). The consumer writes each batch in statements of at most 200 rows (MAX_ROWS_PER_STATEMENT), one after another, and logs one line per batch, which the benchmark adds up (warm-up included, waiting for the last batch). Per 1,000 boots counts the fetches written and lost as the consumer reports them, not autocannon's count, which leaves out requests still in flight when a run stops. Writing: the consumer's own time for its statements, all batches, and the longest batch.",
      "",
      r.settings.consumer === "inline"
        ? "The consumer ran in the same workerd as the phones (`--inline-consumer`): its CPU, its D1's included, is in the storm's CPU per request."
        : "The queue is the benchmark's (its producer the phone Worker's binding, batches as wrangler.toml sets them), and each batch is written by the phone Worker's own queue() in a second workerd process with a D1 of its own holding the same fleet (bench/records-relay.js, bench/records-writer.js): deployed, a consumer invocation writes it and D1 runs its statements on its own machine, not on the thread that answers the phones. The writer's CPU (the consumer and its local D1; the second process also holds the Rate Limiting counter, which the storm does not call) is counted apart, per boot written.",
      "",
      "| N | boots written | messages | boots per message | batches | D1 statements | per 1,000 boots | writing ms | longest batch ms | writer CPU us/boot | lost |",
      "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    );
    for (const x of storms) {
      const w = x.written;
      const perMessage = w.messages ? round(w.boots / w.messages, 1) : "n/a";
      const writerCpu = r.settings.consumer === "inline" || w.writerCpuUs === undefined ? "in the storm's" : w.boots > 0 ? Math.round(w.writerCpuUs / w.boots) : "n/a";
      lines.push(`| ${x.n.toLocaleString("en")} | ${w.boots.toLocaleString("en")} | ${w.messages.toLocaleString("en")} | ${perMessage} | ${w.batches} | ${w.statements} | ${statementsPer1000Boots(w) ?? "n/a"} | ${w.ms} | ${w.maxMs} | ${writerCpu} | ${w.lost} |`);
    }
    lines.push(
      "",
      "The requests themselves send no statement to the primary (their lookup goes through the read session); written directly (no queue, Workers Free) each boot is one statement. Both are counted without load by test/records-storm.test.ts.",
    );
  }
  lines.push(
    "",
    "## Ratios",
    "",
    "| N | storm / storm floor (req/s) | recording alone: (storm / poll) over (storm floor / floor) | storm p99 / storm floor p99 | poll MAC file / floor (req/s) | poll p99 / floor p99 | generic / Hono frame (req/s) | generic p99 / Hono frame p99 | generic / no-op (req/s) | miss CPU / hit CPU | miss p99 / floor p99 | Rate Limiting call CPU us | miss CPU without it / hit CPU | floor CPU / MAC file CPU | no-op CPU / generic CPU |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  );
  for (const x of r.ratios) {
    lines.push(
      `| ${x.n.toLocaleString("en")} | ${x.stormVsFloorRps ?? "n/a"} | ${x.recordingVsFloorRps ?? "n/a"} | ${x.stormVsFloorP99 ?? "n/a"} | ${x.macVsFloorRps} | ${x.macVsFloorP99} | ${x.genericVsHonoRps ?? "n/a"} | ${x.genericVsHonoP99 ?? "n/a"} | ${x.genericVsNoopRps} | ${x.missVsHitCpu ?? "n/a"} | ${x.missVsFloorP99 ?? "n/a"} | ${x.limiterCallCpuUs ?? "n/a"} | ${x.missNetVsHitCpu ?? "n/a"} | ${x.floorVsMacCpu ?? "n/a"} | ${x.noopVsGenericCpu ?? "n/a"} |`,
    );
  }
  lines.push("", "The last two CPU columns are per request, inverted so that 1 means as cheap as the reference (like the req/s ratios); miss / hit is not inverted: at most 1 is the target.");
  lines.push(
    "",
    `Req/s at the largest N over the smallest: MAC file ${r.flatness.mac}, floor ${r.flatness.floor}, generic ${r.flatness.generic}; the MAC file over its floor, at the largest N over the smallest: ${r.flatness.macOverFloor ?? "n/a"}.`,
    "",
    "## Import (POST /api/v1/terminals/import, JSON)",
    "",
    "Each N starts from an empty fleet.",
    "",
    "| N | rows in the call | body KiB | seconds | terminals after |",
    "| ---: | ---: | ---: | ---: | ---: |",
  );
  for (const i of r.imports) {
    lines.push(`| ${i.n.toLocaleString("en")} | ${i.rows.toLocaleString("en")} | ${kib(i.bytes)} | ${(i.ms / 1000).toFixed(2)} | ${i.terminalsAfter.toLocaleString("en")} |`);
  }
  const size = (b) =>
    `${b.modules} modules, ${kib(b.rawBytes)} KiB raw, ${kib(b.gzipBytes)} KiB gzip` +
    (b.wrangler ? ` (wrangler's own count: ${b.wrangler.totalKiB} KiB / gzip ${b.wrangler.gzipKiB} KiB)` : "");
  lines.push("", "## Bundles (wrangler deploy --dry-run)", "");
  lines.push(`- Phone Worker (wrangler.toml; every phone request loads it): ${size(r.bundle)}.`);
  if (r.adminBundle) {
    lines.push(`- Admin API's Worker (wrangler.admin.toml; reached through the phone Worker's ADMIN service binding): ${size(r.adminBundle)}.`);
  }
  lines.push("");
  return lines.join("\n");
}

