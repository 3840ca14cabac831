// User-Agent strings as real units of each model send them when they fetch files over HTTP(S), by model
// iden. The tests serve every model to these (with the User-Agent check on), not to strings made from
// the catalog. Shape `Grandstream Model HW <model>[ <hardware>] SW <firmware> DevId <MAC, lowercase>`; the strings
// quoted in wazo-provd-plugins (plugins/wazo-grandstream/common/common.py) are marked "quoted", the others
// follow that shape with a firmware Grandstream released for the model.
const grandstream = (model: string, firmware: string, hardware = "") => (mac: string) =>
  `Grandstream Model HW ${model}${hardware} SW ${firmware} DevId ${mac.toLowerCase()}`;

export const USER_AGENTS: Readonly<Record<string, readonly ((mac: string) => string)[]>> = {
  "grandstream-gxp1610": [grandstream("GXP1610", "1.0.7.13")],
  "grandstream-gxp1620": [grandstream("GXP1620", "1.0.7.13")],
  "grandstream-gxp1625": [grandstream("GXP1625", "1.0.7.13")],
  // Quoted (the older firmware).
  "grandstream-gxp1628": [grandstream("GXP1628", "1.0.7.13"), grandstream("GXP1628", "1.0.4.138")],
  "grandstream-gxp1630": [grandstream("GXP1630", "1.0.7.13")],
  "grandstream-gxp2130": [grandstream("GXP2130", "1.0.11.3")],
  "grandstream-gxp2135": [grandstream("GXP2135", "1.0.11.3")],
  "grandstream-gxp2140": [grandstream("GXP2140", "1.0.11.3")],
  "grandstream-gxp2160": [grandstream("GXP2160", "1.0.11.3")],
  "grandstream-gxp2170": [grandstream("GXP2170", "1.0.11.3")],
  "grandstream-grp2601": [grandstream("GRP2601", "1.0.5.33")],
  "grandstream-grp2602": [grandstream("GRP2602", "1.0.5.33")],
  "grandstream-grp2603": [grandstream("GRP2603", "1.0.5.33")],
  "grandstream-grp2604": [grandstream("GRP2604", "1.0.5.33")],
  "grandstream-grp2612": [grandstream("GRP2612", "1.0.5.67")],
  "grandstream-grp2613": [grandstream("GRP2613", "1.0.5.67")],
  // Quoted (the older firmware).
  "grandstream-grp2614": [grandstream("GRP2614", "1.0.5.67"), grandstream("GRP2614", "1.0.5.15")],
  "grandstream-grp2615": [grandstream("GRP2615", "1.0.5.67")],
  "grandstream-grp2616": [grandstream("GRP2616", "1.0.5.67")],
  // Quoted (the older firmware): two spaces before the hardware version.
  "grandstream-gxv3350": [grandstream("GXV3350", "1.0.3.30"), grandstream("GXV3350", "1.0.1.8", "  V1.3A")],
  "grandstream-gxv3380": [grandstream("GXV3380", "1.0.3.30")],
  "grandstream-wp810": [grandstream("WP810", "1.0.11.11")],
  "grandstream-wp820": [grandstream("WP820", "1.0.7.81")],
};
