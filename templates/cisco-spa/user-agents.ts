// User-Agent strings as real units of each model send them when they fetch files over HTTP(S), by model
// iden. The tests serve every model to these (with the User-Agent check on), not to strings made from
// the catalog.
const cisco = (model: string, firmware: string, serial: string) => (mac: string) =>
  `Cisco/${model}-${firmware} (${mac.toUpperCase()})(${serial})`;

export const USER_AGENTS: Readonly<Record<string, readonly ((mac: string) => string)[]>> = {
  "cisco-spa502g": [cisco("SPA502G", "7.5.5", "CBT1513021A")],
  "cisco-spa504g": [cisco("SPA504G", "7.6.2", "CBT1234567A")],
  "cisco-spa509g": [cisco("SPA509G", "7.6.2", "CBT16170AB3")],
  "cisco-spa514g": [cisco("SPA514G", "7.6.2", "CBT1720004K")],
  // Some firmware sends only the serial; the SPA525G2 still calls itself SPA525G there.
  "cisco-spa525g2": [cisco("SPA525G2", "7.6.2", "CBT141900G7"), () => "Cisco/SPA525G-7.4.7 (CBT141900G7)"],
};
