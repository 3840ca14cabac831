// How each family's phones ask for their files and read them: the phone simulator's knowledge, next to the
// templates it checks (templates/<set>/phone.ts). Adding a family: its phone.ts and a line here.
import type { Phone } from "../src/simulator/types";
import ciscoMpp from "./cisco-mpp/phone";
import ciscoSpa from "./cisco-spa/phone";
import fanvil from "./fanvil/phone";
import gigaset from "./gigaset/phone";
import grandstream from "./grandstream/phone";
import polycom from "./polycom/phone";
import snom from "./snom/phone";
import yealink from "./yealink/phone";

const PHONES: Readonly<Record<string, Phone>> = {
  "cisco-mpp": ciscoMpp,
  "cisco-spa": ciscoSpa,
  fanvil,
  gigaset,
  grandstream,
  polycom,
  snom,
  yealink,
};

export const PHONE_FAMILIES = Object.keys(PHONES);

/** The phone behaviour of a template set; throws when no family folder describes it. */
export function phoneOf(templateSet: string): Phone {
  const phone = PHONES[templateSet];
  if (!phone) throw new Error(`templates/${templateSet}/phone.ts does not exist: the simulator does not know these phones`);
  return phone;
}
