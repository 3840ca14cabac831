// CSV for terminal import and export (RFC 4180: quoted fields, "" for a quote, CRLF or LF, an
// optional UTF-8 BOM). One terminal per row; line 1 as bare columns, line N as `lineN.<field>`.
//
// A reader of our own rather than a library: papaparse reads one line ending per file (the first it
// sees) and silently glues rows together when a file mixes CRLF and LF, and csv-parse needs Node's
// Buffer, which the admin Worker does not load. This one is small and property-tested (test/csv.test.ts).
import { ApiError, type ErrorDetail } from "./errors";
import { keyColumn, keyColumnFor, keysOfRow } from "./key-columns";

/**
 * The separators spreadsheets write: a comma, or a semicolon where the comma is the decimal mark
 * (Excel in es, fr, de, ... locales), or a tab ("Unicode text"). The header row decides: it holds
 * only column names, so the separator is the character it has most of.
 */
const SEPARATORS = [",", ";", "\t"] as const;

export function detectSeparator(input: string): string {
  const counts = new Map<string, number>();
  let quoted = false;
  for (const ch of input) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === "\n" || ch === "\r")) break;
    else if (!quoted) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best: string = ",";
  for (const separator of SEPARATORS) if ((counts.get(separator) ?? 0) > (counts.get(best) ?? 0)) best = separator;
  return best;
}

export interface CsvErrorDetail extends ErrorDetail {
  /** 0 = the header, 1 = the first terminal (blank lines not counted). */
  row: number;
  /** 1 = the first column. */
  column: number;
  /** The column's name from the header, when the error is past it. */
  field?: string;
}

/**
 * Parses CSV text into rows of fields, the separator detected from the header row. Throws a 400 on a
 * quote RFC 4180 does not allow (one inside an unquoted field, or text after a closing quote: `"x"y`
 * is neither `x"y` nor `xy`) and on an unterminated quoted field, naming the row and column.
 */
