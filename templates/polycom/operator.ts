// Keys, phonebook and operator settings in Poly UC Software's spellings (NOTES.md, "Keys, phonebook, settings").
import type { SettingRules } from "../../src/core/operator";
import type { SpecificView } from "../../src/core/view";
import directory from "./directory.mustache";

/**
 * Line key N is `lineKey.N.category` with `lineKey.N.index` (the phone takes them with
 * `lineKey.reassignment.enabled`): a line key indexes its registration; a BLF indexes the attendant resource
 * list, which holds the watched address (type `normal`; park `automata`, the two BLF types of fusionpbx/fusionpbx
 * `resources/templates/provision/polycom/6.x/phoneMAC.cfg`); a speed dial indexes the contact directory's `sd`
 * entry, which the directory file (<mac>-directory.xml) carries. Intercom has no key category of its own: a
 * speed dial to the intercom number. Every key up to the model's keyCount is written, since the phone keeps
 * what a file omits: a position without a key is its line's key where the terminal has a line of that number,
 * else `Unassigned`; resource-list entries past the BLFs are emptied.
 */
export function polycomKeys(view: SpecificView) {
  const attendants: { i: number; address: string; label: string; type: string }[] = [];
  const keys = view.keys.map((key) => {
    if (key.isLine) return { n: key.position, category: "Line", index: key.line };
    if (key.isBlf || key.isPark) {
      attendants.push({ i: attendants.length + 1, address: key.value, label: key.label, type: key.isPark ? "automata" : "normal" });
      return { n: key.position, category: "BLF", index: attendants.length };
    }
    return { n: key.position, category: "SpeedDial", index: key.position };
  });
  const unused = view.unusedKeys.map(({ position, line }) => (line ? { n: position, category: "Line", index: line } : { n: position, category: "Unassigned", index: 0 }));
  const all = [...keys, ...unused].sort((a, b) => a.n - b.n);
  for (let i = attendants.length + 1; i <= all.length; i++) attendants.push({ i, address: "", label: "", type: "normal" });
  return { polycom: { keys: all, attendants, hasKeys: all.length > 0 } };
}

/** Speed dials as directory items: `sd` is the index `lineKey.N.index` names. */
export function polycomSpeedDials(keys: SpecificView["keys"]) {
  return keys.filter((key) => key.isSpeedDial || key.isIntercom).map((key) => ({ sd: key.position, name: key.label || key.value, number: key.value }));
}

/** Dot-separated parameter names (`voice.volume.persist.handset`); credentials and the provisioning server stay the template's. */
export const polycomSettings: SettingRules = {
  key: /^[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z0-9_]+){1,9}$/,
  deny: [/password/i, /^reg\.\d+\.(address|auth\.)/, /^device\./],
  // What `specific.mustache` and its keys block write.
  written: [
    /^prov\.polling\.(enabled|mode|period)$/,
    /^lcl\.ml\.lang$/,
    /^tcpIpApp\.sntp\.((address|gmtOffset)(\.overrideDHCP)?|daylightSavings\..+)$/,
    /^reg\.\d+\.(displayName|label|server\.1\.(address|port|transport)|outboundProxy\.(address|port|transport))$/,
    /^lineKey\.(reassignment\.enabled|\d+\.(category|index))$/,
    /^attendant\.(uri|resourceList\.\d+\.(address|label|type))$/,
    /^dir\.local\.readonly$/,
  ],
};

export const polycomDirectory = { pattern: "{mac}-directory.xml", template: directory, format: "xml" } as const;
