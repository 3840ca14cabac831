// Fuzz of the whole Worker inside workerd: thousands of random phone requests and
// admin API requests with fixed fast-check seeds. What must hold for every one of them:
//   - never a 5xx;
//   - the phone path answers exactly what README and SECURITY.md say: the served file, 304, the one uniform 404,
//     401 only for a terminal of a company with auth, 429 only for an IP that went over its misses;
//   - API errors have the one error shape, no stack trace, no token, no SIP or auth password;
//   - the data does not change: every table is snapshotted before and after.
//
// How "no change" stays sound while the API fuzz sends the real token: a request that could
// legitimately write is never sent. With the token, a write method (POST/PUT/PATCH/DELETE) either
//   - names a resource that does not exist (ids from 1e9 up, MACs from the 02:fa:22 block no phone
//     or fixture uses, or garbage that is no id at all), so the only right answer is 404/400; or
//   - carries a body that cannot be valid: every body schema of the API is a strict object, so a
//     JSON object with the unknown key `__fuzz_unknown_field` (or an import whose rows all carry it,
//     or a non-object, or malformed JSON, or a non-JSON content type) must be refused before any write.
// Without a valid token anything goes: the API must refuse it all with 401. Any 2xx to a write is
// then itself a finding (a body the API took although it cannot be valid), and the snapshot says
// whether it wrote.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import worker from "./worker";
import { ADMIN_TOKEN, api } from "./api";

const HOST = "provision.example.com";
const DIGEST_PASSWORD = "Fuzz-Digest-Secret-1";
const HEX = "0123456789abcdef";
const TABLES = ["manufacturers", "models", "companies", "terminals", "terminal_lines", "unknown_devices", "provisioning_events"];
/** Any MAC under this prefix is one no terminal, fixture or fuzz path ever has: "does not exist". */
const ABSENT_PREFIX = "02fa22";

// ---------------------------------------------------------------------------------------------------
// Helpers

async function snapshot(tables: string[], mask: Record<string, string[]> = {}) {
  const out: Record<string, unknown[]> = {};
  for (const table of tables) {
    const { results } = await env.DB.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all<Record<string, unknown>>();
    out[table] = results.map((row) => {
      const copy = { ...row };
      for (const column of mask[table] ?? []) delete copy[column];
      return copy;
    });
  }
  return out;
}

/** Status, body and headers; x-request-id is per request by design, so only its presence counts. */
function fingerprint(status: number, headers: Headers, body: string) {
  return { status, body, headers: [...headers].map(([k, v]) => [k, k === "x-request-id" ? "<id>" : v]).sort() };
}

const colon = (mac: string) => mac.match(/../g)!.join(":");
const hex = (n: number) => fc.string({ unit: fc.constantFrom(...HEX), minLength: n, maxLength: n });
const storedMac = fc.string({ unit: fc.constantFrom(...HEX), minLength: 12, maxLength: 12 });

type Style = "bare" | "colon" | "dash";
function spell(mac: string, style: Style, upper: readonly boolean[]): string {
  const cased = [...mac].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join("");
  return style === "bare" ? cased : cased.match(/../g)!.join(style === "colon" ? ":" : "-");
}
const spelling = fc.record({
  style: fc.constantFrom<Style>("bare", "colon", "dash"),
  upper: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
});

/**
 * Printable ASCII and tab: what a header value can portably hold (never CR/LF/NUL). workerd would
 * send other characters as UTF-8 with a warning per request, which is no different input to the app.
 */
const headerText = (maxLength: number) =>
  fc.string({ unit: fc.oneof({ weight: 30, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) }, { weight: 1, arbitrary: fc.constant(0x09) }).map((c) => String.fromCharCode(c)), maxLength });

function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** Runs `run` over `items` in batches of `size`, each batch concurrently. */
async function inBatches<T>(items: T[], size: number, run: (item: T) => Promise<void>) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run));
}

// ---------------------------------------------------------------------------------------------------
// Seeded data: one plain company, one with checkUserAgent, one with Digest auth.

type CompanyKind = "plain" | "ua" | "digest";

interface Seeded {
  mac: string;
  model: string;
  pattern: string;
  company: CompanyKind;
  enabled: boolean;
  format: "text" | "xml";
  /** GET body and ETag when servable (plain, ua). */
  body?: string;
  etag?: string;
}

interface CatalogModel {
  id: number;
  iden: string;
  specificPattern: string;
  genericFile: string;
  format: "text" | "xml";
  userAgent: string | null;
}

const UA: Record<string, (mac?: string) => string> = {
  "yealink-t46g": (mac) => `Yealink SIP-T46G 28.83.0.50${mac ? ` ${colon(mac)}` : ""}`,
  "yealink-t21p": (mac) => `Yealink SIP-T21P 34.72.0.1${mac ? ` ${colon(mac)}` : ""}`,
  "cisco-spa504g": (mac) => `Cisco/SPA504G-7.6.2 ${mac ? `(${mac.toUpperCase()})` : ""}(CBT1234567A)`,
};

const seeded: Seeded[] = [];
/** Names over the 50 bytes of a D1 LIKE pattern, so that searching for one whole name is a long search. */
const companyName = (kind: CompanyKind) => `Fuzz ${kind} company, with a name well over fifty bytes long`;
const generics: { file: string; body: string; etag: string; contentType: string }[] = [];
const companyIds: number[] = [];
let catalog: CatalogModel[] = [];
let unknown: Record<"GET" | "HEAD" | "OTHER", ReturnType<typeof fingerprint>>;
const secrets = [ADMIN_TOKEN, DIGEST_PASSWORD];

let ipCounter = 0;
/** A client IP of its own for each setup request (a unique-local block no other test file uses). */
const freshIp = () => `fd5e:f022::${(++ipCounter).toString(16)}`;

async function phoneFetch(url: string, init: RequestInit & { headers?: Record<string, string> } = {}) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(url, init), env, ctx);
  const body = await res.text();
  await waitOnExecutionContext(ctx);
  return { status: res.status, headers: res.headers, body };
}

