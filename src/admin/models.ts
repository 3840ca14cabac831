import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { HonoRequest } from "hono";
import { and, eq, gt, max, or, sql } from "drizzle-orm";
import { FORMATS, models, terminalLines, terminals, type Model } from "../db/schema";
import { contains } from "../db/client";
import { highestKeyInUse } from "../db/terminals";
import type { Db } from "../db/client";
import type { AdminEnv } from "./env";
import { TEMPLATE_SET_NAMES } from "../../templates";
import { isSafePath, splitPattern } from "../core/paths";
import { effectiveTemplate } from "../core/render";
import type { FileKind } from "../core/view";
import { checkTemplate } from "../core/template-check";
import { ApiError, notFoundError, validationError } from "./errors";
import { validationHook } from "./hook";
import { Cursor, errorResponses, Id, jsonBody, jsonResponse, Limit, page, pageOf, Slug, text } from "./schemas";

const ModelSchema = z
  .object({
    id: z.number().int(),
    manufacturerId: z.number().int(),
    iden: z.string(),
    name: z.string(),
    description: z.string(),
    genericFile: z.string(),
    specificPattern: z.string(),
    format: z.enum(FORMATS),
    maxLines: z.number().int(),
    keyCount: z.number().int().openapi({ description: "Programmable keys the model takes (0: none, e.g. DECT)" }),
    userAgent: z.string().nullable(),
    templateSet: z.string(),
    genericTemplate: z.string().nullable(),
    specificTemplate: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Model");

const GenericFile = text(255, 1)
  .refine(isSafePath, "must be a relative file path without .., backslashes or empty segments")
  .refine((s) => !s.includes("{mac}"), "a generic file is the same for every unit: no {mac}")
  .openapi({ example: "y000000000028.cfg" });

const SpecificPattern = text(255, 1)
  .refine((s) => s.split("{mac}").length === 2, "must hold {mac} exactly once")
  .refine((s) => !s.includes("{mac}") || isSafePath(s.replace("{mac}", "001565aabbcc")), "must be a relative file path without .., backslashes or empty segments")
  .refine((s) => {
    // The phone path finds MACs as hex runs bounded by non-hex characters.
    if (s.split("{mac}").length !== 2) return true;
    const [before, after] = splitPattern(s);
    return !/[0-9a-f]$/i.test(before) && !/^[0-9a-f]/i.test(after);
  }, "{mac} must not touch a hex digit (0-9, a-f) on either side")
  .openapi({ example: "{mac}.cfg" });

const UserAgentPattern = text(200, 1).refine((s) => {
  try {
    new RegExp(s, "i");
    return true;
  } catch {
    return false;
  }
}, "must be a valid regular expression");

const ModelCreate = z.strictObject({
  manufacturerId: Id,
  iden: Slug,
  name: text(100, 1),
  description: text(1000).optional(),
  genericFile: GenericFile,
  specificPattern: SpecificPattern,
  format: z.enum(FORMATS),
  maxLines: z.number().int().min(1).max(64),
  keyCount: z.number().int().min(0).max(999).optional().openapi({ description: "Programmable keys; 0 when absent" }),
  userAgent: UserAgentPattern.nullable().optional(),
  templateSet: z.enum(TEMPLATE_SET_NAMES as [string, ...string[]]),
});
const ModelPatch = ModelCreate.partial();
const Params = z.object({ id: Id });
const KindParams = z.object({ id: Id, kind: z.enum(["generic", "specific"]) });

const TemplateInfo = z.object({ source: z.string(), isDefault: z.boolean() });
const Templates = z.object({ generic: TemplateInfo, specific: TemplateInfo }).openapi("ModelTemplates");
const TemplateBody = z.strictObject({ template: z.string().min(1).max(65536) });

export function modelJson(row: Model): z.infer<typeof ModelSchema> {
  // findModel also loads the manufacturer; a get answers the same Model shape as list, create and PATCH.
  const { manufacturer: _, ...model } = row as Model & { manufacturer?: unknown };
  return { ...model, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

export async function findModel(db: Db, id: number) {
  const row = await db.query.models.findFirst({ where: eq(models.id, id), with: { manufacturer: true } });
  if (!row) throw notFoundError("Model");
  return row;
}

function templatesJson(model: Model) {
  return { generic: effectiveTemplate(model, "generic"), specific: effectiveTemplate(model, "specific") };
}

export const modelsApi = new OpenAPIHono<AdminEnv>({ defaultHook: validationHook });

modelsApi.openapi(
  createRoute({
    method: "get",
    path: "/",
    operationId: "listModels",
    summary: "List models",
    tags: ["models"],
    request: {
      query: z.object({ limit: Limit, cursor: Cursor, q: z.string().optional(), manufacturerId: Id.optional(), iden: z.string().optional() }),
    },
    responses: { 200: jsonResponse(page(ModelSchema), "A page of models"), ...errorResponses() },
  }),
  async (c) => {
    const { limit, cursor, q, manufacturerId, iden } = c.req.valid("query");
    const rows = await c.var.db
      .select()
      .from(models)
      .where(
        and(
          cursor ? gt(models.id, Number(cursor)) : undefined,
          manufacturerId ? eq(models.manufacturerId, manufacturerId) : undefined,
          iden ? eq(models.iden, iden) : undefined,
          q ? or(contains(models.iden, q), contains(models.name, q)) : undefined,
        ),
      )
      .orderBy(models.id)
      .limit(limit + 1);
    const result = pageOf(rows, limit);
    return c.json({ ...result, items: result.items.map(modelJson) }, 200);
  },
);

modelsApi.openapi(
  createRoute({
    method: "get",
    path: "/{id}",
    operationId: "getModel",
    summary: "Get a model",
    tags: ["models"],
    request: { params: Params },
    responses: { 200: jsonResponse(ModelSchema, "The model"), ...errorResponses(404) },
  }),
  async (c) => c.json(modelJson(await findModel(c.var.db, c.req.valid("param").id)), 200),
);

modelsApi.openapi(
  createRoute({
    method: "post",
    path: "/",
    operationId: "createModel",
    summary: "Create a model of a known family",
    tags: ["models"],
    request: { body: jsonBody(ModelCreate) },
    responses: { 201: jsonResponse(ModelSchema, "Created"), ...errorResponses(409, 413, 415) },
  }),
  async (c) => {
    const body = c.req.valid("json");
    const manufacturer = await c.var.db.query.manufacturers.findFirst({ where: (m, { eq }) => eq(m.id, body.manufacturerId) });
    if (!manufacturer) throw validationError([{ path: "manufacturerId", message: "no such manufacturer" }]);
    const [row] = await c.var.db.insert(models).values(body).returning();
    return c.json(modelJson(row!), 201);
  },
);

modelsApi.openapi(
  createRoute({
    method: "patch",
    path: "/{id}",
    operationId: "updateModel",
    summary: "Update a model",
    tags: ["models"],
    request: { params: Params, body: jsonBody(ModelPatch) },
    responses: { 200: jsonResponse(ModelSchema, "Updated"), ...errorResponses(404, 409, 413, 415) },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const changes = c.req.valid("json");
    const db = c.var.db;
    const current = await findModel(db, id);
    // A custom template was checked against the format and family it was stored for: check it again.
    const next = { ...current, ...changes };
    const problems = (["generic", "specific"] as const).flatMap((kind) => {
      const source = kind === "generic" ? current.genericTemplate : current.specificTemplate;
      return source === null ? [] : checkTemplate(source, next, kind).map((p) => ({ path: `${kind}Template`, message: p.message }));
    });
    if (problems.length > 0) {
      throw validationError(problems, "The model's custom templates do not fit this change; restore or replace them first");
    }
    if (changes.manufacturerId !== undefined) {
      const manufacturer = await db.query.manufacturers.findFirst({ where: (m, { eq }) => eq(m.id, changes.manufacturerId!) });
      if (!manufacturer) throw validationError([{ path: "manufacturerId", message: "no such manufacturer" }]);
    }
    if (changes.maxLines !== undefined) {
      const [used] = await db
        .select({ highest: max(terminalLines.position) })
        .from(terminalLines)
        .innerJoin(terminals, eq(terminals.id, terminalLines.terminalId))
        .where(eq(terminals.modelId, id));
      if (used?.highest && used.highest > changes.maxLines) {
        throw new ApiError(409, "in_use", `Terminals of this model use line ${used.highest}; maxLines cannot go below it`, [
          { path: "maxLines", message: `must be at least ${used.highest}` },
        ]);
      }
    }
    const highestKey = changes.keyCount !== undefined ? await highestKeyInUse(db, id) : 0;
    if (changes.keyCount !== undefined && highestKey > changes.keyCount) {
      throw new ApiError(409, "in_use", `Terminals of this model use key ${highestKey}; keyCount cannot go below it`, [{ path: "keyCount", message: `must be at least ${highestKey}` }]);
    }
    const [row] = await db.update(models).set({ ...changes, updatedAt: new Date() }).where(eq(models.id, id)).returning();
    return c.json(modelJson(row!), 200);
  },
);

modelsApi.openapi(
  createRoute({
    method: "delete",
    path: "/{id}",
    operationId: "deleteModel",
    summary: "Delete a model no terminal uses",
    tags: ["models"],
    request: { params: Params },
    responses: { 204: { description: "Deleted" }, ...errorResponses(404, 409) },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    await findModel(c.var.db, id);
    const deleted = await c.var.db
      .delete(models)
      .where(and(eq(models.id, id), sql`not exists (select 1 from ${terminals} where ${terminals.modelId} = ${id})`))
      .returning({ id: models.id });
    if (deleted.length === 0) throw new ApiError(409, "in_use", "Terminals still use this model");
    return c.body(null, 204);
  },
);

modelsApi.openapi(
  createRoute({
    method: "get",
    path: "/{id}/templates",
    operationId: "getModelTemplates",
    summary: "Get a model's effective templates",
    tags: ["models"],
    request: { params: Params },
    responses: { 200: jsonResponse(Templates, "The effective templates, and whether each is the bundled default"), ...errorResponses(404) },
  }),
  async (c) => c.json(templatesJson(await findModel(c.var.db, c.req.valid("param").id)), 200),
);

modelsApi.openapi(
  createRoute({
    method: "put",
    path: "/{id}/templates/{kind}",
    operationId: "putModelTemplate",
    summary: "Store a custom template",
    tags: ["models"],
    description: "Stores a custom template: a JSON `{ \"template\": \"...\" }` or the template itself as text/plain.",
    request: {
      params: KindParams,
      // Not `required`: the body is read below, as JSON or as text/plain.
      body: { required: false, content: { "application/json": { schema: TemplateBody }, "text/plain": { schema: z.string() } } },
    },
    responses: { 200: jsonResponse(Templates, "Stored; the effective templates"), ...errorResponses(404, 413, 415) },
  }),
  async (c) => {
    const { id, kind } = c.req.valid("param");
    const model = await findModel(c.var.db, id);
    const source = await templateSource(c.req);
    const problems = checkTemplate(source, model, kind);
    if (problems.length > 0) {
      throw validationError(problems.map((p) => ({ path: "template", message: p.message })), "The template is not valid");
    }
    const [row] = await c.var.db
      .update(models)
      .set({ [templateColumn(kind)]: source, updatedAt: new Date() })
      .where(eq(models.id, id))
      .returning();
    return c.json(templatesJson(row!), 200);
  },
);

modelsApi.openapi(
  createRoute({
    method: "delete",
    path: "/{id}/templates/{kind}",
    operationId: "resetModelTemplate",
    summary: "Restore the bundled template",
    tags: ["models"],
    description: "Restores the bundled default template.",
    request: { params: KindParams },
    responses: { 200: jsonResponse(Templates, "Restored; the effective templates"), ...errorResponses(404) },
  }),
  async (c) => {
    const { id, kind } = c.req.valid("param");
    await findModel(c.var.db, id);
    const [row] = await c.var.db
      .update(models)
      .set({ [templateColumn(kind)]: null, updatedAt: new Date() })
      .where(eq(models.id, id))
      .returning();
    return c.json(templatesJson(row!), 200);
  },
);

function templateColumn(kind: FileKind) {
  return kind === "generic" ? "genericTemplate" : "specificTemplate";
}

async function templateSource(request: HonoRequest): Promise<string> {
  // Media types are case-insensitive (RFC 9110): `Text/Plain` passed the 415 check and must be read as text.
  const type = (request.header("content-type") ?? "").toLowerCase();
  if (type.startsWith("text/plain")) {
    const source = await request.text();
    if (source.length === 0 || source.length > 65536) {
      throw validationError([{ path: "template", message: "must be 1 to 65536 characters" }]);
    }
    return source;
  }
  const parsed = TemplateBody.safeParse(await request.json().catch(() => null));
  if (!parsed.success) throw validationError([{ path: "template", message: "expected { \"template\": \"...\" }" }]);
  return parsed.data.template;
}
