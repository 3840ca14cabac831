// A company's phonebook: /companies/{id}/contacts. Its phones get it in their family's directory format
// (src/phone/provision.ts); an import replaces the whole phonebook, all or nothing.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { and, count, eq } from "drizzle-orm";
import { contacts, type Contact } from "../db/schema";
import { listContacts, MAX_CONTACTS, replaceContactsStatements, type ContactRow } from "../db/contacts";
import type { AdminEnv } from "./env";
import { scopeOf } from "./access";
import { findCompany } from "./companies";
import { fromSpreadsheetCell, parseCsv, toCsv } from "./csv";
import { ApiError, notFoundError, zodDetails, type ErrorDetail } from "./errors";
import { validationHook } from "./hook";
import { Cursor, errorResponses, Id, jsonBody, jsonResponse, Limit, page, pageOf, text } from "./schemas";

const ContactInput = z
  .strictObject({
    name: text(100, 1).openapi({ example: "Ana García" }),
    number: text(64, 1).refine((s) => !/\s/.test(s), "must not contain spaces").openapi({ example: "+34911222333" }),
    group: text(64).nullable().optional().openapi({ example: "Sales" }),
  })
  .openapi("ContactInput");

const ContactSchema = z
  .object({ id: z.number().int(), companyId: z.number().int(), name: z.string(), number: z.string(), group: z.string().nullable(), createdAt: z.string(), updatedAt: z.string() })
  .openapi("Contact");

/** Any JSON array at run time, checked row by row below so errors name `rows[N]`; documented as ContactInput rows. */
const ContactRows = z.array(z.unknown()).openapi({ description: "The contacts", items: { $ref: "#/components/schemas/ContactInput" } });

const Params = z.object({ id: Id });
const ContactParams = z.object({ id: Id, contactId: Id });
const CSV_COLUMNS = ["name", "number", "group"] as const;