beforeAll(async () => {
  catalog = (await api("GET", "/models?limit=500")).json.items;
  const kinds: [CompanyKind, Record<string, unknown>][] = [
    ["plain", {}],
    ["ua", { checkUserAgent: true }],
    ["digest", { auth: { scheme: "digest", username: "fuzzprov", password: DIGEST_PASSWORD } }],
  ];
  let n = 0;
  for (const [kind, policy] of kinds) {
    const company = await api("POST", "/companies", { name: companyName(kind), sipDomain: `sip.${kind}.example`, policy });
    expect(company.status, company.text).toBe(201);
    companyIds.push(company.json.id);
    const models = kind === "plain" ? ["yealink-t46g", "cisco-spa504g", "yealink-t21p"] : ["yealink-t46g", "cisco-spa504g"];
    for (const model of models) {
      n += 1;
      const mac = (model.startsWith("cisco") ? "c46413f0" : "0015659f") + n.toString(16).padStart(4, "0");
      const enabled = model !== "yealink-t21p";
      const password = `line-secret-${mac}`;
      secrets.push(password);
      const res = await api("POST", "/terminals", { companyId: company.json.id, model, mac, enabled, name: `Fuzz ${n}`, lines: [{ username: `7${n}`, password }] });
      expect(res.status, res.text).toBe(201);
      const m = catalog.find((c) => c.iden === model)!;
      seeded.push({ mac, model, pattern: m.specificPattern, company: kind, enabled, format: m.format });
    }
  }
  for (const t of seeded) {
    if (t.company === "digest" || !t.enabled) continue;
    const res = await phoneFetch(`https://${HOST}/provision/${t.pattern.replace("{mac}", t.mac)}`, { headers: { "user-agent": UA[t.model]!(t.mac), "cf-connecting-ip": freshIp() } });
    expect(res.status).toBe(200);
    expect(res.body).toContain(`line-secret-${t.mac}`);
    t.body = res.body;
    t.etag = res.headers.get("etag")!;
  }
  for (const model of ["yealink-t46g", "cisco-spa504g", "yealink-t21p"]) {
    const file = catalog.find((c) => c.iden === model)!.genericFile;
    const res = await phoneFetch(`https://${HOST}/provision/${file}`, { headers: { "cf-connecting-ip": freshIp() } });
    expect(res.status).toBe(200);
    generics.push({ file, body: res.body, etag: res.headers.get("etag")!, contentType: res.headers.get("content-type")! });
  }
  const miss = (method: string) =>
    phoneFetch(`https://${HOST}/provision/${ABSENT_PREFIX}000001.cfg`, { method, headers: { "cf-connecting-ip": freshIp() }, body: method === "POST" ? "x" : undefined });
  const [get, head, post] = [await miss("GET"), await miss("HEAD"), await miss("POST")];
  unknown = { GET: fingerprint(get.status, get.headers, get.body), HEAD: fingerprint(head.status, head.headers, head.body), OTHER: fingerprint(post.status, post.headers, post.body) };
  expect(unknown.GET.status).toBe(404);
});

// The phone path logs one line per request; 5,000 of them would only slow the run. Errors stay visible.
const logSpy = vi.spyOn(console, "log").mockImplementation(() => {});
const infoSpy = vi.spyOn(console, "info").mockImplementation(() => {});
afterAll(() => {
  logSpy.mockRestore();
  infoSpy.mockRestore();
});

// ---------------------------------------------------------------------------------------------------
// The phone path

type Label = { kind: "hit"; t: number } | { kind: "generic"; g: number } | { kind: "junk" };

interface UaChoice {
  value?: string;
  /** Genuine for this model, carrying this MAC (or none). */
  model?: string;
  mac?: string;
}

interface ProvRequest {
  scheme: "https" | "http";
  raw: string;
  label: Label;
  method: string;
  ua: UaChoice;
  authorization?: string;
  inm?: string;
  ip?: string;
  body?: string;
}

const randomMac = storedMac.filter((m) => !m.startsWith(ABSENT_PREFIX));

const FRAGMENTS = [
  "..", "%2e%2e", "%2E%2E", ".%2e", "%2e", ".", "/", "//", "%2f", "%2F", "%5c", "%5C", "\\", "%00", "%0a", "%0d%0a", "%09", "%7f",
  "%c2%85", "%c0%ae%c0%ae", "%e2%80%a8", "%25", "%252f", "%252e%252e", "%", "%zz", "%e0%a4%a", "..;", ";", "?", "#", "~", "&", "=", "+",
  "etc/passwd", "api/v1/companies", "api/v1/terminals", "provision", "healthz", "cfg", ".cfg", ".xml", ".bak", "-local", "-", ":", " ",
  "%20", "\u2025", "\uff0e\uff0e", "\u0000", "\u0085", "é", "İ", "😀", "\ud800", "\udfff", "%ef%bf%bd", "y", "spa", "SEP", "{mac}",
];

/** Random paths that name no seeded terminal and no generic file (checked when building the label). */
const junkPath = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: "binary", maxLength: 60 }) },
  { weight: 2, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 40 }).map((bytes) => [...bytes].map((b) => `%${b.toString(16).padStart(2, "0")}`).join("")) },
  {
    weight: 5,
    arbitrary: fc
      .array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...FRAGMENTS) }, { weight: 1, arbitrary: fc.tuple(randomMac, spelling).map(([m, s]) => spell(m, s.style, s.upper)) }), { minLength: 1, maxLength: 14 })
      .map((parts) => parts.join("")),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.array(fc.tuple(randomMac, spelling), { minLength: 1, maxLength: 30 }), fc.constantFrom("", "/", ".", "-", ":", "x", "_"), fc.constantFrom(".cfg", ".xml", "", "-local.cfg"))
      .map(([macs, sep, ext]) => macs.map(([m, s]) => spell(m, s.style, s.upper)).join(sep) + ext),
  },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom("x", "%41", "a/", "0", "é"), fc.integer({ min: 200, max: 3000 })).map(([unit, n]) => unit.repeat(n)) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", minLength: 100, maxLength: 400 }) },
);

