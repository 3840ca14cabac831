// Node loads the families' templates the way wrangler bundles them (its Text rule for *.mustache): as a
// module whose default export is the file's text. For the command-line tools that reach templates/index.ts
// (the simulator): `tsx --import ./tools/text-modules.mjs …`.
import { readFileSync } from "node:fs";
import { registerHooks } from "node:module";
import { fileURLToPath } from "node:url";

registerHooks({
  load(url, context, nextLoad) {
    if (!url.endsWith(".mustache")) return nextLoad(url, context);
    const text = readFileSync(fileURLToPath(url), "utf8");
    return { format: "module", source: `export default ${JSON.stringify(text)};`, shortCircuit: true };
  },
});
