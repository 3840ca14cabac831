// Node module hooks for what wrangler bundles as Text modules (`rules` in wrangler.toml): a `.mustache`
// import is its file's text, as in the Worker. Lets Node scripts load the app's code through tsx.
import { readFile } from "node:fs/promises";

export async function load(url, context, nextLoad) {
  // tsx marks the modules it loads with a query string: look at the path only.
  const file = new URL(url);
  if (file.protocol !== "file:" || !file.pathname.endsWith(".mustache")) return nextLoad(url, context);
  file.search = "";
  const text = await readFile(file, "utf8");
  return { format: "module", source: `export default ${JSON.stringify(text)};`, shortCircuit: true };
}
