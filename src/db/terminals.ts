// Terminal queries of the admin API. Writes that touch a terminal and its lines are one D1 batch,
// which D1 runs as one transaction: a failed request leaves the database as it was.
import { and, eq, gt, or, sql, type SQL } from "drizzle-orm";
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
  /** A company's token: only that company's terminals, whatever `companyId` asks for. */
  scope?: number;
}

export function listTerminals(db: Db, filter: TerminalFilter, page: { afterId?: number; limit: number }) {
  const q = filter.q?.toLowerCase().replace(/[:.-]/g, "");
  return db.query.terminals.findMany({
    where: and(
      page.afterId ? gt(terminals.id, page.afterId) : undefined,
      filter.companyId ? eq(terminals.companyId, filter.companyId) : undefined,
      filter.scope !== undefined ? eq(terminals.companyId, filter.scope) : undefined,
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

/** A terminal as an import finds it: every field it may change, and its lines with their passwords. */
export interface StoredTerminal extends Omit<TerminalRow, "lines"> {
  id: number;
  lines: LineRow[];
}

/**
 * The terminals among `macs`, with their lines (passwords included: an upsert keeps a line's password
 * when the row gives none). Two statements per 1,000 MACs, one round trip.
 */
export async function existingTerminals(db: Db, macs: string[]): Promise<Map<string, StoredTerminal>> {
  const found = new Map<string, StoredTerminal>();
  if (macs.length === 0) return found;
  const statements = chunks(macs, ROWS_PER_STATEMENT).flatMap((chunk) => {
    const json = JSON.stringify(chunk);
    return [
      db.$client
        .prepare(
          `select id, company_id, model_id, mac, name, language, timezone, transport, sip_port, enabled, keys, settings from terminals
           where mac in (select value from json_each(?1))`,
        )
        .bind(json),
      db.$client
        .prepare(
          `select t.mac, l.position, l.username, l.auth_username, l.password, l.display_name, l.extension
           from terminal_lines as l join terminals as t on t.id = l.terminal_id
           where t.mac in (select value from json_each(?1)) order by t.mac, l.position`,
        )
        .bind(json),
    ];
  });
  const results = await db.$client.batch<Record<string, string | number | null>>(statements);
  results.forEach(({ results: rows }, i) => {
    if (i % 2 === 1) return;
    for (const r of rows) {
      found.set(r.mac as string, {
        id: r.id as number,
        companyId: r.company_id as number,
        modelId: r.model_id as number,
        mac: r.mac as string,
        name: r.name as string,
        language: r.language as string | null,
        timezone: r.timezone as string | null,
        transport: r.transport as Transport | null,
        sipPort: r.sip_port as number | null,
        enabled: r.enabled === 1,
        lines: [],
        keys: JSON.parse(r.keys as string) as Key[],
        settings: JSON.parse(r.settings as string) as Settings,
      });
    }
  });
  results.forEach(({ results: rows }, i) => {
    if (i % 2 === 0) return;
    for (const r of rows) {
      found.get(r.mac as string)?.lines.push({
        position: r.position as number,
        username: r.username as string,
        authUsername: r.auth_username as string | null,
        password: r.password as string,
        displayName: r.display_name as string,
        extension: r.extension as string | null,
      });
    }
  });
  return found;
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
  await db.$client.batch([...insertStatements(db, rows), ...also]);
}

function insertStatements(db: Db, rows: TerminalRow[]): D1PreparedStatement[] {
  const lines = rows.flatMap((row) => row.lines.map((line) => ({ ...line, mac: row.mac })));
  return [
    ...chunks(rows, ROWS_PER_STATEMENT).map((chunk) => insertTerminalsStatement(db, chunk)),
    ...chunks(lines, ROWS_PER_STATEMENT).map((chunk) => insertLinesStatement(db, chunk)),
  ];
}

/**
 * An import's writes in one transaction: `created` inserted, `updated` (found by id) given all their
 * fields and lines anew. The MAC of an updated terminal never changes: the upsert is keyed by it.
 */
export async function writeImport(db: Db, created: TerminalRow[], updated: StoredTerminal[]): Promise<void> {
  const now = Date.now();
  const statements = insertStatements(db, created);
  for (const chunk of chunks(updated, ROWS_PER_STATEMENT)) {
    const json = JSON.stringify(
      chunk.map(({ id, companyId, modelId, name, language, timezone, transport, sipPort, enabled, keys, settings }) => ({
        id, companyId, modelId, name, language, timezone, transport, sipPort, enabled, keys: JSON.stringify(keys), settings: JSON.stringify(settings),
      })),
    );
    statements.push(
      db.$client
        .prepare(
          `update terminals set company_id = j.value ->> '$.companyId', model_id = j.value ->> '$.modelId',
             name = j.value ->> '$.name', language = j.value ->> '$.language', timezone = j.value ->> '$.timezone',
             transport = j.value ->> '$.transport', sip_port = j.value ->> '$.sipPort', enabled = j.value ->> '$.enabled',
             keys = j.value ->> '$.keys', settings = j.value ->> '$.settings', updated_at = ?2
           from json_each(?1) as j where terminals.id = j.value ->> '$.id'`,
        )
        .bind(json, now),
      db.$client
        .prepare(`delete from terminal_lines where terminal_id in (select value ->> '$.id' from json_each(?1))`)
        .bind(json),
    );
  }
  const lines = updated.flatMap((t) => t.lines.map((line) => ({ ...line, mac: t.mac })));
  statements.push(...chunks(lines, ROWS_PER_STATEMENT).map((chunk) => insertLinesStatement(db, chunk)));
  if (statements.length > 0) await db.$client.batch(statements);
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
