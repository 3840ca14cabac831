// What a template family (templates/<family>/index.ts) gives the Workers. The families themselves are
// listed once, in templates/index.ts.
import type { FileKind, GenericView, SpecificView } from "./view";

export interface TemplateSet {
  generic: string;
  specific: string;
  /** Extra view entries in the family's own spellings; merged over the common view. */
  view?: (view: GenericView | SpecificView, kind: FileKind) => Record<string, unknown>;
  /**
   * Models of the family that read another file format, told apart by their generic file (the name the
   * unit asks for by itself, so it names the product): the first variant whose pattern matches wins.
   */
  variants?: readonly TemplateVariant[];
  /**
   * Files (`{mac}` patterns) the family's units ask for before their MAC file and edgeprov never serves: each
   * is answered with the one 404 and, since no file can ever be there, never counts as a miss.
   */
  otherFiles?: readonly string[];
}

export interface TemplateVariant {
  /** What the variant is, for the reader (`P-values`). */
  name: string;
  genericFile: RegExp;
  generic: string;
  specific: string;
}

/** The templates a model of `set` uses by default: its variant's, else the family's. */
export function defaultTemplates(set: TemplateSet, genericFile: string): { generic: string; specific: string } {
  return set.variants?.find((variant) => variant.genericFile.test(genericFile)) ?? set;
}
