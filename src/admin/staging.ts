// What the API says, beside an accepted write, when a configuration cannot work by itself: a company that asks
// phones for HTTP credentials (policy.auth) with terminals of a family whose units cannot bring them to their first
// MAC file (TemplateSet.authStaging: Cisco, whose generic file is every company's). The write stands, since the
// operator may stage those units; the response names them, so that nothing is refused or accepted silently.
import { z } from "@hono/zod-openapi";
import { and, eq, inArray, sql } from "drizzle-orm";
import { TEMPLATE_SET_NAMES, templateSet } from "../../templates";
import type { Db } from "../db/client";
import { companies, models, terminals } from "../db/schema";

export const WarningSchema = z
  .object({
    code: z.literal("stage_for_auth"),
    companyId: z.number().int(),
    family: z.string().openapi({ description: "The template set whose units need staging", example: "cisco-mpp" }),
    message: z.string(),
  })
  .openapi("Warning", { description: "The write was made, but these phones will not get their MAC file without the step the message names" });

export type Warning = z.infer<typeof WarningSchema>;

export const Warnings = z.array(WarningSchema).optional().openapi({ description: "Present when something written needs a step outside edgeprov" });

const STAGED_FAMILIES = TEMPLATE_SET_NAMES.filter((name) => templateSet(name).authStaging);

/**
 * The families needing staging that each company with HTTP auth among `companyIds` has terminals of (only the
 * terminal `terminalId`, when given). Chunked: D1 binds at most 100 parameters per statement.
 */
export async function stagingWarnings(db: Db, companyIds: Iterable<number>, terminalId?: number): Promise<Warning[]> {
  const ids = [...new Set(companyIds)];
  const warnings: Warning[] = [];
  if (STAGED_FAMILIES.length === 0) return warnings;
  for (let i = 0; i < ids.length; i += 90) {
    const rows = await db
      .selectDistinct({ companyId: terminals.companyId, family: models.templateSet })
      .from(terminals)
      .innerJoin(models, eq(models.id, terminals.modelId))
      .innerJoin(companies, eq(companies.id, terminals.companyId))
      .where(
        and(
          inArray(terminals.companyId, ids.slice(i, i + 90)),
          terminalId === undefined ? undefined : eq(terminals.id, terminalId),
          inArray(models.templateSet, STAGED_FAMILIES),
          sql`json_extract(${companies.policy}, '$.auth') is not null`,
        ),
      )
      .orderBy(terminals.companyId, models.templateSet);
    for (const { companyId, family } of rows) warnings.push({ code: "stage_for_auth", companyId, family, message: templateSet(family).authStaging! });
  }
  return warnings;
}

/** `body` with `warnings` when there are any (the key is absent otherwise). */
export function withWarnings<T extends object>(body: T, warnings: Warning[]): T & { warnings?: Warning[] } {
  return warnings.length > 0 ? { ...body, warnings } : body;
}
