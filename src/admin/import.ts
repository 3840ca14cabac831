// Bulk terminals: POST /terminals/import (JSON array or CSV, all or nothing) and GET /terminals/export.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import type { ErrorDetail } from "./errors";
import { ApiError, zodDetails } from "./errors";
import { existingTerminals, listTerminals, writeImport, type PublicTerminal, type StoredTerminal, type TerminalRow } from "../db/terminals";
import type { AdminEnv } from "./env";
import { scopeOf } from "./access";
import { csvToTerminals, LINE_FIELDS, parseCsv, toCsv } from "./csv";
import { keyHeader } from "./key-columns";
import { validationHook } from "./hook";
import { errorResponses, Id, jsonResponse } from "./schemas";
import { existingCompanies, loadModelRefs, mergeTerminal, resolveModel, TerminalCreate, TerminalUpsert, toTerminalRow, type TerminalCreateInput, type TerminalUpsertInput } from "./terminal-input";
import { TerminalSchema, terminalJson } from "./terminal-json";
import { stagingWarnings, Warnings, withWarnings } from "./staging";

export const MAX_IMPORT_ROWS = 10_000;
const MAX_IMPORT_BYTES = 16 * 1024 * 1024;
/** At most this many row errors are listed: enough to fix a file, not a second copy of it. */
const MAX_REPORTED_ERRORS = 1000;

interface RowError extends ErrorDetail {
  row: number;
  field: string;
}

/** Any JSON array at run time; documented as an array of what `POST /terminals` takes. */
const TerminalRows = z
  .array(z.unknown())
  .openapi({ description: "The terminals, as `POST /terminals` takes them", items: { $ref: "#/components/schemas/TerminalCreate" } });

const ImportCreated = z.object({ created: z.number().int(), warnings: Warnings }).openapi("ImportCreated");
const DryRunResult = z.object({ valid: z.number().int().openapi({ description: "Rows checked; nothing written" }) }).openapi("ImportDryRun");

const ImportResult = z
  .object({
    created: z.number().int(),
    updated: z.number().int().openapi({ description: "Existing terminals changed (mode=upsert)" }),
    unchanged: z.number().int().openapi({ description: "Existing terminals the rows left as they were (mode=upsert)" }),
    warnings: Warnings,
  })
  .openapi("ImportResult");

export const importApi = new OpenAPIHono<AdminEnv>({ defaultHook: validationHook });

importApi.use("/import", bodyLimit({ maxSize: MAX_IMPORT_BYTES, onError: () => { throw new ApiError(413, "payload_too_large", `An import is at most ${MAX_IMPORT_BYTES / 1024 / 1024} MiB`); } }));

/** Fields of an exported terminal that an import does not set: ignored, so a JSON export re-imports. */
const READ_ONLY_FIELDS = ["id", "locked", "provisionedAt", "provisionedIp", "provisionedUserAgent", "createdAt", "updatedAt"];

function withoutReadOnly(object: unknown): unknown {
  if (object === null || typeof object !== "object" || Array.isArray(object)) return object;
  const copy: Record<string, unknown> = { ...object };
  for (const field of READ_ONLY_FIELDS) delete copy[field];
  return copy;
}

const ImportCsv = z.string().openapi("TerminalsCsv", {
  description:
    "A header row naming the columns (`companyId`, `modelId` or `model`, `mac`, `name`, `language`, `timezone`, `transport`, `sipPort`, `enabled`, " +
    "line 1 as `username`, `authUsername`, `password`, `displayName`, `extension`, line N as `lineN.username`, ...), " +
    "then one terminal per row. Comma, semicolon or tab separated (the header decides); RFC 4180 quoting.",
  example: "companyId,model,mac,name,username,password\r\n1,yealink-t46g,00:15:65:aa:bb:cc,Reception,1001,s3cret\r\n",
});

