// Terminal queries of the admin API. Writes that touch a terminal and its lines are one D1 batch,
// which D1 runs as one transaction: a failed request leaves the database as it was.
import { and, eq, gt, inArray, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "./client";
import { contains, d1Statement } from "./client";
import { terminalLines, terminals, type Key, type Settings, type Transport } from "./schema";

/** A line as written: its password already chosen (the API generates missing ones). */
export interface LineRow {
  position: number;
  username: string;
  authUsername: string | null;
  password: string;
  displayName: string;
  extension: string | null;
}

/** A terminal as written by a create or an import. */
export interface TerminalRow {
  companyId: number;
  modelId: number;
  mac: string;
  name: string;
  language: string | null;
  timezone: string | null;
  transport: Transport | null;
  sipPort: number | null;
  enabled: boolean;
  lines: LineRow[];
  keys: Key[];
  settings: Settings;
}

const publicLineColumns = {
  position: true,
  username: true,
  authUsername: true,
  displayName: true,
  extension: true,
} as const;

/** A terminal with its lines, never their passwords. */
export async function findTerminal(db: Db, where: SQL) {
  return db.query.terminals.findFirst({
    where,
    with: { lines: { columns: publicLineColumns, orderBy: (l, { asc }) => [asc(l.position)] } },
  });
}

export type PublicTerminal = NonNullable<Awaited<ReturnType<typeof findTerminal>>>;

export interface TerminalFilter {
  companyId?: number;
  modelId?: number;
  mac?: string;
  q?: string;
  enabled?: boolean;
}

export function listTerminals(db: Db, filter: TerminalFilter, page: { afterId?: number; limit: number }) {
  const q = filter.q?.toLowerCase().replace(/[:.-]/g, "");
  return db.query.terminals.findMany({
    where: and(
      page.afterId ? gt(terminals.id, page.afterId) : undefined,
      filter.companyId ? eq(terminals.companyId, filter.companyId) : undefined,
      filter.modelId ? eq(terminals.modelId, filter.modelId) : undefined,
      filter.mac ? eq(terminals.mac, filter.mac) : undefined,
      filter.enabled !== undefined ? eq(terminals.enabled, filter.enabled) : undefined,
      filter.q ? or(contains(terminals.name, filter.q), q ? contains(terminals.mac, q) : undefined) : undefined,
    ),
    with: { lines: { columns: publicLineColumns, orderBy: (l, { asc }) => [asc(l.position)] } },
    orderBy: (t, { asc }) => [asc(t.id)],
    limit: page.limit,
  });
}

/** Existing MACs among `macs` (chunked under D1's 100 bound parameters, one round trip). */
export async function existingMacs(db: Db, macs: string[]): Promise<Set<string>> {
  if (macs.length === 0) return new Set();
  const queries = [];
  for (let i = 0; i < macs.length; i += 90) {
    queries.push(db.select({ mac: terminals.mac }).from(terminals).where(inArray(terminals.mac, macs.slice(i, i + 90))));
  }
  const results = await db.batch(queries as [(typeof queries)[number], ...(typeof queries)[number][]]);
  return new Set(results.flat().map((r) => r.mac));
}

// Rows go to D1 as JSON, read back with json_each: one bound parameter carries a whole chunk, so a
// 10,000-terminal import is a few statements in one batch (one transaction) instead of thousands.
const ROWS_PER_STATEMENT = 1000;

function insertTerminalsStatement(db: Db, rows: TerminalRow[]): D1PreparedStatement {
  const json = JSON.stringify(
    rows.map(({ companyId, modelId, mac, name, language, timezone, transport, sipPort, enabled, keys, settings }) => ({
      companyId, modelId, mac, name, language, timezone, transport, sipPort, enabled, keys: JSON.stringify(keys), settings: JSON.stringify(settings),
    })),
  );
  return db.$client
    .prepare(
      `insert into terminals (company_id, model_id, mac, name, language, timezone, transport, sip_port, enabled, keys, settings)
       select value ->> '$.companyId', value ->> '$.modelId', value ->> '$.mac', value ->> '$.name',
              value ->> '$.language', value ->> '$.timezone', value ->> '$.transport', value ->> '$.sipPort', value ->> '$.enabled',
              value ->> '$.keys', value ->> '$.settings'
       from json_each(?1)`,
    )
    .bind(json);
}

function insertLinesStatement(db: Db, lines: (LineRow & { mac: string })[]): D1PreparedStatement {
  return db.$client
    .prepare(
      `insert into terminal_lines (terminal_id, position, username, auth_username, password, display_name, extension)
       select t.id, l.value ->> '$.position', l.value ->> '$.username', l.value ->> '$.authUsername',
              l.value ->> '$.password', l.value ->> '$.displayName', l.value ->> '$.extension'
       from json_each(?1) as l
       join terminals as t on t.mac = l.value ->> '$.mac'`,
    )
    .bind(JSON.stringify(lines));
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Inserts terminals with their lines, and `also` in the same transaction: all or nothing. */
export async function insertTerminals(db: Db, rows: TerminalRow[], also: D1PreparedStatement[] = []): Promise<void> {
  const lines = rows.flatMap((row) => row.lines.map((line) => ({ ...line, mac: row.mac })));
  await db.$client.batch([
    ...chunks(rows, ROWS_PER_STATEMENT).map((chunk) => insertTerminalsStatement(db, chunk)),
    ...chunks(lines, ROWS_PER_STATEMENT).map((chunk) => insertLinesStatement(db, chunk)),
    ...also,
  ]);
}

/** Updates a terminal and, when `lines` is given, replaces its lines, in one transaction. */
export async function updateTerminal(
  db: Db,
  id: number,
  mac: string,
  changes: Partial<Omit<TerminalRow, "lines">>,
  lines: LineRow[] | undefined,
): Promise<void> {
  const statements = [d1Statement(db, db.update(terminals).set({ ...changes, updatedAt: new Date() }).where(eq(terminals.id, id)))];
  if (lines !== undefined) {
    statements.push(d1Statement(db, db.delete(terminalLines).where(eq(terminalLines.terminalId, id))));
    // `mac` is the terminal's MAC after this update: the lines join on it.
    if (lines.length > 0) statements.push(insertLinesStatement(db, lines.map((line) => ({ ...line, mac }))));
  }
  await db.$client.batch(statements);
}

export async function deleteTerminal(db: Db, id: number): Promise<void> {
  await db.batch([db.delete(terminalLines).where(eq(terminalLines.terminalId, id)), db.delete(terminals).where(eq(terminals.id, id))]);
}

/** Current passwords by position, so a PATCH that omits a password keeps it. */
export async function linePasswords(db: Db, terminalId: number): Promise<Map<number, string>> {
  const rows = await db
    .select({ position: terminalLines.position, password: terminalLines.password })
    .from(terminalLines)
    .where(eq(terminalLines.terminalId, terminalId));
  return new Map(rows.map((r) => [r.position, r.password]));
}

/** The highest key position any terminal of the model uses (keys are JSON on the terminal), or 0. */
export async function highestKeyInUse(db: Db, modelId: number): Promise<number> {
  const [used] = await db
    .select({ highest: sql<number | null>`max(json_extract(k.value, '$.position'))` })
    .from(sql`${terminals}, json_each(${terminals.keys}) as k`)
    .where(eq(terminals.modelId, modelId));
  return used?.highest ?? 0;
}
