// The audit log's writes: one entry, and pruning past the bound, in one batch.
import { sql } from "drizzle-orm";
import type { Db } from "./client";
import { d1Statement } from "./client";
import { auditLog } from "./schema";

/** The newest entries kept (SECURITY.md, docs/tokens.md). */
export const AUDIT_MAX_ROWS = 100_000;
/** At most this many old rows go per write: pruning never turns one write into a long one. */
const PRUNE_BATCH = 500;

export type NewAuditEntry = Omit<typeof auditLog.$inferInsert, "id">;

export async function recordAudit(db: Db, entry: NewAuditEntry, keep = AUDIT_MAX_ROWS): Promise<void> {
  await db.$client.batch([
    d1Statement(db, db.insert(auditLog).values(entry)),
    // Ids only grow (AUTOINCREMENT), so everything `keep` ids below the newest is older than the bound.
    d1Statement(db, sql`
      delete from ${auditLog} where id in (
        select id from ${auditLog} where id <= (select max(id) from ${auditLog}) - ${keep}
        order by id limit ${PRUNE_BATCH})`),
  ]);
}
