// Step 2 of a MAC-file request: may this client have this terminal's file? The company's policy
// (src/core/policy/enforce.ts) decides (a refusal counts like a miss: src/phone/provision.ts); on a
// locking company's first fetch, the claim that makes the lock hold.
import type { Context } from "hono";
import type { TerminalWithAll } from "../db/queries";
import { claimFirstFetch } from "../db/phone-log";
import { requiresHttps } from "../core/base-url";
import { enforce, type PhoneRequest, type Refusal } from "../core/policy/enforce";
import type { PhoneEnv } from "./env";
import { notFound, unauthorized } from "./respond";

export type Refused = { ok: false; reason: Refusal; response: Response };

/**
 * `phonebook`: the company phonebook goes through the same policy, but it holds no credentials: a locked
 * terminal still gets it (SECURITY.md, "The company phonebook"), and it never calls claim(), so it never
 * uses up a locking company's first fetch (that belongs to the MAC file, which carries them).
 */
export async function admit(c: Context<PhoneEnv>, terminal: TerminalWithAll, req: PhoneRequest, opts = { phonebook: false }): Promise<{ ok: true } | Refused> {
  const decision = await enforce(terminal, req, {
    requireHttps: requiresHttps(c.env),
    // Nonces are public: a key derived from ADMIN_TOKEN would let anyone test token guesses offline.
    digestKey: c.env.DIGEST_SIGNING_KEY || undefined,
    lockApplies: !opts.phonebook,
  });
  if (!decision.ok) {
    return { ok: false, reason: decision.reason, response: decision.challenge ? unauthorized(decision.challenge) : notFound() };
  }
  return { ok: true };
}

/**
 * The one write before a response, and only on a locking company's first fetch: the claim is what
 * makes the lock hold when two requests race. Made once the file is rendered, so that a file that
 * cannot be served does not use the first fetch up. `claimed`: this request locked the terminal.
 * HEAD carries no credentials, so only a GET uses up the first fetch (phones may HEAD before they GET).
 */
export async function claim(c: Context<PhoneEnv>, terminal: TerminalWithAll, req: PhoneRequest): Promise<{ ok: true; claimed: boolean } | Refused> {
  const claims = terminal.company.policy.lockAfterFirstFetch === true && req.method === "GET";
  if (claims && !(await claimFirstFetch(c.var.db.writes, terminal.id))) {
    return { ok: false, reason: "locked", response: notFound() };
  }
  return { ok: true, claimed: claims };
}
