// What the e2e scripts share: a scratch folder that links to this checkout, a free port, and a
// `wrangler dev` of both Workers started in it.
import { copyFileSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const root = join(import.meta.dirname, "..", "..");
export const env = { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" };

/**
 * `--var` reaches the first Worker only; each Worker reads the .dev.vars next to its config. So both
 * configs run from a scratch folder that links to this checkout and has a .dev.vars of its own: a
 * developer's .dev.vars and local D1 are neither used nor touched.
 */
export function scratchCheckout(devVars) {
  const work = mkdtempSync(join(tmpdir(), "edgeprov-e2e-work-"));
  for (const name of ["src", "templates", "drizzle", "node_modules", "package.json", "tsconfig.json", "tsconfig.base.json", "scripts", "seed", "tools"]) {
    symlinkSync(join(root, name), join(work, name));
  }
  for (const name of ["wrangler.toml", "wrangler.admin.toml"]) copyFileSync(join(root, name), join(work, name));
  writeFileSync(join(work, ".dev.vars"), devVars);
  return work;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** Whether nothing listens on 127.0.0.1:`port` any more. */
export function portIsFree(port) {
  return new Promise((resolve) => {
    const server = createServer()
      .once("error", () => resolve(false))
      .listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** Spawns `command` in `cwd` and resolves once wrangler says it is ready (rejects after four minutes). */
export async function startUntilReady(command, args, options) {
  const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"], ...options });
  let log = "";
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log += d));
  // Generous: on a shared 2-core machine, npm start (migrations, seed, two Workers) can take minutes.
  const deadline = Date.now() + 240_000;
  while (!/Ready on/.test(log)) {
    if (Date.now() > deadline || child.exitCode !== null) {
      // Nothing of it may outlive the check: the caller never gets the child to stop.
      if (options.detached) await stopGroup(child);
      else child.kill("SIGKILL");
      throw new Error(`${command} ${args.join(" ")} did not start:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { child, log: () => log };
}

/**
 * The names of the bindings wrangler says Worker `name` has (its "has access to the following bindings"
 * table, the first one it printed): what that Worker's env holds, secrets from .dev.vars included.
 */
export function bindingsOf(log, name) {
  const lines = log.split("\n");
  const start = lines.findIndex((line) => line.trim() === `${name} has access to the following bindings:`);
  if (start < 0) throw new Error(`wrangler printed no bindings of ${name}:\n${log}`);
  const names = [];
  for (const line of lines.slice(start + 2)) {
    const match = /^env\.(\w+)/.exec(line.trim());
    if (!match) break;
    names.push(match[1]);
  }
  return names;
}

/** `wrangler dev` of both Workers on 127.0.0.1:`port` with its D1 in `state`, in its own process group. */
export function startWranglerDev(work, port, state) {
  const configs = ["-c", "wrangler.toml", "-c", "wrangler.admin.toml"];
  return startUntilReady("npx", ["wrangler", "dev", ...configs, "--ip", "127.0.0.1", "--port", String(port), "--persist-to", state], {
    cwd: work,
    detached: true,
  });
}

/**
 * Stops a child started with `detached: true` and everything in its process group: SIGTERM, then
 * SIGKILL for whatever still runs ten seconds later (a wrangler stuck while starting ignores SIGTERM).
 */
export async function stopGroup(child) {
  if (!child?.pid) return;
  const signal = (name) => {
    try {
      process.kill(-child.pid, name);
      return true;
    } catch {
      return false; // the group is gone
    }
  };
  if (!signal("SIGTERM")) return;
  for (let i = 0; i < 40; i++) {
    await new Promise((r) => setTimeout(r, 250));
    if (!signal(0)) return;
  }
  signal("SIGKILL");
}
