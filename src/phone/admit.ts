// Step 2 of a MAC-file request: may this client have this terminal's file? The company's policy
// (src/core/policy/enforce.ts) decides; a wrong answer to the auth challenge counts like a miss; on a
// locking company's first fetch, the claim that makes the lock hold.
import type { Context } from "hono";
import type { TerminalWithAll } from "../db/queries";
import { claimFirstFetch } from "../db/phone-log";
import { requiresHttps } from "../core/base-url";
import { enforce, type PhoneRequest, type Refusal } from "../core/policy/enforce";
import type { PhoneEnv } from "./env";
import { countMiss } from "./rate-limit";
import { notFound, unauthorized } from "./respond";

export type Admission = { ok: true } | { ok: false; reason: Refusal; response: Response };

export async function admit(c: Context<PhoneEnv>, terminal: TerminalWithAll, req: PhoneRequest, client: string, opts = { claimsFirstFetch: true }): Promise<Admission> {
  const decision = await enforce(terminal, req, {
    requireHttps: requiresHttps(c.env),
    // Nonces are public: a key derived from ADMIN_TOKEN would let anyone test token guesses offline.
    digestKey: c.env.DIGEST_SIGNING_KEY || undefined,
  });
  if (!decision.ok) {
    // A wrong answer to the auth challenge counts like a miss, so the company's password cannot be
    // guessed at Worker speed by someone who knows one MAC.
    const limited = decision.reason === "auth_failed" ? await countMiss(c, client, req.now) : null;
    const response = limited ?? (decision.challenge ? unauthorized(decision.challenge) : notFound());
    return { ok: false, reason: decision.reason, response };
  }
  // The one write before a response, and only on a locking company's first fetch: the claim is what
  // makes the lock hold when two requests race. HEAD carries no credentials, so only a GET uses up the
  // first fetch (phones may HEAD before they GET).
  const claims = opts.claimsFirstFetch && terminal.company.policy.lockAfterFirstFetch && req.method === "GET";
  if (claims && !(await claimFirstFetch(c.var.db.writes, terminal.id))) {
    return { ok: false, reason: "locked", response: notFound() };
  }
  return { ok: true };
}
