// User-Agent strings as real units of each model send them when they fetch files over HTTP(S), by model
// iden. The tests serve every model to these (with the User-Agent check on), not to strings made from
// the catalog. Shape `Cisco/<model>-<firmware> (<MAC, uppercase>)(<serial>)`; the strings quoted in
// wazo-provd-plugins (plugins/xivo-cisco-spa/common/common.py) are marked "quoted", the others follow that
// shape with a firmware Cisco released for the model. The SPA525G sends no MAC at all (quoted).
const cisco = (model: string, firmware: string, serial: string) => (mac: string) =>
  `Cisco/${model}-${firmware} (${mac.toUpperCase()})(${serial})`;

export const USER_AGENTS: Readonly<Record<string, readonly ((mac: string) => string)[]>> = {
  "cisco-spa303": [cisco("SPA303", "7.6.2", "CBT16090A3C")],
  // Quoted.
  "cisco-spa501g": [cisco("SPA501G", "7.4.4", "CBT141100HR")],
  "cisco-spa502g": [cisco("SPA502G", "7.5.5", "CBT1513021A")],
  "cisco-spa504g": [cisco("SPA504G", "7.6.2", "CBT1234567A")],
  // Quoted, both firmware.
  "cisco-spa508g": [cisco("SPA508G", "7.4.4", "CBT141400UK"), cisco("SPA508G", "7.4.8a", "CBT141400UK")],
  "cisco-spa509g": [cisco("SPA509G", "7.6.2", "CBT16170AB3")],
  "cisco-spa512g": [cisco("SPA512G", "7.6.2", "CBT17230C4D")],
  "cisco-spa514g": [cisco("SPA514G", "7.6.2", "CBT1720004K")],
  // Quoted: the serial only.
  "cisco-spa525g": [() => "Cisco/SPA525G-7.4.4 (CBT141900G7)", () => "Cisco/SPA525G-7.4.7 (CBT141900G7)"],
  "cisco-spa525g2": [cisco("SPA525G2", "7.6.2", "CBT141900G7")],
};
