import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { and, desc, eq } from "drizzle-orm";
import { EVENTS_PER_TERMINAL } from "../db/phone-log";
import { terminalByMac } from "../db/catalog";
import { provisioningEvents, terminals } from "../db/schema";
import { deleteTerminal, findTerminal, linePasswords, listTerminals, updateTerminal, type PublicTerminal } from "../db/terminals";
import { TerminalSchema, terminalJson } from "./terminal-json";
import type { Db } from "../db/client";
import type { TerminalWithAll } from "../db/queries";
import type { ProvisioningContext } from "../core/view";
import type { AdminEnv } from "./env";
import { normalizeMac } from "../core/mac";
import { provisioningBaseUrl } from "../core/base-url";
import { CONTENT_TYPES, FileTooLargeError, MAX_OUTPUT_BYTES, renderSpecific } from "../core/render";
import { scopeOf } from "./access";
import { ApiError, notFoundError, validationError, type ErrorDetail } from "./errors";
import { resolveKeys, settingsErrors } from "./operator-input";
import { validationHook } from "./hook";
import { importApi } from "./import";
import { Cursor, errorResponses, Id, jsonBody, jsonResponse, Limit, Mac, page, pageOf } from "./schemas";
import { stagingWarnings, Warnings, withWarnings } from "./staging";
import {
  createTerminal,
  existingCompanies,
  loadModelRefs,
  resolveLines,
  resolveModel,
  TerminalCreate,
  TerminalPatch,
} from "./terminal-input";

const IdOrMac = z.object({
  idOrMac: z.string().openapi({ description: "Numeric id, or the MAC in any common spelling", example: "00:15:65:aa:bb:cc" }),
});

/**
 * A terminal by id or by MAC in any spelling (`00:15:65:AA:BB:CC`, `0015.65aa.bbcc`, ...). Within
 * `scope` (a company's token) another company's terminal is not found, exactly like a missing one.
 */
export async function findTerminalByIdOrMac(db: Db, idOrMac: string, scope?: number): Promise<PublicTerminal> {
  const mac = normalizeMac(idOrMac);
  const where = mac ? eq(terminals.mac, mac) : /^\d{1,15}$/.test(idOrMac) ? eq(terminals.id, Number(idOrMac)) : null;
  const terminal = where && (await findTerminal(db, scope === undefined ? where : and(where, eq(terminals.companyId, scope))!));
  if (!terminal) throw notFoundError("Terminal");
  return terminal;
}

/** One terminal as a single-terminal response gives it: with the staging its phone needs, if any (staging.ts). */
const TerminalResponse = TerminalSchema.extend({ warnings: Warnings }).openapi("TerminalWithWarnings");

async function terminalResponse(db: Db, terminal: PublicTerminal) {
  return withWarnings(terminalJson(terminal), await stagingWarnings(db, [terminal.companyId], terminal.id));
}

export const terminalsApi = new OpenAPIHono<AdminEnv>({ defaultHook: validationHook });

// Static paths before /{idOrMac}, so that "import" and "export" are never taken for an id.
terminalsApi.route("/", importApi);

terminalsApi.openapi(
  createRoute({
    method: "get",
    path: "/",
    operationId: "listTerminals",
    summary: "List terminals",
    tags: ["terminals"],
    request: {
      query: z.object({
        limit: Limit,
        cursor: Cursor,
        companyId: Id.optional(),
        modelId: Id.optional(),
        mac: Mac.optional(),
        q: z.string().max(100).optional().openapi({ description: "Part of the name or of the MAC" }),
        enabled: z.enum(["true", "false"]).optional(),
      }),
    },
    responses: { 200: jsonResponse(page(TerminalSchema), "A page of terminals"), ...errorResponses() },
  }),
  async (c) => {
    const { limit, cursor, enabled, ...filter } = c.req.valid("query");
    const rows = await listTerminals(
      c.var.db,
      { ...filter, enabled: enabled === undefined ? undefined : enabled === "true", scope: scopeOf(c) },
      { afterId: cursor ? Number(cursor) : undefined, limit: limit + 1 },
    );
    const result = pageOf(rows, limit);
    return c.json({ ...result, items: result.items.map(terminalJson) }, 200);
  },
);

