// Keys and operator settings in Grandstream's two spellings, alias XML and P-values (NOTES.md, "Keys,
// phonebook, settings"). Both are in the view; each template writes its own.
import type { KeyProblem, KeyRules, KeyView, SettingRules } from "../../src/core/operator";
import type { SpecificView } from "../../src/core/view";
import { accountNumbers, MAX_P_ACCOUNTS } from "./pvalues";

/** `pks.vpk.N.keyMode` takes names (GRP261x alias template); `Line` for a line key is unverified. */
const ALIAS_MODES = { line: "Line", blf: "BLF", speeddial: "SpeedDial", park: "CallPark", intercom: "Intercom" } as const;

/** GXP16xx line key modes (T-16xx, "Line Keys": 0 Line, 10 Speed Dial, 11 BLF, 19 Call Park, 20 Intercom). */
const LINE_KEY_MODES = { line: "0", blf: "11", speeddial: "10", park: "19", intercom: "20" } as const;
/** Its multi-purpose keys' modes (T-16xx, "Multi-Purpose Keys"): no line mode. */
const MPK_MODES = { blf: "1", speeddial: "0", park: "9", intercom: "10" } as const;

/** The line keys a GXP16xx P-value file numbers (T-16xx: Line Key 1-3). */
const P_LINE_KEYS = 3;

interface PKey {
  mode: string;
  account: string;
  description: string;
  value: string;
}

/**
 * Key `position` as P-value numbers: line keys 1-3 are P1363 + 2(N-1) (mode), P1364 + 2(N-1) (account),
 * P1465 + 2(N-1) (description), P1466 + 2(N-1) (value); then MPK 1-7 at P323 + (M-1) (mode) and
 * P301 + 3(M-1) .. P303 + 3(M-1), and MPK 8 at P353-P356 (T-16xx). Undefined beyond those.
 */
export function pKeyNumbers(position: number): PKey | undefined {
  const p = (n: number) => `P${n}`;
  if (position <= P_LINE_KEYS) {
    const i = 2 * (position - 1);
    return { mode: p(1363 + i), account: p(1364 + i), description: p(1465 + i), value: p(1466 + i) };
  }
  const mpk = position - P_LINE_KEYS;
  if (mpk <= 7) return { mode: p(323 + mpk - 1), account: p(301 + 3 * (mpk - 1)), description: p(302 + 3 * (mpk - 1)), value: p(303 + 3 * (mpk - 1)) };
  if (mpk === 8) return { mode: "P353", account: "P354", description: "P355", value: "P356" };
  return undefined;
}

/** An MPK nobody set: wazo's Grandstream plugin writes mode -1 for a disabled key (common.py, FUNCKEY_TYPES). */
const MPK_NONE = "-1";
/** A VPK nobody set; the mode's name is unverified. */
const ALIAS_NONE = "None";

/**
 * Every key up to the model's keyCount (the phone keeps a key a file does not name): the operator's keys, and
 * the positions without one as their line's key where the terminal has a line of that number, else as no
 * key. No mode for an unused P-value line key is known: it goes back to a line key (mode 0) of account 1.
 */
export function grandstreamKeys(view: SpecificView) {
  const keys = view.keys.map((key) => ({ n: key.position, type: key.type as KeyView["type"] | null, account: key.line - 1, description: key.label, value: key.value }));
  const unused = view.unusedKeys.map(({ position, line }) => ({ n: position, type: line ? ("line" as const) : null, account: line ? line - 1 : 0, description: "", value: "" }));
  const all = [...keys, ...unused].sort((a, b) => a.n - b.n);
  return {
    grandstream: {
      // A VPK's account is the 0-based account index (wazo's base_v2.tpl writes `pks.vpk.N.account` 0).
      keys: all.map((key) => ({ n: key.n, mode: key.type ? ALIAS_MODES[key.type] : ALIAS_NONE, account: String(key.account), description: key.description, value: key.value })),
      // Positions the P-value file has no number for are refused by the key rules below.
      pKeys: all.flatMap((key) => {
        const numbers = pKeyNumbers(key.n);
        if (!numbers) return [];
        const lineKey = key.n <= P_LINE_KEYS;
        const mode = lineKey ? LINE_KEY_MODES[key.type ?? "line"] : key.type && key.type !== "line" ? MPK_MODES[key.type] : MPK_NONE;
        return [{ p: numbers, mode, account: String(key.account), description: key.description, value: key.value }];
      }),
    },
  };
}

