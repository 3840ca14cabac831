// User-Agent strings as real units of each model send them when they fetch files over HTTP(S), by model
// iden. The tests serve every model to these (with the User-Agent check on), not to strings made from
// the catalog. Firmware numbers are those of released firmware for the model (wazo's Yealink plugins list
// them per model, templates/yealink/NOTES.md); several models share one firmware line whose number is not
// their common file's (T41S/T42S/T48S run 66.x, T53/T57W run 96.x, T31G 124.x, T52S 70.x, T56A 58.x).
import { macWithColons } from "../../src/core/mac";

const colons = (mac: string) => macWithColons(mac.toLowerCase());

const yealink = (model: string, firmware: string) => (mac: string) => `Yealink ${model} ${firmware} ${colons(mac)}`;
// Some T5x firmware writes the MAC bare.
const yealinkBare = (model: string, firmware: string) => (mac: string) => `Yealink ${model} ${firmware} ${mac.toLowerCase()}`;

export const USER_AGENTS: Readonly<Record<string, readonly ((mac: string) => string)[]>> = {
  // Old Yealink firmware writes the vendor in lowercase.
  "yealink-t21p": [yealink("SIP-T21P", "34.72.0.1"), (mac) => `yealink SIP-T21P 34.70.0.50 ${colons(mac)}`],
  "yealink-t21p-e2": [yealink("SIP-T21P_E2", "52.80.0.3")],
  // The T23G asks for the T23P's common file: one model.
  "yealink-t23p": [yealink("SIP-T23P", "44.83.0.35"), yealink("SIP-T23G", "44.80.0.60")],
  "yealink-t27p": [yealink("SIP-T27P", "45.83.0.35")],
  "yealink-t29g": [yealink("SIP-T29G", "46.83.0.35")],
  "yealink-t46g": [yealink("SIP-T46G", "28.83.0.35")],
  "yealink-t48g": [yealink("SIP-T48G", "35.83.0.35")],
  "yealink-w52p": [yealink("SIP-W52P", "25.73.0.20"), yealink("W52P", "25.80.0.15")],
  "yealink-t19p-e2": [yealink("SIP-T19P_E2", "53.83.0.35")],
  "yealink-t40p": [yealink("SIP-T40P", "54.83.0.35")],
  "yealink-t40g": [yealink("SIP-T40G", "76.83.0.35")],
  "yealink-t41p": [yealink("SIP-T41P", "36.83.0.35")],
  "yealink-t42g": [yealink("SIP-T42G", "29.83.0.35")],
  "yealink-t27g": [yealink("SIP-T27G", "69.85.0.5")],
  "yealink-t41s": [yealink("SIP-T41S", "66.85.0.5")],
  "yealink-t42s": [yealink("SIP-T42S", "66.85.0.5")],
  "yealink-t46s": [yealink("SIP-T46S", "66.85.0.5"), (mac) => `yealink SIP-T46S 66.84.0.10 ${colons(mac)}`],
  "yealink-t48s": [yealink("SIP-T48S", "66.85.0.5")],
  "yealink-t52s": [yealink("SIP-T52S", "70.83.0.35")],
  "yealink-t54s": [yealink("SIP-T54S", "70.83.0.35")],
  "yealink-t56a": [yealink("SIP-T56A", "58.83.0.5")],
  // The T58A calls itself T58.
  "yealink-t58a": [yealink("SIP-T58", "58.85.0.5"), yealink("SIP-T58A", "58.83.0.5")],
  "yealink-t53": [yealink("SIP-T53", "96.85.0.5"), yealinkBare("SIP-T53W", "96.85.0.5")],
  "yealink-t54w": [yealink("SIP-T54W", "96.85.0.5"), yealinkBare("SIP-T54W", "96.85.0.5")],
  "yealink-t57w": [yealinkBare("SIP-T57W", "96.85.0.5")],
  "yealink-t58w": [yealink("SIP-T58W", "150.86.0.10")],
  // The T4U line runs 108.x (T42U: inferred from its siblings, NOTES.md).
  "yealink-t42u": [yealink("SIP-T42U", "108.86.0.45")],
  "yealink-t43u": [yealink("SIP-T43U", "108.86.0.45")],
  "yealink-t46u": [yealink("SIP-T46U", "108.86.0.45")],
  "yealink-t48u": [yealink("SIP-T48U", "108.86.0.45")],
  "yealink-t31g": [yealink("SIP-T31G", "124.85.257.55")],
  "yealink-t33g": [yealink("SIP-T33G", "124.85.257.55")],
  "yealink-t44w": [yealink("SIP-T44W", "174.86.0.10")],
  "yealink-cp920": [yealink("SIP-CP920", "78.85.0.5")],
  // DECT bases call themselves without SIP-.
  "yealink-w70b": [yealink("W70B", "146.87.0.15")],
  "yealink-w60b": [yealink("W60B", "77.85.0.25")],
};