/** Paths built from a seeded MAC that must not resolve. */
function nearMisses(t: Seeded, s: { style: Style; upper: boolean[] }, at: number): string[] {
  const m = t.mac;
  const put = (x: string) => t.pattern.replace("{mac}", x);
  const pairs = m.match(/../g)!;
  const other = t.pattern === "{mac}.cfg" ? "{mac}.xml" : "{mac}.cfg";
  return [
    put(pairs.map((p, i) => (i === 0 ? p : (i === 1 + (at % 5) ? "-" : ":") + p)).join("")),
    put(m.slice(0, at % 12) + m.slice((at % 12) + 1)),
    put(m.slice(0, at % 12) + "f" + m.slice(at % 12)),
    put(`${m.slice(0, 4)}.${m.slice(4, 8)}.${m.slice(8)}`),
    put(`${spell(m, s.style, s.upper)}-local`),
    put(spell(m, s.style, s.upper)) + ".bak",
    `x${put(m)}`,
    `sub/${put(m)}`,
    `${m}/${put(m)}`,
    other.replace("{mac}", m),
    `${put(m)}/`,
    `${put(m)}%00`,
    `${put(m)}%2f`,
  ];
}

/** Whether a path could carry a seeded MAC in any spelling (then it is no junk: its answer is known). */
function carriesSeededMac(raw: string): boolean {
  const hexOnly = (text: string) => text.toLowerCase().replace(/[^0-9a-f]/g, "");
  const texts = [raw, safeDecode(raw) ?? ""].map(hexOnly);
  return seeded.some((t) => texts.some((text) => text.includes(t.mac)));
}

/** Percent-encodes some characters of a path that a URL keeps as they are (never "/"). */
function encodeSome(path: string, mask: readonly boolean[]): string {
  return [...path].map((c, i) => (c !== "/" && mask[i % mask.length] ? `%${c.charCodeAt(0).toString(16).padStart(2, "0")}` : c)).join("");
}

const provPath: fc.Arbitrary<{ raw: string; label: Label }> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(fc.nat(), spelling, fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }), fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: headerText(20) }))
      .map(([i, s, litCase, enc, query]) => {
        const t = i % seeded.length;
        const pattern = seeded[t]!.pattern.replace(/[a-z]/g, (c, at: number) => (litCase[at % 8] ? c.toUpperCase() : c));
        const path = pattern.replace(/\{mac\}/i, spell(seeded[t]!.mac, s.style, s.upper));
        const q = query === null ? "" : `?${encodeURIComponent(query)}`;
        return { raw: encodeSome(path, enc.map((e, k) => e && k % 3 === 0)) + q, label: { kind: "hit", t } as Label };
      }),
  },
  {
    weight: 3,
    arbitrary: fc.tuple(fc.nat(), spelling, fc.nat()).map(([i, s, at]) => {
      const misses = nearMisses(seeded[i % seeded.length]!, s, at);
      return { raw: misses[at % misses.length]!, label: { kind: "junk" } as Label };
    }),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.nat(), fc.array(fc.boolean(), { minLength: 20, maxLength: 20 })).map(([i, mask]) => {
      const g = i % 3;
      const file = [...(generics[g]?.file ?? "")].map((c, k) => (mask[k % 20] ? c.toUpperCase() : c.toLowerCase())).join("");
      return { raw: file, label: { kind: "generic", g } as Label };
    }),
  },
  { weight: 8, arbitrary: junkPath.filter((raw) => !carriesSeededMac(raw)).map((raw) => ({ raw, label: { kind: "junk" } as Label })) },
  // An enumerator walking a vendor's MAC block.
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.constantFrom("001565", "c46413", "805ec0"), hex(6), fc.constantFrom(".cfg", ".xml"))
      .map(([oui, tail, ext]) => `${oui}${tail}${ext}`)
      .filter((raw) => !carriesSeededMac(raw))
      .map((raw) => ({ raw, label: { kind: "junk" } as Label })),
  },
);

const uaChoice: fc.Arbitrary<UaChoice> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({}) },
  { weight: 3, arbitrary: fc.nat().map((i) => { const t = seeded[i % seeded.length]!; return { value: UA[t.model]!(t.mac), model: t.model, mac: t.mac }; }) },
  { weight: 2, arbitrary: fc.constantFrom(...Object.keys(UA)).map((model) => ({ value: UA[model]!(), model })) },
  // A genuine-looking User-Agent that carries another MAC.
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...Object.keys(UA)), randomMac).map(([model, mac]) => ({ value: UA[model]!(mac) })) },
  { weight: 1, arbitrary: fc.constantFrom("Yealink SIP-T48G 35.83.0.50", "Cisco/SPA509G-7.6.2", "Yealink SIP-T21P_E2 52.84.0.10", "Grandstream GXP2170 (HW 1.0, Fw 1.0.9)").map((value) => ({ value })) },
  { weight: 3, arbitrary: headerText(200).filter((s) => !/yealink|cisco/i.test(s)).map((value) => ({ value })) },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 8000 }).map((n) => ({ value: "Mozilla/5.0 ".repeat(n / 12) })) },
);

const authorization: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 5, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.tuple(headerText(20), headerText(20)).map(([u, p]) => `Basic ${btoa(`${u}:${p}`)}`) },
  { weight: 1, arbitrary: headerText(40).map((s) => `Basic ${s}`) },
  {
    weight: 3,
    arbitrary: fc
      .record({
        username: fc.constantFrom("fuzzprov", "admin", "", '"quoted"'),
        nonce: fc.oneof(hex(32), fc.tuple(fc.integer({ min: 0, max: 2 ** 40 }), hex(64)).map(([t, h]) => `${t.toString(36)}.${h}`), headerText(30)),
        uri: fc.oneof(fc.constant("/provision/0015659f0001.cfg"), headerText(40)),
        algorithm: fc.constantFrom("MD5", "SHA-256", "md5", "SHA-512-256", "bogus"),
        qop: fc.constantFrom("auth", "auth-int", ""),
        response: fc.oneof(hex(32), hex(64), headerText(10)),
        realm: fc.constantFrom("edgeprov", "other"),
      })
      .map((p) => `Digest username="${p.username.replace(/"/g, '\\"')}", realm="${p.realm}", nonce="${p.nonce.replace(/["\\]/g, "")}", uri="${p.uri.replace(/["\\]/g, "")}", algorithm=${p.algorithm}, qop=${p.qop}, nc=00000001, cnonce="abc", response="${p.response.replace(/["\\]/g, "")}"`),
  },
  { weight: 1, arbitrary: headerText(300).map((s) => `Digest ${s}`) },
  { weight: 1, arbitrary: headerText(100) },
  { weight: 1, arbitrary: headerText(40).map((s) => `Bearer ${s}`) },
);