export function parseCsv(input: string): string[][] {
  const textIn = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const separator = detectSeparator(textIn);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let closed = false; // the field's closing quote was just read: only a separator or a line end may follow
  const endRow = () => {
    row.push(field);
    // Blank lines (including a trailing one) carry no terminal.
    if (!(row.length === 1 && row[0] === "")) rows.push(row);
    row = [];
    field = "";
  };
  const fail = (message: string): never => {
    const column = row.length + 1;
    const name = rows.length > 0 ? rows[0]![row.length]?.trim() : undefined;
    const where = `row ${rows.length}${rows.length === 0 ? " (the header)" : ""}, column ${column}${name ? ` (${name})` : ""}`;
    const detail: CsvErrorDetail = { path: `rows[${rows.length}].${name ?? `column${column}`}`, message, row: rows.length, column };
    if (name) detail.field = name;
    throw new ApiError(400, "invalid_csv", `The CSV is not valid at ${where}: ${message}`, [detail]);
  };
  let i = 0;
  while (i < textIn.length) {
    const ch = textIn[i]!;
    if (quoted) {
      if (ch === '"') {
        if (textIn[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        closed = true;
      } else {
        field += ch;
      }
      i += 1;
      continue;
    }
    if (ch === separator) {
      row.push(field);
      field = "";
      closed = false;
    } else if (ch === "\n" || ch === "\r") {
      endRow();
      closed = false;
      if (ch === "\r" && textIn[i + 1] === "\n") i += 1;
    } else if (closed) {
      fail(`text after a closing quote; a quote inside a field is written "" within a quoted field`);
    } else if (ch === '"') {
      if (field !== "") fail(`a quote inside an unquoted field; quote the whole field and write the quote as ""`);
      quoted = true;
    } else field += ch;
    i += 1;
  }
  if (quoted) fail("a quoted field that never ends");
  if (field !== "" || row.length > 0 || closed) endRow();
  return rows;
}

export function toCsv(rows: (string | number | boolean | null | undefined)[][]): string {
  return rows.map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n";
}

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or CR before one) as a formula: a
 * terminal named `=HYPERLINK(...)` would act in the operator's spreadsheet. Such cells get a leading `'`
 * (OWASP, "CSV Injection"); the import takes that quote off again (`fromSpreadsheetCell`).
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function toSpreadsheetCell(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}

/** The import's side of `toSpreadsheetCell`: an exported `'=...` cell comes back as `=...`. */
export function fromSpreadsheetCell(s: string): string {
  return s.startsWith("'") && FORMULA_START.test(s.slice(1)) ? s.slice(1) : s;
}

function csvField(value: string | number | boolean | null | undefined): string {
  const s = value === null || value === undefined ? "" : typeof value === "string" ? toSpreadsheetCell(value) : String(value);
  // A leading U+FEFF is quoted too: unquoted at the start of the file, a reader takes it for a BOM.
  // Semicolons and tabs too: in the header row, unquoted, they would be taken for the separator.
  return /[",;\t\r\n]|^\uFEFF/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

const TERMINAL_COLUMNS = ["companyId", "modelId", "model", "mac", "name", "language", "timezone", "transport", "sipPort", "enabled"] as const;
export const LINE_FIELDS = ["username", "authUsername", "password", "displayName", "extension"] as const;

/** `username` → line 1; `line3.username` → line 3. Null for a column we do not know. */
function lineColumn(column: string): { position: number; field: (typeof LINE_FIELDS)[number] } | null {
  const match = /^(?:line(\d{1,2})\.)?(\w+)$/.exec(column);
  if (!match) return null;
  const field = LINE_FIELDS.find((f) => f === match[2]);
  if (!field) return null;
  const position = match[1] === undefined ? 1 : Number(match[1]);
  return position >= 1 && position <= 64 ? { position, field } : null;
}

/**
 * Turns CSV rows (header first) into terminal objects shaped like `POST /terminals` bodies, so that
 * both inputs go through the same validation. Empty cells are absent fields.
 */
export function csvToTerminals(rows: string[][]): { objects: Record<string, unknown>[]; columnFor: (row: number, path: string) => string } {
  const [header, ...data] = rows;
  if (!header) throw new ApiError(400, "invalid_csv", "The CSV is empty: it needs a header row");
  const columns = header.map((name) => name.trim());
  const unknown = columns.filter((c) => !(TERMINAL_COLUMNS as readonly string[]).includes(c) && !lineColumn(c) && !keyColumn(c));
  // Without one known column the first row is data, not a header: naming its cells could echo a password.
  if (unknown.length === columns.length) {
    throw new ApiError(400, "invalid_csv", "The first row must be a header naming the columns (companyId, model, mac, username, ...)");
  }
  if (unknown.length > 0) {
    throw new ApiError(400, "invalid_csv", "The CSV header has unknown columns", unknown.map((c) => ({ path: c, message: "unknown column" })));
  }
  // A column given twice would let the later cell silently win; `username` and `line1.username` are one, and so
  // are `key2.type` and `key02.type`.
  const canonical = columns.map((c) => {
    const line = lineColumn(c);
    const key = keyColumn(c);
    return line ? `line${line.position}.${line.field}` : key ? `key${key.position}.${key.field}` : c;
  });
  const repeated = columns.filter((_, i) => canonical.indexOf(canonical[i]!) !== i);
  if (repeated.length > 0) {
    throw new ApiError(400, "invalid_csv", "The CSV header repeats columns", [...new Set(repeated)].map((c) => ({ path: c, message: "column given twice" })));
  }
  const positionsByRow: number[][] = [];
  const objects = data.map((cells) => {
    const object: Record<string, unknown> = {};
    const lines = new Map<number, Record<string, unknown>>();
    columns.forEach((column, i) => {
      const cell = fromSpreadsheetCell(cells[i] ?? "");
      if (cell === "" || keyColumn(column)) return;
      const line = lineColumn(column);
      if (line) {
        const entry = lines.get(line.position) ?? { position: line.position };
        entry[line.field] = cell;
        lines.set(line.position, entry);
      } else object[column] = csvValue(column, cell);
    });
    const sorted = [...lines.entries()].sort(([a], [b]) => a - b);
    positionsByRow.push(sorted.map(([p]) => p));
    if (sorted.length > 0) object.lines = sorted.map(([, line]) => line);
    const keys = keysOfRow(columns, cells.map(fromSpreadsheetCell));
    if (keys) object.keys = keys;
    if (cells.length > columns.length) object["(extra cells)"] = cells.slice(columns.length).join(",");
    return object;
  });
  // Validation paths name JSON fields (lines.1.password); an operator fixing a CSV wants the column.
  const columnFor = (row: number, path: string) => {
    const key = keyColumnFor(objects[row] ?? {}, path);
    if (key) return key;
    const match = /^lines\.(\d+)\.(\w+)$/.exec(path);
    if (!match) return path;
    const position = positionsByRow[row]?.[Number(match[1])] ?? Number(match[1]) + 1;
    return position === 1 ? match[2]! : `line${position}.${match[2]}`;
  };
  return { objects, columnFor };
}

function csvValue(column: string, cell: string): unknown {
  if (column === "companyId" || column === "modelId" || column === "sipPort") return /^\d+$/.test(cell) ? Number(cell) : cell;
  if (column === "enabled") {
    const v = cell.trim().toLowerCase();
    if (["true", "1", "yes"].includes(v)) return true;
    if (["false", "0", "no"].includes(v)) return false;
    return cell;
  }
  return cell;
}
