// The audit log: every write the API carried out is recorded right after it, before the response (in
// the request's D1 session, so a read with the response's bookmark sees it), and GET /audit lists it.
// Recorded: the token, method, path, resource, the NAMES of the fields sent, never a value.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { and, desc, eq, lt } from "drizzle-orm";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { recordAudit } from "../db/audit";
import { auditLog, type AuditEntry } from "../db/schema";
import type { AdminEnv } from "./env";
import { parseCsv } from "./csv";
import { apiPath, scopeOf } from "./access";
import { validationHook } from "./hook";
import { Cursor, errorResponses, Id, jsonResponse, Limit, page } from "./schemas";

const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** Enough to say what an import touched; the log is no copy of the request. */
const MAX_FIELDS = 100;

export const auditWrites = createMiddleware<AdminEnv>(async (c, next) => {
  await next();
  // A dry run (an import's `dryRun=true`) is a POST that wrote nothing: there is nothing to account for.
  if (!WRITES.has(c.req.method) || c.res.status < 200 || c.res.status >= 300 || c.get("wroteNothing")) return;
  try {
    await recordAudit(c.var.db, await entryFor(c));
  } catch (err) {
    // The write itself went through: answering 500 now would have the client retry it.
    console.error(JSON.stringify({ level: "error", event: "audit_write_failed", requestId: c.get("requestId"), error: String(err) }));
  }
});

async function entryFor(c: Context<AdminEnv>) {
  const url = new URL(c.req.url);
  const [resourceType = "", pathId] = apiPath(c).split("/").filter(Boolean);
  const response = await responseJson(c.res);
  const resourceId = pathId && pathId !== "import" ? pathId : idOf(response);
  const companyId =
    c.var.principal.companyId ??
    c.get("auditCompanyId") ??
    (resourceType === "companies" && resourceId && /^\d+$/.test(resourceId) ? Number(resourceId) : numberOr(response?.companyId));
  return {
    at: new Date(),
    tokenId: c.var.principal.tokenId,
    companyId: companyId ?? null,
    method: c.req.method,
    // The path only, as the phone log keeps it: a query string could carry anything.
    path: url.pathname,
    resourceType,
    resourceId: resourceId ?? null,
    fields: await fieldsSent(c),
    status: c.res.status,
    requestId: c.get("requestId"),
  };
}

async function responseJson(res: Response): Promise<Record<string, unknown> | null> {
  if (!(res.headers.get("content-type") ?? "").startsWith("application/json")) return null;
  const body: unknown = await res.clone().json().catch(() => null);
  return body !== null && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
}

function idOf(body: Record<string, unknown> | null): string | undefined {
  const id = body?.id;
  return typeof id === "number" || typeof id === "string" ? String(id) : undefined;
}

function numberOr(value: unknown): number | undefined {
  return typeof value === "number" ? value : undefined;
}

/** The names of the fields the request sent (`policy.auth.password`, `lines[].username`), never values. */
async function fieldsSent(c: Context<AdminEnv>): Promise<string[]> {
  const type = (c.req.header("content-type") ?? "").toLowerCase();
  const names = new Set<string>();
  try {
    // Hono keeps the body the handler read, so it is not read from the network twice.
    if (type.startsWith("application/json")) collect(await c.req.json(), "", names);
    else if (type.startsWith("text/csv")) {
      // The header row only, read as the import reads it (comma, semicolon or tab; quoted names).
      const header = parseCsv((await c.req.text()).split(/\r?\n/, 1)[0] ?? "")[0] ?? [];
      for (const column of header) if (column.trim()) names.add(column.trim());
    } else if (type.startsWith("text/plain")) names.add("template");
  } catch {
    // A body the handler accepted is readable; anything else recorded nothing.
  }
  return [...names].sort().slice(0, MAX_FIELDS);
}

function collect(value: unknown, prefix: string, names: Set<string>) {
  if (names.size >= MAX_FIELDS) return;
  if (Array.isArray(value)) {
    // An import's rows, or a terminal's lines: the names their items use.
    for (const item of value.slice(0, 10_000)) if (item !== null && typeof item === "object") collect(item, prefix, names);
    return;
  }
  if (value === null || typeof value !== "object") return;
  for (const [key, inner] of Object.entries(value)) {
    const name = `${prefix}${key}`;
    if (Array.isArray(inner) && inner.some((item) => item !== null && typeof item === "object")) collect(inner, `${name}[].`, names);
    else if (inner !== null && typeof inner === "object" && !Array.isArray(inner)) collect(inner, `${name}.`, names);
    else names.add(name);
  }
}

const AuditEntrySchema = z
  .object({
    id: z.number().int(),
    at: z.string(),
    tokenId: z.string().openapi({ description: '"global" for ADMIN_TOKEN, else the API token\'s id' }),
    companyId: z.number().int().nullable(),
    method: z.string(),
    path: z.string(),
    resourceType: z.string(),
    resourceId: z.string().nullable(),
    fields: z.array(z.string()).openapi({ description: "Names of the fields the request sent; never their values" }),
    status: z.number().int(),
    requestId: z.string(),
  })
  .openapi("AuditEntry");

function auditJson(row: AuditEntry): z.infer<typeof AuditEntrySchema> {
  return { ...row, at: row.at.toISOString() };
}

export const auditApi = new OpenAPIHono<AdminEnv>({ defaultHook: validationHook });

auditApi.openapi(
  createRoute({
    method: "get",
    path: "/",
    operationId: "listAuditEntries",
    summary: "List the audit log",
    tags: ["audit"],
    description: "Writes through the API, newest first. A company's token sees its own company's entries. The newest 100,000 are kept.",
    request: {
      query: z.object({
        limit: Limit,
        cursor: Cursor,
        companyId: Id.optional().openapi({ description: "One company's entries; for a company's token another company's is an empty list" }),
        resourceType: z.string().max(64).optional().openapi({ example: "terminals" }),
        tokenId: z.string().max(64).optional().openapi({ example: "global" }),
      }),
    },
    responses: { 200: jsonResponse(page(AuditEntrySchema), "A page of entries, newest first"), ...errorResponses() },
  }),
  async (c) => {
    const { limit, cursor, companyId, resourceType, tokenId } = c.req.valid("query");
    const scope = scopeOf(c);
    // Another company's entries are not a company's token's to read: as if that company had none.
    if (scope !== undefined && companyId !== undefined && companyId !== scope) return c.json({ items: [], nextCursor: null }, 200);
    const company = scope ?? companyId;
    const rows = await c.var.db
      .select()
      .from(auditLog)
      .where(
        and(
          cursor ? lt(auditLog.id, Number(cursor)) : undefined,
          company !== undefined ? eq(auditLog.companyId, company) : undefined,
          resourceType ? eq(auditLog.resourceType, resourceType) : undefined,
          tokenId ? eq(auditLog.tokenId, tokenId) : undefined,
        ),
      )
      .orderBy(desc(auditLog.id))
      .limit(limit + 1);
    const items = rows.slice(0, limit);
    const nextCursor = rows.length > limit ? String(items[items.length - 1]!.id) : null;
    return c.json({ items: items.map(auditJson), nextCursor }, 200);
  },
);