const HOT_IP = "100.64.7.7";
/**
 * The rate limiter's counters may be shared with the other test files of the run, which use the
 * documentation and private ranges: random addresses stay out of them, so that only this file's own
 * misses can block an address of this file.
 */
const OTHERS = /^(10\.|192\.0\.2\.|198\.51\.100\.|203\.0\.113\.|198\.1[89]\.|100\.6[4-9]\.|100\.[7-9]\d\.|100\.1[01]\d\.|100\.12[0-7]\.|127\.)|^2001:0?db8:/i;
const randomV4 = fc.ipV4().filter((ip) => !OTHERS.test(ip));
const clientIp: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 6, arbitrary: fc.constant(HOT_IP) },
  { weight: 4, arbitrary: randomV4 },
  { weight: 3, arbitrary: fc.ipV6().filter((ip) => !OTHERS.test(ip)) },
  { weight: 1, arbitrary: randomV4.map((v4) => `::ffff:${v4}`) },
  { weight: 2, arbitrary: headerText(40) },
  { weight: 1, arbitrary: fc.integer({ min: 500, max: 4000 }).map((n) => "9".repeat(n)) },
);

const provRequest: fc.Arbitrary<ProvRequest> = fc
  .record({
    scheme: fc.constantFrom<("https" | "http")[]>("https", "https", "https", "https", "https", "https", "https", "https", "https", "http"),
    path: provPath,
    method: fc.oneof({ weight: 10, arbitrary: fc.constant("GET") }, { weight: 3, arbitrary: fc.constant("HEAD") }, { weight: 5, arbitrary: fc.constantFrom("POST", "PUT", "DELETE", "OPTIONS", "PATCH") }),
    ua: uaChoice,
    authorization,
    inmKind: fc.constantFrom("none", "none", "none", "none", "none", "star", "etag", "weak", "list", "random"),
    inmRandom: headerText(60),
    ip: clientIp,
    body: fc.option(fc.string({ maxLength: 200 }), { freq: 2 }),
  })
  .map((r) => {
    const etag = r.path.label.kind === "hit" ? seeded[r.path.label.t]!.etag : r.path.label.kind === "generic" ? generics[r.path.label.g]!.etag : undefined;
    const inm =
      r.inmKind === "none" ? undefined
      : r.inmKind === "star" ? "*"
      : r.inmKind === "random" ? r.inmRandom
      : !etag ? "\"no-etag\""
      : r.inmKind === "etag" ? etag
      : r.inmKind === "weak" ? `W/${etag}`
      : `"other", ${etag}`;
    const hasBody = !["GET", "HEAD"].includes(r.method) && r.body !== null;
    return { scheme: r.scheme, raw: r.path.raw, label: r.path.label, method: r.method, ua: r.ua, authorization: r.authorization, inm, ip: r.ip, body: hasBody ? r.body! : undefined };
  });

/** What the client IP looks like to the Worker (header values are trimmed), as the rate limiter keys it. */
function limiterKey(ip: string | undefined): string {
  if (ip === undefined) return "unknown";
  return new Headers({ "cf-connecting-ip": ip }).get("cf-connecting-ip") ?? "unknown";
}

function inmMatches(inm: string | undefined, etag: string | undefined): boolean {
  if (inm === undefined || !etag) return false;
  if (inm.trim() === "*") return true;
  return inm.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}

function uaGenuineFor(t: Seeded, ua: UaChoice): boolean {
  return ua.model === t.model && (ua.mac === undefined || ua.mac === t.mac);
}

describe("fuzz: the phone path", () => {
  it("answers 2,800 random requests exactly as documented, never with a 5xx, and writes only what phones write", async () => {
    const requests = fc.sample(provRequest, { seed: 20260804, numRuns: 2800 });
    // Phones legitimately write: provisioned_at/ip/user_agent, events and unknown devices. Nothing else.
    const mask = { terminals: ["provisioned_at", "provisioned_ip", "provisioned_user_agent"] };
    const before = await snapshot(TABLES.slice(0, 5), mask);

    const upperBound = new Map<string, number>(); // MAC-file requests sent per limiter key (an upper bound on misses)
    const blockedSince = new Map<string, number>();
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    let sent = 0;

    const batches: ProvRequest[][] = [];
    for (let i = 0; i < requests.length; i += 20) batches.push(requests.slice(i, i + 20));

    for (const batch of batches) {
      for (const r of batch) if (["GET", "HEAD"].includes(r.method)) upperBound.set(limiterKey(r.ip), (upperBound.get(limiterKey(r.ip)) ?? 0) + 1);
      const blockedAtStart = new Map(blockedSince);
      await Promise.all(
        batch.map(async (r) => {
          const headers = new Headers();
          if (r.ua.value !== undefined) headers.set("user-agent", r.ua.value);
          if (r.authorization !== undefined) headers.set("authorization", r.authorization);
          if (r.inm !== undefined) headers.set("if-none-match", r.inm);
          if (r.ip !== undefined) headers.set("cf-connecting-ip", r.ip);
          const url = `${r.scheme}://${HOST}/provision/${r.raw}`;
          const res = await phoneFetch(url, { method: r.method, headers: Object.fromEntries(headers), body: r.body });
          sent += 1;
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          const key = limiterKey(r.ip);
          if (res.status === 429 && !blockedSince.has(key)) blockedSince.set(key, Date.now());
          // The limiter allows 100 misses a minute per key; MAC-file requests sent bound the misses. Requests
          // without CF-Connecting-IP share the key "unknown" with other test files: it may be blocked
          // (or unblocked) by them at any time.
          const problem = checkPhoneResponse(r, new URL(url), res, {
            may429: key === "unknown" || (upperBound.get(key) ?? 0) >= 90,
            must429: key !== "unknown" && blockedAtStart.has(key) && Date.now() - blockedAtStart.get(key)! < 50_000,
          });
          if (problem) failures.push(`${problem}\n    ${r.method} ${url.slice(0, 300)}\n    ${JSON.stringify({ ...r, raw: undefined }).slice(0, 600)}\n    → ${res.status} ${JSON.stringify(res.body.slice(0, 200))}`);
        }),
      );
    }

    expect(failures.slice(0, 8), `${failures.length} of ${sent} requests answered wrongly`).toEqual([]);
    expect(sent).toBe(2800);
    // The hot IP went over its misses and was stopped; every kind of answer was exercised.
    expect([...blockedSince.keys()]).toContain(HOT_IP);
    for (const status of [200, 304, 401, 404, 429]) expect(statuses.get(status) ?? 0, `status ${status}`).toBeGreaterThan(10);
    expect(await snapshot(TABLES.slice(0, 5), mask)).toEqual(before);
  }, 60_000);
});

