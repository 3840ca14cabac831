// npm run openapi -- [file]: writes the admin API's OpenAPI document (as GET /api/v1/openapi.json
// serves it) to a file, default openapi.json, for linters and client generators. Loads the app's own
// code through tsx, so the document is the one the routes declare.
import { register } from "node:module";
import { writeFileSync } from "node:fs";
import { tsImport } from "tsx/esm/api";
import "./check-node.mjs";

register("./text-modules.mjs", import.meta.url);
const { api } = await tsImport("../src/admin/app.ts", import.meta.url);
const { openApiDocument } = await tsImport("../src/admin/openapi.ts", import.meta.url);

const file = process.argv[2] ?? "openapi.json";
writeFileSync(file, JSON.stringify(openApiDocument(api), null, 2) + "\n");
console.log(`wrote ${file}`);
