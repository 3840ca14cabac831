import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isStoredMac, macCandidates, macWithColons, normalizeMac } from "../src/core/mac";
import { MAX_PATH_LENGTH, compilePattern, matchPattern, provisionPath, splitPattern } from "../src/core/paths";

const HEX = "0123456789abcdef";

/** 12 lowercase hex digits: the stored form. */
const storedMac = fc.string({ unit: fc.constantFrom(...HEX), minLength: 12, maxLength: 12 });

type Style = "bare" | "colon" | "dash" | "dotted";

function spell(mac: string, style: Style, upper: readonly boolean[] = []): string {
  const cased = [...mac].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join("");
  if (style === "bare") return cased;
  if (style === "dotted") return cased.match(/..../g)!.join(".");
  return cased.match(/../g)!.join(style === "colon" ? ":" : "-");
}

const caseMask = fc.array(fc.boolean(), { minLength: 12, maxLength: 12 });

describe("normalizeMac", () => {
  it.each([
    ["001565aabbcc", "001565aabbcc"],
    ["001565AABBCC", "001565aabbcc"],
    ["00:15:65:AA:bb:cc", "001565aabbcc"],
    ["00-15-65-aa-bb-cc", "001565aabbcc"],
    ["0015.65aa.BBCC", "001565aabbcc"],
    ["  00:15:65:aa:bb:cc\n", "001565aabbcc"],
  ])("%j is %s", (input, stored) => {
    expect(normalizeMac(input)).toBe(stored);
  });

  it.each([
    "",
    "001565aabbc",
    "001565aabbccd",
    "001565aabbcg",
    "00:15:65-aa:bb:cc",
    "00:15:65:aa:bb:cc:",
    "0015:65aa:bbcc",
    "00.15.65.aa.bb.cc",
    "0:15:65:aa:bb:cc",
    "00 15 65 aa bb cc",
  ])("refuses %j", (input) => {
    expect(normalizeMac(input)).toBeNull();
  });

  it("turns every spelling of a MAC (case, separators, Cisco dots) into the same stored form", () => {
    fc.assert(
      fc.property(storedMac, fc.constantFrom<Style>("bare", "colon", "dash", "dotted"), caseMask, (mac, style, upper) => {
        const stored = normalizeMac(spell(mac, style, upper));
        expect(stored).toBe(mac);
        expect(isStoredMac(stored!)).toBe(true);
      }),
    );
  });

  it("refuses a spelling with a digit that is not hex, or with two kinds of separator", () => {
    fc.assert(
      fc.property(storedMac, fc.constantFrom<Style>("bare", "colon", "dash", "dotted"), fc.nat(11), fc.constantFrom(..."gxz_ "), (mac, style, at, bad) => {
        const spelled = spell(mac, style);
        const digit = [...spelled].findIndex((_, i, all) => all.slice(0, i + 1).filter((c) => HEX.includes(c)).length === at + 1);
        expect(normalizeMac(spelled.slice(0, digit) + bad + spelled.slice(digit + 1))).toBeNull();
      }),
    );
    fc.assert(
      fc.property(storedMac, fc.integer({ min: 1, max: 4 }), (mac, at) => {
        const pairs = mac.match(/../g)!;
        expect(normalizeMac(pairs.map((p, i) => (i === 0 ? p : (i === at ? "-" : ":") + p)).join(""))).toBeNull();
      }),
    );
  });
});

describe("isStoredMac and macWithColons", () => {
  it("accept only 12 lowercase hex digits, and insert colons", () => {
    expect(isStoredMac("001565aabbcc")).toBe(true);
    expect(isStoredMac("001565AABBCC")).toBe(false);
    expect(isStoredMac("00:15:65:aa:bb:cc")).toBe(false);
    expect(macWithColons("001565aabbcc")).toBe("00:15:65:aa:bb:cc");
  });
});

