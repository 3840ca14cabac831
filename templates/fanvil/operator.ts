// DSS keys, phonebook and operator settings in Fanvil's sysConf spellings (NOTES.md, "Keys, phonebook, settings").
import type { SettingRules } from "../../src/core/operator";
import type { SpecificView } from "../../src/core/view";
import directory from "./directory.mustache";

/** Programmable keys per `<internal index="page">` page (fusionpbx's X6 template: 12 keys on each of 5 pages). */
const KEYS_PER_PAGE = 12;

/** A memory key's value is `<number>@<line>/<suffix>`: `ba` BLF, `f` speed dial, `c` park; intercom `i` is unverified. */
const SUFFIXES = { blf: "ba", speeddial: "f", park: "c", intercom: "i" } as const;

export function fanvilOperator(view: SpecificView) {
  const pages = new Map<number, object[]>();
  for (const key of view.keys) {
    const page = Math.ceil(key.position / KEYS_PER_PAGE);
    const entry = key.isLine
      ? { n: ((key.position - 1) % KEYS_PER_PAGE) + 1, type: 2, value: `SIP${key.line}`, title: key.label }
      : { n: ((key.position - 1) % KEYS_PER_PAGE) + 1, type: 1, value: `${key.value}@${key.line}/${SUFFIXES[key.type as keyof typeof SUFFIXES]}`, title: key.label };
    pages.set(page, [...(pages.get(page) ?? []), entry]);
  }
  return {
    fanvil: {
      pages: [...pages].map(([page, keys]) => ({ page, keys })),
      hasKeys: pages.size > 0,
      // `section/Element` or `section/part[N]/Element`: the sysConf path of one setting.
      settings: view.settings.map(({ key, value }) => {
        const parts = key.split("/");
        const middle = parts.length === 3 ? /^([A-Za-z]+)(?:\[(\d+)\])?$/.exec(parts[1]!) : null;
        return { section: parts[0], middleName: middle?.[1] ?? null, middleIndex: middle?.[2] ?? null, element: parts[parts.length - 1], value };
      }),
    },
  };
}

/** sysConf paths; credentials and the auto-provisioning section stay the template's. */
export const fanvilSettings: SettingRules = {
  key: /^[A-Za-z]+(?:\/[A-Za-z]+(?:\[\d{1,3}\])?)?\/[A-Za-z][A-Za-z0-9_]*$/,
  deny: [/pswd|passw|passwd/i, /RegisterUser|UserName/, /^ap\//],
};

export const fanvilDirectory = { pattern: "{mac}-directory.xml", template: directory, format: "xml" } as const;
