// Keys and operator settings in Grandstream's alias spellings (NOTES.md, "Keys, phonebook, settings").
import type { SettingRules } from "../../src/core/operator";
import type { SpecificView } from "../../src/core/view";

/** `pks.vpk.N.keyMode` takes names (GRP261x alias template); `Line` for a line key is unverified. */
const KEY_MODES = { line: "Line", blf: "BLF", speeddial: "SpeedDial", park: "CallPark", intercom: "Intercom" } as const;

export function grandstreamKeys(view: SpecificView) {
  return {
    grandstream: {
      keys: view.keys.map((key) => ({ n: key.position, mode: KEY_MODES[key.type], account: `Account${key.line}`, description: key.label, value: key.value })),
    },
  };
}

/** Dotted alias names (`account.1.sip.registration`); credentials and the config server stay the template's. */
export const grandstreamSettings: SettingRules = {
  key: /^[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+){1,9}$/,
  deny: [/password/i, /userid/i, /^provisioning\.config\./],
};
