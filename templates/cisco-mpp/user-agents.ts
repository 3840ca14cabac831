// User-Agent strings as real units of each model send them when they fetch files over HTTP(S), by model
// iden. The tests serve every model to these (with the User-Agent check on), not to strings made from
// the catalog.
const mpp = (series: string, firmware: string) => (mac: string) => `Cisco-CP-${series}-3PCC/${firmware} (${mac.toLowerCase()})`;

export const USER_AGENTS: Readonly<Record<string, readonly ((mac: string) => string)[]>> = {
  "cisco-6821-3pcc": [mpp("6821", "11.3.7")],
  "cisco-6841-3pcc": [mpp("6841", "11.3.7")],
  "cisco-6851-3pcc": [mpp("6851", "11.3.7")],
  "cisco-6861-3pcc": [mpp("6861", "11.3.7")],
  "cisco-6871-3pcc": [mpp("6871", "11.3.7")],
  "cisco-7811-3pcc": [mpp("7811", "11.3.7")],
  "cisco-7821-3pcc": [mpp("7821", "11.3.7")],
  "cisco-7832-3pcc": [mpp("7832", "11.0.1")],
  "cisco-7841-3pcc": [mpp("7841", "11.3.7")],
  "cisco-7861-3pcc": [mpp("7861", "11.3.7")],
  "cisco-8811-3pcc": [mpp("8811", "12.0.1")],
  "cisco-8832-3pcc": [mpp("8832", "11.3.7")],
  "cisco-8841-3pcc": [mpp("8841", "12.0.1")],
  "cisco-8845-3pcc": [mpp("8845", "12.0.1")],
  "cisco-8851-3pcc": [mpp("8851", "12.0.1")],
  "cisco-8861-3pcc": [mpp("8861", "12.0.1")],
  "cisco-8865-3pcc": [mpp("8865", "12.0.1")],
};
