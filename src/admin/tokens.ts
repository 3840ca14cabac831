// API tokens (ADMIN_TOKEN only): create one for a company or for all, with role admin or read, list
// them (never a secret or its hash), revoke one. The secret is returned once, at creation.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { and, eq, gt, isNull } from "drizzle-orm";
import { apiTokens, TOKEN_ROLES, type ApiToken } from "../db/schema";
import type { AdminEnv } from "./env";
import { hashSecret, TOKEN_PREFIX } from "./auth";
import { notFoundError, validationError } from "./errors";
import { validationHook } from "./hook";
import { Cursor, errorResponses, Id, jsonBody, jsonResponse, Limit, page, pageOf, text } from "./schemas";
import { existingCompanies } from "./terminal-input";

const TokenSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    companyId: z.number().int().nullable().openapi({ description: "The one company the token sees and changes; null: all" }),
    role: z.enum(TOKEN_ROLES),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    lastUsedAt: z.string().nullable().openapi({ description: "Updated at most once a minute" }),
    revokedAt: z.string().nullable(),
  })
  .openapi("ApiToken");

const TokenCreate = z
  .strictObject({
    name: text(100, 1),
    // Required, null included: a token for every company is asked for, never what a forgotten field gives.
    companyId: z
      .number({ error: (issue) => (issue.input === undefined ? "required: a company's id, or null for a token of every company" : undefined) })
      .int()
      .positive()
      .nullable()
      .openapi({ description: "Required: the one company the token sees and changes, or null for a token of every company", example: 7 }),
    role: z.enum(TOKEN_ROLES),
    expiresAt: z.iso
      .datetime({ offset: true })
      .optional()
      .openapi({ description: "ISO 8601; after it the token is refused like an unknown one", example: "2027-01-01T00:00:00Z" }),
  })
  .openapi("ApiTokenCreate");

const Params = z.object({ id: Id });

function tokenJson(row: ApiToken): z.infer<typeof TokenSchema> {
  const { secretHash: _, ...token } = row;
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return { ...token, createdAt: row.createdAt.toISOString(), expiresAt: iso(row.expiresAt), lastUsedAt: iso(row.lastUsedAt), revokedAt: iso(row.revokedAt) };
}

/** 32 bytes from a CSPRNG (256 bits), base64url, behind a recognisable prefix. */
function newSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return TOKEN_PREFIX + btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export const tokensApi = new OpenAPIHono<AdminEnv>({ defaultHook: validationHook });

tokensApi.openapi(
  createRoute({
    method: "post",
    path: "/",
    operationId: "createToken",
    summary: "Create an API token",
    tags: ["tokens"],
    description:
      "Creates an API token of one company (`companyId`) or of every company (`companyId: null`, to be given: leaving it out is a 400). " +
      "The response's `token` is the secret: it is shown this once and never again.",
    request: { body: jsonBody(TokenCreate) },
    responses: { 201: jsonResponse(TokenSchema.extend({ token: z.string() }), "Created; `token` is the secret"), ...errorResponses(413, 415) },
  }),
  async (c) => {
    const { expiresAt, companyId, ...fields } = c.req.valid("json");
    const expires = expiresAt === undefined ? null : new Date(expiresAt);
    if (expires && expires.getTime() <= Date.now()) throw validationError([{ path: "expiresAt", message: "must be in the future" }]);
    if (companyId !== null && !(await existingCompanies(c.var.db, [companyId])).has(companyId)) {
      throw validationError([{ path: "companyId", message: "no such company" }]);
    }
    const secret = newSecret();
    const [row] = await c.var.db
      .insert(apiTokens)
      .values({ ...fields, companyId, expiresAt: expires, secretHash: await hashSecret(secret) })
      .returning();
    return c.json({ ...tokenJson(row!), token: secret }, 201);
  },
);

tokensApi.openapi(
  createRoute({
    method: "get",
    path: "/",
    operationId: "listTokens",
    summary: "List API tokens",
    tags: ["tokens"],
    description: "Every token, revoked and expired ones included; never a secret or its hash.",
    request: { query: z.object({ limit: Limit, cursor: Cursor }) },
    responses: { 200: jsonResponse(page(TokenSchema), "A page of tokens, revoked ones included"), ...errorResponses() },
  }),
  async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const rows = await c.var.db
      .select()
      .from(apiTokens)
      .where(cursor ? gt(apiTokens.id, Number(cursor)) : undefined)
      .orderBy(apiTokens.id)
      .limit(limit + 1);
    const result = pageOf(rows, limit);
    return c.json({ ...result, items: result.items.map(tokenJson) }, 200);
  },
);

tokensApi.openapi(
  createRoute({
    method: "delete",
    path: "/{id}",
    operationId: "revokeToken",
    summary: "Revoke an API token",
    tags: ["tokens"],
    description: "Revokes the token: from now on it is refused exactly like an unknown one. It stays listed, with `revokedAt`.",
    request: { params: Params },
    responses: { 204: { description: "Revoked" }, ...errorResponses(404) },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const db = c.var.db;
    const [found] = await db.select({ companyId: apiTokens.companyId }).from(apiTokens).where(eq(apiTokens.id, id));
    if (!found) throw notFoundError("Token");
    // Audited under the token's company, where its creation is: that company sees its token revoked.
    if (found.companyId !== null) c.set("auditCompanyId", found.companyId);
    await db.update(apiTokens).set({ revokedAt: new Date() }).where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)));
    return c.body(null, 204);
  },
);

const WhoAmISchema = z
  .object({
    tokenId: z.string().openapi({ description: '"global" for ADMIN_TOKEN, else the API token\'s id' }),
    companyId: z.number().int().nullable().openapi({ description: "The one company the token sees and changes; null: all" }),
    role: z.enum(TOKEN_ROLES),
  })
  .openapi("WhoAmI");

/** GET /whoami: what the console and scripts need to know of the token they hold. */
export const whoamiApi = new OpenAPIHono<AdminEnv>({ defaultHook: validationHook });

whoamiApi.openapi(
  createRoute({
    method: "get",
    path: "/",
    operationId: "whoAmI",
    summary: "The token of this request",
    tags: ["tokens"],
    description: "The token this request was made with: its id (`global` for ADMIN_TOKEN), its company (null: all) and its role.",
    responses: { 200: jsonResponse(WhoAmISchema, "The caller"), ...errorResponses() },
  }),
  (c) => c.json(c.var.principal, 200),
);
