// User-Agent strings as real units of each model send them when they fetch files over HTTP(S), by model
// iden. The tests serve every model to these (with the User-Agent check on), not to strings made from
// the catalog. Sources: templates/gigaset/NOTES.md.
// `Gigaset <model>/<firmware>;<MAC>`; a request made for one handset (its directory) ends with `;Handset=<n>`.
const gigaset = (model: string, firmware: string, handset?: number) => (mac: string) =>
  `Gigaset ${model}/${firmware};${mac.toUpperCase()}${handset ? `;Handset=${handset}` : ""}`;

// A real N870's firmware string; the N670 and N870E run the same Nx70 software (their strings are inferred).
const NX70 = "83.V2.11.0+build.a546b91";

export const USER_AGENTS: Readonly<Record<string, readonly ((mac: string) => string)[]>> = {
  "gigaset-n670": [gigaset("N670 IP PRO", NX70), gigaset("N670 IP PRO", NX70, 3)],
  "gigaset-n870": [gigaset("N870 IP PRO", NX70), gigaset("N870 IP PRO", NX70, 12)],
  "gigaset-n870e": [gigaset("N870E IP PRO", NX70)],
};
