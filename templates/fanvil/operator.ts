// DSS keys, phonebook and operator settings in Fanvil's two dialects, <sysConf> and <VOIP_CONFIG_FILE>
// (NOTES.md, "Keys, phonebook, settings"). Both are in the view; each template writes its own.
import type { KeyProblem, KeyRules, SettingRules } from "../../src/core/operator";
import type { SpecificView } from "../../src/core/view";
import directory from "./directory.mustache";

/**
 * How a <sysConf> model lays its keys out (wazo-platform/wazo-provd-plugins, wazo-fanvil serie-x entry.py:
 * TOP_FUNCTION_KEYS, the line keys beside the display, and FUNCTION_KEYS_PER_PAGE; its common.py and
 * base-new.tpl write the first ones in `<dssSide>`, the rest in one `<internal index="page">` per page of
 * that page's `Fkey`s, with `<FuncKeyPageNum>`; fusionpbx/fusionpbx `fanvil/x4u/{$mac}.cfg` and `x6u/{$mac}.cfg`
 * alike, five pages of 6 and of 12). A model not listed (one an operator adds) has no side keys and 12 a page,
 * as fusionpbx's `fanvil/x6/{$mac}.cfg` pages its keys.
 */
const SYSCONF_LAYOUTS: Readonly<Record<string, { side: number; perPage: number }>> = {
  "fanvil-x4u": { side: 3, perPage: 6 },
  "fanvil-x5u": { side: 4, perPage: 6 },
  "fanvil-x6u": { side: 5, perPage: 12 },
  "fanvil-x210": { side: 10, perPage: 32 },
};
const DEFAULT_LAYOUT = { side: 0, perPage: 12 };

/** A memory key's value is `<number>@<line>/<suffix>`: `ba` BLF, `f` speed dial, `c` park; intercom `i` is unverified. */
const SUFFIXES = { blf: "ba", speeddial: "f", park: "c", intercom: "i" } as const;

/** `section/Element` or `section/part[N]/Element`: a <sysConf> path. */
const SYSCONF_PATH = /^[A-Za-z]+(?:\/[A-Za-z]+(?:\[\d{1,3}\])?)?\/[A-Za-z][A-Za-z0-9_]*$/;
/** `MODULE/Element`: a module of <VOIP_CONFIG_FILE> (`TELE_CONFIG_MODULE/Dial_by_Pound`). */
const VOIP_PATH = /^[A-Z][A-Z0-9_]*_MODULE\/[A-Za-z][A-Za-z0-9_]*$/;

interface FanvilKey {
  position: number;
  type: number;
  value: string;
  title: string;
}

/**
 * Every key up to the model's keyCount, since the phone keeps a key a file does not name. Type 2 is a line key
 * (`SIP<line>`), type 1 a memory key (wazo's Fanvil plugin, common.py `_format_fkey`), type 0 no key (wazo's type
 * for a key it cannot write; fusionpbx's x4u for an empty one, with an empty value): a position without a key
 * is its line's key where the terminal has a line of that number, else no key.
 */
function fanvilKeys(view: SpecificView): FanvilKey[] {
  const keys = view.keys.map((key) => ({
    position: key.position,
    type: key.isLine ? 2 : 1,
    value: key.isLine ? `SIP${key.line}` : `${key.value}@${key.line}/${SUFFIXES[key.type as keyof typeof SUFFIXES]}`,
    title: key.label,
  }));
  const unused = view.unusedKeys.map(({ position, line }) => (line ? { position, type: 2, value: `SIP${line}`, title: "" } : { position, type: 0, value: "", title: "" }));
  return [...keys, ...unused].sort((a, b) => a.position - b.position);
}

/**
 * <sysConf>'s keys in document order, each with the page element it opens or closes: the side keys in
 * `<dssSide index="1">`, then each page's in its `<internal index="page">`. One flat list, so a template stays
 * linear in the number of keys.
 */
