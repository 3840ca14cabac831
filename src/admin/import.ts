// Bulk terminals: POST /terminals/import (JSON array or CSV, all or nothing) and GET /terminals/export.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import type { ErrorDetail } from "./errors";
import { ApiError, zodDetails } from "./errors";
import { existingMacs, insertTerminals, listTerminals, type PublicTerminal } from "../db/terminals";
import type { AdminEnv } from "./env";
import { csvToTerminals, LINE_FIELDS, parseCsv, toCsv } from "./csv";
import { keyHeader } from "./key-columns";
import { validationHook } from "./hook";
import { errorResponses, Id, jsonResponse } from "./schemas";
import type { TerminalRow } from "../db/terminals";
import { existingCompanies, loadModelRefs, resolveModel, TerminalCreate, toTerminalRow } from "./terminal-input";
import { terminalJson } from "./terminal-json";

export const MAX_IMPORT_ROWS = 10_000;
const MAX_IMPORT_BYTES = 16 * 1024 * 1024;
/** At most this many row errors are listed: enough to fix a file, not a second copy of it. */
const MAX_REPORTED_ERRORS = 1000;

interface RowError extends ErrorDetail {
  row: number;
  field: string;
}

export const importApi = new OpenAPIHono<AdminEnv>({ defaultHook: validationHook });

importApi.use("/import", bodyLimit({ maxSize: MAX_IMPORT_BYTES, onError: () => { throw new ApiError(413, "payload_too_large", `An import is at most ${MAX_IMPORT_BYTES / 1024 / 1024} MiB`); } }));

importApi.openapi(
  createRoute({
    method: "post",
    path: "/import",
    tags: ["terminals"],
    description:
      "Creates up to 10,000 terminals, all or nothing. A JSON array of objects as `POST /terminals` takes them, or " +
      "`text/csv` with a header row (`companyId`, `modelId` or `model`, `mac`, `name`, `language`, `timezone`, `transport`, `sipPort`, `enabled`, " +
      "line 1 as `username`, `authUsername`, `password`, `displayName`, `extension`, line N as `lineN.username`, ...). " +
      "Bad rows are reported by row number (1 = first terminal) and field; then nothing is written.",
    request: {
      // Not `required`: the rows are validated here, one by one, so that errors name their row.
      body: {
        required: false,
        content: {
          "application/json": { schema: z.array(z.any()).openapi({ description: "Array of TerminalCreate objects" }) },
          "text/csv": { schema: z.string() },
        },
      },
    },
    responses: {
      201: jsonResponse(z.object({ created: z.number().int() }), "All rows created"),
      413: { description: "More than 10,000 rows or 16 MiB" },
      415: { description: "Neither JSON nor CSV" },
      ...errorResponses,
    },
  }),
  async (c) => {
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
      objects = body;
    }
    if (objects.length === 0) throw new ApiError(400, "empty_import", "The import holds no terminals");
    if (objects.length > MAX_IMPORT_ROWS) {
      throw new ApiError(413, "too_many_rows", `An import is at most ${MAX_IMPORT_ROWS} terminals; this one has ${objects.length}`);
    }

    const db = c.var.db;
    const errors: RowError[] = [];
    const report = (index: number, path: string, message: string) => {
      const field = columnFor(index, path);
      errors.push({ row: index + 1, field, path: `rows[${index + 1}].${field}`, message });
    };

    const valid: { index: number; input: z.infer<typeof TerminalCreate> }[] = [];
    objects.forEach((object, index) => {
      const result = TerminalCreate.safeParse(object);
      if (result.success) valid.push({ index, input: result.data });
      else for (const d of zodDetails(result.error)) report(index, d.path, d.message);
    });

    const [{ byId, byIden }, companies, taken] = await Promise.all([
      loadModelRefs(db),
      existingCompanies(db, valid.map((v) => v.input.companyId)),
      existingMacs(db, valid.map((v) => v.input.mac)),
    ]);
    const firstRowOfMac = new Map<string, number>();
    const rows: TerminalRow[] = [];
    for (const { index, input } of valid) {
      const { model, error } = resolveModel(input, byId, byIden);
      if (error) report(index, error.path, error.message);
      if (!companies.has(input.companyId)) report(index, "companyId", "no such company");
      if (taken.has(input.mac)) report(index, "mac", "a terminal with this MAC exists already");
      const first = firstRowOfMac.get(input.mac);
      if (first !== undefined) report(index, "mac", `the same MAC as row ${first + 1}`);
      else firstRowOfMac.set(input.mac, index);
      if (!model) continue;
      const { row, errors: lineErrors } = toTerminalRow(input, model);
      for (const e of lineErrors) report(index, e.path, e.message);
      rows.push(row);
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
    await insertTerminals(db, rows);
    return c.json({ created: rows.length }, 201);
  },
);

importApi.openapi(
  createRoute({
    method: "get",
    path: "/export",
    tags: ["terminals"],
    description: "Every terminal (optionally of one company or model) as CSV (the import's columns) or JSON. Never passwords.",
    request: {
      query: z.object({ format: z.enum(["csv", "json"]).default("csv"), companyId: Id.optional(), modelId: Id.optional() }),
    },
    responses: {
      200: { description: "The terminals", content: { "text/csv": { schema: z.string() }, "application/json": { schema: z.array(z.any()) } } },
      ...errorResponses,
    },
  }),
  async (c) => {
    const { format, ...filter } = c.req.valid("query");
    const all: PublicTerminal[] = [];
    for (let afterId = 0; ; ) {
      const page = await listTerminals(c.var.db, filter, { afterId, limit: 1000 });
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
