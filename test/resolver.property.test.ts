// Property-based tests of the path resolver: any spelling of a MAC the API documents, inside a
// model's `specificPattern`, resolves to that terminal's MAC file; nothing that is not exactly the
// pattern resolves. The unit properties check matchPattern / compilePattern / macCandidates /
// provisionPath against a small reference matcher written from the documented rules (and ECMAScript's own
// case-folding rule for /i), the HTTP properties run through the real Worker.
import { exports } from "cloudflare:workers";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { macCandidates } from "../src/core/mac";
import { compilePattern, matchPattern, provisionPath } from "../src/core/paths";
import { api } from "./api";
import { createCompany, createTerminal } from "./fixtures";

const BASE = "https://provision.example.com/provision/";
const HEX = "0123456789abcdef";
const storedMac = fc.string({ unit: fc.constantFrom(...HEX), minLength: 12, maxLength: 12 });
const caseMask = (length: number) => fc.array(fc.boolean(), { minLength: length, maxLength: length });

type Style = "bare" | "colon" | "dash";
const STYLES: Style[] = ["bare", "colon", "dash"];

/** A MAC as a path may carry it: any case, bare or with one separator throughout. */
function spell(mac: string, style: Style, upper: readonly boolean[] = []): string {
  const cased = [...mac].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join("");
  return style === "bare" ? cased : cased.match(/../g)!.join(style === "colon" ? ":" : "-");
}

/** Flips the case of ASCII letters where the mask says so (other characters have no simple flip). */
function flipCase(text: string, mask: readonly boolean[]): string {
  return [...text].map((c, i) => (mask[i % Math.max(1, mask.length)] && /[a-z]/i.test(c) ? (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()) : c)).join("");
}

// ---------------------------------------------------------------------------------------------------
// Reference matcher, written from the documented rules rather than from src/: literal parts equal ignoring case,
// {mac} = 12 hex digits bare or with `:`/`-` used throughout.

/** ECMAScript's Canonicalize for /i without /u (ECMA-262 22.2.2.7.3), per UTF-16 code unit. */
function canonicalize(ch: string): string {
  const upper = ch.toUpperCase();
  if (upper.length !== 1) return ch;
  if (ch.charCodeAt(0) >= 128 && upper.charCodeAt(0) < 128) return ch;
  return upper;
}

function literalEquals(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (canonicalize(a[i]!) !== canonicalize(b[i]!)) return false;
  return true;
}

const REF_MAC = /^(?:[0-9a-f]{12}|[0-9a-f]{2}(?::[0-9a-f]{2}){5}|[0-9a-f]{2}(?:-[0-9a-f]{2}){5})$/i;

function refMatch(pattern: string, path: string): string | null {
  const at = pattern.indexOf("{mac}");
  const before = pattern.slice(0, at);
  const after = pattern.slice(at + 5);
  if (path.length < before.length + after.length + 12) return null;
  if (!literalEquals(before, path.slice(0, before.length))) return null;
  if (!literalEquals(after, path.slice(path.length - after.length))) return null;
  const middle = path.slice(before.length, path.length - after.length);
  return REF_MAC.test(middle) ? middle.replace(/[:-]/g, "").toLowerCase() : null;
}

// ---------------------------------------------------------------------------------------------------
// Pattern literals: file-name characters, every regex metacharacter, separators, a little unicode.

const META = [..."^$\\.*+?()[]{}|/"];
const literalChar = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._~/") },
  { weight: 3, arbitrary: fc.constantFrom(...META, ":", "-", "{", "}", "mac") },
  { weight: 1, arbitrary: fc.constantFrom("é", "É", "ß", "ſ", "K", "ı", "İ", "ﬀ", "Σ", "ς", "σ", "\u00b5", "\u212a") },
);
const literal = fc.array(literalChar, { maxLength: 10 }).map((parts) => parts.join(""));
/** Any pattern with `{mac}` exactly once (what splitPattern accepts). */
const anyPattern = fc.tuple(literal, literal).filter(([b, a]) => (b + "{mac}" + a).split("{mac}").length === 2);

/**
 * Patterns the admin API accepts (SpecificPattern): a safe relative path whose literal text does not
 * touch `{mac}` with a hex digit. Separators next to `{mac}` are allowed, and are the interesting case.
 */