/** Null when the response is exactly what this request should get, else why not. */
function checkPhoneResponse(
  r: ProvRequest,
  url: URL,
  res: { status: number; headers: Headers; body: string },
  ctx: { may429: boolean; must429: boolean },
): string | null {
  if (res.status >= 500) return `5xx`;
  const head = r.method === "HEAD";
  const uniform404 = () => {
    const want = head ? unknown.HEAD : ["GET"].includes(r.method) ? unknown.GET : unknown.OTHER;
    const got = fingerprint(res.status, res.headers, res.body);
    return JSON.stringify(got) === JSON.stringify(want) ? null : `not the uniform 404: ${JSON.stringify(got).slice(0, 300)}`;
  };
  const is429 = () => {
    if (res.status !== 429) return false;
    const retry = Number(res.headers.get("retry-after"));
    return Number.isInteger(retry) && retry >= 1 && retry <= 60 && res.body === (head ? "" : "Too Many Requests\n");
  };

  // The URL parser resolves dot segments first: what left /provision/ is another route's business.
  if (!url.pathname.startsWith("/provision/")) {
    if (url.pathname === "/api/v1" || url.pathname.startsWith("/api/v1/")) {
      return res.status === 401 ? checkApiError(res.body, res.headers, 401) : `left /provision for the API: want 401, got ${res.status}`;
    }
    if (url.pathname === "/healthz" || url.pathname.startsWith("/healthz/")) return res.status < 500 ? null : "healthz 5xx";
    return uniform404();
  }
  if (!["GET", "HEAD"].includes(r.method)) return uniform404();

  let label = r.label;
  if (label.kind === "junk") {
    // A junk path can still spell a generic file once decoded; a seeded MAC it never carries.
    const decoded = safeDecode(url.pathname.slice("/provision/".length));
    const g = generics.findIndex((x) => decoded !== null && x.file.toLowerCase() === decoded.toLowerCase());
    if (g >= 0) label = { kind: "generic", g };
  }

  const served = (body: string, etag: string | undefined, contentType: string | null, cacheControl: string) => {
    if (res.headers.get("etag") !== etag) return `etag ${res.headers.get("etag")} != ${etag}`;
    if (res.headers.get("cache-control") !== cacheControl) return `cache-control ${res.headers.get("cache-control")}`;
    if (inmMatches(r.inm, etag)) return res.status === 304 && res.body === "" ? null : `want 304, got ${res.status}`;
    if (res.status !== 200) return `want 200, got ${res.status}`;
    if (res.headers.get("content-type") !== contentType) return `content-type ${res.headers.get("content-type")}`;
    return res.body === (head ? "" : body) ? null : "body differs from the terminal's file";
  };

  if (label.kind === "generic") {
    const g = generics[label.g]!;
    // Generic files are never rate limited and never refused.
    return served(g.body, g.etag, g.contentType, "public, max-age=300");
  }

  if (label.kind === "junk") {
    if (res.status === 429) return ctx.may429 && is429() ? null : "429 for an IP that cannot be over its misses";
    return uniform404();
  }

  const t = seeded[label.t]!;
  if (ctx.must429) return is429() ? null : `the IP was blocked: want 429 (hits included), got ${res.status}`;
  if (res.status === 429) return ctx.may429 && is429() ? null : "429 for an IP that cannot be over its misses";
  if (r.scheme !== "https" || !t.enabled) return uniform404();
  if (t.company === "digest") {
    if (res.status !== 401) return `want the Digest challenge, got ${res.status}`;
    const challenge = res.headers.get("www-authenticate") ?? "";
    if (!/Digest realm="edgeprov", qop="auth", algorithm=SHA-256, nonce="[^"]+"/.test(challenge) || !challenge.includes("algorithm=MD5")) return `bad challenge ${challenge}`;
    return res.body === (head ? "" : "Unauthorized\n") ? null : "401 body says more than Unauthorized";
  }
  if (t.company === "ua" && !uaGenuineFor(t, r.ua)) return uniform404();
  return served(t.body!, t.etag, t.format === "xml" ? "application/xml; charset=utf-8" : "text/plain; charset=utf-8", "no-store");
}

// ---------------------------------------------------------------------------------------------------
// The admin API

/** The one error shape of the API, no stack trace, no secret. Null when fine. */
function checkApiError(text: string, headers: Headers, status: number): string | null {
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    return `error body is not JSON: ${text.slice(0, 100)}`;
  }
  if (!(headers.get("content-type") ?? "").startsWith("application/json")) return "error without application/json";
  if (!json || typeof json !== "object" || Object.keys(json).join() !== "error") return `not { error }: ${text.slice(0, 200)}`;
  const e = json.error;
  if (typeof e.code !== "string" || typeof e.message !== "string") return `error without code/message: ${text.slice(0, 200)}`;
  for (const key of Object.keys(e)) if (!["code", "message", "details", "requestId"].includes(key)) return `unexpected error field ${key}`;
  if (e.details !== undefined) {
    if (!Array.isArray(e.details) || e.details.length === 0) return "details not a non-empty array";
    for (const d of e.details) if (typeof d?.path !== "string" || typeof d?.message !== "string") return `detail without path/message: ${JSON.stringify(d).slice(0, 200)}`;
  }
  // No stack frames ("    at fn (file.js:1:2)"), no "Error:" of a thrown exception, in any message.
  const messages = [e.message, ...(e.details ?? []).map((d: { message: string }) => d.message)].join("\n");
  if (/\bat .*[(\s]\S+:\d+:\d+/.test(messages) || /\n\s+at /.test(text) || /\b[A-Z]\w*Error:/.test(messages)) return `stack trace or exception text: ${messages.slice(0, 300)}`;
  if (status === 401 && !/^Bearer realm=/.test(headers.get("www-authenticate") ?? "")) return "401 without WWW-Authenticate: Bearer";
  return null;
}

