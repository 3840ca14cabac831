// Queries of the phone path. They take a Drizzle client and return domain types, so the admin API
// (config preview) and the tests use exactly what the phone path uses.
import { getTableColumns, type Table } from "drizzle-orm";
import { companies, manufacturers, models, terminalLines, terminals, type Company, type Manufacturer, type Model, type Terminal, type TerminalLine } from "./schema";

// What the phone path reads of each row: everything but the rows' own bookkeeping (when a row was
// created, a line's ids), which no file and no policy uses. Fewer bytes from D1 per request. When a row
// last changed is read: a Fanvil file's version is made of it (src/core/view.ts `changedAt`).
const TERMINAL_UNUSED = { createdAt: false } as const;
const COMPANY_UNUSED = { createdAt: false } as const;
const LINE_UNUSED = { id: false, terminalId: false } as const;

export type ModelWithManufacturer = Model & { manufacturer: Manufacturer };
/** A terminal as the phone path's lookup returns it: its model comes from the catalog (src/db/catalog.ts). */
export type FoundTerminal = Omit<Terminal, keyof typeof TERMINAL_UNUSED> & {
  company: Omit<Company, keyof typeof COMPANY_UNUSED>;
  /** In position order. */
  lines: Omit<TerminalLine, keyof typeof LINE_UNUSED>[];
};
export type TerminalWithAll = FoundTerminal & { model: ModelWithManufacturer };

// The phone path's two lookups as fixed SQL, mapped by hand. Drizzle's relational builder costs about
// 0.3 ms of CPU per request to build the query and map its nested JSON (measured in Node); these strings
// are built once from the schema's own columns, bound to fixed parameters (the MACs travel as one JSON
// array), and every value goes through its column's own mapping (Date, boolean, JSON), so the rows are
// the very objects Drizzle returns: test/d1-calls.test.ts holds them to the same lookups written with
// Drizzle's relational queries.
type Row = Record<string, unknown>;
interface Column {
  key: string;
  alias: string;
  column: { mapFromDriverValue(value: unknown): unknown };
}

const snakeCase = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function columnsOf(table: Table, alias: string, unused: Record<string, false> = {}): Column[] {
  return Object.entries(getTableColumns(table))
    .filter(([key]) => !(key in unused))
    .map(([key, column]) => ({ key, alias: `${alias}_${snakeCase(key)}`, column }));
}

const selectList = (alias: string, columns: Column[]) => columns.map((c) => `${alias}.${snakeCase(c.key)} as ${c.alias}`).join(", ");

/** A row's columns from `start` on (an object keyed by alias, or an array in select-list order), mapped as Drizzle maps them. */
function mapped(row: Row | unknown[], columns: Column[], start = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const byIndex = Array.isArray(row);
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i]!;
    const value = byIndex ? row[start + i] : (row as Row)[c.alias];
    out[c.key] = value === null || value === undefined ? null : c.column.mapFromDriverValue(value);
  }
  return out;
}

const MODEL = columnsOf(models, "m");
const MANUFACTURER = columnsOf(manufacturers, "f");
const COMPANY = columnsOf(companies, "c", COMPANY_UNUSED);
const TERMINAL = columnsOf(terminals, "t", TERMINAL_UNUSED);
const LINE = columnsOf(terminalLines, "l", LINE_UNUSED);

const CATALOG_SQL = `select ${selectList("m", MODEL)}, ${selectList("f", MANUFACTURER)} from models m join manufacturers f on f.id = m.manufacturer_id`;

// One row at least, whatever the MACs: the client's block comes back even when no terminal does, so a
// blocked client is refused alike for known and unknown MACs.
const TERMINALS_BY_MAC_SQL =
  `select b.until as b_until, ${selectList("t", TERMINAL)}, ${selectList("c", COMPANY)}, ` +
  `(select json_group_array(json_array(${LINE.map((c) => `l.${snakeCase(c.key)}`).join(", ")})) ` +
  `from (select ${LINE.map((c) => snakeCase(c.key)).join(", ")} from terminal_lines where terminal_id = t.id order by position) l) as t__lines ` +
  `from (select 1) left join client_blocks b on b.client = ?2 ` +
  `left join terminals t on t.mac in (select value from json_each(?1)) left join companies c on c.id = t.company_id`;

