// Runs `wrangler dev` for `npm start` and `npm run dev`, and stops all of it on SIGINT, SIGTERM or SIGHUP.
// `npx` starts wrangler, which starts workerd: signalling `npx` alone left wrangler and workerd holding
// the port. The signal goes to every descendant instead. (A process group of its own would be simpler,
// but a background group that reads the terminal is stopped, and wrangler reads it for its hotkeys.)
// `npm start` runs this script through `sh -c`, and npm forwards its SIGTERM to that shell only, which
// dies without passing it on: so being orphaned counts as being told to stop.
import { execFileSync, spawn } from "node:child_process";

const GRACE_MS = 10_000;

export function runWranglerDev(args) {
  const dev = spawn("npx", ["wrangler", ...args], { stdio: "inherit" });
  let stopping = false;
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    signalTree(dev.pid, signal);
    // workerd normally exits with wrangler; whatever is left after the grace period is killed.
    setTimeout(() => {
      signalTree(dev.pid, "SIGKILL");
      process.exit(1);
    }, GRACE_MS).unref();
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => stop(signal));
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) stop("SIGTERM");
  }, 500).unref();
  dev.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
  return dev;
}

/** Sends `signal` to `pid` and every process below it, children first found, all before any exits. */
function signalTree(pid, signal) {
  if (process.platform === "win32") {
    try {
      execFileSync("taskkill", ["/pid", String(pid), "/T", "/F"], { stdio: "ignore" });
    } catch {}
    return;
  }
  for (const target of [pid, ...descendants(pid)]) {
    try {
      process.kill(target, signal);
    } catch {} // already gone
  }
}

function descendants(root) {
  let table;
  try {
    table = execFileSync("ps", ["-A", "-o", "pid=,ppid="], { encoding: "utf8" });
  } catch {
    return [];
  }
  const children = new Map();
  for (const line of table.trim().split("\n")) {
    const [pid, ppid] = line.trim().split(/\s+/).map(Number);
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const found = [];
  for (let queue = [root]; queue.length > 0; ) {
    for (const child of children.get(queue.shift()) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}