interface Operation {
  method: string;
  template: string;
  params: string[];
  query: string[];
  bodyFields: string[];
  /** A JSON body validated by a strict schema (or rows that each are): a poisoned body must be refused. */
  strictBody: boolean;
}

type Target = "existing" | "absent" | "garbage";

interface ApiRequest {
  method: string;
  path: string;
  auth: { header?: string; valid: boolean };
  contentType?: string;
  body?: string;
  /** With the token, a write that cannot succeed (absent target or invalid body). */
  write: boolean;
}

const POISON = "__fuzz_unknown_field";

/** Nasty JSON values: control characters, huge and odd numbers, deep nesting, wrong types. */
const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.anything({ maxDepth: 2, withBigInt: false, withMap: true, withSet: true, withDate: true, withTypedArray: true, withSparseArray: true }),
  fc.string({ unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)), maxLength: 10 }).map((s) => `x${s}y`),
  fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, -(2 ** 63), 0.1, -0, 1e-320, 123456789012345678901234567890),
  fc.constantFrom("", " ", "\u2028", "\u0085", "\ufeff", "\ud800", "0015.65aa.bbcc", "00:15:65:AA:BB:CC", "../..", "<script>", "{{mac}}", "{{{line.password}}}", "' OR 1=1 --"),
  fc.integer({ min: 1000, max: 70000 }).map((n) => "x".repeat(n)),
  fc.constantFrom(true, false, null),
  fc.array(fc.constant({}), { maxLength: 70 }),
);

function jsonText(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? "null" : text;
}

function deepNesting(depth: number): string {
  return "[".repeat(depth) + "]".repeat(depth);
}

/** Bodies no strict schema can accept (the ones sent with the token to a write that could succeed). */
const invalidBody = (op: Operation | undefined) => {
  const fields = op?.bodyFields.length ? op.bodyFields : ["name", "iden", "mac", "companyId", "lines", "policy", "template"];
  const poisoned = fc
    .tuple(fc.array(fc.tuple(fc.constantFrom(...fields), nastyValue), { maxLength: 8 }), fc.array(fc.tuple(fc.string({ maxLength: 10 }), nastyValue), { maxLength: 2 }), nastyValue)
    .map(([known, extra, poison]) => {
      const object: Record<string, unknown> = {};
      for (const [k, v] of [...known, ...extra]) object[k] = v;
      object[POISON] = poison;
      return object;
    });
  return fc.oneof(
    { weight: 6, arbitrary: poisoned.map(jsonText) },
    { weight: 2, arbitrary: fc.array(fc.oneof(poisoned, fc.jsonValue({ maxDepth: 1 }).filter((v) => typeof v !== "object" || v === null || Array.isArray(v))), { minLength: 0, maxLength: 5 }).map(jsonText) },
    { weight: 2, arbitrary: fc.oneof(fc.string(), fc.double(), fc.boolean(), fc.constant(null)).map(jsonText) },
    { weight: 2, arbitrary: fc.constantFrom("{", "{'a':1}", "[1,", "\u0000", "nul", "{\"a\":1}}", "\ufeff{}x", "{\"__proto__\":{\"x\":1}", deepNesting(5000), "1e999999") },
    { weight: 1, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 300 }) },
  );
};

/** Any body at all (sent without the token, or to a target that does not exist). */
const anyBody = (op: Operation | undefined) =>
  fc.oneof(
    { weight: 3, arbitrary: invalidBody(op) },
    {
      weight: 3,
      arbitrary: fc
        .array(fc.tuple(fc.constantFrom(...(op?.bodyFields.length ? op.bodyFields : ["name"])), nastyValue), { maxLength: 6 })
        .map((entries) => jsonText(Object.fromEntries(entries))),
    },
    { weight: 1, arbitrary: fc.constantFrom("companyId,model,mac\n1,yealink-t46g,02fa22000009\n", "template text {{mac}}", "") },
    { weight: 1, arbitrary: fc.constant("x".repeat(1024 * 1024 + 10)) },
  );

const JSON_TYPES = ["application/json", "Application/JSON; charset=UTF-8", "application/json;charset=utf-8", "application/json; foo=bar"];
const OTHER_TYPES = [
  "text/plain", "text/csv", "Text/CSV", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
  "application/vnd.api+json", "application/json-patch+json", "", "garbage/", ";;", "application/json, text/plain",
];
/** Mostly JSON, so that most bodies reach validation; the rest must be 415 (or text/csv, text/plain). */
const contentTypeOf = (allowText: boolean) =>
  fc.oneof(
    { weight: 12, arbitrary: fc.constant<string | undefined>("application/json") },
    { weight: 3, arbitrary: fc.constantFrom<string | undefined>(...JSON_TYPES) },
    { weight: 3, arbitrary: fc.constantFrom<string | undefined>(...OTHER_TYPES.filter((c) => allowText || !/^text\/(plain|csv)/i.test(c)), undefined) },
  );

