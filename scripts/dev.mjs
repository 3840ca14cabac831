// `npm run dev`: both Workers under `wrangler dev` (no migration, no seed: `npm start` does those).
import { spawn } from "node:child_process";
import "./check-node.mjs";
import { DEV_ARGS, ensureDevVars } from "./dev-vars.mjs";

ensureDevVars();
const dev = spawn("npx", ["wrangler", ...DEV_ARGS, ...process.argv.slice(2)], { stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => dev.kill(signal));
dev.on("exit", (code) => process.exit(code ?? 0));
