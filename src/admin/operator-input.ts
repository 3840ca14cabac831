// What operators send for keys and settings (docs/api.md, "Keys, phonebook, settings"), and the checks
// that need the model: key positions within its keyCount, lines within its maxLines, setting names in
// its family's syntax.
import { z } from "@hono/zod-openapi";
import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { keyRulesOf, settingRules } from "../core/family";
import { MAX_SETTING_VALUE, MAX_SETTINGS, settingKeyProblem, SETTING_VALUE_FORBIDDEN, type SettingRules } from "../core/operator";
import { KEY_TYPES, type CompanySettings, type Key, type Settings } from "../db/schema";
import { TEMPLATE_SET_NAMES, templateSet } from "../../templates";
import type { ErrorDetail } from "./errors";
import { text } from "./schemas";

const NO_SPACES = /^\S*$/;

export const KeyInput = z
  .strictObject({
    position: z.number().int().min(1).max(999).openapi({ description: "1 .. the model's keyCount" }),
    type: z.enum(KEY_TYPES),
    value: text(128).refine((s) => NO_SPACES.test(s), "must not contain spaces").optional().openapi({ description: "The extension or number; not used by `line`", example: "201" }),
    label: text(64).optional(),
    line: z.number().int().min(1).max(64).optional().openapi({ description: "The line (account) the key uses; 1 when absent" }),
  })
  .openapi("Key");

const SettingValue = z
  .string()
  .max(MAX_SETTING_VALUE, `must be at most ${MAX_SETTING_VALUE} characters`)
  .refine((s) => !SETTING_VALUE_FORBIDDEN.test(s), "must not contain line breaks or other control characters");

export const TerminalSettingsInput = z
  .record(z.string().max(128), SettingValue)
  .refine((s) => Object.keys(s).length <= MAX_SETTINGS, `at most ${MAX_SETTINGS} settings`)
  .openapi({
    description:
      "Setting name -> value in the model's family syntax; beats the company's; replaces all of the terminal's when given. " +
      "Never the credentials or provisioning server; where the family's phones take no second value (all but Yealink and " +
      "Cisco), never a name its template or keys block writes (templates/<family>/NOTES.md)",
    example: { "phone_setting.backlight_time": "60" },
  });

export const CompanySettingsInput = z
  .record(z.string().max(64), TerminalSettingsInput)
  .openapi({ description: "Template family -> its settings", example: { yealink: { "features.pickup.direct_pickup_enable": "1" } } });

export const CompanySettingsPatch = z
  .record(z.string().max(64), TerminalSettingsInput.nullable())
  .openapi({
    description:
      "Template family -> its settings. Each family named replaces that family's settings; `null` removes the family's; " +
      "families not named keep theirs (`{}` changes nothing)",
    example: { yealink: { "phone_setting.backlight_time": "30" }, "cisco-spa": null },
  });

/** A PATCH's families to check as a create's are: a `null` one must still be a family, with no settings to check. */
export function givenFamilies(patch: z.infer<typeof CompanySettingsPatch>): CompanySettings {
  return Object.fromEntries(Object.entries(patch).map(([family, settings]) => [family, settings ?? {}]));
}

/**
 * The stored settings with `patch` applied in one statement (no read before the write, so two PATCHes of different
 * families never undo each other): each family named is removed, then the patch merged in (RFC 7396, whose `null`
 * removes). Family names are the template sets' (checked before), bound as parameters all the same.
 */
export function patchedSettingsSql(column: SQLWrapper, patch: z.infer<typeof CompanySettingsPatch>): SQL {
  const families = Object.keys(patch);
  if (families.length === 0) return sql`${column}`;
  const paths = sql.join(families.map((family) => sql`${`$."${family}"`}`), sql`, `);
  return sql`json_patch(json_remove(${column}, ${paths}), ${JSON.stringify(patch)})`;
}

export interface ModelLimits {
  iden: string;
  keyCount: number;
  maxLines: number;
  templateSet: string;
  genericFile: string;
}

/**
 * Keys in position order; each position unique and within the model's keys, each line within its lines, and
 * each key one its family's key syntax can carry (templates/<family>/operator.ts, `keyRules`).
 */
export function resolveKeys(keys: z.infer<typeof KeyInput>[], model: ModelLimits, path = "keys"): { keys: Key[]; errors: ErrorDetail[] } {
  const errors: ErrorDetail[] = [];
  const seen = new Set<number>();
  const rules = keyRulesOf(templateSet(model.templateSet), model.genericFile);
  const rows = keys.map((key, i) => {
    if (key.position > model.keyCount) errors.push({ path: `${path}.${i}.position`, message: `the model has ${model.keyCount} programmable key(s)` });
    if (seen.has(key.position)) errors.push({ path: `${path}.${i}.position`, message: `position ${key.position} is given twice` });
    seen.add(key.position);
    const line = key.line ?? 1;
    if (line > model.maxLines) errors.push({ path: `${path}.${i}.line`, message: `the model has ${model.maxLines} line(s)` });
    if (key.type !== "line" && !key.value) errors.push({ path: `${path}.${i}.value`, message: `a ${key.type} key needs a value` });
    const row = { position: key.position, type: key.type, value: key.value ?? "", label: key.label ?? "", line };
    for (const problem of rules?.(row, model) ?? []) errors.push({ path: `${path}.${i}.${problem.field}`, message: problem.message });
    return row;
  });
  return { keys: rows.sort((a, b) => a.position - b.position), errors };
}

/** A terminal's setting names: in the syntax of its model's file format, and off its deny list. */
export function settingsErrors(model: Pick<ModelLimits, "templateSet" | "genericFile">, settings: Settings, path: string): ErrorDetail[] {
  return namesErrors([settingRules(templateSet(model.templateSet), model.genericFile)], settings, path);
}

/**
 * A company's settings of each family. A family whose models read two formats (Grandstream's P-values and
 * alias XML, Fanvil's two dialects) takes names of either: each model's files get those of its own format.
 */
export function companySettingsErrors(settings: CompanySettings, path = "settings"): ErrorDetail[] {
  return Object.entries(settings).flatMap(([family, entries]) => {
    if (!TEMPLATE_SET_NAMES.includes(family)) {
      return [{ path: `${path}.${family}`, message: `no template family of this name (${TEMPLATE_SET_NAMES.join(", ")})` }];
    }
    const set = templateSet(family);
    return namesErrors([set.settings, ...(set.variants ?? []).map((v) => v.settings)], entries, `${path}.${family}`);
  });
}

/**
 * Each name must pass one of `syntaxes`. The reason given is that of a syntax the name is spelled in (so a
 * company's denied `P34` reads as a terminal's does), else the first one's.
 */
function namesErrors(syntaxes: (SettingRules | undefined)[], settings: Settings, path: string): ErrorDetail[] {
  return Object.keys(settings).flatMap((key) => {
    const problems = syntaxes.map((rules) => settingKeyProblem(rules, key));
    if (problems.includes(null)) return [];
    const spelled = syntaxes.findIndex((rules) => rules?.key.test(key));
    return [{ path: `${path}.${key}`, message: problems[Math.max(spelled, 0)]! }];
  });
}
