// Who may fetch a MAC file (SECURITY.md). The checks run in this order and the first failure decides:
//   enabled → HTTPS → client network → client certificate → User-Agent → HTTP auth → lock.
// Every refusal becomes the same 404 for the caller, except the auth challenge (401); the reason is
// kept for the operator's event log only.
import type { Policy } from "../../db/schema";
import { sendsMacInUserAgent } from "../../../templates";
import { macsInText } from "../mac";
import { ipAllowed } from "./cidr";
import { basicChallenge, checkBasic, checkDigest, digestChallenges } from "./digest";

export type Refusal =
  | "disabled"
  | "https_required"
  | "network_not_allowed"
  | "client_certificate_missing"
  | "client_certificate_issuer_mismatch"
  | "client_certificate_mac_mismatch"
  | "user_agent_mismatch"
  | "user_agent_mac_mismatch"
  | "auth_missing"
  | "auth_failed"
  | "auth_stale"
  | "auth_unavailable"
  | "locked"
  | "rate_limited";

export type Decision = { ok: true } | { ok: false; reason: Refusal; challenge?: string[] };

export interface PhoneRequest {
  url: URL;
  method: string;
  ip: string | null;
  userAgent: string | null;
  authorization: string | null;
  tlsClientAuth?: { certVerified?: string; certRevoked?: string; certSubjectDN?: string; certIssuerDN?: string } | null;
  now: Date;
}

export interface TerminalForPolicy {
  mac: string;
  enabled: boolean;
  locked: boolean;
  model: { iden: string; templateSet: string; userAgent: string | null };
  company: { policy: Policy };
}

export interface PolicySettings {
  requireHttps: boolean;
  /** HMAC key of Digest nonces; without one, Digest cannot be offered and is refused. */
  digestKey: string | undefined;
  /**
   * False for a file without credentials (the company phonebook): the lock guards the MAC file's credentials,
   * handed out once, so a locked terminal still gets its phonebook; every other check still runs.
   */
  lockApplies?: boolean;
}

export async function enforce(terminal: TerminalForPolicy, req: PhoneRequest, settings: PolicySettings): Promise<Decision> {
  const policy = terminal.company.policy;
  const refuse = (reason: Refusal, challenge?: string[]): Decision => ({ ok: false, reason, challenge });

  if (!terminal.enabled) return refuse("disabled");
  if (settings.requireHttps && req.url.protocol !== "https:" && !allowsPlainHttp(policy, terminal.model.templateSet)) {
    return refuse("https_required");
  }
  if (policy.allowedNetworks?.length && !ipAllowed(req.ip, policy.allowedNetworks)) return refuse("network_not_allowed");

  if (policy.requireClientCertificate) {
    const cert = req.tlsClientAuth;
    // Cloudflare says SUCCESS for a valid certificate even when it is revoked; that is a field of its own.
    if (!cert || cert.certVerified !== "SUCCESS" || cert.certRevoked === "1" || !cert.certSubjectDN) {
      return refuse("client_certificate_missing");
    }
    // A hostname's mTLS may trust several CAs (one per vendor, or one of the operator's own), and
    // "verified" says only that one of them signed: the company names the one its phones' come from.
    // A policy without one (written before the API asked for it) opens nothing.
    const issuer = policy.clientCertificateIssuer;
    if (!issuer || cert.certIssuerDN?.trim() !== issuer) return refuse("client_certificate_issuer_mismatch");
    // Exactly one MAC: a subject naming several devices (or a 12-digit serial beside the MAC) opens none.
    const certMacs = macsInText(cert.certSubjectDN);
    if (certMacs.length !== 1 || certMacs[0] !== terminal.mac) return refuse("client_certificate_mac_mismatch");
  }

  if (policy.checkUserAgent) {
    const ua = req.userAgent ?? "";
    // Read whole or not at all: a MAC past the clipped part would go unseen.
    if (ua.length > MAX_USER_AGENT) return refuse("user_agent_mismatch");
    if (terminal.model.userAgent && !new RegExp(terminal.model.userAgent, "i").test(ua)) return refuse("user_agent_mismatch");
    // Where the model's units send their MAC, exactly it, once; elsewhere (Poly, old Snom firmware) the
    // model decides, but a MAC that is there must still be the terminal's alone.
    const macs = macsInText(ua);
    const wantsMac = sendsMacInUserAgent(terminal.model) || macs.length > 0;
    if (wantsMac && !(macs.length === 1 && macs[0] === terminal.mac)) return refuse("user_agent_mac_mismatch");
  }

  if (policy.auth) {
    const decision = await authenticate(policy.auth, req, settings.digestKey);
    if (!decision.ok) return decision;
  }

  if (policy.lockAfterFirstFetch && terminal.locked && settings.lockApplies !== false) return refuse("locked");
  return { ok: true };
}

/** The company lets this family's phones fetch their MAC files over plain HTTP (they cannot do HTTPS to us). */
export function allowsPlainHttp(policy: Policy, templateSet: string): boolean {
  return policy.allowHttpFor?.includes(templateSet) ?? false;
}

async function authenticate(auth: NonNullable<Policy["auth"]>, req: PhoneRequest, digestKey: string | undefined): Promise<Decision> {
  const now = req.now.getTime();
  if (auth.scheme === "basic") {
    const result = await checkBasic(req.authorization, auth);
    if (result === "ok") return { ok: true };
    return { ok: false, reason: result === "missing" ? "auth_missing" : "auth_failed", challenge: [basicChallenge()] };
  }
  if (!digestKey) return { ok: false, reason: "auth_unavailable" };
  const uri = req.url.pathname + req.url.search;
  const result = await checkDigest(req.authorization, auth, { method: req.method, uri }, digestKey, now);
  if (result === "ok") return { ok: true };
  const reason = result === "missing" ? "auth_missing" : result === "stale" ? "auth_stale" : "auth_failed";
  return { ok: false, reason, challenge: await digestChallenges(digestKey, now, result === "stale") };
}

/**
 * User-Agents are matched against operator-written regular expressions; a long one could make a bad
 * pattern backtrack for seconds. Real phones' User-Agents are well under this.
 */
export function clipUserAgent(ua: string | null): string {
  return (ua ?? "").slice(0, MAX_USER_AGENT);
}

const MAX_USER_AGENT = 512;