const apiPattern = fc
  .tuple(
    fc.stringMatching(/^(?:[a-z0-9_~+()]{1,6}\/){0,2}(?:[a-z0-9_~+()-]{0,6}[g-z_~+()\-:.])?$/),
    fc.stringMatching(/^(?:[g-z_~+()\-:.][a-z0-9_~+()-]{0,6})?(?:\.[a-z]{1,4})?(?:\/[a-z0-9_~]{1,6})?$/),
  )
  .filter(([b, a]) => !/[0-9a-f]$/i.test(b) && !/^[0-9a-f]/i.test(a))
  .filter(([b, a]) => {
    const sample = `${b}001565aabbcc${a}`;
    return !sample.split("/").some((s) => s === "" || s === "." || s.includes(".."));
  })
  .map(([b, a]) => `${b}{mac}${a}`);

describe("matchPattern and compilePattern (unit)", () => {
  it("match every allowed spelling of the MAC inside the literal text, in any case", () => {
    fc.assert(
      fc.property(anyPattern, storedMac, fc.constantFrom(...STYLES), caseMask(12), caseMask(10), ([before, after], mac, style, upper, litCase) => {
        const pattern = `${before}{mac}${after}`;
        const path = flipCase(before, litCase) + spell(mac, style, upper) + flipCase(after, [...litCase].reverse());
        expect(matchPattern(pattern, path)).toBe(mac);
        expect(refMatch(pattern, path)).toBe(mac);
      }),
      { seed: 20260801, numRuns: 500 },
    );
  });

  /** Paths one edit away from a matching one, or random text from the same alphabet. */
  const nearPath = (pattern: string) =>
    fc.oneof(
      fc
        .tuple(storedMac, fc.constantFrom(...STYLES), caseMask(12), fc.nat(40), fc.constantFrom("insert", "delete", "replace", "swap"), literalChar, fc.constantFrom(...HEX, ":", "-", ".", "/"))
        .map(([mac, style, upper, where, edit, c1, c2]) => {
          const good = pattern.replace("{mac}", spell(mac, style, upper));
          const i = where % (good.length + 1);
          const ch = where % 2 === 0 ? c1 : c2;
          if (edit === "insert") return good.slice(0, i) + ch + good.slice(i);
          if (edit === "delete") return good.slice(0, i) + good.slice(i + 1);
          if (edit === "replace") return good.slice(0, i) + ch + good.slice(i + 1);
          return good.slice(0, i) + good.slice(i + 1, i + 2) + good.slice(i, i + 1) + good.slice(i + 2);
        }),
      fc.array(fc.oneof(literalChar, fc.constantFrom(...HEX, ":", "-")), { maxLength: 40 }).map((p) => p.join("")),
    );

  it("match nothing but exactly the pattern: agree with the reference matcher on near misses", () => {
    fc.assert(
      fc.property(
        anyPattern.chain(([b, a]) => fc.tuple(fc.constant(`${b}{mac}${a}`), nearPath(`${b}{mac}${a}`))),
        ([pattern, path]) => {
          const expected = refMatch(pattern, path);
          expect(matchPattern(pattern, path)).toBe(expected);
          const re = compilePattern(pattern);
          // A stateful (g/y) regex would make exec depend on the previous call.
          expect(re.global || re.sticky).toBe(false);
          expect(re.flags).toContain("i");
          expect(re.test(path)).toBe(expected !== null);
          expect(re.test(path)).toBe(expected !== null);
        },
      ),
      { seed: 4242, numRuns: 3000 },
    );
  });

  it("take every regex metacharacter in a pattern literally", () => {
    // For each metacharacter, a path that the character would match *as regex syntax* but not as text.
    const cases: [string, string][] = [
      [".{mac}", "x"],
      ["a+{mac}", "aa"],
      ["a*{mac}", ""],
      ["ab?{mac}", "a"],
      ["(a){mac}", "a"],
      ["[ab]{mac}", "a"],
      ["a|b/{mac}", "a"],
      ["^a{mac}", "a"],
      ["a$/{mac}", "a/"],
      ["x{2}/{mac}", "xx/"],
      ["\\d/{mac}", "1/"],
      ["\\/{mac}", "/"],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...cases), storedMac, fc.constantFrom(...STYLES), ([pattern, lookalike], mac, style) => {
        const spelled = spell(mac, style);
        expect(matchPattern(pattern, lookalike + spelled)).toBeNull();
        expect(matchPattern(pattern, pattern.replace("{mac}", spelled))).toBe(mac);
      }),
      { seed: 7, numRuns: 200 },
    );
    // Alternation must not escape the anchors: `a|b{mac}` is one literal, not "a" or "b<mac>".
    expect(matchPattern("a|{mac}.cfg", "a")).toBeNull();
    expect(matchPattern("a|{mac}.cfg", "anything-at-all")).toBeNull();
  });
});

