// What a template family (templates/<family>/index.ts) gives the Workers. The families themselves are
// listed once, in templates/index.ts.
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
  /** Extra view entries in the family's own spellings; merged over the common view. */
  view?: (view: GenericView | SpecificView, kind: FileKind) => Record<string, unknown>;
}
