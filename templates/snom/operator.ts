// Function keys and operator settings in Snom's spellings (NOTES.md, "Keys, phonebook, settings").
import type { SettingRules } from "../../src/core/operator";
import type { SpecificView } from "../../src/core/view";

/** `<fkey>` text is the key type and its value (`blf 201`, `speed 0911`); idx counts from 0. */
const KEY_TYPES = { line: "line", blf: "blf", speeddial: "speed", park: "orbit", intercom: "icom" } as const;

export function snomOperator(view: SpecificView) {
  return {
    snom: {
      keys: view.keys.map((key) => ({
        idx: key.position - 1,
        context: key.line,
        label: key.label,
        function: key.isLine ? "line" : `${KEY_TYPES[key.type]} ${key.value}`,
      })),
      // `name.N` is the setting `name` of identity N (`<name idx="N">`).
      settings: view.settings.map(({ key, value }) => {
        const [name, idx] = key.split(".");
        return { name, idx: idx ?? null, value };
      }),
    },
  };
}

/** Setting names of `a-z A-Z 0-9 _`, optionally `.N` for identity N; credentials and the setting server stay the template's. */
export const snomSettings: SettingRules = {
  key: /^[A-Za-z][A-Za-z0-9_]{0,63}(?:\.\d{1,3})?$/,
  deny: [/pass/i, /^user_(name|pname|host)\b/, /^setting_server/, /^http_(user|client)/],
};
