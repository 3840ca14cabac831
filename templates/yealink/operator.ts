// Keys, phonebook and operator settings in Yealink's spellings (NOTES.md, "Keys, phonebook, settings").
import type { SettingRules } from "../../src/core/operator";
import type { SpecificView } from "../../src/core/view";
import directory from "./directory.mustache";

/** `linekey.N.type` codes (wazo-provd-plugins xivo-yealink v85 common.py; intercom 14 unverified). */
const KEY_TYPES = { line: 15, blf: 16, speeddial: 13, park: 10, intercom: 14 } as const;

export function yealinkOperator(view: SpecificView) {
  return {
    yealink: {
      keys: view.keys.map((key) => ({ n: key.position, type: KEY_TYPES[key.type], value: key.value, label: key.label, line: key.line })),
    },
  };
}

/** Dot-separated lowercase segments (`account.1.codec.pcmu.priority`); the credentials stay the template's. */
export const yealinkSettings: SettingRules = {
  key: /^[a-z0-9_]+(?:\.[a-z0-9_]+){1,7}$/,
  deny: [/password/, /^account\.\d+\.(auth_name|user_name)$/, /^static\.auto_provision\.server\./],
};

export const yealinkDirectory = { pattern: "{mac}-directory.xml", template: directory, format: "xml" } as const;
