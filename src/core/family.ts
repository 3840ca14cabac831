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
  /**
   * Set where the family's units cannot bring a company's HTTP credentials (Basic/Digest) to their first MAC-file
   * request by themselves: how an operator stages them. The API warns with it wherever a company with auth has
   * terminals of the family.
   */
  authStaging?: string;
  /** Extra view entries in the family's own spellings; merged over the common view. */
  view?: (view: GenericView | SpecificView, kind: FileKind) => Record<string, unknown>;
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
}

/** The templates a model of `set` uses by default: its variant's, else the family's. */
export function defaultTemplates(set: TemplateSet, genericFile: string): { generic: string; specific: string } {
  return set.variants?.find((variant) => variant.genericFile.test(genericFile)) ?? set;
}
