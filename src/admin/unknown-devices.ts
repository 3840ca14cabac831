// Phones that asked for a MAC file nobody configured: list them, assign one (creates the terminal),
// or forget it.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { and, desc, eq, lt, or } from "drizzle-orm";
import { d1Statement } from "../db/client";
import { unknownDevices, type UnknownDevice } from "../db/schema";
import type { AdminEnv } from "./env";
import { scopeOf } from "./access";
import { notFoundError, validationError } from "./errors";
import { validationHook } from "./hook";
import { errorResponses, jsonBody, jsonResponse, Limit, Mac } from "./schemas";
import { createTerminal, TerminalCreate } from "./terminal-input";
import { TerminalSchema, terminalJson } from "./terminal-json";
import { findTerminalByIdOrMac } from "./terminals";

const UnknownDeviceSchema = z
  .object({
    mac: z.string(),
    modelId: z.number().int().nullable().openapi({ description: "The model its path and User-Agent look like" }),
    userAgent: z.string().nullable(),
    ip: z.string().nullable(),
    path: z.string(),
    firstSeen: z.string(),
    lastSeen: z.string(),
    count: z.number().int().openapi({ description: "Sightings recorded (at most one a minute)" }),
  })
  .openapi("UnknownDevice");

function unknownDeviceJson(row: UnknownDevice): z.infer<typeof UnknownDeviceSchema> {
  // `client` is the miss limit's key of `ip` (the per-client bound): nothing the operator needs twice.
  const { client: _, ...device } = row;
  return { ...device, firstSeen: row.firstSeen.toISOString(), lastSeen: row.lastSeen.toISOString() };
}

// Newest first; the cursor is the last item's `lastSeen` (ms) and MAC.
const Cursor = z
  .string()
  .regex(/^\d+:[0-9a-f]{12}$/, "must be a nextCursor from an earlier page")
  .optional();

const MacParams = z.object({ mac: Mac });

/** Everything `POST /terminals` takes except the MAC (from the path); the model defaults to the guess. */
const AssignBody = TerminalCreate.omit({ mac: true }).openapi("UnknownDeviceAssign");

export const unknownDevicesApi = new OpenAPIHono<AdminEnv>({ defaultHook: validationHook });

unknownDevicesApi.openapi(
  createRoute({
    method: "get",
    path: "/",
    operationId: "listUnknownDevices",
    summary: "List phones that asked but are not configured",
    tags: ["unknown-devices"],
    request: { query: z.object({ limit: Limit, cursor: Cursor }) },
    responses: {
      200: jsonResponse(z.object({ items: z.array(UnknownDeviceSchema), nextCursor: z.string().nullable() }), "Newest first"),
      ...errorResponses(),
    },
  }),
  async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const [seen, mac] = cursor ? cursor.split(":") : [];
    const after = cursor
      ? or(lt(unknownDevices.lastSeen, new Date(Number(seen))), and(eq(unknownDevices.lastSeen, new Date(Number(seen))), lt(unknownDevices.mac, mac!)))
      : undefined;
    const rows = await c.var.db
      .select()
      .from(unknownDevices)
      .where(after)
      .orderBy(desc(unknownDevices.lastSeen), desc(unknownDevices.mac))
      .limit(limit + 1);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    const nextCursor = rows.length > limit && last ? `${last.lastSeen.getTime()}:${last.mac}` : null;
    return c.json({ items: items.map(unknownDeviceJson), nextCursor }, 200);
  },
);

unknownDevicesApi.openapi(
  createRoute({
    method: "post",
    path: "/{mac}/assign",
    operationId: "assignUnknownDevice",
    summary: "Create the terminal of an unknown device",
    tags: ["unknown-devices"],
    description:
      "Creates the terminal for this MAC (model defaults to the guessed one) and removes it from the list. " +
      "A company's admin token may assign into its own company (it cannot list the inbox: the MACs there belong to no company yet).",
    request: { params: MacParams, body: jsonBody(AssignBody) },
    responses: { 201: jsonResponse(TerminalSchema, "The terminal created"), ...errorResponses(404, 409, 413, 415) },
  }),
  async (c) => {
    const { mac } = c.req.valid("param");
    const body = c.req.valid("json");
    const scope = scopeOf(c);
    // A company's token assigns into its own company only. Checked before the inbox is read, so the
    // answer is the same whether the MAC is there or not: a token that may not list the inbox must not
    // learn what is in it from a 400 here and a 404 there.
    if (scope !== undefined && body.companyId !== scope) throw validationError([{ path: "companyId", message: "no such company" }]);
    const device = await c.var.db.query.unknownDevices.findFirst({ where: eq(unknownDevices.mac, mac) });
    if (!device) throw notFoundError("Unknown device");
    const modelGiven = body.modelId !== undefined || body.model !== undefined;
    if (!modelGiven && device.modelId === null) {
      throw validationError([{ path: "modelId", message: "no model was guessed for this device: give modelId or model" }]);
    }
    // The terminal is created and the device leaves the list in one transaction.
    const forget = d1Statement(c.var.db, c.var.db.delete(unknownDevices).where(eq(unknownDevices.mac, mac)));
    await createTerminal(c.var.db, { ...body, ...(modelGiven ? {} : { modelId: device.modelId! }), mac }, [forget], scope);
    return c.json(terminalJson(await findTerminalByIdOrMac(c.var.db, mac)), 201);
  },
);

unknownDevicesApi.openapi(
  createRoute({
    method: "delete",
    path: "/{mac}",
    operationId: "forgetUnknownDevice",
    summary: "Forget an unknown device",
    tags: ["unknown-devices"],
    request: { params: MacParams },
    responses: { 204: { description: "Forgotten" }, ...errorResponses(404) },
  }),
  async (c) => {
    const deleted = await c.var.db
      .delete(unknownDevices)
      .where(eq(unknownDevices.mac, c.req.valid("param").mac))
      .returning({ mac: unknownDevices.mac });
    if (deleted.length === 0) throw notFoundError("Unknown device");
    return c.body(null, 204);
  },
);
