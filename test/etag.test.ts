// The phone path's ETags (src/phone/respond.ts): a valid strong entity tag (RFC 9110 8.8.3) that
// changes whenever the body does.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renderedFile } from "../src/phone/respond";

/** The ETag served with `body`. */
const strongEtag = (body: string) => renderedFile(body).etag;

describe("strongEtag", () => {
  it("is a strong entity tag, the same for the same body", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 4000 }), (body) => {
        const etag = strongEtag(body);
        expect(etag).toMatch(/^"[\x21\x23-\x7e]+"$/);
        expect(strongEtag(body)).toBe(etag);
      }),
    );
  });

  it("differs for different bodies, down to one character, one swapped line or one more byte", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 3000 }), fc.nat(), fc.string({ minLength: 1, maxLength: 1 }), (body, at, c) => {
        const i = at % body.length;
        const changed = body.slice(0, i) + c + body.slice(i + 1);
        fc.pre(changed !== body);
        expect(strongEtag(changed)).not.toBe(strongEtag(body));
      }),
      { numRuns: 2000 },
    );
    const file = "account.1.user_name = 1001\naccount.1.password = s3cret\n";
    const swapped = "account.1.password = s3cret\naccount.1.user_name = 1001\n";
    expect(strongEtag(swapped)).not.toBe(strongEtag(file));
    expect(strongEtag(file + "\n")).not.toBe(strongEtag(file));
    expect(strongEtag("")).not.toBe(strongEtag("\0"));
    // Every length around a 32-bit word, and the same word at another place.
    const lengths = new Set(["", "a", "ab", "abc", "abcd", "abcde", "abcdabcd", "abcdabce"].map(strongEtag));
    expect(lengths.size).toBe(8);
    expect(strongEtag("abcdwxyz")).not.toBe(strongEtag("wxyzabcd"));
  });

  it("tells 100,000 distinct bodies apart", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 100_000; i++) seen.add(strongEtag(`account.1.user_name = ${i}\naccount.1.password = pw-${i * 7919}\n`));
    expect(seen.size).toBe(100_000);
  });
});