function contactJson(row: Contact) {
  return { ...row, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

export const contactsApi = new OpenAPIHono<AdminEnv>({ defaultHook: validationHook });

contactsApi.openapi(
  createRoute({
    method: "get",
    path: "/{id}/contacts",
    operationId: "listContacts",
    summary: "List a company's contacts",
    tags: ["contacts"],
    request: { params: Params, query: z.object({ limit: Limit, cursor: Cursor, q: z.string().max(100).optional().openapi({ description: "Part of the name, number or group, in any case (Unicode case folding: `ZOË` finds `Zoë`)" }) }) },
    responses: { 200: jsonResponse(page(ContactSchema), "A page of the company's contacts"), ...errorResponses(404) },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const { limit, cursor, q } = c.req.valid("query");
    await findCompany(c.var.db, id, scopeOf(c));
    const result = pageOf(await listContacts(c.var.db, id, { afterId: cursor ? Number(cursor) : undefined, limit: limit + 1, q }), limit);
    return c.json({ ...result, items: result.items.map(contactJson) }, 200);
  },
);

contactsApi.openapi(
  createRoute({
    method: "post",
    path: "/{id}/contacts",
    operationId: "createContact",
    summary: "Add a contact to a company's phonebook",
    tags: ["contacts"],
    request: { params: Params, body: jsonBody(ContactInput) },
    responses: { 201: jsonResponse(ContactSchema, "Created"), ...errorResponses(404, 409, 415) },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const db = c.var.db;
    await findCompany(db, id, scopeOf(c));
    const [held] = await db.select({ n: count() }).from(contacts).where(eq(contacts.companyId, id));
    if ((held?.n ?? 0) >= MAX_CONTACTS) throw new ApiError(409, "phonebook_full", `A company holds at most ${MAX_CONTACTS} contacts`);
    const [row] = await db.insert(contacts).values({ ...c.req.valid("json"), companyId: id }).returning();
    return c.json(contactJson(row!), 201);
  },
);

contactsApi.openapi(
  createRoute({
    method: "patch",
    path: "/{id}/contacts/{contactId}",
    operationId: "updateContact",
    summary: "Change a contact",
    tags: ["contacts"],
    request: { params: ContactParams, body: jsonBody(ContactInput.partial()) },
    responses: { 200: jsonResponse(ContactSchema, "Updated"), ...errorResponses(404, 415) },
  }),
  async (c) => {
    const { id, contactId } = c.req.valid("param");
    await findCompany(c.var.db, id, scopeOf(c));
    const [row] = await c.var.db
      .update(contacts)
      .set({ ...c.req.valid("json"), updatedAt: new Date() })
      .where(and(eq(contacts.id, contactId), eq(contacts.companyId, id)))
      .returning();
    if (!row) throw notFoundError("Contact");
    return c.json(contactJson(row), 200);
  },
);

contactsApi.openapi(
  createRoute({
    method: "delete",
    path: "/{id}/contacts/{contactId}",
    operationId: "deleteContact",
    summary: "Delete a contact",
    tags: ["contacts"],
    request: { params: ContactParams },
    responses: { 204: { description: "Deleted" }, ...errorResponses(404) },
  }),
  async (c) => {
    const { id, contactId } = c.req.valid("param");
    await findCompany(c.var.db, id, scopeOf(c));
    const deleted = await c.var.db.delete(contacts).where(and(eq(contacts.id, contactId), eq(contacts.companyId, id))).returning({ id: contacts.id });
    if (deleted.length === 0) throw notFoundError("Contact");
    return c.body(null, 204);
  },
);

const MAX_IMPORT_BYTES = 4 * 1024 * 1024;
contactsApi.use("/:id/contacts/import", bodyLimit({ maxSize: MAX_IMPORT_BYTES, onError: () => { throw new ApiError(413, "payload_too_large", `An import is at most ${MAX_IMPORT_BYTES / 1024 / 1024} MiB`); } }));

contactsApi.openapi(
  createRoute({
    method: "post",
    path: "/{id}/contacts/import",
    operationId: "importContacts",
    summary: "Replace a company's phonebook (CSV or JSON, all or nothing)",
    tags: ["contacts"],
    description:
      "Replaces the company's whole phonebook with up to 10,000 contacts, all or nothing: `text/csv` with a header row " +
      "(`name`, `number`, `group`) or a JSON array of ContactInput. Bad rows are reported as `rows[N].<field>` (1 = first contact), CSV and JSON alike; " +
      "more than 10,000 contacts is a 413.",
    request: {
      params: Params,
      body: { required: false, content: { "text/csv": { schema: z.string() }, "application/json": { schema: ContactRows } } },
    },
    responses: { 200: jsonResponse(z.object({ contacts: z.number().int() }), "The phonebook now holds these"), ...errorResponses(404, 413, 415) },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const db = c.var.db;
    await findCompany(db, id, scopeOf(c));
    const objects = await importObjects(c.req.header("content-type") ?? "", () => c.req.text());
    if (objects.length > MAX_CONTACTS) throw new ApiError(413, "too_many_rows", `A phonebook holds at most ${MAX_CONTACTS} contacts; this one has ${objects.length}`);
    const rows: ContactRow[] = [];
    const errors: ErrorDetail[] = [];
    objects.forEach((object, i) => {
      const result = ContactInput.safeParse(object);
      if (result.success) rows.push({ name: result.data.name, number: result.data.number, group: result.data.group ?? null });
      else for (const d of zodDetails(result.error)) errors.push({ path: `rows[${i + 1}].${d.path}`, message: d.message });
    });
    if (errors.length > 0) throw new ApiError(400, "validation_failed", "Some rows are not valid; nothing was written", errors.slice(0, 1000));
    await db.$client.batch(replaceContactsStatements(db, id, rows));
    return c.json({ contacts: rows.length }, 200);
  },
);

/** The rows of a CSV (header `name,number,group`) or JSON array body. */
async function importObjects(contentType: string, body: () => Promise<string>): Promise<unknown[]> {
  const text = await body();
  if (contentType.toLowerCase().startsWith("text/csv")) {
    const [rawHeader, ...rows] = parseCsv(text);
    const header = rawHeader?.map((column) => column.trim());
    const unknown = (header ?? []).filter((column) => !(CSV_COLUMNS as readonly string[]).includes(column));
    if (!header || unknown.length > 0 || new Set(header).size !== header.length || !header.includes("name") || !header.includes("number")) {
      throw new ApiError(400, "invalid_csv", `The header row must name the columns ${CSV_COLUMNS.join(", ")}, each once (name and number required)`, unknown.map((column) => ({ path: column, message: "unknown column" })));
    }
    // A cell the export guarded against spreadsheet formulas (`'+34...`) comes back as it was.
    return rows.map((row) => Object.fromEntries(header.map((column, i) => [column, column === "group" && !row[i] ? null : fromSpreadsheetCell(row[i] ?? "")])));
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed)) throw new ApiError(400, "invalid_body", "Expected a JSON array of contacts, or text/csv");
  return parsed;
}

contactsApi.openapi(
  createRoute({
    method: "get",
    path: "/{id}/contacts/export",
    operationId: "exportContacts",
    summary: "Export a company's phonebook as CSV",
    tags: ["contacts"],
    description: "The whole phonebook as CSV (`name`, `number`, `group`), as the import takes it.",
    request: { params: Params },
    responses: { 200: { description: "The phonebook as CSV", content: { "text/csv": { schema: z.string() } } }, ...errorResponses(404) },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    await findCompany(c.var.db, id, scopeOf(c));
    const rows = await c.var.db.select().from(contacts).where(eq(contacts.companyId, id)).orderBy(contacts.id);
    const csv = toCsv([[...CSV_COLUMNS], ...rows.map((r) => [r.name, r.number, r.group])]);
    return c.body(csv, 200, { "content-type": "text/csv; charset=utf-8" });
  },
);
