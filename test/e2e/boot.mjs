// Boots a real `wrangler dev` of both Workers (the phone Worker, and the admin API's Worker behind its
// ADMIN service binding) on a free loopback port with a fresh local D1, for the e2e checks (run.mjs, console.mjs).
import { copyFileSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(import.meta.dirname, "..", "..");

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** Starts both Workers; answers `{ base, token, stop }`. Call `stop()` in a `finally`. */
export async function bootWorkers() {
  // At least 32 characters, or the admin API stays closed (503).
  const token = `e2e-${randomBytes(24).toString("hex")}`;
  // `--var` reaches the first Worker only; each Worker reads the .dev.vars next to its config. So both
  // configs run from a scratch folder that links to this checkout and has a .dev.vars of its own: a
  // developer's .dev.vars is neither used nor touched.
  const work = mkdtempSync(join(tmpdir(), "edgeprov-e2e-work-"));
  for (const name of ["src", "templates", "drizzle", "node_modules", "package.json", "tsconfig.json"]) {
    symlinkSync(join(root, name), join(work, name));
  }
  for (const name of ["wrangler.toml", "wrangler.admin.toml"]) copyFileSync(join(root, name), join(work, name));
  writeFileSync(join(work, ".dev.vars"), `ADMIN_TOKEN=${token}\nREQUIRE_HTTPS=false\n`);

  const state = mkdtempSync(join(tmpdir(), "edgeprov-e2e-"));
  const env = { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" };
  let dev;
  const stop = () => {
    if (dev?.pid) {
      try {
        process.kill(-dev.pid, "SIGTERM");
      } catch {}
    }
    rmSync(state, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  };
  try {
    console.log(`e2e: fresh local D1 in ${state}`);
    execFileSync("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local", "--persist-to", state], {
      cwd: work, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"],
    });
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const configs = ["-c", "wrangler.toml", "-c", "wrangler.admin.toml"];
    dev = spawn("npx", ["wrangler", "dev", ...configs, "--ip", "127.0.0.1", "--port", String(port), "--persist-to", state], {
      cwd: work, env, stdio: ["ignore", "pipe", "pipe"], detached: true,
    });
    let log = "";
    dev.stdout.on("data", (d) => (log += d));
    dev.stderr.on("data", (d) => (log += d));
    const deadline = Date.now() + 60_000;
    while (!/Ready on/.test(log)) {
      if (Date.now() > deadline || dev.exitCode !== null) throw new Error(`wrangler dev did not start:\n${log}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    console.log(`e2e: wrangler dev on ${base}`);
    return { base, token, stop };
  } catch (err) {
    stop();
    throw err;
  }
}

export function expect(condition, what) {
  if (!condition) throw new Error(`e2e: ${what}`);
  console.log(`  ok  ${what}`);
}
