// Programmable keys in terminal CSV: key N as `keyN.type`, `keyN.value`, `keyN.label`, `keyN.line`
// (docs/api.md, "Keys, phonebook, settings"). Kept apart from the line columns of src/admin/csv.ts.
import type { Key } from "../db/schema";

export const KEY_FIELDS = ["type", "value", "label", "line"] as const;
type KeyField = (typeof KEY_FIELDS)[number];

/** `key3.type` → key 3's type; null for any other column. */
export function keyColumn(column: string): { position: number; field: KeyField } | null {
  const match = /^key(\d{1,3})\.(\w+)$/.exec(column);
  const field = KEY_FIELDS.find((f) => f === match?.[2]);
  const position = Number(match?.[1]);
  return field && position >= 1 ? { position, field } : null;
}

/** The keys a CSV row gives (its cells as read back from a spreadsheet), shaped as the JSON body takes them, or undefined when it gives none. */
export function keysOfRow(columns: string[], cells: string[]): Record<string, unknown>[] | undefined {
  const keys = new Map<number, Record<string, unknown>>();
  columns.forEach((column, i) => {
    const key = keyColumn(column);
    const cell = cells[i] ?? "";
    if (!key || cell === "") return;
    const entry = keys.get(key.position) ?? { position: key.position };
    entry[key.field] = key.field === "line" && /^\d+$/.test(cell) ? Number(cell) : cell;
    keys.set(key.position, entry);
  });
  return keys.size > 0 ? [...keys.values()].sort((a, b) => (a.position as number) - (b.position as number)) : undefined;
}

/** A validation path on a key (`keys.0.position`) as the CSV column the operator fixes (`key2.type`). */
export function keyColumnFor(object: Record<string, unknown>, path: string): string | null {
  const match = /^keys\.(\d+)\.(\w+)$/.exec(path);
  if (!match) return null;
  const key = (object.keys as Record<string, unknown>[] | undefined)?.[Number(match[1])];
  const field = match[2] === "position" ? "type" : match[2];
  return key ? `key${key.position}.${field}` : path;
}

/** Export columns for every key position any of `terminals` uses. */
export function keyHeader(terminals: { keys: Key[] }[]): { header: string[]; cells: (keys: Key[]) => (string | number)[] } {
  const positions = [...new Set(terminals.flatMap((t) => t.keys.map((k) => k.position)))].sort((a, b) => a - b);
  return {
    header: positions.flatMap((p) => KEY_FIELDS.map((f) => `key${p}.${f}`)),
    cells: (keys) =>
      positions.flatMap((p) => {
        const key = keys.find((k) => k.position === p);
        return KEY_FIELDS.map((f) => key?.[f] ?? "");
      }),
  };
}
