// The User-Agents real units send, and how each family's phones read their files: the simulator's phone
// behaviours (templates/<family>/phone.ts), written from the vendors' admin guides (each family's NOTES.md)
// and not from our templates, so that a template that drifts from what a phone reads fails.
import { exports } from "cloudflare:workers";
import type { Fetch } from "../tools/simulator/http";
import type { Phone } from "../tools/simulator/types";
import { allPhones } from "../tools/simulator/phones";

// Every family's phones, loaded once for the whole file.
const PHONES = await allPhones();

/** The family whose phones.ts knows model `iden`'s User-Agents. */
function examplesOf(iden: string): readonly ((mac: string) => string)[] | undefined {
  for (const phone of PHONES.values()) if (phone.examples[iden]) return phone.examples[iden];
  return undefined;
}

/** The User-Agents units of model `iden` send; throws when this file does not know the model. */
export function userAgents(iden: string, mac: string): string[] {
  const uas = examplesOf(iden);
  if (!uas?.length) throw new Error(`no templates/<family>/user-agents.ts has a User-Agent for model ${iden}: add one a real unit sends`);
  return uas.map((ua) => ua(mac));
}

export function knowsUserAgentOf(iden: string): boolean {
  return (examplesOf(iden)?.length ?? 0) > 0;
}

// How each family's phones read their files is the simulator's (templates/<set>/phone.ts); provision.test.ts and
// policy.test.ts read Yealink and Cisco files with these by name.
export { expandCiscoMacros, parseFlatProfile as parseCiscoFlatProfile } from "../templates/cisco-spa/phone";
export { parseYealinkCfg } from "../templates/yealink/phone";

// provision.test.ts compares time zones with a table of these families only, so the others report none there;
// test/simulator.test.ts checks every family's zone.
const ZONES_COMPARED = new Set(["yealink", "cisco-spa"]);

/** A family's phones (templates/<family>/phone.ts); throws when no family folder describes them. */
export function phoneOf(family: string): Phone {
  const phone = PHONES.get(family);
  if (!phone) throw new Error(`templates/${family}/phone.ts does not exist: the simulator does not know these phones`);
  return phone;
}

export const PHONE_FAMILIES = [...PHONES.keys()];

/** The phone behaviour of a template set, with time zones compared for the families above only. */
export function phoneFamily(templateSet: string): Phone {
  const phone = phoneOf(templateSet);
  return ZONES_COMPARED.has(templateSet) ? phone : { ...phone, timeZone: () => undefined };
}

/**
 * The Worker as phones on the network reach it: each call gives one phone's fetch, from a client IP of its own
 * (2001:db8:<subnet>:<n>::1), so that the misses a boot sequence makes on purpose (Yealink's .boot files,
 * Polycom's <mac>.cfg) never add up under the miss rate limiter.
 */
export function phoneNetwork(subnet: number): () => Fetch {
  let clients = 0;
  return () => {
    const ip = `2001:db8:${subnet}:${(++clients).toString(16)}::1`;
    return (url, init) => {
      const headers = new Headers(init?.headers);
      headers.set("cf-connecting-ip", ip);
      return exports.default.fetch(url, { ...init, headers });
    };
  };
}
