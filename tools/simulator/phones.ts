// Each family's phones (templates/<family>/phone.ts), found through the one list of families
// (templates/index.ts). Loaded on demand, so the Workers, which import the list, never bundle them.
import { TEMPLATE_SET_NAMES } from "../../templates";
import type { Phone } from "./types";

/** The phone behaviour of a family; throws when its folder has no phone.ts. */
export async function phoneOf(family: string): Promise<Phone> {
  if (!TEMPLATE_SET_NAMES.includes(family)) throw new Error(`templates/${family}/ is no family (templates/index.ts)`);
  const module = (await import(`../../templates/${family}/phone.ts`)) as { default: Phone };
  return module.default;
}

/** Every family's phones, by family name. */
export async function allPhones(): Promise<Map<string, Phone>> {
  return new Map(await Promise.all(TEMPLATE_SET_NAMES.map(async (name) => [name, await phoneOf(name)] as const)));
}
