// What a template family (templates/<family>/index.ts) gives the Workers. The families themselves are
// listed once, in templates/index.ts.
import type { Format } from "../db/schema";
import type { KeyRules, KeyView, SettingRules } from "./operator";
import type { FileKind, GenericView, SpecificView } from "./view";

export interface TemplateSet {
  generic: string;
  specific: string;
  /**
   * Whether the family's units put their own MAC in the User-Agent of their HTTP requests: with the
   * company's User-Agent check on, a request must then carry exactly the terminal's MAC. `except` lists
   * the models of the family whose units do not; a model not listed (one an operator adds) is taken to
   * send it, as its family does.
   */
  macInUserAgent: boolean | { except: readonly string[] };
  /**
   * Set where the family's units cannot bring a company's HTTP credentials (Basic/Digest) to their first MAC-file
   * request by themselves: how an operator stages them. The API warns with it wherever a company with auth has
   * terminals of the family.
   */
  authStaging?: string;
  /** Extra view entries in the family's own spellings; merged over the common view. */
  view?: (view: GenericView | SpecificView, kind: FileKind) => Record<string, unknown>;
  /**
   * Keys, settings and the phonebook URL of the MAC file in the family's spellings (src/core/operator.ts),
   * merged into the family's own view entry (`view.yealink.keys`).
   */
  operator?: (view: SpecificView) => Record<string, Record<string, unknown>>;
  /** The syntax of the settings an operator may add, and the keys that stay the template's. */
  settings?: SettingRules;
  /** What the family's key syntax cannot carry (separators in a value, a key type a model lacks). */
  keyRules?: KeyRules;
  /** A company phonebook the phone fetches at its own URL (`{mac}` once), rendered from `template`. */
  directory?: { pattern: string; template: string; format: Format };
  /** Speed dials the directory file carries, for phones whose speed-dial keys point into it. */
  speedDials?: (keys: KeyView[]) => object[];
  /**
   * Models of the family that read another file format, told apart by their generic file (the name the
   * unit asks for by itself, so it names the product): the first variant whose pattern matches wins.
   */
  variants?: readonly TemplateVariant[];
}

export interface TemplateVariant {
  /** What the variant is, for the reader (`P-values`). */
  name: string;
  genericFile: RegExp;
  generic: string;
  specific: string;
  /** The variant's own setting syntax (Grandstream's `P<number>`), in place of the family's. */
  settings?: SettingRules;
  /** The variant's own key rules, in place of the family's. */
  keyRules?: KeyRules;
}

/** The templates a model of `set` uses by default: its variant's, else the family's. */
export function defaultTemplates(set: TemplateSet, genericFile: string): { generic: string; specific: string } {
  return variantOf(set, genericFile) ?? set;
}

/** The variant of `set` a model with this generic file reads, if any. */
export function variantOf(set: TemplateSet, genericFile: string): TemplateVariant | undefined {
  return set.variants?.find((variant) => variant.genericFile.test(genericFile));
}

/** The setting syntax of a model: its variant's, else its family's. */
export function settingRules(set: TemplateSet, genericFile: string): SettingRules | undefined {
  return variantOf(set, genericFile)?.settings ?? set.settings;
}

/** The key rules of a model: its variant's, else its family's. */
export function keyRulesOf(set: TemplateSet, genericFile: string): KeyRules | undefined {
  const variant = variantOf(set, genericFile);
  return variant ? (variant.keyRules ?? set.keyRules) : set.keyRules;
}
