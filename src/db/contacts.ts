// A company's phonebook: the admin API's list and writes, and the phone path's one read.
import { and, eq, gt } from "drizzle-orm";
import type { Db } from "./client";
import { contacts, type Contact } from "./schema";

/** The most contacts a company holds (and an import carries): what a phone's directory file can list. */
export const MAX_CONTACTS = 10_000;

export interface ContactRow {
  name: string;
  number: string;
  group: string | null;
}

/** Rows read at a time while a search scans a phonebook: at most MAX_CONTACTS / SCAN_ROWS statements. */
const SCAN_ROWS = 1000;

/**
 * A page of a company's contacts in id order. With `q` (part of the name, number or group, in any case), the
 * phonebook is scanned in id order and compared here: SQLite's lower() folds ASCII only, so `ZOË` would not find
 * `Zoë` in SQL. A phonebook is at most MAX_CONTACTS rows, so a search reads at most that many.
 */
export async function listContacts(db: Db, companyId: number, page: { afterId?: number; limit: number; q?: string }): Promise<Contact[]> {
  const read = (afterId: number | undefined, limit: number) =>
    db.query.contacts.findMany({
      where: and(eq(contacts.companyId, companyId), afterId ? gt(contacts.id, afterId) : undefined),
      orderBy: (t, { asc }) => [asc(t.id)],
      limit,
    });
  if (!page.q) return read(page.afterId, page.limit);
  const needle = foldCase(page.q);
  const found: Contact[] = [];
  for (let afterId = page.afterId; ; ) {
    const rows = await read(afterId, SCAN_ROWS);
    for (const row of rows) {
      if ([row.name, row.number, row.group ?? ""].some((field) => foldCase(field).includes(needle))) found.push(row);
      if (found.length === page.limit) return found;
    }
    if (rows.length < SCAN_ROWS) return found;
    afterId = rows[rows.length - 1]!.id;
  }
}

/** Unicode case folding, as far as the runtime's case mapping goes: `ZOË` and `zoë`, `STRASSE` and `Straße` compare equal. */
export function foldCase(text: string): string {
  return text.normalize("NFC").toUpperCase().toLowerCase().normalize("NFC");
}

/** A company's whole phonebook in name order, for its phones: one statement on the phone path. */
export async function phonebook(d1: D1Database | D1DatabaseSession, companyId: number): Promise<ContactRow[]> {
  const { results } = await d1
    .prepare(`select name, number, "group" as "group" from contacts where company_id = ?1 order by name, id limit ${MAX_CONTACTS}`)
    .bind(companyId)
    .all<ContactRow>();
  return results;
}

// A chunk of contacts travels as one JSON parameter (D1 binds at most 100 per statement).
const ROWS_PER_STATEMENT = 1000;

/** Deletes the company's phonebook and inserts `rows`: run as one batch, it is all or nothing. */
export function replaceContactsStatements(db: Db, companyId: number, rows: ContactRow[]): D1PreparedStatement[] {
  const statements = [db.$client.prepare("delete from contacts where company_id = ?1").bind(companyId)];
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    statements.push(
      db.$client
        .prepare(
          `insert into contacts (company_id, name, number, "group")
           select ?1, value ->> '$.name', value ->> '$.number', value ->> '$.group' from json_each(?2)`,
        )
        .bind(companyId, JSON.stringify(rows.slice(i, i + ROWS_PER_STATEMENT))),
    );
  }
  return statements;
}
