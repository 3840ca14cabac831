// Queries of the phone path. They take a Drizzle client and return domain types, so the admin API
// (config preview) and the tests use exactly what the phone path uses.
import { and, eq, getTableColumns, inArray, isNull, lt, or, sql, type Table } from "drizzle-orm";
import type { Db } from "../env";
import { d1Statement } from "./client";
import { companies, manufacturers, models, terminalLines, terminals } from "./schema";

const modelWithManufacturer = { with: { manufacturer: true } } as const;

// findMany with a limit rather than findFirst: drizzle's batch cannot map a findFirst that finds nothing.
function genericModelQuery(db: Db, path: string) {
  return db.query.models.findMany({
    where: sql`lower(${models.genericFile}) = ${path.toLowerCase()}`,
    limit: 1,
    ...modelWithManufacturer,
  });
}

function terminalsByMacQuery(db: Db, macs: string[]) {
  return db.query.terminals.findMany({
    where: inArray(terminals.mac, macs),
    with: {
      model: modelWithManufacturer,
      company: true,
      lines: { orderBy: (line, { asc }) => [asc(line.position)] },
    },
  });
}

export type ModelWithManufacturer = Awaited<ReturnType<typeof genericModelQuery>>[number];
export type TerminalWithAll = Awaited<ReturnType<typeof terminalsByMacQuery>>[number];

export interface PathLookup {
  generic: ModelWithManufacturer | undefined;
  terminals: TerminalWithAll[];
}

/**
 * The same lookups written with Drizzle's relational queries: the source of the types above, and what
 * the tests hold the hand-written SQL below to (test/d1-calls.test.ts). Not used on the phone path.
 */
export async function relationalLookup(db: Db, path: string, macs: string[]): Promise<PathLookup> {
  const [generic, found] = await Promise.all([genericModelQuery(db, path), macs.length > 0 ? terminalsByMacQuery(db, macs) : []]);
  return { generic: generic[0], terminals: found };
}

// The phone path's two lookups as fixed SQL, mapped by hand. Drizzle's relational builder costs about
// 0.3 ms of CPU per request to build the query and map its nested JSON (measured in Node); these strings
// are built once from the schema's own columns, bound with one parameter each (the MACs travel as one
// JSON array), and every value goes through its column's own mapping (Date, boolean, JSON), so the rows
// are the very objects Drizzle returns. test/d1-calls.test.ts holds them to relationalLookup().
type Row = Record<string, unknown>;
interface Column {
  key: string;
  alias: string;
  column: { mapFromDriverValue(value: unknown): unknown };
}

const snakeCase = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function columnsOf(table: Table, alias: string): Column[] {
  return Object.entries(getTableColumns(table)).map(([key, column]) => ({ key, alias: `${alias}_${snakeCase(key)}`, column }));
}

const selectList = (alias: string, columns: Column[]) => columns.map((c) => `${alias}.${snakeCase(c.key)} as ${c.alias}`).join(", ");

function mapped(row: Row | unknown[], columns: Column[], byIndex = false): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  columns.forEach((c, i) => {
    const value = byIndex ? (row as unknown[])[i] : (row as Row)[c.alias];
    out[c.key] = value === null || value === undefined ? null : c.column.mapFromDriverValue(value);
  });
  return out;
}

const MODEL = columnsOf(models, "m");
const MANUFACTURER = columnsOf(manufacturers, "f");
const COMPANY = columnsOf(companies, "c");
const TERMINAL = columnsOf(terminals, "t");
const LINE = columnsOf(terminalLines, "l");

const GENERIC_MODEL_SQL =
  `select ${selectList("m", MODEL)}, ${selectList("f", MANUFACTURER)} ` +
  `from models m join manufacturers f on f.id = m.manufacturer_id where lower(m.generic_file) = ?1 limit 1`;

