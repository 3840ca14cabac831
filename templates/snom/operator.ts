// Function keys and operator settings in Snom's spellings (NOTES.md, "Keys, phonebook, settings").
import type { SettingRules } from "../../src/core/operator";
import type { SpecificView } from "../../src/core/view";

/**
 * `<fkey>` text is the key type and its value (`blf 201`, `speed 0911`); idx counts from 0. Park is `orbit` on
 * the models wazo's Snom plugin writes it for and a speed dial to the park number elsewhere
 * (wazo-platform/wazo-provd-plugins, xivo-snom common.py `_add_fkeys`).
 */
const KEY_TYPES = { line: "line", blf: "blf", speeddial: "speed", park: "speed", intercom: "icom" } as const;
const ORBIT_MODELS: ReadonlySet<string> = new Set(["snom-710", "snom-715", "snom-720", "snom-725", "snom-760", "snom-d765"]);

/**
 * Every fkey up to the model's keyCount: the operator's keys, and the positions without one as their line's
 * `line` key where the terminal has a line of that number, else `none` (wazo's Snom 300 template writes an
 * unused key so): the phone keeps a key a file does not name.
 */
export function snomOperator(view: SpecificView) {
  const orbit = ORBIT_MODELS.has(view.model.iden);
  const keys = view.keys.map((key) => ({
    idx: key.position - 1,
    context: String(key.line),
    label: key.label,
    function: key.isLine ? "line" : `${key.isPark && orbit ? "orbit" : KEY_TYPES[key.type]} ${key.value}`,
  }));
  const unused = view.unusedKeys.map(({ position, line }) =>
    line ? { idx: position - 1, context: String(line), label: "", function: "line" } : { idx: position - 1, context: "active", label: "", function: "none" },
  );
  return {
    snom: {
      keys: [...keys, ...unused].sort((a, b) => a.idx - b.idx),
      // `name.N` is the setting `name` of identity N (`<name idx="N">`).
      settings: view.settings.map(({ key, value }) => {
        const [name, idx] = key.split(".");
        return { name, idx: idx ?? null, value };
      }),
    },
  };
}

/**
 * Setting names of `a-z A-Z 0-9 _`, optionally `.N` for identity N; credentials and the setting server stay the
 * template's, and what else `specific.mustache` writes cannot be set twice (`written`).
 */
export const snomSettings: SettingRules = {
  key: /^[A-Za-z][A-Za-z0-9_]{0,63}(?:\.\d{1,3})?$/,
  deny: [/pass/i, /^user_(name|pname|host)\b/, /^setting_server/, /^http_(user|client)/],
  written: [/^(settings_refresh_timer|language|web_language|timezone|utc_offset|dst|ntp_server)$/, /^user_(active|realname|outbound)(\.\d+)?$/],
};
