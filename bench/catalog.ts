// The built-in catalog as a migrated database holds it: the drizzle/ migrations applied to an
// in-memory SQLite (node:sqlite), then the models read back with their manufacturer.
import { readFileSync } from "node:fs";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import type { ModelWithManufacturer } from "../src/db/queries";

const ROOT = path.resolve(import.meta.dirname, "..");

export function builtInModels(): ModelWithManufacturer[] {
  const db = new DatabaseSync(":memory:");
  const journal = JSON.parse(readFileSync(path.join(ROOT, "drizzle/meta/_journal.json"), "utf8")) as { entries: { tag: string }[] };
  for (const { tag } of journal.entries) {
    for (const statement of readFileSync(path.join(ROOT, "drizzle", `${tag}.sql`), "utf8").split("--> statement-breakpoint")) {
      if (statement.replace(/^\s*--.*$/gm, "").trim()) db.exec(statement);
    }
  }
  const rows = db
    .prepare(
      `select m.id, m.manufacturer_id, m.iden, m.name, m.description, m.generic_file, m.specific_pattern, m.format,
              m.max_lines, m.user_agent, m.template_set, m.generic_template, m.specific_template, m.created_at, m.updated_at,
              f.id as f_id, f.iden as f_iden, f.name as f_name, f.description as f_description
       from models m join manufacturers f on f.id = m.manufacturer_id order by m.id`,
    )
    .all() as Record<string, any>[];
  db.close();
  return rows.map((r) => ({
    id: r.id,
    manufacturerId: r.manufacturer_id,
    iden: r.iden,
    name: r.name,
    description: r.description,
    genericFile: r.generic_file,
    specificPattern: r.specific_pattern,
    format: r.format,
    maxLines: r.max_lines,
    userAgent: r.user_agent,
    templateSet: r.template_set,
    genericTemplate: r.generic_template,
    specificTemplate: r.specific_template,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
    manufacturer: { id: r.f_id, iden: r.f_iden, name: r.f_name, description: r.f_description },
  })) as ModelWithManufacturer[];
}
