// `npm start` and `npm run dev` must take their `wrangler dev` (and its workerd) down with them: each is
// started in a scratch checkout, sent SIGTERM once ready, and must exit leaving its port free and no
// process behind. (Ctrl-C in a terminal signals the whole foreground group; SIGTERM from a supervisor or
// `kill` reaches only npm.)
import { readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { env, freePort, portIsFree, scratchCheckout, startUntilReady, stopGroup } from "./scratch.mjs";

function processesIn(folder) {
  const found = [];
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      if (readlinkSync(`/proc/${pid}/cwd`).startsWith(folder)) found.push(Number(pid));
    } catch {} // gone meanwhile, or not ours to read
  }
  return found;
}

function describe(pid) {
  try {
    return `${pid} ${readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").trim()}`;
  } catch {
    return String(pid);
  }
}

async function within(ms, condition) {
  for (const deadline = Date.now() + ms; Date.now() < deadline; ) {
    if (await condition()) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return condition();
}

async function check(name, args) {
  const work = scratchCheckout("ADMIN_TOKEN=stop-check-0123456789abcdef0123456789abcdef\nREQUIRE_HTTPS=false\n");
  const port = await freePort();
  // Its own process group only so that a failed check can clean up; the SIGTERM goes to npm alone.
  const { child } = await startUntilReady("npm", [...args(port)], { cwd: work, env: { ...env, PORT: String(port) }, detached: true });
  try {
    if (await portIsFree(port)) throw new Error(`${name}: nothing listens on ${port} after "Ready on"`);
    const exited = new Promise((resolve) => child.once("exit", resolve));
    process.kill(child.pid, "SIGTERM");
    const done = await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 20_000))]);
    if (!done) throw new Error(`${name}: still running 20 s after SIGTERM`);
    if (!(await within(15_000, () => portIsFree(port)))) {
      throw new Error(`${name}: port ${port} still taken after exit by ${processesIn(work).map(describe).join("; ")}`);
    }
    if (!(await within(15_000, () => processesIn(work).length === 0))) {
      throw new Error(`${name}: processes left running: ${processesIn(work).map(describe).join("; ")}`);
    }
    console.log(`  ok  ${name}: SIGTERM stops wrangler dev and workerd, port ${port} is free`);
  } finally {
    await stopGroup(child);
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.platform !== "linux") {
  console.log("stop check: Linux only (reads /proc); skipped");
} else {
  await check("npm start", () => ["start"]);
  await check("npm run dev", (port) => ["run", "dev", "--", "--ip", "127.0.0.1", "--port", String(port)]);
  console.log("stop check: passed");
}