const TERMINALS_BY_MAC_SQL =
  `select ${selectList("t", TERMINAL)}, ${selectList("m", MODEL)}, ${selectList("f", MANUFACTURER)}, ${selectList("c", COMPANY)}, ` +
  `(select json_group_array(json_array(${LINE.map((c) => `l.${snakeCase(c.key)}`).join(", ")})) ` +
  `from (select * from terminal_lines where terminal_id = t.id order by position) l) as t__lines ` +
  `from terminals t join models m on m.id = t.model_id join manufacturers f on f.id = m.manufacturer_id ` +
  `join companies c on c.id = t.company_id where t.mac in (select value from json_each(?1))`;

function modelOf(row: Row): ModelWithManufacturer {
  return { ...mapped(row, MODEL), manufacturer: mapped(row, MANUFACTURER) } as ModelWithManufacturer;
}

function terminalOf(row: Row): TerminalWithAll {
  const lines = JSON.parse((row.t__lines as string | null) ?? "[]") as unknown[][];
  return {
    ...mapped(row, TERMINAL),
    model: modelOf(row),
    company: mapped(row, COMPANY),
    lines: lines.map((line) => mapped(line, LINE, true)),
  } as TerminalWithAll;
}

function genericStatement(db: Db, path: string): D1PreparedStatement {
  return db.$client.prepare(GENERIC_MODEL_SQL).bind(path.toLowerCase());
}

function terminalsStatement(db: Db, macs: string[]): D1PreparedStatement {
  return db.$client.prepare(TERMINALS_BY_MAC_SQL).bind(JSON.stringify(macs));
}

/**
 * Everything a provisioning request can need, in one D1 round trip: the model whose generic file is
 * `path`, and the terminals (with model, company and lines) of every MAC-looking run in it.
 */
export async function lookupPath(db: Db, path: string, macs: string[]): Promise<PathLookup> {
  if (macs.length === 0) {
    const { results } = await genericStatement(db, path).all<Row>();
    return { generic: results[0] && modelOf(results[0]), terminals: [] };
  }
  const [generic, found] = await db.$client.batch<Row>([genericStatement(db, path), terminalsStatement(db, macs)]);
  return { generic: generic!.results[0] && modelOf(generic!.results[0]), terminals: found!.results.map(terminalOf) };
}

export async function terminalByMac(db: Db, mac: string): Promise<TerminalWithAll | undefined> {
  const { results } = await terminalsStatement(db, [mac]).all<Row>();
  return results[0] && terminalOf(results[0]);
}

export interface Fetch {
  at: Date;
  ip: string | null;
  userAgent: string | null;
}

/** Recording a fetch is skipped when nothing changed within this long, so polls do not write. */
export const RECORD_INTERVAL_MS = 60_000;

export function shouldRecordFetch(terminal: Pick<TerminalWithAll, "provisionedAt" | "provisionedIp" | "provisionedUserAgent">, fetch: Fetch): boolean {
  return (
    terminal.provisionedAt === null ||
    fetch.at.getTime() - terminal.provisionedAt.getTime() >= RECORD_INTERVAL_MS ||
    terminal.provisionedIp !== fetch.ip ||
    terminal.provisionedUserAgent !== fetch.userAgent
  );
}

/**
 * Records that the terminal fetched its file. The WHERE clause repeats the throttle so that
 * concurrent polls still write at most once a minute.
 */
export function recordFetchStatement(db: Db, terminalId: number, fetch: Fetch): D1PreparedStatement {
  const since = new Date(fetch.at.getTime() - RECORD_INTERVAL_MS);
  return d1Statement(
    db,
    db
      .update(terminals)
      .set({ provisionedAt: fetch.at, provisionedIp: fetch.ip, provisionedUserAgent: fetch.userAgent })
      .where(
        and(
          eq(terminals.id, terminalId),
          or(
            isNull(terminals.provisionedAt),
            lt(terminals.provisionedAt, since),
            sql`${terminals.provisionedIp} is not ${fetch.ip}`,
            sql`${terminals.provisionedUserAgent} is not ${fetch.userAgent}`,
          ),
        ),
      ),
  );
}
