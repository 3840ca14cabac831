// Keys and operator settings in Grandstream's two spellings, alias XML and P-values (NOTES.md, "Keys,
// phonebook, settings"). Both are in the view; each template writes its own.
import type { SettingRules } from "../../src/core/operator";
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

export function grandstreamKeys(view: SpecificView) {
  return {
    grandstream: {
      // A VPK's account is the 0-based account index (wazo's base_v2.tpl writes `pks.vpk.N.account` 0).
      keys: view.keys.map((key) => ({ n: key.position, mode: ALIAS_MODES[key.type], account: String(key.line - 1), description: key.label, value: key.value })),
      pKeys: view.keys.flatMap((key) => {
        const numbers = pKeyNumbers(key.position);
        const mode = key.position <= P_LINE_KEYS ? LINE_KEY_MODES[key.type] : key.isLine ? undefined : MPK_MODES[key.type as keyof typeof MPK_MODES];
        // A key the file has no number or mode for (a line key past the line keys) is not written.
        if (!numbers || mode === undefined) return [];
        return [{ p: numbers, mode, account: String(key.line - 1), description: key.label, value: key.value }];
      }),
    },
  };
}

/** Dotted alias names (`account.1.sip.registration`); credentials and the config server stay the template's. */
export const grandstreamSettings: SettingRules = {
  key: /^[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+){1,9}$/,
  deny: [/password/i, /userid/i, /^provisioning\.config\./],
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

export const grandstreamPValueSettings: SettingRules = {
  key: /^P[1-9]\d{0,5}$/,
  deny: [new RegExp(`^(?:${[...P_DENIED].join("|")})$`)],
};