describe("fuzz: the admin API", () => {
  let operations: Operation[] = [];
  const existing: Record<string, string[]> = {};

  beforeAll(async () => {
    const doc = (await api("GET", "/openapi.json")).json;
    const schemas = doc.components?.schemas ?? {};
    const resolve = (s: any): any => (s?.$ref ? schemas[s.$ref.split("/").pop()] : s);
    for (const [template, ops] of Object.entries<any>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(ops)) {
        const params = (op.parameters ?? []).filter((p: any) => p.in === "path").map((p: any) => p.name);
        const query = (op.parameters ?? []).filter((p: any) => p.in === "query").map((p: any) => p.name);
        const json = resolve(op.requestBody?.content?.["application/json"]?.schema);
        const item = json?.type === "array" ? resolve(json.items) : json;
        const bodyFields = Object.keys(item?.properties ?? {});
        const strictBody = json !== undefined;
        operations.push({ method: method.toUpperCase(), template, params, query, bodyFields, strictBody });
      }
    }
    expect(operations.length).toBeGreaterThanOrEqual(25);
    // Ids and MACs that exist: GET may use them; a write only with a body that cannot be valid.
    existing.id = ["1", "2", "3", String(companyIds[0]), String(companyIds[2])];
    existing.idOrMac = seeded.flatMap((t) => [t.mac, colon(t.mac).toUpperCase(), t.mac.replace(/(....)(....)(....)/, "$1.$2.$3")]);
    existing.mac = existing.idOrMac;
    existing.kind = ["generic", "specific"];
  });

  const ABSENT: Record<string, fc.Arbitrary<string>> = {
    id: fc.integer({ min: 1_000_000_000, max: 2 ** 31 }).map(String),
    idOrMac: fc.oneof(fc.integer({ min: 1_000_000_000, max: 2 ** 31 }).map(String), hex(6).map((h) => `${ABSENT_PREFIX}${h}`), hex(6).map((h) => colon(`${ABSENT_PREFIX}${h}`))),
    mac: hex(6).map((h) => `${ABSENT_PREFIX}${h}`),
    kind: fc.constantFrom("generic", "specific"),
  };
  const GARBAGE = fc.oneof(
    fc.constantFrom("0", "-1", "1.5", "1e3", "0x10", " 1", "abc", "NaN", "Infinity", "9".repeat(40), "١٢٣", "00:15:65", "0015.65aa.bbcc.dd", "%00", "%2e%2e", "..", "%2F", "import", "export", "null", "undefined", "__proto__", "constructor"),
    fc.string({ unit: "binary", minLength: 1, maxLength: 30 }),
    fc.string({ maxLength: 300 }),
  );

  const queryValue = fc.oneof(
    fc.constantFrom("", "0", "1", "-1", "500", "501", "1.5", "true", "false", "csv", "json", "xml", "NaN", "Infinity", "1e400", "9".repeat(400), "0015.65aa.bbcc", "%", "_", "%25", "'", "\\", "1:001565aabbcc", "99999999999999999999:001565aabbcc"),
    fc.string({ maxLength: 40 }),
    fc.string({ unit: "binary", maxLength: 20 }),
    fc.integer({ min: 200, max: 70_000 }).map((n) => "%".repeat(n)),
  );

  const queryString = (names: string[]) =>
    fc
      .array(fc.tuple(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...(names.length ? names : ["limit"])) }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) }), queryValue), { maxLength: 4 })
      .map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&")}` : ""));

  const authChoice = fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom(`Bearer ${ADMIN_TOKEN}`, `bearer ${ADMIN_TOKEN}`, `BEARER   ${ADMIN_TOKEN}`, `Bearer ${ADMIN_TOKEN}  `).map((header) => ({ header, valid: true })) },
    { weight: 2, arbitrary: fc.constant({ header: undefined, valid: false }) },
    {
      weight: 3,
      arbitrary: fc
        .oneof(
          fc.constantFrom(`Bearer ${ADMIN_TOKEN}x`, `Bearer ${ADMIN_TOKEN.slice(0, -1)}`, `Bearer ${ADMIN_TOKEN.toUpperCase()}`, `Bearer\t${ADMIN_TOKEN}`, `Token ${ADMIN_TOKEN}`, `Bearer ${ADMIN_TOKEN} extra`, `Basic ${btoa(`admin:${ADMIN_TOKEN}`)}`, "Bearer", "Bearer ", ADMIN_TOKEN),
          headerText(80).map((s) => `Bearer ${s}`),
          headerText(80),
          fc.integer({ min: 1000, max: 20000 }).map((n) => `Bearer ${"a".repeat(n)}`),
        )
        .filter((h) => h.trim() !== `Bearer ${ADMIN_TOKEN}`)
        .map((header) => ({ header, valid: false })),
    },
  );

  function apiRequest(): fc.Arbitrary<ApiRequest> {
    const methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"];
    return fc
      .record({
        opIndex: fc.nat(operations.length - 1),
        methodKind: fc.constantFrom("own", "own", "own", "own", "own", "own", "own", "other"),
        otherMethod: fc.constantFrom(...methods),
        auth: authChoice,
        target: fc.constantFrom<Target[]>("existing", "existing", "absent", "garbage"),
        seed: fc.nat(),
        extraPath: fc.oneof({ weight: 7, arbitrary: fc.constant("") }, { weight: 1, arbitrary: fc.constantFrom("/", "/extra", "/..", "//", "%2f", ".json") }),
        randomRoute: fc.oneof({ weight: 12, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.string({ maxLength: 40 }) }),
      })
      .chain((r) => {
        const op = operations[r.opIndex]!;
        const method = r.methodKind === "own" ? op.method : r.otherMethod;
        const write = !["GET", "HEAD", "OPTIONS"].includes(method);
        const guarded = write && r.auth.valid;
        // With the token, a write names an existing resource only with a body that cannot be valid,
        // and only where the body is validated (PATCH, PUT of a JSON template, assign).
        const mayUseExisting = !guarded || (op.strictBody && op.params.length > 0 && r.methodKind === "own");
        const target = r.target === "existing" && !mayUseExisting ? "absent" : r.target;
        const paramValue = (name: string) =>
          target === "existing" && existing[name]
            ? fc.constantFrom(...existing[name]!)
            : target === "garbage"
              ? // Garbage that z.coerce.number() would still read as a small id (" 1", "1e3", "0x10") could
                // name an existing row: not for a guarded write.
                guarded ? GARBAGE.filter((v) => !(Number(v) >= 1 && Number(v) < 1e9)) : GARBAGE
              : (ABSENT[name] ?? ABSENT.id!);
        const params = fc.tuple(...op.params.map((p) => paramValue(p).map((v) => [p, v] as const)));
        // Any body at all only where the route itself can only answer 404: the op's own method on an
        // item route with an absent id or MAC, and no suffix or dot segment that could re-route it.
        const anyBodyOk = !guarded || (r.methodKind === "own" && r.randomRoute === null && r.extraPath === "" && op.params.length > 0 && target === "absent");
        const needsInvalidBody = !anyBodyOk;
        const body = needsInvalidBody ? invalidBody(op) : anyBody(op);
        // text/plain bodies are templates (valid ones are stored), and text/csv bodies are imports: with
        // the token they go only to absent targets; JSON (or a 415) everywhere else.
        const contentType = contentTypeOf(!needsInvalidBody);
        return fc.record({
          params,
          query: fc.oneof(fc.constant(""), queryString(op.query)),
          // Writes mostly carry a body, reads mostly not.
          body: fc.oneof({ weight: write ? 1 : 4, arbitrary: fc.constant(null) }, { weight: write ? 7 : 1, arbitrary: body }),
          contentType,
        }).map(({ params: values, query, body: b, contentType: ct }) => {
          let path = r.randomRoute !== null ? `/${encodeURI(r.randomRoute)}` : op.template;
          for (const [name, value] of values) path = path.replace(`{${name}}`, encodeURIComponent(value));
          const hasBody = b !== null && !["GET", "HEAD"].includes(method);
          // A write with the token but without a body could be valid (PATCH {}), so it gets one.
          const sendBody = hasBody || (needsInvalidBody && !["GET", "HEAD"].includes(method));
          return {
            method,
            path: path + r.extraPath + query,
            auth: r.auth,
            contentType: sendBody ? ct : undefined,
            body: sendBody ? (b ?? "{\"__fuzz_unknown_field\":1}") : undefined,
            write: write && r.auth.valid,
          } satisfies ApiRequest;
        });
      });
  }

  it("answers 2,700 random API requests with no 5xx, the one error shape, no secret, and no change to the data", async () => {
    const before = await snapshot(TABLES);
    const requests = fc.sample(apiRequest(), { seed: 19700101, numRuns: 2700 });
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let sent = 0;

    await inBatches(requests, 25, async (r) => {
      const headers: Record<string, string> = {};
      if (r.auth.header !== undefined) headers.authorization = r.auth.header;
      if (r.contentType !== undefined) headers["content-type"] = r.contentType;
      const url = `https://${HOST}/api/v1${r.path}`;
      const res = await exports.default.fetch(url, { method: r.method, headers, body: r.body });
      const text = await res.text();
      sent += 1;
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const problem = checkApiResponse(r, new URL(url), res, text);
      if (problem) failures.push(`${problem}\n    ${r.method} ${url.slice(0, 300)} auth=${r.auth.valid} type=${r.contentType} body=${JSON.stringify(r.body?.slice(0, 200))}\n    → ${res.status} ${text.slice(0, 300)}`);
    });

    expect(failures.slice(0, 8), `${failures.length} of ${sent} API requests answered wrongly`).toEqual([]);
    expect(sent).toBe(2700);
    for (const status of [200, 400, 401, 404, 413, 415]) expect(statuses.get(status) ?? 0, `status ${status}`).toBeGreaterThan(5);
    // Not one row added, changed or removed, in any table.
    expect(await snapshot(TABLES)).toEqual(before);
  }, 60_000);
});

