// npm run test:openapi: the admin API's OpenAPI document as clients use it. Writes the document from the
// app (scripts/openapi.mjs), lints it with Redocly CLI's recommended rules (0 errors), generates a
// TypeScript client with openapi-typescript and type-checks assertions against it: every operation by
// its operationId, the import and export bodies typed, required bodies required, only the responses an
// operation can give, and the role each needs (x-required-role). Tools from this folder's own package
// (npm ci --prefix test/openapi).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const here = import.meta.dirname;
const root = join(here, "..", "..");
const bin = (name) => join(here, "node_modules", ".bin", name);
const run = (command, args, options = {}) => execFileSync(command, args, { stdio: "inherit", ...options });

const work = mkdtempSync(join(tmpdir(), "edgeprov-openapi-"));
try {
  const spec = join(work, "openapi.json");
  run(process.execPath, [join(root, "scripts", "openapi.mjs"), spec], { cwd: root });
  const doc = JSON.parse(readFileSync(spec, "utf8"));

  // Redocly exits non-zero on any error of the ruleset; warnings are printed only.
  run(bin("redocly"), ["lint", "--extends=recommended", "--format=stylish", spec]);

  const client = join(work, "client.ts");
  run(bin("openapi-typescript"), [spec, "--output", client]);

  // Every operation says which token it needs (src/admin/access.ts), in x-required-role and in words.
  const ROLES = ["read", "admin", "global-read", "global-admin", "admin-token"];
  const unmarked = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([, op]) => !ROLES.includes(op["x-required-role"]) || !/Requires /.test(op.description ?? "") || !op.responses?.[403])
      .map(([method]) => `${method.toUpperCase()} ${path}`),
  );
  if (unmarked.length > 0) throw new Error(`operations without x-required-role, its sentence or a 403 response: ${unmarked.join(", ")}`);

  const operationIds = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
  const checks = [
    `import type { components, operations } from "./client";`,
    `type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;`,
    `type Has<O, K> = K extends keyof O ? true : false;`,
    `type Schemas = components["schemas"];`,
    // Every operation is there by name.
    ...operationIds.map((id) => `export const op_${id}: Has<operations, "${id}"> = true;`),
    // The import takes an array of terminals or CSV text, and the body is required.
    `type Import = operations["importTerminals"];`,
    `export const importJson: Equal<Import["requestBody"]["content"]["application/json"], Schemas["TerminalCreate"][]> = true;`,
    `export const importCsv: Equal<Import["requestBody"]["content"]["text/csv"], string> = true;`,
    `export const importRequired: Equal<undefined extends Import["requestBody"] ? true : false, false> = true;`,
    `export const importResult: Equal<Import["responses"][200]["content"]["application/json"], Schemas["ImportResult"] | Schemas["ImportDryRun"]> = true;`,
    // The export gives terminals as JSON or CSV text.
    `type Export = operations["exportTerminals"];`,
    `export const exportJson: Equal<Export["responses"][200]["content"]["application/json"], Schemas["Terminal"][]> = true;`,
    `export const exportCsv: Equal<Export["responses"][200]["content"]["text/csv"], string> = true;`,
    // Each operation lists the responses it can give, and no others.
    `export const listNo404: Has<operations["listManufacturers"]["responses"], 404> = false;`,
    `export const listNo409: Has<operations["listTerminals"]["responses"], 409> = false;`,
    `export const getNo409: Has<operations["getTerminal"]["responses"], 409> = false;`,
    `export const getNo415: Has<operations["getTerminal"]["responses"], 415> = false;`,
    `export const getHas404: Has<operations["getTerminal"]["responses"], 404> = true;`,
    `export const deleteCompany409: Has<operations["deleteCompany"]["responses"], 409> = true;`,
    `export const createTerminalBody: Equal<undefined extends operations["createTerminal"]["requestBody"] ? true : false, false> = true;`,
    // Tokens: the secret comes back once, as `token`, at creation; whoami names the caller.
    `export const tokenSecret: Equal<operations["createToken"]["responses"][201]["content"]["application/json"]["token"], string> = true;`,
    `export const listNoSecret: Has<Schemas["ApiToken"], "token"> = false;`,
    // A token's company is never left to a default: an id, or null for every company, always given.
    `export const tokenCompany: Equal<Schemas["ApiTokenCreate"]["companyId"], number | null> = true;`,
    // The config preview of a file over the size limit is a 422.
    `export const preview422: Has<operations["getTerminalConfig"]["responses"], 422> = true;`,
    `export const whoami: Equal<operations["whoAmI"]["responses"][200]["content"]["application/json"], Schemas["WhoAmI"]> = true;`,
    `export const forbidden: Has<operations["updateTerminal"]["responses"], 403> = true;`,
  ];
  writeFileSync(join(work, "check.ts"), checks.join("\n") + "\n");
  writeFileSync(
    join(work, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: "es2022", module: "esnext", moduleResolution: "bundler", skipLibCheck: true }, files: ["check.ts"] }),
  );
  run(bin("tsc"), ["-p", join(work, "tsconfig.json")]);
  console.log(`openapi: ${operationIds.length} operations lint clean and generate a typed client`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