terminalsApi.openapi(
  createRoute({
    method: "get",
    path: "/{idOrMac}",
    operationId: "getTerminal",
    summary: "Get a terminal by id or MAC",
    tags: ["terminals"],
    request: { params: IdOrMac },
    responses: { 200: jsonResponse(TerminalResponse, "The terminal"), ...errorResponses(404) },
  }),
  async (c) => c.json(await terminalResponse(c.var.db, await findTerminalByIdOrMac(c.var.db, c.req.valid("param").idOrMac, scopeOf(c))), 200),
);

terminalsApi.openapi(
  createRoute({
    method: "post",
    path: "/",
    operationId: "createTerminal",
    summary: "Create a terminal",
    tags: ["terminals"],
    request: { body: jsonBody(TerminalCreate) },
    responses: { 201: jsonResponse(TerminalResponse, "Created"), ...errorResponses(409, 413, 415) },
  }),
  async (c) => {
    const mac = await createTerminal(c.var.db, c.req.valid("json"), [], scopeOf(c));
    return c.json(await terminalResponse(c.var.db, await findTerminalByIdOrMac(c.var.db, mac)), 201);
  },
);

terminalsApi.openapi(
  createRoute({
    method: "patch",
    path: "/{idOrMac}",
    operationId: "updateTerminal",
    summary: "Update a terminal",
    tags: ["terminals"],
    description: "`lines`, when given, replaces all lines; a line without `password` keeps the password it had at that position.",
    request: { params: IdOrMac, body: jsonBody(TerminalPatch) },
    responses: { 200: jsonResponse(TerminalResponse, "Updated"), ...errorResponses(404, 409, 413, 415) },
  }),
  async (c) => {
    const db = c.var.db;
    const scope = scopeOf(c);
    const current = await findTerminalByIdOrMac(db, c.req.valid("param").idOrMac, scope);
    const { lines: lineInput, model: modelIden, modelId, keys: keyInput, settings, ...changes } = c.req.valid("json");
    const { byId, byIden } = await loadModelRefs(db);
    const errors: ErrorDetail[] = [];

    let model = byId.get(current.modelId)!;
    if (modelId !== undefined || modelIden !== undefined) {
      const picked = resolveModel({ modelId, model: modelIden }, byId, byIden);
      if (picked.error) errors.push(picked.error);
      else model = picked.model!;
    }
    if (changes.companyId !== undefined && !(await existingCompanies(db, [changes.companyId], scope)).has(changes.companyId)) {
      errors.push({ path: "companyId", message: "no such company" });
    }
    const resolved = lineInput ? resolveLines(lineInput, model.maxLines, await linePasswords(db, current.id)) : undefined;
    if (resolved) errors.push(...resolved.errors);
    // Moving to a model with fewer lines must not strand lines it cannot show.
    if (!resolved && current.lines.some((line) => line.position > model.maxLines)) {
      // Named as the operator gave it: `model` (iden) or `modelId`.
      errors.push({ path: modelIden !== undefined ? "model" : "modelId", message: `the terminal uses lines the model does not have (${model.maxLines} line(s))` });
    }
    // Keys and settings given are checked against the model; kept ones too when the model changes.
    const keys = resolveKeys(keyInput ?? current.keys, model);
    errors.push(...keys.errors, ...settingsErrors(model, settings ?? current.settings, "settings"));
    if (errors.length > 0) throw validationError(errors);

    const mac = changes.mac ?? current.mac;
    const operator = { ...(keyInput ? { keys: keys.keys } : {}), ...(settings ? { settings } : {}) };
    await updateTerminal(db, current.id, mac, { ...changes, ...operator, modelId: model.id }, resolved?.lines);
    return c.json(await terminalResponse(db, await findTerminalByIdOrMac(db, mac)), 200);
  },
);

terminalsApi.openapi(
  createRoute({
    method: "delete",
    path: "/{idOrMac}",
    operationId: "deleteTerminal",
    summary: "Delete a terminal",
    tags: ["terminals"],
    request: { params: IdOrMac },
    responses: { 204: { description: "Deleted" }, ...errorResponses(404) },
  }),
  async (c) => {
    const terminal = await findTerminalByIdOrMac(c.var.db, c.req.valid("param").idOrMac, scopeOf(c));
    await deleteTerminal(c.var.db, terminal.id);
    c.set("auditCompanyId", terminal.companyId);
    return c.body(null, 204);
  },
);

