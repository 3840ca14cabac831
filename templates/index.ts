// The bundled template families. A family is a folder holding generic.mustache, specific.mustache and,
// only where Mustache cannot say it, a view helper (index.ts). Adding a family: a folder and a line here.
import type { FileKind } from "../src/provisioning/render";
import type { GenericView, SpecificView } from "../src/provisioning/view";
import ciscoSpa from "./cisco-spa";
import yealink from "./yealink";

export interface TemplateSet {
  generic: string;
  specific: string;
  /** Extra view entries in the family's own spellings; merged over the common view. */
  view?: (view: GenericView | SpecificView, kind: FileKind) => Record<string, unknown>;
}

const SETS: Readonly<Record<string, TemplateSet>> = {
  "cisco-spa": ciscoSpa,
  yealink,
};

export const TEMPLATE_SET_NAMES = Object.keys(SETS);

export function templateSet(name: string): TemplateSet {
  const set = SETS[name];
  if (!set) throw new Error(`no bundled template set named ${name}`);
  return set;
}