function checkApiResponse(r: ApiRequest, url: URL, res: Response, text: string): string | null {
  if (res.status >= 500) return "5xx";
  for (const secret of secrets) {
    // The config preview is the one place a SIP or auth password may appear.
    if (secret !== ADMIN_TOKEN && url.pathname.endsWith("/config") && res.status === 200) continue;
    if (text.includes(secret)) return `a secret in the response (${secret.slice(0, 6)}…)`;
  }
  if (!url.pathname.startsWith("/api/v1")) {
    // `..` in the route (decoded by the URL parser) can leave the API: then it is some other route.
    return null;
  }
  if (!r.auth.valid && res.status !== 401) return `no valid token, yet ${res.status}`;
  if (r.write && res.status < 300) return `a write with the token that cannot be valid succeeded (${res.status})`;
  if (![200, 201, 204, 400, 401, 404, 409, 413, 415].includes(res.status)) return `unexpected status ${res.status}`;
  if (res.status >= 400 && r.method !== "HEAD") return checkApiError(text, res.headers, res.status);
  return null;
}

// ---------------------------------------------------------------------------------------------------
// Single hostile requests the random runs make too rarely to rely on.

describe("fuzz: hostile single requests", () => {
  it("answers a huge Authorization header for a Digest terminal promptly (no quadratic parsing)", async () => {
    const t = seeded.find((s) => s.company === "digest")!;
    const url = `https://${HOST}/provision/${t.pattern.replace("{mac}", t.mac)}`;
    for (const header of [`Digest ${"a".repeat(200_000)}`, `Digest ${'a="'.repeat(60_000)}`, `Digest ${"a=b, ".repeat(40_000)}`]) {
      const started = Date.now();
      const res = await phoneFetch(url, { headers: { authorization: header, "cf-connecting-ip": freshIp() } });
      expect(res.status).toBe(401);
      expect(Date.now() - started, `${header.slice(0, 12)}… took too long`).toBeLessThan(2000);
    }
  });

  it("never answers a 5xx to extreme list queries", async () => {
    const long = (n: number) => encodeURIComponent(companyName("plain").repeat(3).slice(0, n));
    const queries = [
      // D1 caps LIKE patterns at 50 bytes: searches just over it, and in multi-byte characters.
      `/companies?q=${long(49)}`,
      `/companies?q=${long(100)}`,
      `/manufacturers?q=${long(60)}`,
      `/models?q=${long(60)}`,
      `/terminals?q=${long(100)}`,
      `/terminals?q=${encodeURIComponent("é".repeat(40))}`,
      `/companies?cursor=${"9".repeat(400)}`,
      `/models?cursor=${"9".repeat(400)}`,
      `/manufacturers?cursor=${"9".repeat(400)}`,
      `/terminals?cursor=${"9".repeat(400)}`,
      `/unknown-devices?cursor=${"9".repeat(30)}:001565aabbcc`,
      `/companies?q=${"%25".repeat(60_000)}`,
      `/models?q=${"_".repeat(60_000)}`,
      `/manufacturers?q=${"x".repeat(60_000)}`,
      `/terminals?q=${"%25".repeat(100)}`,
    ];
    const failures: string[] = [];
    for (const q of queries) {
      const res = await api("GET", q);
      if (res.status >= 500) failures.push(`${q.slice(0, 60)} → ${res.status}`);
      else if (res.status >= 400 && checkApiError(res.text, res.headers, res.status)) failures.push(`${q.slice(0, 60)}: ${checkApiError(res.text, res.headers, res.status)}`);
    }
    expect(failures).toEqual([]);
    // A long search still finds what it names.
    const found = await api("GET", `/companies?q=${encodeURIComponent(companyName("plain").toUpperCase())}`);
    expect(found.json.items.map((c: { name: string }) => c.name)).toEqual([companyName("plain")]);
  });
});