describe("macCandidates and provisionPath (unit)", () => {
  // The phone path looks up only the MAC-looking runs of a path (one D1 batch), then matches the
  // pattern: a path that matches a pattern the API accepts must yield that MAC as a candidate.
  it("offer the MAC of every path that matches a pattern the API accepts, in every spelling", () => {
    fc.assert(
      fc.property(apiPattern, storedMac, fc.constantFrom(...STYLES), caseMask(12), caseMask(10), (pattern, mac, style, upper, litCase) => {
        const path = flipCase(pattern, litCase).replace(/\{mac\}/i, spell(mac, style, upper));
        expect(matchPattern(pattern, path)).toBe(mac);
        expect(macCandidates(path)).toContain(mac);
      }),
      { seed: 99, numRuns: 2000 },
    );
    // The shape that found it: two hex letters, then a separator, before {mac} ("office-", "x-ad:").
    expect(macCandidates("office-00-15-65-aa-bb-cc.cfg")).toContain("001565aabbcc");
    expect(macCandidates("x-ad:00:15:65:aa:bb:cc.txt")).toContain("001565aabbcc");
  });

  it("give back a pattern's path however much of it is percent-encoded, and refuse an encoded slash", () => {
    fc.assert(
      fc.property(apiPattern, storedMac, fc.constantFrom(...STYLES), fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }), (pattern, mac, style, enc) => {
        const path = pattern.replace("{mac}", spell(mac, style));
        const raw = encodePath(path, enc);
        expect(provisionPath(raw)).toBe(path);
        if (path.includes("/")) expect(provisionPath(raw.replace("/", enc[0] ? "%2F" : "%2f"))).toBeNull();
      }),
      { seed: 5, numRuns: 500 },
    );
  });
});

/** Percent-encodes a path for a URL: always what a URL would misread, and some other characters. */
function encodePath(path: string, mask: readonly boolean[]): string {
  return [...path]
    .map((c, i) => {
      if (c === "/") return c;
      if (/[A-Za-z0-9._~:-]/.test(c) && !mask[i % mask.length]) return c;
      return [...new TextEncoder().encode(c)].map((b) => `%${b.toString(16).padStart(2, "0").toUpperCase()}`).join("");
    })
    .join("");
}

// ---------------------------------------------------------------------------------------------------
// Through the real Worker.

let ipCounter = 0;
/**
 * A fresh client IP per request, so that the misses of this file never trip the rate limiter, from a
 * unique-local block no other test file uses (the limiter's counters may be shared across files).
 */
function nextIp(): string {
  ipCounter += 1;
  return `fd5e:e0a1::${ipCounter.toString(16)}`;
}

async function fetchPath(rawPath: string) {
  const res = await exports.default.fetch(BASE + rawPath, { headers: { "cf-connecting-ip": nextIp(), "user-agent": "resolver-test" } });
  // x-request-id differs per request by design; its presence is what must be uniform.
  const headers = [...res.headers].map(([k, v]) => [k, k === "x-request-id" ? "<id>" : v]).sort();
  return { status: res.status, body: await res.text(), headers };
}

interface TestModel {
  iden: string;
  pattern: string;
}

// The catalog's two shapes, plus models an operator could add through the API: folders, prefixes,
// regex metacharacters, and hex letters + separator right before {mac} (office-, x-ad:).
const CUSTOM_PATTERNS = [
  "cfg{mac}.xml",
  "spa504g/{mac}.xml",
  "acme/{mac}/phone.cfg",
  "SEP{mac}.cnf.xml",
  "phones/{mac}",
  "a+b(c)[x]^$|?*/{mac}.cfg",
  "x{2}/{mac}.cfg",
  "office-{mac}.cfg",
  "x-ad:{mac}.txt",
  "{mac}-de.cfg",
];

