// The template families: the one list of them. A family is a folder, templates/<name>/, holding
// everything about its phones (docs/families.md):
//   index.ts          what the Workers bundle: the two templates and, only where Mustache cannot say it,
//                     a view helper (vendor spellings of a time zone or a language)
//   generic.mustache  the model's common file; specific.mustache  the MAC file
//   phone.ts          how its phones boot and read their files (the simulator's; never in a Worker)
//   user-agents.ts    User-Agents real units of each model send
//   NOTES.md          the boot sequence and the public source of each key
// Adding a family: its folder, and a line here.
import type { TemplateSet } from "../src/core/family";
import ciscoMpp from "./cisco-mpp";
import ciscoSpa from "./cisco-spa";
import fanvil from "./fanvil";
import gigaset from "./gigaset";
import grandstream from "./grandstream";
import polycom from "./polycom";
import snom from "./snom";
import yealink from "./yealink";

const FAMILIES: Readonly<Record<string, TemplateSet>> = {
  "cisco-mpp": ciscoMpp,
  "cisco-spa": ciscoSpa,
  fanvil,
  gigaset,
  grandstream,
  polycom,
  snom,
  yealink,
};

export const TEMPLATE_SET_NAMES = Object.keys(FAMILIES);

export function templateSet(name: string): TemplateSet {
  const set = FAMILIES[name];
  if (!set) throw new Error(`no bundled template set named ${name}`);
  return set;
}

/** Every family's `otherFiles`: files its units ask for that edgeprov never serves (no misses). */
export const OTHER_FILES: readonly string[] = Object.values(FAMILIES).flatMap((set) => set.otherFiles ?? []);
