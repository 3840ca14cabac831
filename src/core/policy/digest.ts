// HTTP Basic and Digest (RFC 7616: MD5 and SHA-256, qop=auth) for MAC files. Nonces are stateless:
// a timestamp signed with HMAC, valid for five minutes, so any Worker in any location can check them.
import { hex, secretsEqual } from "../secrets";

export const REALM = "edgeprov";
export const NONCE_TTL_MS = 5 * 60_000;

const encoder = new TextEncoder();


async function hmac(key: string, data: string): Promise<string> {
  const cryptoKey = await crypto.subtle.importKey("raw", encoder.encode(key), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return hex(await crypto.subtle.sign("HMAC", cryptoKey, encoder.encode(data)));
}

type Algorithm = "MD5" | "SHA-256";

async function digest(algorithm: Algorithm, data: string): Promise<string> {
  return hex(await crypto.subtle.digest(algorithm, encoder.encode(data)));
}

export async function createNonce(key: string, now: number): Promise<string> {
  const issued = now.toString(36);
  return `${issued}.${await hmac(key, `${issued}:${REALM}`)}`;
}

/** `valid`, `stale` (ours but expired: the phone may retry with a new one) or `invalid` (forged). */
export async function checkNonce(key: string, nonce: string, now: number): Promise<"valid" | "stale" | "invalid"> {
  const [issued, signature, ...rest] = nonce.split(".");
  if (!issued || !signature || rest.length > 0 || !/^[0-9a-z]{1,12}$/.test(issued)) return "invalid";
  if (!(await secretsEqual(signature, await hmac(key, `${issued}:${REALM}`)))) return "invalid";
  const age = now - parseInt(issued, 36);
  if (age < 0 || age > NONCE_TTL_MS) return "stale";
  return "valid";
}

/** Two challenges, SHA-256 first (RFC 7616 3.7: preferred first), MD5 for older phones. */
export async function digestChallenges(key: string, now: number, stale: boolean): Promise<string[]> {
  const nonce = await createNonce(key, now);
  const extra = stale ? ", stale=true" : "";
  return (["SHA-256", "MD5"] as const).map(
    (algorithm) => `Digest realm="${REALM}", qop="auth", algorithm=${algorithm}, nonce="${nonce}"${extra}`,
  );
}

export function basicChallenge(): string {
  return `Basic realm="${REALM}", charset="UTF-8"`;
}

/** Parses `key=value, key="quoted value"` pairs of an Authorization header. */
export function parseAuthParams(header: string): Record<string, string> {
  const params: Record<string, string> = {};
  // A name starts only where a name can start (the lookbehind): without it, a long run of name
  // characters with no "=" made every position a new start and the parse quadratic (a 200 KB header
  // on a Digest company's MAC file held a Worker for a minute).
  const re = /(?<![a-zA-Z0-9_-])([a-zA-Z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g;
  for (const match of header.matchAll(re)) {
    params[match[1]!.toLowerCase()] = match[2] !== undefined ? match[2].replace(/\\(.)/g, "$1") : match[3]!;
  }
  return params;
}

export interface Credentials {
  username: string;
  password: string;
}

export type AuthResult = "ok" | "missing" | "wrong" | "stale";

export async function checkBasic(header: string | null, expected: Credentials): Promise<AuthResult> {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? "");
  if (!match) return "missing";
  let decoded: string;
  try {
    decoded = new TextDecoder().decode(Uint8Array.from(atob(match[1]!), (c) => c.charCodeAt(0)));
  } catch {
    return "wrong";
  }
  const colon = decoded.indexOf(":");
  if (colon < 0) return "wrong";
  const [userOk, passwordOk] = await Promise.all([
    secretsEqual(decoded.slice(0, colon), expected.username),
    secretsEqual(decoded.slice(colon + 1), expected.password),
  ]);
  return userOk && passwordOk ? "ok" : "wrong";
}

export async function checkDigest(
  header: string | null,
  expected: Credentials,
  request: { method: string; uri: string },
  key: string,
  now: number,
): Promise<AuthResult> {
  if (!header || !/^Digest\s/i.test(header)) return "missing";
  const p = parseAuthParams(header.slice(6));
  const algorithm = (p.algorithm ?? "MD5").toUpperCase();
  if (algorithm !== "MD5" && algorithm !== "SHA-256") return "wrong";
  if (p.qop !== "auth" || !p.nonce || !p.nc || !p.cnonce || !p.response || !p.uri || p.realm !== REALM) return "wrong";
  // The digest covers the URI the client says it asked for; it must be this request's.
  if (p.uri !== request.uri) return "wrong";
  const nonce = await checkNonce(key, p.nonce, now);
  if (nonce === "invalid") return "wrong";
  const h = (data: string) => digest(algorithm as Algorithm, data);
  const ha1 = await h(`${expected.username}:${REALM}:${expected.password}`);
  const ha2 = await h(`${request.method}:${p.uri}`);
  const response = await h(`${ha1}:${p.nonce}:${p.nc}:${p.cnonce}:auth:${ha2}`);
  const [userOk, responseOk] = await Promise.all([
    secretsEqual(p.username ?? "", expected.username),
    secretsEqual(p.response.toLowerCase(), response),
  ]);
  if (!userOk || !responseOk) return "wrong";
  // Right credentials on an expired nonce: say stale so the phone retries without asking anyone.
  return nonce === "stale" ? "stale" : "ok";
}
