// src/core/request-url.ts against the URL parser, for the URLs a Worker can be asked for.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { urlParts } from "../src/core/request-url";

describe("urlParts", () => {
  it("reads protocol, host and pathname as new URL does, from a serialised URL", () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (raw) => {
        const url = new URL(raw);
        expect(urlParts(url.href)).toEqual({ protocol: url.protocol, host: url.host, pathname: url.pathname });
      }),
      { numRuns: 3000 },
    );
    for (const raw of ["https://provision.example.com/provision/%2e%2E/x?y=1#z", "http://[2001:db8::1]:8080/provision/a%2Fb", "https://h.example/?", "http://h.example#x"]) {
      const url = new URL(raw);
      expect(urlParts(url.href), raw).toEqual({ protocol: url.protocol, host: url.host, pathname: url.pathname });
    }
  });
});
