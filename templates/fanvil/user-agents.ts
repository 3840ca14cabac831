// User-Agent strings as real units of each model send them when they fetch files over HTTP(S), by model
// iden. The tests serve every model to these (with the User-Agent check on), not to strings made from
// the catalog. Shape `Fanvil <model> <firmware> <MAC, lowercase>`; the strings quoted in
// wazo-provd-plugins (plugins/wazo-fanvil/common/common.py) are marked "quoted", the others follow that
// shape with the firmware of wazo's firmware files for the model (NOTES.md).
const fanvil = (model: string, firmware: string) => (mac: string) => `Fanvil ${model} ${firmware} ${mac.toLowerCase()}`;

export const USER_AGENTS: Readonly<Record<string, readonly ((mac: string) => string)[]>> = {
  "fanvil-x2": [fanvil("X2", "2.10.2.6887")],
  "fanvil-x3": [fanvil("X3", "1.4.0.2090")],
  "fanvil-x3s": [fanvil("X3S", "2.10.2.6887")],
  // Quoted.
  "fanvil-x4": [fanvil("X4", "2.10.2.6887")],
  "fanvil-x5": [fanvil("X5", "1.4.0.2016")],
  "fanvil-x5s": [fanvil("X5S", "1.12.2.3144")],
  "fanvil-x6": [fanvil("X6", "1.12.2.3144")],
  "fanvil-x7": [fanvil("X7", "1.12.5.3739")],
  "fanvil-x7c": [fanvil("X7C", "1.12.2.3739")],
  "fanvil-x210": [fanvil("X210", "2.4.13")],
  // wazo's User-Agent regex reads the model as X210 then ` Pro` or `-V2` (the X6U Pro's form, quoted there);
  // the firmware is the one wazo maps both to (x210pro-…-2.12.20).
  "fanvil-x210-v2": [fanvil("X210-V2", "2.12.20")],
  "fanvil-x210-pro": [fanvil("X210 Pro", "2.12.20")],
  "fanvil-x3u": [fanvil("X3U", "2.4.5"), fanvil("X3U Pro", "2.12.20")],
  "fanvil-x4u": [fanvil("X4U", "2.4.5.2"), fanvil("X4U-V2", "2.12.16.17")],
  "fanvil-x5u": [fanvil("X5U", "2.4.5.2"), fanvil("X5U-V2", "2.12.16.17")],
  // Quoted (the V2 from Nethesis's phone-island documentation): the Pro spells its model with a space, the V2 with a hyphen.
  "fanvil-x6u": [fanvil("X6U Pro", "0.0.10"), fanvil("X6U-V2", "2.12.16.18"), fanvil("X6U", "2.4.5.2")],
};
