// CSV for terminal import and export (RFC 4180: quoted fields, "" for a quote, CRLF or LF, an
// optional UTF-8 BOM). One terminal per row; line 1 as bare columns, line N as `lineN.<field>`.
import { ApiError } from "./errors";
import { keyColumn, keyColumnFor, keysOfRow } from "./key-columns";

/** Parses CSV text into rows of fields. Throws a 400 on an unterminated quoted field. */
export function parseCsv(input: string): string[][] {
  const textIn = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
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
      } else {
        field += ch;
      }
      i += 1;
      continue;
    }
    if (ch === '"' && field === "") quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      if (ch === "\r" && textIn[i + 1] === "\n") i += 1;
    } else field += ch;
    i += 1;
  }
  if (quoted) throw new ApiError(400, "invalid_csv", "The CSV has a quoted field that never ends");
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  // Blank lines (including a trailing one) carry no terminal.
  return rows.filter((r) => !(r.length === 1 && r[0] === ""));
}

export function toCsv(rows: (string | number | boolean | null | undefined)[][]): string {
  return rows.map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n";
}

function csvField(value: string | number | boolean | null | undefined): string {
  const s = value === null || value === undefined ? "" : String(value);
  // A leading U+FEFF is quoted too: unquoted at the start of the file, a reader takes it for a BOM.
  return /[",\r\n]|^\uFEFF/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
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
  // A column given twice would let the later cell silently win; `username` and `line1.username` are one.
  const canonical = columns.map((c) => {
    const line = lineColumn(c);
    return line ? `line${line.position}.${line.field}` : c;
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
      const cell = cells[i] ?? "";
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
    const keys = keysOfRow(columns, cells);
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
