// `npm start`: migrate the local D1, seed the demo data, print curl lines to try, run `wrangler dev`.
import { execFileSync, spawn } from "node:child_process";
import "./check-node.mjs";
import { DEV_ARGS, ensureDevVars } from "./dev-vars.mjs";

const PORT = process.env.PORT ?? "8787";
const wrangler = (args, options = {}) =>
  execFileSync("npx", ["wrangler", ...args], { stdio: ["ignore", "pipe", "inherit"], encoding: "utf8", ...options });

const { token } = ensureDevVars();

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
  // The token itself is never printed: terminal scrollback and shared screens outlive a dev session.
  console.log("\nThe admin API (its token is ADMIN_TOKEN in .dev.vars; load it into your shell first):");
  console.log(`  export EDGEPROV_TOKEN="$(sed -n 's/^ADMIN_TOKEN=//p' .dev.vars)"`);
  console.log(`  curl -H "Authorization: Bearer $EDGEPROV_TOKEN" http://localhost:${PORT}/api/v1/terminals`);
  console.log(`  curl -H "Authorization: Bearer $EDGEPROV_TOKEN" http://localhost:${PORT}/api/v1/terminals/${results[0]?.mac}/config`);
}
console.log("");

const dev = spawn("npx", ["wrangler", ...DEV_ARGS, "--port", PORT], { stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => dev.kill(signal));
dev.on("exit", (code) => process.exit(code ?? 0));
