// User-Agent strings as real units of each model send them when they fetch files over HTTP(S), by model
// iden. The tests serve every model to these (with the User-Agent check on), not to strings made from
// the catalog.
// Since 2.26 the HTTP User-Agent may end with the base's handset capacity.
const gigaset = (model: string, capacity?: number) => (mac: string) =>
  `Gigaset ${model}/83.V2.48.0+build.4fa8a54;${mac.toUpperCase()}${capacity ? `;Handset=${capacity}` : ""}`;

export const USER_AGENTS: Readonly<Record<string, readonly ((mac: string) => string)[]>> = {
  "gigaset-n670": [gigaset("N670 IP PRO"), gigaset("N670 IP PRO", 20)],
  "gigaset-n870": [gigaset("N870 IP PRO"), gigaset("N870 IP PRO", 250)],
  "gigaset-n870e": [gigaset("N870E IP PRO", 250)],
};
