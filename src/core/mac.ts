// MAC addresses as phones and operators write them. Stored form: 12 lowercase hex digits.

const HEX12 = /^[0-9a-f]{12}$/;

/** One MAC in any common spelling: bare, `:`/`-` pairs, or Cisco's dotted quads. */
const SPELLING =
  /^(?:[0-9a-f]{12}|[0-9a-f]{2}(?::[0-9a-f]{2}){5}|[0-9a-f]{2}(?:-[0-9a-f]{2}){5}|[0-9a-f]{4}(?:\.[0-9a-f]{4}){2})$/i;

/** Returns the stored form of `input`, or null when it is no MAC spelling we accept. */
export function normalizeMac(input: string): string | null {
  const s = input.trim();
  if (!SPELLING.test(s)) return null;
  return s.replace(/[:.-]/g, "").toLowerCase();
}

export function isStoredMac(mac: string): boolean {
  return HEX12.test(mac);
}

export function macWithColons(mac: string): string {
  return mac.match(/../g)!.join(":");
}

/**
 * What a `{mac}` placeholder in a file pattern accepts: 12 hex digits in any case, bare or with one
 * separator (`:` or `-`) used throughout. Also used to find the MAC-looking runs of a path.
 */
export const MAC_IN_PATH = "[0-9a-fA-F]{12}|[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5}|[0-9a-fA-F]{2}(?:-[0-9a-fA-F]{2}){5}";

// A run is bounded by non-hex characters, so `y000000000052.cfg` yields one candidate, not three.
// Runs may overlap: the match is a lookahead (zero-width), so every start is tried. A pattern the API
// accepts, `office-{mac}.cfg`, spelled `office-00-15-65-aa-bb-cc.cfg`, holds the run `ce-00-15-65-aa-bb`
// first; consuming matches would skip the real MAC and the phone would get a 404.
const RUN = new RegExp(`(?<![0-9a-fA-F])(?=(${MAC_IN_PATH})(?![0-9a-fA-F]))`, "g");

/** The all-zero MAC is a placeholder (Yealink's y000000000000.boot, Polycom's 000000000000.cfg). */
const NO_DEVICE = "000000000000";

/** Every MAC-looking run in a request path, normalised and deduplicated; never the all-zero one. */
export function macCandidates(path: string): string[] {
  const found = new Set<string>();
  for (const match of path.matchAll(RUN)) found.add(match[1]!.replace(/[:-]/g, "").toLowerCase());
  found.delete(NO_DEVICE);
  return [...found];
}

const TEXT_RUN = new RegExp(`(?<![0-9a-fA-F])(?:${MAC_IN_PATH})(?![0-9a-fA-F])`, "g");

const DOTTED = /(?<![0-9a-fA-F.])[0-9a-fA-F]{4}\.[0-9a-fA-F]{4}\.[0-9a-fA-F]{4}(?![0-9a-fA-F.])/g;

/**
 * The MACs a User-Agent or certificate subject carries, in any common spelling: Yealink's
 * `00:15:65:aa:bb:cc`, Cisco's `(001565AABBCC)`, Gigaset's `;7C2F80E0D605`, Cisco's dotted quads.
 */
export function macsInText(text: string): string[] {
  // Consuming (non-overlapping) runs, as before macCandidates learnt overlaps: the policy checks keep
  // exactly the MACs they always read from a User-Agent or certificate subject.
  const found = new Set([...text.matchAll(TEXT_RUN)].map((match) => match[0].replace(/[:-]/g, "").toLowerCase()));
  for (const match of text.matchAll(DOTTED)) found.add(match[0].replace(/\./g, "").toLowerCase());
  return [...found];
}