describe("the phone path (through the Worker)", () => {
  // One log line per phone request would only slow the run down; errors stay visible.
  const logSpy = vi.spyOn(console, "log").mockImplementation(() => {});
  afterAll(() => logSpy.mockRestore());
  const testModels: TestModel[] = [];
  let companyId = 0;
  let unknown404: Awaited<ReturnType<typeof fetchPath>>;
  const usedMacs = new Set<string>();

  beforeAll(async () => {
    const catalog = (await api("GET", "/models?limit=500")).json.items as { iden: string; specificPattern: string; manufacturerId: number }[];
    for (const m of catalog) testModels.push({ iden: m.iden, pattern: m.specificPattern });
    const manufacturerId = catalog[0]!.manufacturerId;
    for (const [i, pattern] of CUSTOM_PATTERNS.entries()) {
      const iden = `resolver-custom-${i}`;
      const xml = pattern.includes(".xml");
      const res = await api("POST", "/models", {
        manufacturerId,
        iden,
        name: `Resolver ${i}`,
        genericFile: `resolver-generic-${i}.cfg`,
        specificPattern: pattern,
        format: xml ? "xml" : "text",
        maxLines: 2,
        templateSet: xml ? "cisco-spa" : "yealink",
      });
      // Created through the API: the pattern is one an operator can really have.
      expect(res.status, res.text).toBe(201);
      testModels.push({ iden, pattern });
    }
    companyId = (await createCompany({ name: "Resolver Co" })).id;
    unknown404 = await fetchPath("02fa22000001.cfg");
    expect(unknown404.status).toBe(404);
  });

  it("resolves every allowed spelling of the MAC to the same terminal's file, and nothing else", async () => {
    // The catalog has many models per pattern: pick a pattern first, so every shape gets its runs.
    const patterns = [...new Set(testModels.map((m) => m.pattern))];
    const model = fc
      .tuple(fc.constantFrom(...patterns), fc.nat())
      .map(([pattern, n]) => {
        const same = testModels.flatMap((m, i) => (m.pattern === pattern ? [i] : []));
        return same[n % same.length]!;
      });
    const otherPattern = fc.constantFrom(...patterns);
    const spelling = fc.record({ style: fc.constantFrom(...STYLES), upper: caseMask(12), lit: caseMask(10), enc: caseMask(40) });
    await fc.assert(
      fc.asyncProperty(
        storedMac,
        model,
        fc.array(spelling, { minLength: 3, maxLength: 3 }),
        otherPattern,
        fc.nat(11),
        fc.constantFrom(..."0123456789abcdefABCDEF"),
        fc.constantFrom("x", "_", "~", "0", "A", "-", ":", "."),
        // Half of the fourteen kinds of miss per run (each kind still gets ~50 runs): keeps the file fast.
        fc.shuffledSubarray([...Array(14).keys()], { minLength: 7, maxLength: 7 }),
        async (mac, modelIndex, spellings, other, at, extraHex, extra, missKinds) => {
          fc.pre(!usedMacs.has(mac));
          usedMacs.add(mac);
          const { iden, pattern } = testModels[modelIndex]!;
          await createTerminal({ model: iden, mac, companyId, name: `R ${mac}`, lines: [{ username: "1001", password: `pw-${mac}` }] });

          const canonical = await fetchPath(encodePath(pattern.replace("{mac}", mac), []));
          expect(canonical.status, `${pattern} ${mac}`).toBe(200);
          expect(canonical.body).toContain(`pw-${mac}`);

          for (const s of spellings) {
            const path = flipCase(pattern, s.lit).replace(/\{mac\}/i, spell(mac, s.style, s.upper));
            expect(refMatch(pattern, path)).toBe(mac);
            const res = await fetchPath(encodePath(path, s.enc));
            expect(res.status, `${pattern}: ${path}`).toBe(200);
            expect(res.body).toBe(canonical.body);
          }

          const pairs = mac.match(/../g)!;
          const colon = pairs.join(":");
          const put = (m: string) => pattern.replace("{mac}", m);
          const misses = [
            // Two kinds of separator in one MAC.
            put(pairs.map((p, i) => (i === 0 ? p : (i === 1 + (at % 5) ? "-" : ":") + p)).join("")),
            put(pairs.map((p, i) => (i === 0 ? p : (i === 1 + (at % 5) ? ":" : "-") + p)).join("")),
            // 11 and 13 hex digits.
            put(mac.slice(0, at) + mac.slice(at + 1)),
            put(mac.slice(0, at) + extraHex + mac.slice(at)),
            // Cisco's dotted quads: an API spelling, not a path spelling.
            put(`${mac.slice(0, 4)}.${mac.slice(4, 8)}.${mac.slice(8)}`),
            // Extra characters before or after, and files next to the MAC file.
            extra + put(mac),
            put(mac) + extra,
            put(`${mac}-local`),
            put(mac) + ".bak",
            put(colon) + ".bak",
            // Another model's pattern.
            other.replace("{mac}", mac),
            // The MAC in a folder the pattern does not have.
            `sub/${put(mac)}`,
            `${mac}/${put(mac)}`,
            `${put(mac)}/x`,
          ];
          expect(misses).toHaveLength(14);
          for (const path of missKinds.map((k) => misses[k]!).filter((p) => refMatch(pattern, p) === null)) {
            const res = await fetchPath(encodePath(path, []));
            expect(res, `${pattern}: ${path} must be the unknown-MAC 404`).toEqual(unknown404);
          }
        },
      ),
      { seed: 1729, numRuns: 100 },
    );
  }, 60_000);
});
