// GET /fleet/summary: the fleet at a glance (the console's first page), in one D1 batch. A company's
// token counts its own company only.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { and, count, desc, eq, gte, isNull, ne } from "drizzle-orm";
import { companies, models, provisioningEvents, terminals, unknownDevices } from "../db/schema";
import type { AdminEnv } from "./env";
import { scopeOf } from "./access";
import { validationHook } from "./hook";
import { errorResponses, Id, jsonResponse } from "./schemas";

const DAY_MS = 24 * 60 * 60 * 1000;

const Count = z.number().int();

const FleetSummarySchema = z
  .object({
    terminals: Count,
    provisionedLast24h: Count.openapi({ description: "Terminals whose MAC file was last served in the last 24 hours" }),
    neverProvisioned: Count.openapi({ description: "Terminals whose MAC file was never served" }),
    unknownDevices: Count.nullable().openapi({
      description:
        "Phones that asked for a MAC file nobody configured (GET /unknown-devices); null in a summary of one company (a company's token, " +
        "which may not read that list, or ?companyId=): they belong to no company",
    }),
    byModel: z.array(z.object({ modelId: Count, iden: z.string(), name: z.string(), terminals: Count })),
    byCompany: z.array(z.object({ companyId: Count, name: z.string(), terminals: Count })),
    refusedLast24h: z
      .array(z.object({ reason: z.string(), count: Count }))
      .openapi({ description: "Refused MAC-file requests of known terminals in the last 24 hours, by reason (their event logs)" }),
  })
  .openapi("FleetSummary");

export const fleetApi = new OpenAPIHono<AdminEnv>({ defaultHook: validationHook });

fleetApi.openapi(
  createRoute({
    method: "get",
    path: "/summary",
    operationId: "getFleetSummary",
    summary: "Counts of the fleet at a glance",
    tags: ["fleet"],
    description:
      "Counts of terminals (all, by model, by company; provisioned in the last 24 hours, never provisioned), unknown devices, " +
      "and refusals in the last 24 hours by reason. Models and companies without terminals are left out; most terminals first. " +
      "`companyId` narrows it to one company; for a company's token another company's is a summary of nothing, as if it had no terminals.",
    request: { query: z.object({ companyId: Id.optional() }) },
    responses: { 200: jsonResponse(FleetSummarySchema, "The fleet summary"), ...errorResponses() },
  }),
  async (c) => {
    const db = c.var.db;
    const since = new Date(Date.now() - DAY_MS);
    const terminalCount = count(terminals.id);
    const scope = scopeOf(c);
    const { companyId } = c.req.valid("query");
    // Another company is not a company's token's to count: as if it had no terminals.
    if (scope !== undefined && companyId !== undefined && companyId !== scope) {
      return c.json({ terminals: 0, provisionedLast24h: 0, neverProvisioned: 0, unknownDevices: null, byModel: [], byCompany: [], refusedLast24h: [] }, 200);
    }
    const company = scope ?? companyId;
    // Every count below reads terminals (joined where needed): of that one company only, when there is one.
    const own = company === undefined ? undefined : eq(terminals.companyId, company);
    const [[all], [recent], [never], [unknown], byModel, byCompany, refused] = await db.batch([
      db.select({ n: count() }).from(terminals).where(own),
      db.select({ n: count() }).from(terminals).where(and(own, gte(terminals.provisionedAt, since))),
      db.select({ n: count() }).from(terminals).where(and(own, isNull(terminals.provisionedAt))),
      db.select({ n: count() }).from(unknownDevices),
      db
        .select({ modelId: models.id, iden: models.iden, name: models.name, terminals: terminalCount })
        .from(terminals)
        .innerJoin(models, eq(models.id, terminals.modelId))
        .where(own)
        .groupBy(models.id)
        .orderBy(desc(terminalCount), models.iden),
      db
        .select({ companyId: companies.id, name: companies.name, terminals: terminalCount })
        .from(terminals)
        .innerJoin(companies, eq(companies.id, terminals.companyId))
        .where(own)
        .groupBy(companies.id)
        .orderBy(desc(terminalCount), companies.id),
      db
        .select({ reason: provisioningEvents.outcome, count: count() })
        .from(provisioningEvents)
        .innerJoin(terminals, eq(terminals.id, provisioningEvents.terminalId))
        .where(and(own, gte(provisioningEvents.at, since), ne(provisioningEvents.outcome, "served")))
        .groupBy(provisioningEvents.outcome)
        .orderBy(desc(count()), provisioningEvents.outcome),
    ]);
    return c.json(
      {
        terminals: all?.n ?? 0,
        provisionedLast24h: recent?.n ?? 0,
        neverProvisioned: never?.n ?? 0,
        // The inbox belongs to no company yet: not in one company's summary, and a company's token may not
        // see how full it is.
        unknownDevices: company === undefined ? (unknown?.n ?? 0) : null,
        byModel,
        byCompany,
        refusedLast24h: refused,
      },
      200,
    );
  },
);
