// Grandstream P-value numbers (the "config version 1" files of GXP16xx/GXP21xx/GRP260x/WP810), from Grandstream's
// configuration templates (NOTES.md). Shared by the view (templates write them) and the simulator (the phone reads
// them); test/phones-b.test.ts holds account 1 and 2 to the numbers the templates print.

/** The settings of one account. Account 1 has numbers of its own; accounts 2-6 follow P<prefix>NN. */
export interface AccountNumbers {
  enable: string;
  name: string;
  server: string;
  outboundProxy: string;
  userId: string;
  authId: string;
  password: string;
  displayName: string;
  registration: string;
  transport: string;
}

const ACCOUNT_1: AccountNumbers = {
  enable: "P271",
  name: "P270",
  server: "P47",
  outboundProxy: "P48",
  userId: "P35",
  authId: "P36",
  password: "P34",
  displayName: "P3",
  registration: "P31",
  transport: "P130",
};

/** Account 2 is P4NN, 3 P5NN, 4 P6NN, 5 P17NN, 6 P18NN (GXP21xx template: "Account 2" … "Account 6"). */
const PREFIXES: Readonly<Record<number, string>> = { 2: "4", 3: "5", 4: "6", 5: "17", 6: "18" };

export const MAX_P_ACCOUNTS = 6;

export function accountNumbers(account: number): AccountNumbers | undefined {
  if (account === 1) return ACCOUNT_1;
  const p = PREFIXES[account];
  if (p === undefined) return undefined;
  const n = (suffix: string) => `P${p}${suffix}`;
  return {
    enable: n("01"),
    name: n("17"),
    server: n("02"),
    outboundProxy: n("03"),
    userId: n("04"),
    authId: n("05"),
    password: n("06"),
    displayName: n("07"),
    registration: n("10"),
    transport: n("48"),
  };
}

/** P130 and its siblings: 0 UDP, 1 TCP, 2 TLS/TCP. */
export const P_TRANSPORT = { udp: "0", tcp: "1", tls: "2" } as const;
/** `account.N.sip.transport` in alias files. */
export const ALIAS_TRANSPORT = { udp: "UDP", tcp: "TCP", tls: "TlsOrTcp" } as const;

/**
 * Display language codes by ISO 639-1 code (P1362 on GXP16xx; `language.gui` on GRP261x, which spells Czech
 * `cz`). Swedish is `se` on both. Languages missing here get English.
 */
export const P_LANGUAGES: Readonly<Record<string, string>> = {
  ar: "ar", cs: "cs", de: "de", en: "en", es: "es", fr: "fr", he: "he", hu: "hu", it: "it", ja: "ja", ko: "ko",
  nl: "nl", pl: "pl", pt: "pt", ru: "ru", sl: "sl", sv: "se", tr: "tr", zh: "zh",
};
export const ALIAS_LANGUAGES: Readonly<Record<string, string>> = { ...P_LANGUAGES, cs: "cz" };
