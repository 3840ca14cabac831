// What an operator adds to a MAC file besides lines: programmable keys, the company phonebook's URL and
// settings in the family's own syntax (docs/api.md, "Keys, phonebook, settings"). The view carries them
// in a common shape; each family's `operator` helper (templates/<family>/index.ts) spells them its way.
import type { Key, KeyType, Settings } from "../db/schema";

export interface KeyView extends Key {
  isLine: boolean;
  isBlf: boolean;
  isSpeedDial: boolean;
  isPark: boolean;
  isIntercom: boolean;
}

/**
 * A position from 1 to the model's keyCount that has no key. Vendors keep a parameter a file does not
 * name, so a key removed through the API stays on the phone unless the file says what the position is
 * now: each family writes these as its own empty key, or, where the terminal has a line of the same
 * number, as that line's key (the phones' own default layout; wazo-platform/wazo-provd-plugins does the
 * same, yealink common.py `_format_funckey`).
 */
export interface UnusedKeyView {
  position: number;
  /** The terminal's line of this number, when it has one. */
  line: number | null;
}

/** A key the family's key syntax cannot carry: which field, and why. */
export interface KeyProblem {
  field: "position" | "type" | "value" | "label" | "line";
  message: string;
}

/** The model as a family's key rules see it: its generic file names the product (`cfggxp1628.xml`). */
export interface KeyModel {
  iden: string;
  genericFile: string;
}

/** What a family's key syntax refuses, beyond the API's own checks (src/admin/operator-input.ts). */
export type KeyRules = (key: Key, model: KeyModel) => KeyProblem[];

export interface SettingView {
  key: string;
  value: string;
}

/** The checks a family puts on operator settings. */
export interface SettingRules {
  /** A key in the family's syntax (anchored). */
  key: RegExp;
  /** Keys that stay the template's: credentials, and what points the phone at its server. */
  deny: RegExp[];
  /**
   * Keys the family's bundled template or its keys block writes, for a family whose phones are not known to take
   * a file that sets one twice (which value wins is not documented): refused, so a setting never makes such a
   * file. Families whose phones take a file's last value (Yealink, Cisco) leave it out: there a setting beats
   * the template's value.
   */
  written?: RegExp[];
}

export function keyViews(keys: readonly Key[]): KeyView[] {
  return [...keys]
    .sort((a, b) => a.position - b.position)
    .map((key) => ({ ...key, ...typeFlags(key.type) }));
}

/** The positions 1..keyCount that no key takes, each with the terminal's line of that number if any. */
export function unusedKeys(keys: readonly Key[], keyCount: number, linePositions: ReadonlySet<number>): UnusedKeyView[] {
  const taken = new Set(keys.map((key) => key.position));
  const unused: UnusedKeyView[] = [];
  for (let position = 1; position <= keyCount; position++) {
    if (!taken.has(position)) unused.push({ position, line: linePositions.has(position) ? position : null });
  }
  return unused;
}

/** What reaches the file: keys the family's rules take (a key stored before a rule changed is left out, and its position cleared). */
export function allowedKeys(rules: KeyRules | undefined, keys: readonly Key[], model: KeyModel): Key[] {
  return rules ? keys.filter((key) => rules(key, model).length === 0) : [...keys];
}

function typeFlags(type: KeyType) {
  return { isLine: type === "line", isBlf: type === "blf", isSpeedDial: type === "speeddial", isPark: type === "park", isIntercom: type === "intercom" };
}

/** Template < company (its entry for `family`) < terminal; each key once, in the order first given. */
export function mergedSettings(family: string, company: Readonly<Record<string, Settings>>, terminal: Readonly<Settings>): SettingView[] {
  const merged = new Map<string, string>();
  for (const [key, value] of Object.entries(company[family] ?? {})) merged.set(key, value);
  for (const [key, value] of Object.entries(terminal)) merged.set(key, value);
  return [...merged].map(([key, value]) => ({ key, value }));
}

/** Why `key` may not be set for a family with these rules, or null when it may. */
export function settingKeyProblem(rules: SettingRules | undefined, key: string): string | null {
  if (!rules) return "this family takes no settings";
  if (!rules.key.test(key)) return `is not a setting name in this family's syntax (${rules.key.source})`;
  // Names are compared without case: not every firmware is known to match them case-sensitively, and
  // `SETTING_SERVER` must not get past a rule written for `setting_server`.
  if (rules.deny.some((deny) => anyCase(deny).test(key))) return "is written by the template (credentials or the provisioning server) and cannot be overridden";
  if (rules.written?.some((written) => anyCase(written).test(key))) {
    return "is written by this family's template or keys block already, and its phones are not known to take a file that sets it twice: use the API's own field for it (language, timezone, lines, keys, ...)";
  }
  return null;
}

const caseless = new WeakMap<RegExp, RegExp>();

/** `re`, matching without regard to case. */
function anyCase(re: RegExp): RegExp {
  if (re.flags.includes("i")) return re;
  let folded = caseless.get(re);
  if (!folded) caseless.set(re, (folded = new RegExp(re.source, `${re.flags}i`)));
  return folded;
}

/** Settings a company may give a family, and a terminal its own: a MAC file holds at most twice this many. */
export const MAX_SETTINGS = 32;
export const MAX_SETTING_VALUE = 256;

/** Line breaks, other control characters and the Unicode line separators: each could start another setting. */
export const SETTING_VALUE_FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** What reaches the file: the rules applied once more, so a row written before a rule changed cannot pass. */
export function allowedSettings(rules: SettingRules | undefined, settings: SettingView[]): SettingView[] {
  return settings.filter((s) => settingKeyProblem(rules, s.key) === null && !SETTING_VALUE_FORBIDDEN.test(s.value));
}
