// Keys, phonebook and operator settings in the Cisco flat profile, shared by SPA and MPP (3PCC) phones
// (NOTES.md, "Keys, phonebook, settings").
import type { SettingRules } from "../../src/core/operator";
import type { SpecificView } from "../../src/core/view";
import directory from "./directory.mustache";

/**
 * Line key N: `Extension_N_` names the line it shows, or `Disabled` for a function, which
 * `Extended_Function_N_` then says (`fnc=blf+sd+cp;sub=...` BLF with speed dial and pickup, `fnc=sd;ext=...`
 * speed dial; park and intercom as `prk` and `sd` on an intercom number are unverified). `$PROXY` is the
 * phone's own macro for the line's proxy.
 */
export function ciscoKeys(view: SpecificView) {
  return view.keys.map((key) => {
    const label = key.label ? `;nme=${key.label}` : "";
    const vid = `;vid=${key.line}`;
    let fn = "";
    if (key.isBlf) fn = `fnc=blf+sd+cp;sub=${key.value}@$PROXY${label}`;
    else if (key.isSpeedDial || key.isIntercom) fn = `fnc=sd;ext=${key.value}@$PROXY${vid}${label}`;
    else if (key.isPark) fn = `fnc=prk;sub=${key.value}@$PROXY${label}`;
    return { n: key.position, extension: key.isLine ? String(key.line) : "Disabled", function: fn };
  });
}

/** The flat profile's element names (`Time_Offset__HH_mm_`, `User_ID_1_`); credentials and the profile rules stay the template's. */
export const ciscoSettings: SettingRules = {
  key: /^[A-Za-z][A-Za-z0-9_]{0,127}$/,
  deny: [/^(Password|User_ID|Auth_ID|Use_Auth_ID)_\d+_$/i, /^Profile_Rule/i, /^XML_(User_Name|Password)/i],
};

export const ciscoDirectory = { pattern: "{mac}-directory.xml", template: directory, format: "xml" } as const;
