// User-Agent strings as real units of each model send them when they fetch files over HTTP(S), by model
// iden. The tests serve every model to these (with the User-Agent check on), not to strings made from
// the catalog.
const fanvil = (model: string, firmware: string) => (mac: string) => `Fanvil ${model} ${firmware} ${mac.toLowerCase()}`;

export const USER_AGENTS: Readonly<Record<string, readonly ((mac: string) => string)[]>> = {
  "fanvil-x2": [fanvil("X2", "2.10.2.6887")],
  "fanvil-x3": [fanvil("X3", "1.4.0.2090")],
  "fanvil-x3s": [fanvil("X3S", "2.10.2.6887")],
  "fanvil-x4": [fanvil("X4", "2.10.2.6887")],
  "fanvil-x5": [fanvil("X5", "1.4.0.2016")],
  "fanvil-x5s": [fanvil("X5S", "1.12.2.3144")],
  "fanvil-x6": [fanvil("X6", "1.12.2.3144")],
  "fanvil-x7": [fanvil("X7", "1.12.5.3739")],
  "fanvil-x7c": [fanvil("X7C", "1.12.2.3739")],
};
