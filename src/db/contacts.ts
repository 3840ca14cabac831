// A company's phonebook: the admin API's list and writes, and the phone path's one read.
import { and, eq, gt, or, type SQL } from "drizzle-orm";
import type { Db } from "./client";
import { contains } from "./client";
import { contacts } from "./schema";

/** The most contacts a company holds (and an import carries): what a phone's directory file can list. */
export const MAX_CONTACTS = 10_000;

export interface ContactRow {
  name: string;
  number: string;
  group: string | null;
}

export function listContacts(db: Db, companyId: number, page: { afterId?: number; limit: number; q?: string }) {
  return db.query.contacts.findMany({
    where: and(
      eq(contacts.companyId, companyId),
      page.afterId ? gt(contacts.id, page.afterId) : undefined,
      page.q ? contactMatches(page.q) : undefined,
    ),
    orderBy: (t, { asc }) => [asc(t.id)],
    limit: page.limit,
  });
}

function contactMatches(q: string): SQL | undefined {
  return or(contains(contacts.name, q), contains(contacts.number, q), contains(contacts.group, q));
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