function sysConfKeys(keys: FanvilKey[], iden: string) {
  const { side, perPage } = SYSCONF_LAYOUTS[iden] ?? DEFAULT_LAYOUT;
  const placed = keys.map((key) => {
    if (key.position <= side) return { ...key, tag: "dssSide", page: 1, n: key.position };
    const rest = key.position - side - 1;
    return { ...key, tag: "internal", page: Math.floor(rest / perPage) + 1, n: (rest % perPage) + 1 };
  });
  const pages = placed.length > side ? Math.ceil((placed.length - side) / perPage) : 0;
  return {
    pageCount: pages > 0 ? String(pages) : null,
    dssKeys: placed.map((key, i) => {
      const before = placed[i - 1];
      const after = placed[i + 1];
      const opens = !before || before.tag !== key.tag || before.page !== key.page;
      const closes = !after || after.tag !== key.tag || after.page !== key.page;
      return { ...key, open: opens ? { tag: key.tag, index: key.page } : null, close: closes ? key.tag : null };
    }),
  };
}

export function fanvilOperator(view: SpecificView) {
  const keys = fanvilKeys(view);
  return {
    fanvil: {
      hasKeys: keys.length > 0,
      ...sysConfKeys(keys, view.model.iden),
      // <VOIP_CONFIG_FILE> numbers its function keys straight through (Function_Key_Entry FkeyN).
      functionKeys: keys,
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

/** `@` and `/` separate a memory key's value (`<number>@<line>/<suffix>`). */
export const fanvilKeyRules: KeyRules = (key) =>
  /[@/]/.test(key.value) ? [{ field: "value", message: "must not contain @ or /: they separate a Fanvil memory key's number, line and type" }] : [];

/** BLF keys of <VOIP_CONFIG_FILE>: wazo's plugin writes BLF on the DSS keys 1-12 only ("blf works only for DSS keys"). */
const VOIP_BLF_KEYS = 12;

export const fanvilVoipKeyRules: KeyRules = (key, model) => {
  const problems: KeyProblem[] = fanvilKeyRules(key, model);
  if (key.type === "blf" && key.position > VOIP_BLF_KEYS) problems.push({ field: "type", message: `a BLF works on keys 1-${VOIP_BLF_KEYS} only (the DSS keys) in this Fanvil file format` });
  return problems;
};

/** <sysConf> paths; credentials and the auto-provisioning section stay the template's. */
export const fanvilSettings: SettingRules = {
  key: SYSCONF_PATH,
  deny: [/pswd|passw/i, /RegisterUser|UserName/, /^ap\//],
  // What `specific.mustache` and its keys block write.
  written: [
    /^phone\/display\/DefaultLanguage$/,
    /^phone\/date\/(EnableSNTP|SNTPServer|SNTPTimeout|TimeZone|TimeZoneName|EnableDST|DST[A-Za-z]+)$/,
    /^phone\/xmlContact(\[1\])?\/(Name|Addr)$/,
    /^sip\/line(\[\d+\])?\/(PhoneNumber|DisplayName|RegisterAddr|RegisterPort|EnableReg|Transport|ProxyAddr|ProxyPort)$/,
    /^dsskey\//,
  ],
};

/** <VOIP_CONFIG_FILE> module settings; credentials and the auto-update module stay the template's. */
export const fanvilVoipSettings: SettingRules = {
  key: VOIP_PATH,
  deny: [/pswd|passw/i, /^AUTOUPDATE_CONFIG_MODULE\//],
  // What `specific-voip.mustache` and its keys block write.
  written: [
    /^GLOBAL_CONFIG_MODULE\/(SNTP_Server|Enable_SNTP|SNTP_Timeout|Language|Time_Zone|Time_Zone_Name|Enable_DST|DST_\w+)$/,
    /^SIP_CONFIG_MODULE\/SIP_Line_List$/,
    /^PHONE_CONFIG_MODULE\/Function_Key$/,
  ],
};

export const fanvilDirectory = { pattern: "{mac}-directory.xml", template: directory, format: "xml" } as const;
