// IPv4 and IPv6 addresses and CIDR blocks, compared as integers.

export interface Cidr {
  version: 4 | 6;
  network: bigint;
  prefix: number;
}

/** The address as an integer and its family, or null when it is not an IP address. */
export function parseIp(input: string): { version: 4 | 6; value: bigint } | null {
  const v4 = parseIpv4(input);
  if (v4 !== null) return { version: 4, value: v4 };
  const v6 = parseIpv6(input);
  if (v6 === null) return null;
  // An IPv4-mapped IPv6 address (::ffff:203.0.113.7) is that IPv4 address.
  if (v6 >> 32n === 0xffffn) return { version: 4, value: v6 & 0xffffffffn };
  return { version: 6, value: v6 };
}

function parseIpv4(input: string): bigint | null {
  const parts = input.split(".");
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const part of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(part) || Number(part) > 255) return null;
    value = (value << 8n) | BigInt(part);
  }
  return value;
}

function parseIpv6(input: string): bigint | null {
  let text = input;
  // A trailing dotted quad stands for the last two groups.
  const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = parseIpv4(dotted[2]!);
    if (v4 === null) return null;
    text = `${dotted[1]}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  let value = 0n;
  for (const group of groups) {
    if (!/^[0-9a-f]{1,4}$/i.test(group)) return null;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  return value;
}

/** `203.0.113.0/24`, `2001:db8::/32`; a bare address is a /32 or /128. Host bits must be zero. */
export function parseCidr(input: string): Cidr | null {
  const [address, prefixText, ...rest] = input.trim().split("/");
  if (rest.length > 0 || !address) return null;
  const ip = parseIp(address);
  if (!ip || (address.includes(":") && ip.version === 4)) return null;
  const bits = ip.version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? bits : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix >= 0 && prefix <= bits)) return null;
  const hostMask = (1n << BigInt(bits - prefix)) - 1n;
  if ((ip.value & hostMask) !== 0n) return null;
  return { version: ip.version, network: ip.value, prefix };
}

export function cidrContains(cidr: Cidr, ip: { version: 4 | 6; value: bigint }): boolean {
  if (cidr.version !== ip.version) return false;
  const bits = cidr.version === 4 ? 32 : 128;
  const shift = BigInt(bits - cidr.prefix);
  return ip.value >> shift === cidr.network >> shift;
}

/**
 * The shortest prefix an allow-list entry may have: a company's `allowedNetworks` names its sites, not
 * the Internet. An IPv4 /16 is 65,536 addresses; an IPv6 /32 is the smallest block a regional registry
 * allocates to an ISP, room for 65,536 sites of a /48 each (RFC 6177). Either is already more than one
 * customer's sites, and at most 100 entries (the API's limit) cover at most 0.15% of IPv4. Anything
 * shorter, from halves of the address space (`0.0.0.0/1` + `128.0.0.0/1`, `::/1` + `8000::/1`) to all
 * of today's global unicast (`2000::/3`), allows everyone while looking like a restriction.
 */
export const MIN_ALLOWED_PREFIX = { 4: 16, 6: 32 } as const;

/** An allow-list entry as a network, or why it cannot be one (the API's 400 says it for the entry). */
export function parseAllowedNetwork(input: string): { cidr: Cidr } | { problem: string } {
  const cidr = parseCidr(input);
  if (!cidr) return { problem: "must be a network in CIDR form, e.g. 203.0.113.0/24 or 2001:db8::/32 (host bits zero)" };
  const min = MIN_ALLOWED_PREFIX[cidr.version];
  if (cidr.prefix < min) {
    return {
      problem:
        `${input.trim()} is broader than /${min}: an allow list names sites (IPv4 /${MIN_ALLOWED_PREFIX[4]} or longer, ` +
        `IPv6 /${MIN_ALLOWED_PREFIX[6]} or longer); leave allowedNetworks empty to turn the network check off`,
    };
  }
  return { cidr };
}

/**
 * True when `address` is inside any of `networks`. An entry the API would refuse today (one stored
 * before the minimum prefix existed) matches nothing: a list of only such entries lets nobody in.
 */
export function ipAllowed(address: string | null, networks: string[]): boolean {
  const ip = address ? parseIp(address) : null;
  if (!ip) return false;
  return networks.some((network) => {
    const entry = parseAllowedNetwork(network);
    return "cidr" in entry && cidrContains(entry.cidr, ip);
  });
}
