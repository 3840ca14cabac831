// `npm run bench:micro`: vitest bench of the phone path's pure code, in Node (the workers pool does not
// run `vitest bench`). Templates are Text modules for wrangler; this small plugin loads them the same way.
import { readFile } from "node:fs/promises";
import { defineConfig, type Plugin } from "vitest/config";

const mustacheAsText: Plugin = {
  name: "mustache-as-text",
  enforce: "pre",
  async load(id) {
    if (!id.endsWith(".mustache")) return null;
    return `export default ${JSON.stringify(await readFile(id, "utf8"))};`;
  },
};

export default defineConfig({
  root: new URL("..", import.meta.url).pathname,
  plugins: [mustacheAsText],
  test: {
    environment: "node",
    include: ["bench/**/*.bench.ts"],
    benchmark: { include: ["bench/**/*.bench.ts"] },
  },
});
