// User-Agent strings as real units of each model send them when they fetch files over HTTP(S), by model
// iden. The tests serve every model to these (with the User-Agent check on), not to strings made from
// the catalog. Sources: templates/polycom/NOTES.md.
// Poly carries no MAC unless device.prov.tagSerialNo is on; the bootloader says Type/Updater.
const poly = (product: string, model: string, firmware: string, type = "Application") => () =>
  `FileTransport Polycom${product}-${model}-UA/${firmware} Type/${type}`;
// Edge E phones name their family PolyEdge (a real E450: 8.0.0.15602; the other Edge models run the same release).
const edge = (model: string, firmware: string, type = "Application") => () =>
  `FileTransport PolyEdge-${model}-UA/${firmware} Type/${type}`;

export const USER_AGENTS: Readonly<Record<string, readonly ((mac: string) => string)[]>> = {
  "polycom-soundpoint": [
    poly("SoundPointIP", "SPIP_550", "4.0.15.1009"),
    () => "FileTransport PolycomSoundPointIP-SPIP_335-UA/3.2.1.0078",
    poly("SoundStationIP", "SSIP_6000", "4.0.4.2906"),
    poly("SoundStationIP", "SSIP_6000", "5.0.3.1667", "Updater"),
  ],
  "poly-vvx-101": [poly("VVX", "VVX_101", "5.4.3.1014")],
  "poly-vvx-150": [poly("VVX", "VVX_150", "6.4.3.5095")],
  "poly-vvx-201": [poly("VVX", "VVX_201", "5.9.7.4477")],
  "poly-vvx-250": [poly("VVX", "VVX_250", "6.4.3.5095"), poly("VVX", "VVX_250", "6.4.3.5095", "Updater")],
  "poly-vvx-300": [poly("VVX", "VVX_300", "5.9.7.4477"), poly("VVX", "VVX_311", "5.9.7.4477")],
  "poly-vvx-350": [poly("VVX", "VVX_350", "6.4.3.5095")],
  "poly-vvx-400": [poly("VVX", "VVX_400", "4.1.4.7430"), poly("VVX", "VVX_410", "5.9.5.0614"), poly("VVX", "VVX_411", "5.9.7.4477")],
  "poly-vvx-450": [poly("VVX", "VVX_450", "6.4.3.5095")],
  "poly-vvx-500": [poly("VVX", "VVX_500", "5.9.7.4477"), poly("VVX", "VVX_500", "5.9.7.47435", "Updater"), () => "FileTransport PolycomVVX-VVX_501-UA/6.4.6.0123"],
  "poly-vvx-600": [poly("VVX", "VVX_601", "5.9.7.4477")],
  "poly-vvx-1500": [poly("VVX", "VVX_1500", "5.9.7.4477")],
  "poly-edge-e100": [edge("Edge_E100", "8.0.0.15602")],
  "poly-edge-e220": [edge("Edge_E220", "8.0.0.15602")],
  "poly-edge-e320": [edge("Edge_E320", "8.0.0.15602")],
  "poly-edge-e350": [edge("Edge_E350", "8.0.0.15602")],
  "poly-edge-e450": [edge("Edge_E450", "8.0.0.15602")],
  "poly-edge-e550": [edge("Edge_E550", "8.0.0.15602")],
};
