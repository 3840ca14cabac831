// What a template family (templates/<family>/index.ts) gives the Workers. The families themselves are
// listed once, in templates/index.ts.
import type { Format } from "../db/schema";
import type { KeyView, SettingRules } from "./operator";
import type { FileKind, GenericView, SpecificView } from "./view";

export interface TemplateSet {
  generic: string;
  specific: string;
  /** Extra view entries in the family's own spellings; merged over the common view. */
  view?: (view: GenericView | SpecificView, kind: FileKind) => Record<string, unknown>;
  /**
   * Keys, settings and the phonebook URL of the MAC file in the family's spellings (src/core/operator.ts),
   * merged into the family's own view entry (`view.yealink.keys`).
   */
  operator?: (view: SpecificView) => Record<string, Record<string, unknown>>;
  /** The syntax of the settings an operator may add, and the keys that stay the template's. */
  settings?: SettingRules;
  /** A company phonebook the phone fetches at its own URL (`{mac}` once), rendered from `template`. */
  directory?: { pattern: string; template: string; format: Format };
  /** Speed dials the directory file carries, for phones whose speed-dial keys point into it. */
  speedDials?: (keys: KeyView[]) => object[];
}
