// Keys, phonebook and operator settings in the Cisco flat profile, shared by SPA and MPP (3PCC) phones
// (NOTES.md, "Keys, phonebook, settings").
import type { KeyProblem, KeyRules, SettingRules } from "../../src/core/operator";
import type { SpecificView } from "../../src/core/view";
import directory from "./directory.mustache";

/**
 * Line key N: `Extension_N_` names the line it shows, or `Disabled` for a function, which
 * `Extended_Function_N_` then says, and `Short_Name_N_` is its label (wazo-platform/wazo-provd-plugins,
 * xivo-cisco-spa common.py and wazo-cisco-sip common.py `_add_fkeys`: `fnc=sd+blf+cp;sub=<ext>@$PROXY;nme=<label>`
 * BLF with speed dial and pickup, `fnc=sd;ext=<number>@$PROXY;nme=<label>` speed dial, the label the number when
 * none is given; park as `fnc=prk` and intercom as a speed dial are unverified). `$PROXY` is the phone's own
 * macro for the line's proxy. Every key up to the model's keyCount is written: a position without a key shows
 * its line when the terminal has one of that number, else nothing, since the phone keeps what a file omits.
 */
export function ciscoKeys(view: SpecificView) {
  const displayName = (line: number) => view.lines.find((l) => l.position === line)?.displayName ?? "";
  const keys = view.keys.map((key) => {
    const name = key.label || key.value;
    let fn = "";
    if (key.isBlf) fn = `fnc=sd+blf+cp;sub=${key.value}@$PROXY;nme=${name}`;
    else if (key.isSpeedDial || key.isIntercom) fn = `fnc=sd;ext=${key.value}@$PROXY;nme=${name}`;
    else if (key.isPark) fn = `fnc=prk;sub=${key.value}@$PROXY;nme=${name}`;
    // A line key keeps the label the line's own entry gave its position, unless it is given one or shows another line.
    const label = key.isLine ? (key.label || (key.line !== key.position ? displayName(key.line) : null)) : name;
    return { n: key.position, extension: key.isLine ? String(key.line) : "Disabled", shortName: label === null ? null : { value: label }, function: fn };
  });
  const unused = view.unusedKeys.map(({ position, line }) =>
    line ? { n: position, extension: String(line), shortName: null, function: "" } : { n: position, extension: "Disabled", shortName: { value: "" }, function: "" },
  );
  return [...keys, ...unused].sort((a, b) => a.n - b.n);
}

/** `;` and `=` separate the fields of `Extended_Function_N_`; `@` and `$` would change the address after `sub=`/`ext=`. */
const VALUE_SEPARATORS = /[;=@$]/;
const LABEL_SEPARATORS = /[;=]/;

/** What `Extended_Function_N_` cannot carry: a separator of its syntax, or a line (the syntax above names none). */
export const ciscoKeyRules: KeyRules = (key) => {
  const problems: KeyProblem[] = [];
  if (VALUE_SEPARATORS.test(key.value)) problems.push({ field: "value", message: "must not contain ; = @ or $: they separate the fields of Cisco's Extended_Function (the phone's proxy is appended)" });
  if (LABEL_SEPARATORS.test(key.label)) problems.push({ field: "label", message: "must not contain ; or =: they separate the fields of Cisco's Extended_Function" });
  if (key.type !== "line" && key.line !== 1) problems.push({ field: "line", message: "a Cisco function key names no line in the syntax edgeprov writes: leave it at 1" });
  return problems;
};

/** The flat profile's element names (`Time_Offset__HH_mm_`, `User_ID_1_`); credentials and the profile rules stay the template's. */
export const ciscoSettings: SettingRules = {
  key: /^[A-Za-z][A-Za-z0-9_]{0,127}$/,
  deny: [/^(Password|User_ID|Auth_ID|Use_Auth_ID)_\d+_$/i, /^Profile_Rule/i, /^XML_(User_Name|Password)/i],
};

export const ciscoDirectory = { pattern: "{mac}-directory.xml", template: directory, format: "xml" } as const;
