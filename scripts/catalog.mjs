// The built-in catalog as the migrations make it: every drizzle/*.sql applied, in order, to an in-memory
// SQLite (node:sqlite), then the models read back. What the README table and the simulator CLI use, so
// neither keeps a copy of the catalog. Needs Node >= 22.13, or 22.12 with --experimental-sqlite.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const MIGRATIONS_DIR = join(import.meta.dirname, "..", "drizzle");

export async function loadCatalog(dir = MIGRATIONS_DIR) {
  // Imported here, so that a Node without node:sqlite fails with the reason rather than at load time.
  const { DatabaseSync } = await import("node:sqlite");
  const db = new DatabaseSync(":memory:");
  for (const file of readdirSync(dir).filter((f) => /^\d{4}_.*\.sql$/.test(f)).sort()) {
    for (const statement of readFileSync(join(dir, file), "utf8").split("--> statement-breakpoint")) {
      if (statement.trim()) db.exec(statement);
    }
  }
  const rows = db
    .prepare(
      `select m.iden, m.name, m.description, m.generic_file as genericFile, m.specific_pattern as specificPattern,
              m.format, m.max_lines as maxLines, m.key_count as keyCount, m.user_agent as userAgent, m.template_set as templateSet,
              f.iden as manufacturerIden, f.name as manufacturer
         from models m join manufacturers f on f.id = m.manufacturer_id
        order by f.name, m.name`,
    )
    .all();
  db.close();
  return rows.map((row) => ({ ...row }));
}
