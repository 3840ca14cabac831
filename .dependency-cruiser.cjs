// The layer rules of the code (README, "Where things live"), checked by `npm run lint:layers` in CI:
//   src/db      schema, queries, the catalog snapshot: imports nothing of ours above it
//   src/core    what both Workers use (render, views, MAC and paths, policy): db and templates below it
//   templates   the families: only core's types, and their own helpers
//   src/phone   the phone Worker;  src/admin  the admin Worker: neither imports the other
//   tools       the simulator and scripts: in no Worker
/** @type {import("dependency-cruiser").IConfiguration} */
module.exports = {
  forbidden: [
    { name: "no-cycles", severity: "error", comment: "An import cycle, even of types only.", from: {}, to: { circular: true } },
    {
      name: "db-imports-nothing-above",
      severity: "error",
      from: { path: "^src/db/" },
      to: { path: "^(src/(core|phone|admin)|templates|tools)/" },
    },
    {
      name: "core-imports-no-worker",
      severity: "error",
      from: { path: "^src/core/" },
      to: { path: "^(src/(phone|admin)|tools)/" },
    },
    {
      name: "templates-import-no-worker",
      severity: "error",
      comment: "A family's Worker side (everything but the simulator's phone.ts and user-agents.ts) uses only core.",
      from: { path: "^templates/", pathNot: "^templates/[^/]+/(phone|user-agents)\\.ts$" },
      to: { path: "^(src/(phone|admin|db)|tools)/" },
    },
    { name: "phone-not-admin", severity: "error", from: { path: "^src/phone/" }, to: { path: "^src/admin/" } },
    { name: "admin-not-phone", severity: "error", from: { path: "^src/admin/" }, to: { path: "^src/phone/" } },
    {
      name: "workers-not-tools-or-tests",
      severity: "error",
      from: { path: "^(src|templates)/", pathNot: "^templates/[^/]+/(phone|user-agents)\\.ts$" },
      to: { path: "^(tools|test|bench|scripts)/" },
    },
    {
      name: "phone-bundle-without-admin",
      severity: "error",
      comment: "The phone Worker's bundle carries no admin API code, no zod and no simulator.",
      from: { path: "^src/phone/worker\\.ts$" },
      to: {
        reachable: true,
        path: "^(src/admin/|tools/|templates/[^/]+/(phone|user-agents)\\.ts$|node_modules/(zod|@hono/zod-openapi|fast-xml-parser)/)",
      },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    // swc parses the TypeScript: dependency-cruiser reads no TypeScript 7 yet. swc keeps type-only
    // imports (marked "type-only"), so a cycle of types still counts. No `tsPreCompilationDeps`: it
    // only switches on the tsc parser, which needs TypeScript < 7; with it set, every run warned
    // "missing-tsc-transpiler" and found the same dependencies.
    parser: "swc",
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"] },
    exclude: { path: "\\.mustache$" },
  },
};