function modelOf(row: Row): ModelWithManufacturer {
  return { ...mapped(row, MODEL), manufacturer: mapped(row, MANUFACTURER) } as ModelWithManufacturer;
}

// The lookup's columns in select-list order: the block, the terminal, its company, its lines as one JSON
// array. Read with raw() (arrays, by position) on its own, as objects (by alias) inside a batch.
const AT_TERMINAL = 1;
const AT_COMPANY = AT_TERMINAL + TERMINAL.length;
const AT_LINES = AT_COMPANY + COMPANY.length;

function terminalOf(row: unknown[] | Row): FoundTerminal {
  const lines = (Array.isArray(row) ? row[AT_LINES] : row.t__lines) as string | null;
  return {
    ...mapped(row, TERMINAL, AT_TERMINAL),
    company: mapped(row, COMPANY, AT_COMPANY),
    lines: (JSON.parse(lines ?? "[]") as unknown[][]).map((line) => mapped(line, LINE)),
  } as FoundTerminal;
}

type D1 = D1Database | D1DatabaseSession;

/** A statement to send in the same round trip as another one (D1 batch), and how to read its result. */
export interface Alongside<T> {
  statement(d1: D1): D1PreparedStatement;
  read(result: D1Result<Row>): T;
}

/** Every model with its manufacturer: what a catalog snapshot is made of. */
export function catalogStatement(d1: D1): D1PreparedStatement {
  return d1.prepare(CATALOG_SQL);
}

/** The model, with its manufacturer, of the terminal with this MAC: a catalog of one. */
export function terminalModelStatement(d1: D1, mac: string): D1PreparedStatement {
  return d1.prepare(`${CATALOG_SQL} where m.id = (select model_id from terminals where mac = ?1)`).bind(mac);
}

export function catalogOf(result: D1Result<Row>): ModelWithManufacturer[] {
  return result.results.map(modelOf);
}

export interface MacLookup {
  /** Until when the client is refused for going over the miss limit (possibly in the past), or null. */
  blockedUntil: Date | null;
  /** The terminals of the MACs, with company and lines (in position order). */
  terminals: FoundTerminal[];
}

export function macLookupStatement(d1: D1, macs: string[], client: string): D1PreparedStatement {
  return d1.prepare(TERMINALS_BY_MAC_SQL).bind(JSON.stringify(macs), client);
}

function macLookupOf(rows: (unknown[] | Row)[]): MacLookup {
  const first = rows[0];
  const until = first === undefined ? null : Array.isArray(first) ? first[0] : first.b_until;
  return {
    blockedUntil: typeof until === "number" ? new Date(until) : null,
    terminals: rows.filter((row) => (Array.isArray(row) ? row[AT_TERMINAL] : row.t_id) !== null).map(terminalOf),
  };
}

/**
 * What a MAC-looking request needs, in one D1 statement: the terminals of every MAC-looking run of the
 * path, and whether `client` is blocked by the miss limit.
 */
export async function lookupMacs(d1: D1, macs: string[], client: string): Promise<MacLookup> {
  return macLookupOf(await macLookupStatement(d1, macs, client).raw());
}

/** lookupMacs as the second statement of a batch (a cold isolate reads the catalog in the same trip). */
export function lookupMacsAlongside(macs: string[], client: string): Alongside<MacLookup> {
  return { statement: (d1) => macLookupStatement(d1, macs, client), read: (result) => macLookupOf(result.results) };
}

export interface Fetch {
  at: Date;
  ip: string | null;
  userAgent: string | null;
}

/** Recording a fetch is skipped when nothing changed within this long, so polls do not write. */
export const RECORD_INTERVAL_MS = 60_000;

type FetchRecord = Pick<TerminalWithAll, "provisionedAt" | "provisionedIp" | "provisionedUserAgent">;

/** The terminal's first fetch, or one from another IP or User-Agent than the last recorded. */
export function changesFetchRecord(terminal: FetchRecord, fetch: Fetch): boolean {
  return terminal.provisionedAt === null || terminal.provisionedIp !== fetch.ip || terminal.provisionedUserAgent !== fetch.userAgent;
}

export function shouldRecordFetch(terminal: FetchRecord, fetch: Fetch): boolean {
  return changesFetchRecord(terminal, fetch) || fetch.at.getTime() - terminal.provisionedAt!.getTime() >= RECORD_INTERVAL_MS;
}
