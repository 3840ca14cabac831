// How a Cisco MPP (3PCC) phone asks for its files: the factory Profile_Rule is /$PSN.xml (e.g. 6841-3PCC.xml),
// then whatever rule that file sets. Same flat profile and macros as the SPA (cisco-spa/phone.ts).
import { ciscoBoot, ciscoCommon } from "../cisco-spa/phone";
import type { CatalogModel, Phone } from "../../tools/simulator/types";
import { USER_AGENTS } from "./user-agents";

/** The product series number the phone expands $PSN to: `6841-3PCC` for "Cisco IP Phone 6841 3PCC". */
function productSeries(model: CatalogModel): string {
  const number = /\b(\d{4})\b/.exec(model.name)?.[1] ?? "";
  return `${number}-3PCC`;
}

export const ciscoMppPhone: Phone = {
  examples: USER_AGENTS,
  ...ciscoCommon,
  userAgent: (model, mac) => `Cisco-CP-${productSeries(model)}/11.3.7 (${mac.toLowerCase()})`,
  // The phone builds its first file name from its own product series, not from the catalog.
  boot: (ctx) => ciscoBoot(ctx, `${productSeries(ctx.model)}.xml`, productSeries(ctx.model)),
};

export default ciscoMppPhone;
