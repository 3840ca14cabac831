// `npm start`: migrate the local D1, seed the demo data, print curl lines to try, run `wrangler dev`.
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import "./check-node.mjs";

const PORT = process.env.PORT ?? "8787";
const wrangler = (args, options = {}) =>
  execFileSync("npx", ["wrangler", ...args], { stdio: ["ignore", "pipe", "inherit"], encoding: "utf8", ...options });

// The admin API is closed without a token: give local dev one (git ignores .dev.vars). Both Workers
// read this file (`--var` would reach the phone Worker only), so plain HTTP for MAC files is set here
// too, and the admin API's config preview writes the same URLs as the phone Worker.
if (!existsSync(".dev.vars")) {
  const secret = () => randomBytes(24).toString("base64url");
  writeFileSync(".dev.vars", `ADMIN_TOKEN=${secret()}\nDIGEST_SIGNING_KEY=${secret()}\nREQUIRE_HTTPS=false\n`);
  console.log("Created .dev.vars with a random ADMIN_TOKEN (admin API) and DIGEST_SIGNING_KEY (Digest nonces).");
} else if (!/^REQUIRE_HTTPS=/m.test(readFileSync(".dev.vars", "utf8"))) {
  appendFileSync(".dev.vars", "\n# Local dev only: MAC files over plain HTTP (both Workers read this file).\nREQUIRE_HTTPS=false\n");
  console.log("Added REQUIRE_HTTPS=false to .dev.vars (local dev serves MAC files over plain HTTP).");
}
const token = /^ADMIN_TOKEN=(.*)$/m.exec(readFileSync(".dev.vars", "utf8"))?.[1]?.trim();

console.log("Applying migrations to the local D1 ...");
wrangler(["d1", "migrations", "apply", "DB", "--local"], { env: { ...process.env, CI: "true" } });
console.log("Seeding the demo company and terminals ...");
wrangler(["d1", "execute", "DB", "--local", "--file", "seed/demo.sql"]);

const [{ results }] = JSON.parse(
  wrangler([
    "d1", "execute", "DB", "--local", "--json", "--command",
    "SELECT m.iden, m.generic_file, m.specific_pattern, t.mac FROM terminals t JOIN models m ON m.id = t.model_id " +
      "WHERE m.iden IN ('yealink-t21p-e2', 'cisco-spa504g') ORDER BY m.iden DESC",
  ]),
);
const base = `http://localhost:${PORT}/provision`;
console.log("\nTry (plain HTTP is allowed for MAC files in local dev only):");
for (const row of results) {
  const ua = row.iden.startsWith("yealink")
    ? `Yealink SIP-T21P_E2 52.84.0.15 ${row.mac.match(/../g).join(":")}`
    : `Cisco/SPA504G-7.6.2 (${row.mac.toUpperCase()})(CBT1234567A)`;
  console.log(`  curl -A '${ua}' ${base}/${row.generic_file}`);
  console.log(`  curl -A '${ua}' ${base}/${row.specific_pattern.replace("{mac}", row.mac)}`);
}
if (token) {
  console.log("\nThe admin API (token from .dev.vars):");
  console.log(`  curl -H 'Authorization: Bearer ${token}' http://localhost:${PORT}/api/v1/terminals`);
  console.log(`  curl -H 'Authorization: Bearer ${token}' http://localhost:${PORT}/api/v1/terminals/${results[0]?.mac}/config`);
}
console.log("");

// Both Workers: the phone Worker on PORT, the admin API's Worker behind its ADMIN binding.
const dev = spawn("npx", ["wrangler", "dev", "-c", "wrangler.toml", "-c", "wrangler.admin.toml", "--port", PORT, "--var", "REQUIRE_HTTPS:false"], { stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => dev.kill(signal));
dev.on("exit", (code) => process.exit(code ?? 0));