terminalsApi.openapi(
  createRoute({
    method: "get",
    path: "/{idOrMac}/config",
    operationId: "getTerminalConfig",
    summary: "Preview the terminal's MAC file",
    tags: ["terminals"],
    description:
      "The MAC file exactly as the phone gets it. Does not count as provisioning. A file that would be over 256 KiB " +
      "(a custom template repeating long values) is a 422, and its phone gets the 404 (its events say `file_too_large`).",
    request: { params: IdOrMac },
    responses: {
      200: {
        description: "The rendered MAC file, with the model's Content-Type",
        content: { "text/plain": { schema: z.string() }, "application/xml": { schema: z.string() } },
      },
      ...errorResponses(404, 422),
    },
  }),
  async (c) => {
    const { idOrMac } = c.req.valid("param");
    const scope = scopeOf(c);
    const mac = normalizeMac(idOrMac) ?? (await findTerminalByIdOrMac(c.var.db, idOrMac, scope)).mac;
    const terminal = await terminalByMac(c.var.db.$client, mac, Date.now());
    if (!terminal || (scope !== undefined && terminal.companyId !== scope)) throw notFoundError("Terminal");
    const body = preview(terminal, { baseUrl: provisioningBaseUrl(c.env, new URL(c.req.url)), now: new Date() });
    return c.body(body, 200, { "content-type": CONTENT_TYPES[terminal.model.format], "cache-control": "no-store" });
  },
);

/** The MAC file, or the 422 that says why none can be served (src/core/render.ts holds every file to the limit). */
function preview(terminal: TerminalWithAll, ctx: ProvisioningContext): string {
  try {
    return renderSpecific(terminal, ctx);
  } catch (err) {
    if (!(err instanceof FileTooLargeError)) throw err;
    throw new ApiError(
      422,
      "file_too_large",
      `The MAC file would be ${Math.ceil(err.bytes / 1024)} KiB, over the ${MAX_OUTPUT_BYTES / 1024} KiB a file may be: ` +
        "its phone gets a 404. Shorten the model's custom template, or the values it repeats",
    );
  }
}

terminalsApi.openapi(
  createRoute({
    method: "post",
    path: "/{idOrMac}/unlock",
    operationId: "unlockTerminal",
    summary: "Unlock a terminal locked after its first fetch",
    tags: ["terminals"],
    description: "Re-arms a terminal locked after its first fetch: its phone may fetch the MAC file once more.",
    request: { params: IdOrMac },
    responses: { 200: jsonResponse(TerminalSchema, "Unlocked"), ...errorResponses(404) },
  }),
  async (c) => {
    const terminal = await findTerminalByIdOrMac(c.var.db, c.req.valid("param").idOrMac, scopeOf(c));
    await c.var.db.update(terminals).set({ locked: false, updatedAt: new Date() }).where(eq(terminals.id, terminal.id));
    return c.json(terminalJson(await findTerminalByIdOrMac(c.var.db, terminal.mac)), 200);
  },
);

const EventSchema = z
  .object({
    at: z.string(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    file: z.string(),
    outcome: z.string().openapi({ description: "`served`, or why the request was refused (the phone only saw a 404/401/429)" }),
  })
  .openapi("ProvisioningEvent");

terminalsApi.openapi(
  createRoute({
    method: "get",
    path: "/{idOrMac}/events",
    operationId: "listTerminalEvents",
    summary: "List the terminal's recent fetches and refusals",
    tags: ["terminals"],
    description: "The terminal's last 50 fetches and refusals, newest first (repeats within a minute are recorded once).",
    request: { params: IdOrMac },
    responses: { 200: jsonResponse(z.object({ items: z.array(EventSchema) }), "Events, newest first"), ...errorResponses(404) },
  }),
  async (c) => {
    const terminal = await findTerminalByIdOrMac(c.var.db, c.req.valid("param").idOrMac, scopeOf(c));
    const rows = await c.var.db
      .select()
      .from(provisioningEvents)
      .where(eq(provisioningEvents.terminalId, terminal.id))
      .orderBy(desc(provisioningEvents.at), desc(provisioningEvents.id)) // records may arrive out of order (a queue)
      .limit(EVENTS_PER_TERMINAL);
    const items = rows.map((e) => ({ at: e.at.toISOString(), ip: e.ip, userAgent: e.userAgent, file: e.file, outcome: e.outcome }));
    return c.json({ items }, 200);
  },
);