describe("macCandidates", () => {
  it.each([
    ["y000000000052.cfg", ["000000000052"]],
    ["001565AABBCC.cfg", ["001565aabbcc"]],
    ["00-15-65-aa-bb-cc-local.cfg", ["001565aabbcc"]],
    ["cfg00:15:65:AA:BB:CC.xml", ["001565aabbcc"]],
    ["acme/001565aabbcc/phone.cfg", ["001565aabbcc"]],
    ["001565aabbcc/e05fb9000001.cfg", ["001565aabbcc", "e05fb9000001"]],
    ["spa504G.cfg", []],
    ["00156aabbcc.cfg", []],
  ])("finds in %j: %j", (path, macs) => {
    expect(macCandidates(path).sort()).toEqual([...macs].sort());
  });

  // Pattern shapes of real phones: literal text, a folder, a suffix naming another file.
  const shapes = [
    (m: string) => `${m}.cfg`,
    (m: string) => `cfg${m}.xml`,
    (m: string) => `${m}-local.cfg`,
    (m: string) => `spa504g/${m}.xml`,
    (m: string) => `acme/${m}/phone.cfg`,
    (m: string) => `SEP${m}.cnf.xml`,
    (m: string) => m,
  ];

  it("finds the MAC inside <mac>.cfg, cfg<mac>.xml and other file names, in any spelling", () => {
    fc.assert(
      fc.property(storedMac, fc.constantFrom<Style>("bare", "colon", "dash"), caseMask, fc.constantFrom(...shapes), (mac, style, upper, shape) => {
        expect(macCandidates(shape(spell(mac, style, upper)))).toContain(mac);
      }),
    );
  });

  it("finds it between any literal texts that do not touch it with a hex digit or a separator", () => {
    const before = fc.stringMatching(/^([a-z0-9._/-]{0,12}[g-z._/])?$/);
    const after = fc.stringMatching(/^([g-z._/][a-z0-9._/-]{0,12})?$/);
    fc.assert(
      fc.property(storedMac, fc.constantFrom<Style>("bare", "colon", "dash"), caseMask, before, after, (mac, style, upper, pre, post) => {
        expect(macCandidates(pre + spell(mac, style, upper) + post)).toContain(mac);
      }),
    );
  });

  // The admin API refuses patterns whose literal text touches {mac} with a hex digit, because of this.
  it("takes a hex run longer than 12 digits for no MAC, so y000000000052.cfg yields only its own digits", () => {
    expect(macCandidates("spa001565aabbcc.xml")).toEqual([]);
    expect(macCandidates("y0000000000052.cfg")).toEqual([]);
  });

  // D1 binds at most 100 parameters per statement; the terminal lookup binds one per candidate.
  it("never yields more candidates than D1 can bind in one statement", () => {
    const worstCase = fc.string({ unit: fc.constantFrom(..."0123456789abcdefABCDEF:-./x"), maxLength: MAX_PATH_LENGTH });
    fc.assert(
      fc.property(worstCase, (path) => {
        expect(macCandidates(path).length).toBeLessThanOrEqual(100);
      }),
    );
    expect(macCandidates(`${"1".repeat(12)}x`.repeat(19)).length).toBe(1);
    expect(macCandidates(`${"0".repeat(12)}.boot`)).toEqual([]);
  });
});