importApi.openapi(
  createRoute({
    method: "post",
    path: "/import",
    operationId: "importTerminals",
    tags: ["terminals"],
    summary: "Import terminals (JSON or CSV, all or nothing)",
    description:
      "Up to 10,000 terminals, all or nothing. `mode=create` (the default) only creates: a MAC that exists is an error. " +
      "`mode=upsert` creates new MACs and updates existing ones: the fields a row gives replace the terminal's, the others " +
      "stay (a row for an existing MAC needs only `mac`; a new MAC's needs `companyId` and `model` or `modelId`); a row's " +
      "lines replace the terminal's lines, and a line without `password` keeps the one it had. " +
      "JSON rows take what `POST /terminals` takes; the read-only fields of an export (`id`, `locked`, `provisionedAt`, " +
      "`provisionedIp`, `provisionedUserAgent`, `createdAt`, `updatedAt`) are ignored, so an export re-imports. " +
      "Bad rows are reported by row number (1 = first terminal) and field; then nothing is written. " +
      "With `dryRun=true` every row is checked the same way (database included) and nothing is written either way.",
    request: {
      query: z.object({
        mode: z.enum(["create", "upsert"]).default("create").openapi({ description: "`create` refuses existing MACs; `upsert` updates them" }),
        dryRun: z.enum(["true", "false"]).optional().openapi({ description: "`true`: validate only, write nothing (200 with the count)" }),
      }),
      // Not `required` here (the document says it is): the rows are validated below, one by one, so that
      // errors name their row, and a CSV body must not meet the JSON validator.
      body: {
        required: false,
        content: {
          "application/json": { schema: TerminalRows },
          "text/csv": { schema: ImportCsv },
        },
      },
    },
    responses: {
      200: jsonResponse(z.union([ImportResult, DryRunResult]), "Upserted (mode=upsert), or a dry run: every row valid, nothing written"),
      201: jsonResponse(ImportCreated, "Created (mode=create)"),
      ...errorResponses(413, 415),
    },
  }),
  async (c) => {
    const { mode, dryRun } = c.req.valid("query");
    // Media types are case-insensitive (RFC 9110): `Text/CSV` passed the 415 check and must be read as CSV.
    const type = (c.req.header("content-type") ?? "").toLowerCase();
    let objects: unknown[];
    let columnFor = (_row: number, path: string) => path;
    if (type.startsWith("text/csv")) {
      const parsed = csvToTerminals(parseCsv(await c.req.text()));
      objects = parsed.objects;
      columnFor = parsed.columnFor;
    } else {
      const body = await c.req.json().catch(() => undefined);
      if (!Array.isArray(body)) throw new ApiError(400, "invalid_body", "Expected a JSON array of terminals");
      objects = body.map(withoutReadOnly);
    }
    if (objects.length === 0) throw new ApiError(400, "empty_import", "The import holds no terminals");
    if (objects.length > MAX_IMPORT_ROWS) {
      throw new ApiError(413, "too_many_rows", `An import is at most ${MAX_IMPORT_ROWS} terminals; this one has ${objects.length}`);
    }

    const db = c.var.db;
    const scope = scopeOf(c);
    const errors: RowError[] = [];
    const report = (index: number, path: string, message: string) => {
      const field = columnFor(index, path);
      errors.push({ row: index + 1, field, path: `rows[${index + 1}].${field}`, message });
    };

    // An upsert row for a MAC that exists needs only the MAC and what it changes; a new MAC's, what a create needs.
    const schema = mode === "upsert" ? TerminalUpsert : TerminalCreate;
    const valid: { index: number; input: TerminalUpsertInput }[] = [];
    objects.forEach((object, index) => {
      const result = schema.safeParse(object);
      if (result.success) valid.push({ index, input: result.data });
      else for (const d of zodDetails(result.error)) report(index, d.path, d.message);
    });

    const [{ byId, byIden }, companies, stored] = await Promise.all([
      loadModelRefs(db),
      existingCompanies(db, valid.flatMap((v) => (v.input.companyId === undefined ? [] : [v.input.companyId])), scope),
      existingTerminals(db, valid.map((v) => v.input.mac)),
    ]);
    const firstRowOfMac = new Map<string, number>();
    const created: TerminalRow[] = [];
    const updated: StoredTerminal[] = [];
    let unchanged = 0;
    for (const { index, input } of valid) {
      const current = stored.get(input.mac);
      // Kept from the terminal when the row leaves them out (mode=upsert only: a create's schema requires them).
      const keepsModel = current !== undefined && input.modelId === undefined && input.model === undefined;
      const { model, error } = keepsModel ? { model: byId.get(current.modelId), error: undefined } : resolveModel(input, byId, byIden);
      if (error) report(index, error.path, error.message);
      if (input.companyId === undefined) {
        if (!current) report(index, "companyId", "required for a new terminal");
      } else if (!companies.has(input.companyId)) report(index, "companyId", "no such company");
      // Another company's terminal (a company's token): taken, as for a create, and never updated or moved from here.
      const foreign = current !== undefined && scope !== undefined && current.companyId !== scope;
      if (foreign) report(index, "mac", "a terminal with this MAC exists already, in a company this token cannot see");
      else if (current && mode === "create") report(index, "mac", "a terminal with this MAC exists already (mode=upsert updates it)");
      const first = firstRowOfMac.get(input.mac);
      if (first !== undefined) report(index, "mac", `the same MAC as row ${first + 1}`);
      else firstRowOfMac.set(input.mac, index);
      if (!model || foreign) continue;
      if (current) {
        const merged = mergeTerminal(input, model, current);
        for (const e of merged.errors) report(index, e.path, e.message);
        if (merged.changed) updated.push(merged.terminal);
        else unchanged += 1;
      } else if (input.companyId !== undefined) {
        const { row, errors: lineErrors } = toTerminalRow(input as TerminalCreateInput, model);
        for (const e of lineErrors) report(index, e.path, e.message);
        created.push(row);
      }
    }
    if (errors.length > 0) {
      errors.sort((a, b) => a.row - b.row);
      const shown = errors.slice(0, MAX_REPORTED_ERRORS);
      const more = errors.length - shown.length;
      throw new ApiError(
        400,
        "import_rejected",
        `${new Set(errors.map((e) => e.row)).size} of ${objects.length} rows are not valid; nothing was written` +
          (more > 0 ? ` (first ${shown.length} errors listed)` : ""),
        shown,
      );
    }
    if (dryRun === "true") {
      c.set("wroteNothing", true);
      return c.json({ valid: created.length + updated.length + unchanged }, 200);
    }
    await writeImport(db, created, updated);
    // The audit entry's company, when every row is of one.
    const companyIds = new Set(valid.flatMap((v) => {
      const companyId = v.input.companyId ?? stored.get(v.input.mac)?.companyId;
      return companyId === undefined ? [] : [companyId];
    }));
    if (companyIds.size === 1) c.set("auditCompanyId", [...companyIds][0]);
    const warnings = await stagingWarnings(db, companyIds);
    if (mode === "create") return c.json(withWarnings({ created: created.length }, warnings), 201);
    return c.json(withWarnings({ created: created.length, updated: updated.length, unchanged }, warnings), 200);
  },
);

