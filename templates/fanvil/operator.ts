// DSS keys, phonebook and operator settings in Fanvil's two dialects, <sysConf> and <VOIP_CONFIG_FILE>
// (NOTES.md, "Keys, phonebook, settings"). Both are in the view; each template writes its own.
import type { SettingRules } from "../../src/core/operator";
import type { SpecificView } from "../../src/core/view";
import directory from "./directory.mustache";

/** Programmable keys per `<internal index="page">` page of <sysConf> (FusionPBX's X6 template: 12 keys on each of 5 pages). */
const KEYS_PER_PAGE = 12;

/** A memory key's value is `<number>@<line>/<suffix>`: `ba` BLF, `f` speed dial, `c` park; intercom `i` is unverified. */
const SUFFIXES = { blf: "ba", speeddial: "f", park: "c", intercom: "i" } as const;

/** `section/Element` or `section/part[N]/Element`: a <sysConf> path. */
const SYSCONF_PATH = /^[A-Za-z]+(?:\/[A-Za-z]+(?:\[\d{1,3}\])?)?\/[A-Za-z][A-Za-z0-9_]*$/;
/** `MODULE/Element`: a module of <VOIP_CONFIG_FILE> (`TELE_CONFIG_MODULE/Dial_by_Pound`). */
const VOIP_PATH = /^[A-Z][A-Z0-9_]*_MODULE\/[A-Za-z][A-Za-z0-9_]*$/;

export function fanvilOperator(view: SpecificView) {
  // Type 2 is a line key (`SIP<line>`), type 1 a memory key (wazo's Fanvil plugin, `_format_fkey`).
  const keys = view.keys.map((key) => ({
    position: key.position,
    type: key.isLine ? 2 : 1,
    value: key.isLine ? `SIP${key.line}` : `${key.value}@${key.line}/${SUFFIXES[key.type as keyof typeof SUFFIXES]}`,
    title: key.label,
  }));
  return {
    fanvil: {
      hasKeys: keys.length > 0,
      // <VOIP_CONFIG_FILE> numbers its function keys straight through (Function_Key_Entry FkeyN); <sysConf>
      // by page, key N of page P as <internal index="P"><Fkey index="N">, one <internal> per key as wazo's
      // X-series templates write them.
      functionKeys: keys.map((key) => ({ ...key, page: Math.ceil(key.position / KEYS_PER_PAGE), n: ((key.position - 1) % KEYS_PER_PAGE) + 1 })),
      // The view's settings are already those of the model's dialect (its variant's rules): each template
      // writes its own spelling of them.
      settings: view.settings.map(({ key, value }) => {
        const parts = key.split("/");
        const middle = parts.length === 3 ? /^([A-Za-z]+)(?:\[(\d+)\])?$/.exec(parts[1]!) : null;
        return { section: parts[0], middleName: middle?.[1] ?? null, middleIndex: middle?.[2] ?? null, element: parts[parts.length - 1], value };
      }),
      voipSettings: view.settings.map(({ key, value }) => {
        const [module, element = ""] = key.split("/");
        return { module, element, value };
      }),
    },
  };
}

/** <sysConf> paths; credentials and the auto-provisioning section stay the template's. */
export const fanvilSettings: SettingRules = {
  key: SYSCONF_PATH,
  deny: [/pswd|passw/i, /RegisterUser|UserName/, /^ap\//],
};

/** <VOIP_CONFIG_FILE> module settings; credentials and the auto-update module stay the template's. */
export const fanvilVoipSettings: SettingRules = {
  key: VOIP_PATH,
  deny: [/pswd|passw/i, /^AUTOUPDATE_CONFIG_MODULE\//],
};

export const fanvilDirectory = { pattern: "{mac}-directory.xml", template: directory, format: "xml" } as const;
