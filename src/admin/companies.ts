import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { and, eq, gt, inArray, like, sql } from "drizzle-orm";
import { companies, terminalLines, terminals, type Company } from "../db/schema";
import type { AppEnv, Db } from "../env";
import { ApiError, notFoundError } from "./errors";
import { validationHook } from "./hook";
import { Cursor, errorResponses, Host, HostPort, Id, jsonBody, jsonResponse, Language, Limit, page, pageOf, text, TimeZone } from "./schemas";

const CompanySchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    sipDomain: z.string(),
    sipProxy: z.string().nullable(),
    language: z.string(),
    timezone: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Company");

const CompanyCreate = z.strictObject({
  name: text(100, 1),
  sipDomain: Host.openapi({ example: "sip.example.com" }),
  sipProxy: HostPort.nullable().optional().openapi({ example: "proxy.example.com:5060" }),
  language: Language.optional().openapi({ example: "es" }),
  timezone: TimeZone.optional().openapi({ example: "Europe/Madrid" }),
});
const CompanyPatch = CompanyCreate.partial();
const Params = z.object({ id: Id });

export function companyJson(row: Company): z.infer<typeof CompanySchema> {
  return { ...row, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

export async function findCompany(db: Db, id: number): Promise<Company> {
  const row = await db.query.companies.findFirst({ where: eq(companies.id, id) });
  if (!row) throw notFoundError("Company");
  return row;
}

export const companiesApi = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

companiesApi.openapi(
  createRoute({
    method: "get",
    path: "/",
    tags: ["companies"],
    request: { query: z.object({ limit: Limit, cursor: Cursor, q: z.string().optional() }) },
    responses: { 200: jsonResponse(page(CompanySchema), "A page of companies"), ...errorResponses },
  }),
  async (c) => {
    const { limit, cursor, q } = c.req.valid("query");
    const rows = await c.var.db
      .select()
      .from(companies)
      .where(and(cursor ? gt(companies.id, Number(cursor)) : undefined, q ? like(companies.name, `%${q}%`) : undefined))
      .orderBy(companies.id)
      .limit(limit + 1);
    const result = pageOf(rows, limit);
    return c.json({ ...result, items: result.items.map(companyJson) }, 200);
  },
);

companiesApi.openapi(
  createRoute({
    method: "get",
    path: "/{id}",
    tags: ["companies"],
    request: { params: Params },
    responses: { 200: jsonResponse(CompanySchema, "The company"), ...errorResponses },
  }),
  async (c) => c.json(companyJson(await findCompany(c.var.db, c.req.valid("param").id)), 200),
);

companiesApi.openapi(
  createRoute({
    method: "post",
    path: "/",
    tags: ["companies"],
    request: { body: jsonBody(CompanyCreate) },
    responses: { 201: jsonResponse(CompanySchema, "Created"), ...errorResponses },
  }),
  async (c) => {
    const [row] = await c.var.db.insert(companies).values(c.req.valid("json")).returning();
    return c.json(companyJson(row!), 201);
  },
);

companiesApi.openapi(
  createRoute({
    method: "patch",
    path: "/{id}",
    tags: ["companies"],
    request: { params: Params, body: jsonBody(CompanyPatch) },
    responses: { 200: jsonResponse(CompanySchema, "Updated"), ...errorResponses },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    await findCompany(c.var.db, id);
    const [row] = await c.var.db
      .update(companies)
      .set({ ...c.req.valid("json"), updatedAt: new Date() })
      .where(eq(companies.id, id))
      .returning();
    return c.json(companyJson(row!), 200);
  },
);

companiesApi.openapi(
  createRoute({
    method: "delete",
    path: "/{id}",
    tags: ["companies"],
    request: { params: Params, query: z.object({ cascade: z.enum(["true", "false"]).optional() }) },
    responses: { 204: { description: "Deleted" }, ...errorResponses },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    await findCompany(c.var.db, id);
    const db = c.var.db;
    if (c.req.valid("query").cascade === "true") {
      const ofCompany = db.select({ id: terminals.id }).from(terminals).where(eq(terminals.companyId, id));
      // One batch is one transaction: the company goes with all its terminals or not at all.
      await db.batch([
        db.delete(terminalLines).where(inArray(terminalLines.terminalId, ofCompany)),
        db.delete(terminals).where(eq(terminals.companyId, id)),
        db.delete(companies).where(eq(companies.id, id)),
      ]);
      return c.body(null, 204);
    }
    const deleted = await db
      .delete(companies)
      .where(and(eq(companies.id, id), sql`not exists (select 1 from ${terminals} where ${terminals.companyId} = ${id})`))
      .returning({ id: companies.id });
    if (deleted.length === 0) {
      throw new ApiError(409, "in_use", "The company still has terminals; delete them first or pass ?cascade=true");
    }
    return c.body(null, 204);
  },
);