importApi.openapi(
  createRoute({
    method: "get",
    path: "/export",
    operationId: "exportTerminals",
    tags: ["terminals"],
    summary: "Export terminals (CSV or JSON)",
    description:
      "Every terminal (optionally of one company or model) as CSV (the import's columns, comma separated) or JSON " +
      "(as `GET /terminals/{idOrMac}` shows them). Never passwords. Both re-import with `POST /terminals/import?mode=upsert`.",
    request: {
      query: z.object({ format: z.enum(["csv", "json"]).default("csv"), companyId: Id.optional(), modelId: Id.optional() }),
    },
    responses: {
      200: { description: "The terminals", content: { "text/csv": { schema: ImportCsv }, "application/json": { schema: z.array(TerminalSchema) } } },
      ...errorResponses(),
    },
  }),
  async (c) => {
    const { format, ...filter } = c.req.valid("query");
    const all: PublicTerminal[] = [];
    for (let afterId = 0; ; ) {
      const page = await listTerminals(c.var.db, { ...filter, scope: scopeOf(c) }, { afterId, limit: 1000 });
      all.push(...page);
      if (page.length < 1000) break;
      afterId = page[page.length - 1]!.id;
    }
    if (format === "json") return c.json(all.map(terminalJson), 200);

    const positions = [...new Set(all.flatMap((t) => t.lines.map((l) => l.position)))].sort((a, b) => a - b);
    if (!positions.includes(1)) positions.unshift(1);
    const lineFields = LINE_FIELDS.filter((f) => f !== "password");
    const keyColumns = keyHeader(all);
    const header = [
      "companyId", "modelId", "mac", "name", "language", "timezone", "transport", "sipPort", "enabled",
      ...positions.flatMap((p) => lineFields.map((f) => (p === 1 ? f : `line${p}.${f}`))),
      ...keyColumns.header,
    ];
    const body = toCsv([
      header,
      ...all.map((t) => [
        t.companyId, t.modelId, t.mac, t.name, t.language, t.timezone, t.transport, t.sipPort, t.enabled,
        ...positions.flatMap((p) => {
          const line = t.lines.find((l) => l.position === p);
          return lineFields.map((f) => line?.[f] ?? "");
        }),
        ...keyColumns.cells(t.keys),
      ]),
    ]);
    return c.body(body, 200, { "content-type": "text/csv; charset=utf-8", "content-disposition": 'attachment; filename="terminals.csv"' });
  },
);