/** The GXP16xx that have BLF and call park at all (T-16xx): the others are refused those key types. */
const P_BLF_MODELS = /^cfggxp16(28|30)\b/i;
const P_GXP16 = /^cfggxp16/i;

/** What a P-value file cannot carry: a position past MPK 8, a line key on an MPK, BLF or park on a GXP16xx without them. */
export const grandstreamPValueKeyRules: KeyRules = (key, model) => {
  const problems: KeyProblem[] = [];
  if (!pKeyNumbers(key.position)) problems.push({ field: "position", message: `a P-value file numbers ${P_LINE_KEYS} line keys and 8 multi-purpose keys (positions 1-${P_LINE_KEYS + 8})` });
  else if (key.position > P_LINE_KEYS && key.type === "line") problems.push({ field: "type", message: `a multi-purpose key (positions ${P_LINE_KEYS + 1}-${P_LINE_KEYS + 8}) has no line mode` });
  if ((key.type === "blf" || key.type === "park") && P_GXP16.test(model.genericFile) && !P_BLF_MODELS.test(model.genericFile)) {
    problems.push({ field: "type", message: `this GXP16xx has no ${key.type === "blf" ? "BLF" : "call park"} key mode (the GXP1628 and GXP1630 have)` });
  }
  return problems;
};

/** Dotted alias names (`account.1.sip.registration`); credentials and the config server stay the template's. */
export const grandstreamSettings: SettingRules = {
  key: /^[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+){1,9}$/,
  deny: [/password/i, /userid/i, /^provisioning\.config\./],
  // What `specific.mustache` and its keys block write.
  written: [
    /^provisioning\.(override\.dhcp\.allowCommonOptions|auto\.(mode|minute))$/,
    /^language\.gui$/,
    /^dateTime\.(timezone(\.custom)?|override\.dhcp\.allowOption(2|42)|ntp\.server\.1)$/,
    /^account\.\d+\.(enable|name|sip\.(server\.1\.address|transport|uriSchemeWhenUsingTls|subscriber\.name|registration|outboundProxy\.1\.address))$/,
    /^pks\.vpk\.\d+\.(keyMode|account|description|value)$/,
  ],
};

/**
 * `P<number>`; what the P-value template writes for credentials and the config server stays its own:
 * accounts' user, auth id and password, the config server's protocol, path, user, password, file prefix and
 * postfix, the XML file password, whether DHCP may override the server (P145), and the web passwords (P2, P196).
 */
const P_DENIED = new Set([
  ...Array.from({ length: MAX_P_ACCOUNTS }, (_, i) => accountNumbers(i + 1)!).flatMap((a) => [a.userId, a.authId, a.password]),
  "P212", "P237", "P1360", "P1361", "P234", "P235", "P1359", "P145", "P2", "P196",
]);

/**
 * The other P-values `specific-pvalues.mustache` and its keys block write: the config server's options, language,
 * zone, NTP, the accounts' other settings, and every key's numbers.
 */
const P_WRITTEN = new Set([
  "P194", "P193", "P1362", "P64", "P246", "P143", "P144", "P30",
  ...Array.from({ length: MAX_P_ACCOUNTS }, (_, i) => accountNumbers(i + 1)!).flatMap((a) => [a.enable, a.name, a.server, a.outboundProxy, a.displayName, a.registration, a.transport, a.uriScheme]),
  ...Array.from({ length: P_LINE_KEYS + 8 }, (_, i) => pKeyNumbers(i + 1)!).flatMap((p) => [p.mode, p.account, p.description, p.value]),
]);

const exactly = (names: Set<string>) => new RegExp(`^(?:${[...names].join("|")})$`);

export const grandstreamPValueSettings: SettingRules = {
  key: /^P[1-9]\d{0,5}$/,
  deny: [exactly(P_DENIED)],
  written: [exactly(P_WRITTEN)],
};
