import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { and, eq, gt, or, sql } from "drizzle-orm";
import { manufacturers, models } from "../db/schema";
import { contains } from "../db/client";
import type { AdminEnv } from "./env";
import { ApiError, notFoundError } from "./errors";
import { validationHook } from "./hook";
import { Cursor, errorResponses, Id, jsonBody, jsonResponse, Limit, page, pageOf, Slug, text } from "./schemas";

const Manufacturer = z
  .object({ id: z.number().int(), iden: z.string(), name: z.string(), description: z.string() })
  .openapi("Manufacturer");

const ManufacturerCreate = z.strictObject({ iden: Slug, name: text(100, 1), description: text(1000).optional() });
const ManufacturerPatch = ManufacturerCreate.partial();
const Params = z.object({ id: Id });

export const manufacturersApi = new OpenAPIHono<AdminEnv>({ defaultHook: validationHook });

async function find(db: AdminEnv["Variables"]["db"], id: number) {
  const row = await db.query.manufacturers.findFirst({ where: eq(manufacturers.id, id) });
  if (!row) throw notFoundError("Manufacturer");
  return row;
}

manufacturersApi.openapi(
  createRoute({
    method: "get",
    path: "/",
    tags: ["manufacturers"],
    request: { query: z.object({ limit: Limit, cursor: Cursor, q: z.string().optional() }) },
    responses: { 200: jsonResponse(page(Manufacturer), "A page of manufacturers"), ...errorResponses },
  }),
  async (c) => {
    const { limit, cursor, q } = c.req.valid("query");
    const rows = await c.var.db
      .select()
      .from(manufacturers)
      .where(and(cursor ? gt(manufacturers.id, Number(cursor)) : undefined, q ? or(contains(manufacturers.iden, q), contains(manufacturers.name, q)) : undefined))
      .orderBy(manufacturers.id)
      .limit(limit + 1);
    return c.json(pageOf(rows, limit), 200);
  },
);

manufacturersApi.openapi(
  createRoute({
    method: "get",
    path: "/{id}",
    tags: ["manufacturers"],
    request: { params: Params },
    responses: { 200: jsonResponse(Manufacturer, "The manufacturer"), ...errorResponses },
  }),
  async (c) => c.json(await find(c.var.db, c.req.valid("param").id), 200),
);

manufacturersApi.openapi(
  createRoute({
    method: "post",
    path: "/",
    tags: ["manufacturers"],
    request: { body: jsonBody(ManufacturerCreate) },
    responses: { 201: jsonResponse(Manufacturer, "Created"), ...errorResponses },
  }),
  async (c) => {
    const [row] = await c.var.db.insert(manufacturers).values(c.req.valid("json")).returning();
    return c.json(row!, 201);
  },
);

manufacturersApi.openapi(
  createRoute({
    method: "patch",
    path: "/{id}",
    tags: ["manufacturers"],
    request: { params: Params, body: jsonBody(ManufacturerPatch) },
    responses: { 200: jsonResponse(Manufacturer, "Updated"), ...errorResponses },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const changes = c.req.valid("json");
    await find(c.var.db, id);
    if (Object.keys(changes).length === 0) return c.json(await find(c.var.db, id), 200);
    const [row] = await c.var.db.update(manufacturers).set(changes).where(eq(manufacturers.id, id)).returning();
    return c.json(row!, 200);
  },
);

manufacturersApi.openapi(
  createRoute({
    method: "delete",
    path: "/{id}",
    tags: ["manufacturers"],
    request: { params: Params },
    responses: { 204: { description: "Deleted" }, ...errorResponses },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    await find(c.var.db, id);
    // The existence check and the delete are one statement, so a model added meanwhile still blocks it.
    const deleted = await c.var.db
      .delete(manufacturers)
      .where(and(eq(manufacturers.id, id), sql`not exists (select 1 from ${models} where ${models.manufacturerId} = ${id})`))
      .returning({ id: manufacturers.id });
    if (deleted.length === 0) throw new ApiError(409, "in_use", "The manufacturer still has models");
    return c.body(null, 204);
  },
);
