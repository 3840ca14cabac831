// What operators send for a terminal (POST, PATCH, import rows), and how it becomes rows to write:
// model by id or iden, company checked, line positions within the model's maxLines, passwords
// generated where missing.
import { z } from "@hono/zod-openapi";
import { inArray } from "drizzle-orm";
import { companies } from "../db/schema";
import type { Db } from "../db/client";
import { insertTerminals, type LineRow, type StoredTerminal, type TerminalRow } from "../db/terminals";
import { validationError, type ErrorDetail } from "./errors";
import { KeyInput, resolveKeys, settingsErrors, TerminalSettingsInput } from "./operator-input";
import { Language, Mac, SipPort, Slug, text, TimeZone, token, TransportInput } from "./schemas";

export const LineInput = z
  .strictObject({
    position: z.number().int().min(1).max(64).optional(),
    username: token(128),
    authUsername: token(128).nullable().optional(),
    password: text(128, 1).optional().openapi({ description: "Write-only. Generated (24 characters) when missing on create" }),
    displayName: text(100).optional(),
    extension: token(32).nullable().optional(),
  })
  .openapi("LineInput");

const terminalFields = {
  companyId: z.number().int().positive(),
  modelId: z.number().int().positive().optional(),
  model: Slug.optional().openapi({ description: "The model's iden, instead of modelId", example: "yealink-t46g" }),
  mac: Mac,
  name: text(100).optional(),
  language: Language.nullable().optional(),
  timezone: TimeZone.nullable().optional(),
  transport: TransportInput.nullable().optional().openapi({ description: "Null: the company's" }),
  sipPort: SipPort.nullable().optional().openapi({ description: "Null: the company's" }),
  enabled: z.boolean().optional(),
  lines: z.array(LineInput).max(64).optional(),
  keys: z
    .array(KeyInput)
    .max(999)
    .optional()
    .openapi({
      description:
        "Programmable keys; replaces all keys when given. The MAC file writes every position up to the model's keyCount, " +
        "those without a key cleared, so a key removed here is removed on the phone. A key the family's syntax cannot carry " +
        "(templates/<family>/NOTES.md: a Cisco value or label with `;` or `=`, a Fanvil value with `@` or `/`, ...) is a 400",
    }),
  settings: TerminalSettingsInput.optional(),
};

export const TerminalCreate = z.strictObject(terminalFields).openapi("TerminalCreate");
export const TerminalPatch = z.strictObject(terminalFields).partial().openapi("TerminalPatch");
/** An upsert row: its MAC, and the fields it changes; a new MAC's row must give what a create needs (src/admin/import.ts). */
export const TerminalUpsert = z.strictObject(terminalFields).partial().required({ mac: true });

export type TerminalCreateInput = z.infer<typeof TerminalCreate>;
export type TerminalPatchInput = z.infer<typeof TerminalPatch>;
export type TerminalUpsertInput = z.infer<typeof TerminalUpsert>;


export interface ModelRef {
  id: number;
  iden: string;
  maxLines: number;
  keyCount: number;
  templateSet: string;
  genericFile: string;
}

const PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

/** 24 characters from a CSPRNG over an alphabet every phone's keypad and parser takes (~139 bits). */
export function generatePassword(length = 24): string {
  // Rejection sampling keeps every character equally likely.
  const limit = 256 - (256 % PASSWORD_ALPHABET.length);
  let out = "";
  while (out.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length * 2))) {
      if (byte < limit && out.length < length) out += PASSWORD_ALPHABET[byte % PASSWORD_ALPHABET.length];
    }
  }
  return out;
}

/** Line positions default to the order given; each must be unique and within the model's lines. */
export function resolveLines(
  lines: z.infer<typeof LineInput>[],
  maxLines: number,
  keep: Map<number, string> = new Map(),
): { lines: LineRow[]; errors: ErrorDetail[] } {
  const errors: ErrorDetail[] = [];
  const seen = new Set<number>();
  const rows = lines.map((line, i) => {
    const position = line.position ?? i + 1;
    if (position > maxLines) errors.push({ path: `lines.${i}.position`, message: `the model has ${maxLines} line(s)` });
    if (seen.has(position)) errors.push({ path: `lines.${i}.position`, message: `position ${position} is given twice` });
    seen.add(position);
    return {
      position,
      username: line.username,
      authUsername: line.authUsername ?? null,
      password: line.password ?? keep.get(position) ?? generatePassword(),
      displayName: line.displayName ?? "",
      extension: line.extension ?? null,
    };
  });
  return { lines: rows, errors };
}

/** Picks the model from `modelId` or `model` (iden); exactly one must be given and exist. */
export function resolveModel(
  input: { modelId?: number; model?: string },
  byId: Map<number, ModelRef>,
  byIden: Map<string, ModelRef>,
): { model?: ModelRef; error?: ErrorDetail } {
  if ((input.modelId === undefined) === (input.model === undefined)) {
    return { error: { path: "modelId", message: "give exactly one of modelId or model (the model's iden)" } };
  }
  const model = input.modelId !== undefined ? byId.get(input.modelId) : byIden.get(input.model!);
  if (!model) return { error: { path: input.modelId !== undefined ? "modelId" : "model", message: "no such model" } };
  return { model };
}

