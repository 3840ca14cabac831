// User-Agent strings as real units of each model send them when they fetch files over HTTP(S), by model
// iden. The tests serve every model to these (with the User-Agent check on), not to strings made from
// the catalog.
const snom = (model: string, firmware: string) => (mac: string) =>
  `Mozilla/4.0 (compatible; snom${model}-SIP ${firmware} 2010.12-00004-g9ba52f5 ${mac.toUpperCase()} SXM:0 UXM:0)`;

export const USER_AGENTS: Readonly<Record<string, readonly ((mac: string) => string)[]>> = {
  "snom-d120": [snom("D120", "10.1.54.13")],
  "snom-d140": [snom("D140", "10.1.159.12")],
  "snom-d150": [snom("D150", "10.1.159.12")],
  "snom-d315": [snom("D315", "10.1.54.13")],
  "snom-d335": [snom("D335", "10.1.54.13")],
  "snom-d345": [snom("D345", "10.1.54.13")],
  "snom-d375": [snom("D375", "10.1.54.13")],
  "snom-d385": [snom("D385", "10.1.54.13")],
  "snom-d713": [snom("D713", "10.1.54.13")],
  // Older firmware puts no MAC in the User-Agent.
  "snom-d715": [snom("D715", "10.1.54.13"), () => "Mozilla/4.0 (compatible; snomD715-SIP 8.9.3.80 1.1.5-IFX-05.01.12)"],
  "snom-d717": [snom("D717", "10.1.54.13")],
  "snom-d735": [snom("D735", "10.1.54.13")],
  "snom-d785": [snom("D785", "10.1.33.33")],
  "snom-d862": [snom("D862", "10.1.159.12")],
  "snom-d865": [snom("D865", "10.1.159.12")],
};
