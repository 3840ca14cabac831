// `npm run dev`: both Workers under `wrangler dev` (no migration, no seed: `npm start` does those).
import "./check-node.mjs";
import { DEV_ARGS, ensureDevVars } from "./dev-vars.mjs";
import { runWranglerDev } from "./wrangler-dev.mjs";

ensureDevVars();
runWranglerDev([...DEV_ARGS, ...process.argv.slice(2)]);