export function toTerminalRow(input: TerminalCreateInput, model: ModelRef): { row: TerminalRow; errors: ErrorDetail[] } {
  const { lines, errors } = resolveLines(input.lines ?? [], model.maxLines);
  const keys = resolveKeys(input.keys ?? [], model);
  const settings = input.settings ?? {};
  errors.push(...keys.errors, ...settingsErrors(model, settings, "settings"));
  return {
    row: {
      companyId: input.companyId,
      modelId: model.id,
      mac: input.mac,
      name: input.name ?? "",
      language: input.language ?? null,
      timezone: input.timezone ?? null,
      transport: input.transport ?? null,
      sipPort: input.sipPort ?? null,
      enabled: input.enabled ?? true,
      lines,
      keys: keys.keys,
      settings,
    },
    errors,
  };
}

export async function loadModelRefs(db: Db) {
  const rows = await db.query.models.findMany({ columns: { id: true, iden: true, maxLines: true, keyCount: true, templateSet: true, genericFile: true } });
  return { byId: new Map(rows.map((m) => [m.id, m])), byIden: new Map(rows.map((m) => [m.iden, m])) };
}

/**
 * The subset of `ids` that are existing companies (chunked under D1's 100 bound parameters). Within
 * `scope` (a company's token) every other company is as if it did not exist: "no such company".
 */
export async function existingCompanies(db: Db, ids: number[], scope?: number): Promise<Set<number>> {
  const unique = [...new Set(ids)].filter((id) => scope === undefined || id === scope);
  if (unique.length === 0) return new Set();
  const chunks = [];
  for (let i = 0; i < unique.length; i += 90) chunks.push(unique.slice(i, i + 90));
  const queries = chunks.map((chunk) => db.select({ id: companies.id }).from(companies).where(inArray(companies.id, chunk)));
  const results = await db.batch(queries as [(typeof queries)[number], ...(typeof queries)[number][]]);
  return new Set(results.flat().map((r) => r.id));
}

/**
 * Validates one terminal against the database (model, company within `scope`, lines) and creates it,
 * with `also` in the same transaction. Returns its MAC.
 */
export async function createTerminal(db: Db, input: TerminalCreateInput, also: D1PreparedStatement[] = [], scope?: number): Promise<string> {
  const [{ byId, byIden }, companiesFound] = await Promise.all([loadModelRefs(db), existingCompanies(db, [input.companyId], scope)]);
  const { model, error } = resolveModel(input, byId, byIden);
  const errors: ErrorDetail[] = error ? [error] : [];
  if (!companiesFound.has(input.companyId)) errors.push({ path: "companyId", message: "no such company" });
  if (!model) throw validationError(errors);
  const { row, errors: lineErrors } = toTerminalRow(input, model);
  if (errors.length + lineErrors.length > 0) throw validationError([...errors, ...lineErrors]);
  await insertTerminals(db, [row], also);
  return row.mac;
}

/**
 * An import row applied to a terminal that exists (upsert): the fields the row gives replace the
 * terminal's, the others stay. Lines, when the row gives any, replace all lines, and a line without a
 * password keeps the one its position had; keys and settings, when given, replace the terminal's. `changed` is false when the result is what is stored.
 */
export function mergeTerminal(
  input: TerminalUpsertInput,
  model: ModelRef,
  current: StoredTerminal,
): { terminal: StoredTerminal; changed: boolean; errors: ErrorDetail[] } {
  const errors: ErrorDetail[] = [];
  let lines = current.lines;
  if (input.lines !== undefined) {
    const resolved = resolveLines(input.lines, model.maxLines, new Map(current.lines.map((l) => [l.position, l.password])));
    lines = resolved.lines;
    errors.push(...resolved.errors);
  } else if (current.lines.some((line) => line.position > model.maxLines)) {
    errors.push({ path: input.model !== undefined ? "model" : "modelId", message: `the terminal uses lines the model does not have (${model.maxLines} line(s))` });
  }
  // Keys and settings a row gives replace the terminal's; kept ones are checked again against the model.
  const keys = resolveKeys(input.keys ?? current.keys, model);
  const settings = input.settings ?? current.settings;
  errors.push(...keys.errors, ...settingsErrors(model, settings, "settings"));
  const terminal: StoredTerminal = {
    id: current.id,
    companyId: input.companyId ?? current.companyId,
    modelId: model.id,
    mac: current.mac,
    name: input.name ?? current.name,
    language: input.language !== undefined ? input.language : current.language,
    timezone: input.timezone !== undefined ? input.timezone : current.timezone,
    transport: input.transport !== undefined ? input.transport : current.transport,
    sipPort: input.sipPort !== undefined ? input.sipPort : current.sipPort,
    enabled: input.enabled ?? current.enabled,
    lines,
    keys: keys.keys,
    settings,
  };
  return { terminal, changed: !sameTerminal(terminal, current), errors };
}

const TERMINAL_KEYS = ["companyId", "modelId", "name", "language", "timezone", "transport", "sipPort", "enabled"] as const;
const LINE_KEYS = ["position", "username", "authUsername", "password", "displayName", "extension"] as const;

/** Settings are a map: the same names and values in any order. */
function sameSettings(a: Record<string, string>, b: Record<string, string>): boolean {
  const names = Object.keys(a);
  return names.length === Object.keys(b).length && names.every((name) => b[name] === a[name]);
}

function sameTerminal(a: StoredTerminal, b: StoredTerminal): boolean {
  const byPosition = (t: StoredTerminal) => [...t.lines].sort((x, y) => x.position - y.position);
  const [linesA, linesB] = [byPosition(a), byPosition(b)];
  return (
    TERMINAL_KEYS.every((k) => a[k] === b[k]) &&
    JSON.stringify(a.keys) === JSON.stringify(b.keys) &&
    sameSettings(a.settings, b.settings) &&
    linesA.length === linesB.length &&
    linesA.every((line, i) => LINE_KEYS.every((k) => line[k] === linesB[i]![k]))
  );
}
