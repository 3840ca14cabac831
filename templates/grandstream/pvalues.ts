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
  /** SIP URI scheme when using TLS: 0 sip, 1 sips (the default). Account 1 P2329, then P2429 … P2829. */
  uriScheme: string;
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
  uriScheme: "P2329",
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
    // T-21xx: P2429 (account 2) to P2829 (account 6), the four-digit block of the account.
    uriScheme: `P${22 + account}29`,
  };
}

/** P130 and its siblings: 0 UDP, 1 TCP, 2 TLS/TCP. */
export const P_TRANSPORT = { udp: "0", tcp: "1", tls: "2" } as const;
/** `account.N.sip.transport` in alias files. */
export const ALIAS_TRANSPORT = { udp: "UDP", tcp: "TCP", tls: "TlsOrTcp" } as const;
