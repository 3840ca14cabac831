// The bundled template families. A family is a folder holding generic.mustache, specific.mustache and,
// only where Mustache cannot say it, a view helper (index.ts), and phone.ts (its phones, for the simulator).
// Adding a family: a folder, a line here and one in phones.ts.
import type { FileKind } from "../src/provisioning/render";
import type { GenericView, SpecificView } from "../src/provisioning/view";
import ciscoMpp from "./cisco-mpp";
import ciscoSpa from "./cisco-spa";
import fanvil from "./fanvil";
import gigaset from "./gigaset";
import grandstream from "./grandstream";
import polycom from "./polycom";
import snom from "./snom";
import yealink from "./yealink";

export interface TemplateSet {
  generic: string;
  specific: string;
  /** Extra view entries in the family's own spellings; merged over the common view. */
  view?: (view: GenericView | SpecificView, kind: FileKind) => Record<string, unknown>;
}

const SETS: Readonly<Record<string, TemplateSet>> = {
  "cisco-mpp": ciscoMpp,
  "cisco-spa": ciscoSpa,
  fanvil,
  gigaset,
  grandstream,
  polycom,
  snom,
  yealink,
};

export const TEMPLATE_SET_NAMES = Object.keys(SETS);

export function templateSet(name: string): TemplateSet {
  const set = SETS[name];
  if (!set) throw new Error(`no bundled template set named ${name}`);
  return set;
}
