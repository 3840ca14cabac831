// What a template family (templates/<family>/index.ts) gives the Workers. The families themselves are
// listed once, in templates/index.ts.
import type { FileKind, GenericView, SpecificView } from "./view";

export interface TemplateSet {
  generic: string;
  specific: string;
  /** Extra view entries in the family's own spellings; merged over the common view. */
  view?: (view: GenericView | SpecificView, kind: FileKind) => Record<string, unknown>;
}