describe("provisionPath", () => {
  it.each([
    ["spa504G.cfg", "spa504G.cfg"],
    ["acme/boot/phone.cfg", "acme/boot/phone.cfg"],
    ["00%3A15%3A65%3Aaa%3Abb%3Acc.cfg", "00:15:65:aa:bb:cc.cfg"],
    ["caf%C3%A9.cfg", "café.cfg"],
    ["x".repeat(MAX_PATH_LENGTH), "x".repeat(MAX_PATH_LENGTH)],
  ])("takes %j as %j", (raw, path) => {
    expect(provisionPath(raw)).toBe(path);
  });

  it.each([
    ["empty", ""],
    ["parent folder", "../001565aabbcc.cfg"],
    ["parent folder inside", "a/../001565aabbcc.cfg"],
    ["encoded parent folder", "%2e%2e/001565aabbcc.cfg"],
    ["dots inside a name", "a..cfg"],
    ["current folder", "./001565aabbcc.cfg"],
    ["empty segment", "acme//phone.cfg"],
    ["absolute", "/etc/passwd"],
    ["encoded slash", "acme%2fboot%2fphone.cfg"],
    ["encoded slash, uppercase", "acme%2Fboot%2Fphone.cfg"],
    ["encoded backslash", "..%5c001565aabbcc.cfg"],
    ["backslash", "acme\\phone.cfg"],
    ["NUL", "001565aabbcc.cfg%00"],
    ["NUL then more", "001565aabbcc.cfg%00.jpg"],
    ["line feed", "a%0a.cfg"],
    ["DEL", "a%7f.cfg"],
    ["C1 control (NEL)", "a%C2%85.cfg"],
    ["bad percent-encoding", "a%E0%A4%A.cfg"],
    ["lone percent", "100%.cfg"],
    ["over 255 characters", "x".repeat(MAX_PATH_LENGTH + 1)],
    ["over 255 characters once decoded", "%41".repeat(256)],
  ])("refuses %s", (_, raw) => {
    expect(provisionPath(raw)).toBeNull();
  });

  const hostile = fc.array(
    fc.constantFrom("..", ".", "/", "%2e", "%2E", "%2f", "%2F", "%5c", "%5C", "\\", "%00", "%0a", "%0D", "%7f", "%c2%85", "\u0000", "\u001b", "a", "cfg", "-", "%25", "%41"),
    { maxLength: 12 },
  );

  it("refuses anything holding an encoded slash", () => {
    fc.assert(
      fc.property(hostile, fc.constantFrom("%2f", "%2F"), hostile, (a, slash, b) => {
        expect(provisionPath(a.join("") + slash + b.join(""))).toBeNull();
      }),
    );
  });

  it("never lets through '..', a backslash, a control character, an empty segment or more than 255 characters", () => {
    fc.assert(
      fc.property(fc.oneof(hostile.map((parts) => parts.join("")), fc.string({ maxLength: 300 })), (raw) => {
        const path = provisionPath(raw);
        if (path === null) return;
        expect(path).not.toContain("..");
        expect(path).not.toMatch(/[\\\p{Cc}]/u);
        expect(path.split("/")).not.toContain("");
        expect(path.length).toBeLessThanOrEqual(MAX_PATH_LENGTH);
      }),
    );
  });

  it("refuses a raw path holding '..', a backslash or a control character", () => {
    const bad = fc.constantFrom("..", "\\", "\u0000", "\n", "\u007f", "\u0085");
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), bad, fc.string({ maxLength: 20 }), (a, b, c) => {
        expect(provisionPath(a + b + c)).toBeNull();
      }),
    );
  });

  it("gives back any safe path it is sent percent-encoded", () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9_:-][A-Za-z0-9_.:-]{0,15}$/).filter((s) => !s.includes(".."));
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 5 }), (segments) => {
        expect(provisionPath(segments.map(encodeURIComponent).join("/"))).toBe(segments.join("/"));
      }),
    );
  });
});

describe("file patterns", () => {
  it("match {mac} in any case and spelling, and the literal parts ignoring case", () => {
    expect(matchPattern("{mac}.cfg", "001565AABBCC.cfg")).toBe("001565aabbcc");
    expect(matchPattern("{mac}.cfg", "00-15-65-aa-bb-cc.CFG")).toBe("001565aabbcc");
    expect(matchPattern("{mac}.cfg", "00:15:65:AA:BB:CC.cfg")).toBe("001565aabbcc");
    expect(matchPattern("spa504g/{mac}.xml", "SPA504G/001565aabbcc.XML")).toBe("001565aabbcc");
    expect(matchPattern("cfg{mac}.xml", "cfg001565aabbcc.xml")).toBe("001565aabbcc");
  });

  it.each([
    ["{mac}.cfg", "001565aabbcc-local.cfg"],
    ["{mac}.cfg", "x001565aabbcc.cfg"],
    ["{mac}.cfg", "001565aabbcc.cfg.bak"],
    ["{mac}.cfg", "00:15:65-aa-bb-cc.cfg"],
    ["{mac}.cfg", "0015.65aa.bbcc.cfg"],
    ["{mac}.cfg", "001565aabbcc.xml"],
    ["{mac}.cfg", "acme/001565aabbcc.cfg"],
    ["{mac}.cfg", "001565aabbccXcfg"],
    ["a+b/{mac}.cfg", "aab/001565aabbcc.cfg"],
    ["(x)/{mac}.cfg", "x/001565aabbcc.cfg"],
    ["acme/{mac}/phone.cfg", "acme/001565aabbcc/other.cfg"],
  ])("%j does not match %j", (pattern, path) => {
    expect(matchPattern(pattern, path)).toBeNull();
  });

  it("treat every character outside {mac} literally", () => {
    expect(matchPattern("a+b/(x)/[y]/{mac}.cfg", "a+b/(x)/[y]/001565aabbcc.cfg")).toBe("001565aabbcc");
    expect(compilePattern("{mac}.cfg").flags).toContain("i");
  });

  it("hold {mac} exactly once", () => {
    expect(splitPattern("acme/{mac}/phone.cfg")).toEqual(["acme/", "/phone.cfg"]);
    expect(() => splitPattern("phone.cfg")).toThrow();
    expect(() => splitPattern("{mac}/{mac}.cfg")).toThrow();
  });
});
