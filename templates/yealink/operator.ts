// Keys, phonebook and operator settings in Yealink's spellings (NOTES.md, "Keys, phonebook, settings").
import type { SettingRules } from "../../src/core/operator";
import type { SpecificView } from "../../src/core/view";
import directory from "./directory.mustache";

/** `linekey.N.type` codes (wazo-provd-plugins xivo-yealink common.py; intercom 14 unverified); 0 is no key. */
const KEY_TYPES = { line: 15, blf: 16, speeddial: 13, park: 10, intercom: 14 } as const;
const NO_KEY = 0;
/** Yealink's empty value, as wazo writes it for a key it clears (`_format_funckey_null`). */
const NULL = "%NULL%";

/**
 * Every `linekey.N` up to the model's keyCount: the operator's keys, and the positions without one written as
 * their line's key where the terminal has a line of that number, else as no key (type 0): the phone keeps
 * whatever a file does not name, so a key removed through the API must be written away.
 */
export function yealinkOperator(view: SpecificView) {
  const keys = view.keys.map((key) => ({ n: key.position, type: KEY_TYPES[key.type], value: key.value || NULL, label: key.label || NULL, line: key.line }));
  const unused = view.unusedKeys.map(({ position, line }) =>
    line ? { n: position, type: KEY_TYPES.line, value: NULL, label: NULL, line } : { n: position, type: NO_KEY, value: NULL, label: NULL, line: NULL },
  );
  return { yealink: { keys: [...keys, ...unused].sort((a, b) => a.n - b.n) } };
}

/**
 * Dot-separated lowercase segments (`account.1.codec.pcmu.priority`); the credentials and the provisioning server
 * stay the template's, in both spellings: older firmware (V7x, in the catalog) reads `auto_provision.*` without
 * the `static.` prefix later firmware added (wazo-provd-plugins xivo-yealink v70 `base.tpl` writes it so).
 */
export const yealinkSettings: SettingRules = {
  key: /^[a-z0-9_]+(?:\.[a-z0-9_]+){1,7}$/,
  deny: [/password/, /^account\.\d+\.(auth_name|user_name)$/, /^(static\.)?auto_provision\.server\./],
};

export const yealinkDirectory = { pattern: "{mac}-directory.xml", template: directory, format: "xml" } as const;
