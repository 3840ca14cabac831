// The phone's HTTP client: its User-Agent on every request, answers to Basic and Digest challenges with the
// credentials it was given, every request logged with its status.
import { parseAuthParams } from "../../src/core/policy/digest";
import { hex } from "../../src/core/secrets";

export type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

export interface Credentials {
  username: string;
  password: string;
}

export interface RequestLog {
  method: "GET";
  url: string;
  status: number;
  purpose: string;
  /** `basic` or `digest` when the request answered a challenge. */
  auth?: string;
}

const encoder = new TextEncoder();

async function hash(algorithm: "MD5" | "SHA-256", data: string): Promise<string> {
  const digest = await crypto.subtle.digest(algorithm, encoder.encode(data));
  return hex(digest);
}

/** The challenges of a 401 (several WWW-Authenticate headers arrive joined with ", "). */
export function challenges(header: string): { scheme: string; params: Record<string, string> }[] {
  return header
    .split(/,\s*(?=(?:Basic|Digest)\s)/i)
    .map((part) => {
      const [scheme = "", ...rest] = part.trim().split(/\s+/);
      return { scheme: scheme.toLowerCase(), params: parseAuthParams(rest.join(" ")) };
    })
    .filter((c) => c.scheme === "basic" || c.scheme === "digest");
}

function base64(text: string): string {
  return btoa(String.fromCharCode(...encoder.encode(text)));
}

/** An Authorization header answering one of `header`'s challenges: Digest SHA-256, then Digest MD5, then Basic. */
export async function answerChallenge(header: string, url: string, credentials: Credentials): Promise<{ value: string; scheme: string } | null> {
  const offered = challenges(header);
  const digests = offered.filter((c) => c.scheme === "digest");
  for (const algorithm of ["SHA-256", "MD5"] as const) {
    const challenge = digests.find((c) => (c.params.algorithm ?? "MD5").toUpperCase() === algorithm);
    if (!challenge) continue;
    try {
      const { realm = "", nonce = "" } = challenge.params;
      const target = new URL(url);
      const uri = target.pathname + target.search;
      const cnonce = (await hash("SHA-256", `${Date.now()}:${Math.random()}`)).slice(0, 16);
      const ha1 = await hash(algorithm, `${credentials.username}:${realm}:${credentials.password}`);
      const ha2 = await hash(algorithm, `GET:${uri}`);
      const response = await hash(algorithm, `${ha1}:${nonce}:00000001:${cnonce}:auth:${ha2}`);
      const quote = (s: string) => s.replace(/(["\\])/g, "\\$1");
      return {
        scheme: `digest ${algorithm}`,
        value: `Digest username="${quote(credentials.username)}", realm="${quote(realm)}", nonce="${quote(nonce)}", uri="${quote(uri)}", algorithm=${algorithm}, qop=auth, nc=00000001, cnonce="${cnonce}", response="${response}"`,
      };
    } catch {
      // This runtime's WebCrypto has no such digest (Node has no MD5): try the next one.
    }
  }
  if (offered.some((c) => c.scheme === "basic")) {
    return { scheme: "basic", value: `Basic ${base64(`${credentials.username}:${credentials.password}`)}` };
  }
  return null;
}

/** The URL without `user:password@`, and those credentials (decoded) when it had them. */
export function splitCredentials(target: string): { url: string; credentials: Credentials | null } {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/@]*)@(.*)$/i.exec(target);
  if (!match) return { url: target, credentials: null };
  const [user = "", ...password] = match[2]!.split(":");
  return { url: match[1]! + match[3]!, credentials: { username: decodeURIComponent(user), password: decodeURIComponent(password.join(":")) } };
}

export interface PhoneHttp {
  get(url: string, purpose: string): Promise<{ url: string; status: number; body: string }>;
  readonly log: RequestLog[];
}

/** A phone's HTTP client over `fetch`. A 401 is answered once, when the phone has credentials. */
export function phoneHttp(fetch: Fetch, userAgent: string, credentials: Credentials | null, onRequest?: (entry: RequestLog) => void): PhoneHttp {
  const log: RequestLog[] = [];
  const record = (entry: RequestLog) => {
    log.push(entry);
    onRequest?.(entry);
  };
  return {
    log,
    async get(target, purpose) {
      // Credentials written in the URL (Snom, Gigaset) are the phone's answer to a challenge, not part of the request.
      const { url, credentials: inUrl } = splitCredentials(target);
      const known = inUrl ?? credentials;
      const headers = { "user-agent": userAgent };
      let res = await fetch(url, { headers, redirect: "manual" });
      const challenge = res.headers.get("www-authenticate");
      if (res.status === 401 && challenge && known) {
        record({ method: "GET", url, status: res.status, purpose: `${purpose}, challenged` });
        await res.body?.cancel();
        const answer = await answerChallenge(challenge, url, known);
        if (answer) {
          res = await fetch(url, { headers: { ...headers, authorization: answer.value }, redirect: "manual" });
          const body = await res.text();
          record({ method: "GET", url, status: res.status, purpose, auth: answer.scheme });
          return { url, status: res.status, body };
        }
      }
      const body = await res.text();
      record({ method: "GET", url, status: res.status, purpose });
      return { url, status: res.status, body };
    },
  };
}
