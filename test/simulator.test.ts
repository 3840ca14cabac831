// The phone simulator (tools/simulator, templates/<family>/phone.ts) boots one unit of every model of the
// catalog against the Worker, the way the real unit does, and reads back the account it would register
// with. The catalog is read from the database, so a model added by a migration is covered without a
// change here (and must have a phone behaviour for its template set).
import { describe, expect, it } from "vitest";
import { formatReport, simulate, type SimulateOptions } from "../tools/simulator/simulate";
import { phoneOf } from "./phones";
import { createCompany, createTerminal, db, uniqueMac, type LineInput } from "./fixtures";
import type { Policy } from "../src/db/schema";
import { phoneNetwork } from "./phones";

const catalog = await db.query.models.findMany({ orderBy: (m, { asc }) => [asc(m.iden)] });
type CatalogModel = (typeof catalog)[number];

const PASSWORD = `p&ss<1>"'ñ`;
const DISPLAY_NAME = `José "Pepe" O'Brien & Ñuñez <x>`;

/** How each family writes Asia/Kolkata (+05:30 all year), so the expectation does not depend on the date. */
const KOLKATA: Record<string, string> = {
  yealink: "+5:30",
  "cisco-spa": "GMT+05:30",
  "cisco-mpp": "GMT+05:30",
  polycom: "19800",
  grandstream: "STD-5:30",
  snom: "+19800",
  fanvil: "22",
  // The base's list has no +05:30 zone: the nearest without DST (templates/gigaset/zones.ts).
  gigaset: "Asia/Karachi",
};

/** Each simulated phone from its own client IP (test/phones.ts). */
const network = phoneNetwork(5);

/**
 * Where a unit of the model starts: the provisioning root over plain HTTP (DHCP option 66), so that every
 * family must also be moved to HTTPS by its generic file. A Gigaset base asks nothing generic at a server
 * URL, so it is given its bootstrap profile's URL, as the redirect service or option 114 would; so is a
 * Fanvil X-U unit, which asks no common file of its own (templates/fanvil/NOTES.md).
 */
function startUrl(model: CatalogModel): string {
  const givenFile = model.templateSet === "gigaset" || (model.templateSet === "fanvil" && model.genericFile.startsWith("fanvil/"));
  return givenFile ? `http://prov.test/provision/${model.genericFile}` : "http://prov.test/provision";
}

/**
 * A Cisco SPA cannot fetch over HTTPS from a public-CA server (templates/cisco-spa/NOTES.md): its company lets it
 * have MAC files over plain HTTP, which the API allows only beside Digest auth or a network allow-list (the
 * simulated phones' network).
 */
const plainHttpPolicy = (model: CatalogModel, policy: Policy = {}): Policy =>
  model.templateSet === "cisco-spa" ? { ...policy, allowHttpFor: ["cisco-spa"], allowedNetworks: policy.auth ? [] : ["2001:db8::/32"] } : policy;
/** Where the MAC file comes from: HTTPS, except for the SPA (above). */
const macFileOrigin = (model: CatalogModel) => (model.templateSet === "cisco-spa" ? "http://prov.test/provision/" : "https://prov.test/provision/");

function run(model: CatalogModel, mac: string, options: Partial<SimulateOptions> = {}) {
  return simulate({ fetch: network(), phone: phoneOf(model.templateSet), model, mac, base: startUrl(model), ...options });
}

/** A MAC with hex letters, so that a MAC in the wrong case would be another string. */
const macOf = () => uniqueMac("0c383e");

describe("the simulator's catalog", () => {
  it("has a phone behaviour for every template set and a User-Agent that only its own model's pattern matches", () => {
    for (const model of catalog) {
      const ua = phoneOf(model.templateSet).userAgent(model, "0c383eaabbcc");
      const matching = catalog.filter((m) => m.userAgent && new RegExp(m.userAgent, "i").test(ua)).map((m) => m.iden);
      expect(matching, `${model.iden}: ${ua}`).toEqual([model.iden]);
    }
  });
});

describe.each(catalog)("$name boots", (model) => {
  it("from plain HTTP to its MAC file over HTTPS, and registers every line with the company's settings", async () => {
    const company = await createCompany({ sipDomain: `sip.${model.iden}.example`, sipProxy: "proxy.acme.example:5062", language: "es", timezone: "Asia/Kolkata", policy: plainHttpPolicy(model) });
    const lines: LineInput[] = [{ position: 1, username: "2001", password: PASSWORD, displayName: DISPLAY_NAME }];
    if (model.maxLines > 1) lines.push({ position: model.maxLines, username: "2002", authUsername: "auth-2002", password: "=#;\\ {{password}} 100%", displayName: "Ça va — 'ok'" });
    const { terminal } = await createTerminal({ model: model.iden, mac: macOf(), companyId: company.id, lines });

    const result = await run(model, terminal.mac.toUpperCase().match(/../g)!.join(":"));
    expect(result.problems, formatReport(result)).toEqual([]);
    expect(result.warnings, formatReport(result)).toEqual([]);
    expect(result.ok).toBe(true);
    // The MAC file came over HTTPS (the SPA: see plainHttpPolicy), after a generic file that came over plain HTTP.
    const served = result.requests.filter((r) => r.status === 200);
    expect(served.length).toBeGreaterThanOrEqual(2);
    expect(served[0]!.url.startsWith("http://")).toBe(true);
    expect(served.at(-1)!.url.startsWith(macFileOrigin(model))).toBe(true);

    const proxy = { host: "proxy.acme.example", port: "5062" };
    expect(KOLKATA, `add how ${model.templateSet} phones show Asia/Kolkata to KOLKATA above`).toHaveProperty([model.templateSet]);
    expect(result.account).toEqual({
      server: company.sipDomain,
      outboundProxy: proxy,
      user: "2001",
      authUser: "2001",
      displayName: DISPLAY_NAME,
      language: "Spanish",
      timeZone: KOLKATA[model.templateSet],
      recheckMinutes: expect.any(Number),
      provisioningUser: undefined,
      lines: lines.map((line) => ({
        position: line.position,
        enabled: true,
        username: line.username,
        authUsername: line.authUsername ?? line.username,
        password: line.password,
        displayName: line.displayName,
        registrar: company.sipDomain,
        outboundProxy: proxy,
      })),
    });
    expect(result.account!.recheckMinutes).toBeGreaterThan(0);
    expect(result.account!.recheckMinutes).toBeLessThanOrEqual(24 * 60);
  });

  it("only with its own HTTP credentials when the company asks for Digest, and keeps sending them", async () => {
    const company = await createCompany({ policy: plainHttpPolicy(model, { auth: { scheme: "digest", username: "prov-user", password: "Pr0v:P@ss/wörd" } }) });
    const { terminal } = await createTerminal({ model: model.iden, mac: macOf(), companyId: company.id, lines: [{ username: "3001", password: "line-secret" }] });

    const refused = await run(model, terminal.mac);
    expect(refused.ok).toBe(false);
    expect(refused.account).toBeNull();
    expect(refused.requests.some((r) => r.status === 401)).toBe(true);
    expect(refused.problems.join(" ")).toContain("asked for HTTP credentials");

    const result = await run(model, terminal.mac, { credentials: { username: "prov-user", password: "Pr0v:P@ss/wörd" } });
    expect(result.problems, formatReport(result)).toEqual([]);
    expect(result.requests.some((r) => r.auth?.startsWith("digest"))).toBe(true);
    // A Poly phone keeps the credentials it was installed with: its files carry no device.* settings.
    expect(result.account!.provisioningUser).toBe(model.templateSet === "polycom" ? undefined : "prov-user");
    expect(result.account!.lines.map((l) => [l.username, l.password])).toEqual([["3001", "line-secret"]]);
  });

  it("fails, saying why, for a MAC no terminal has", async () => {
    const result = await run(model, macOf());
    expect(result.ok).toBe(false);
    expect(result.account).toBeNull();
    expect(result.problems.join(" ")).toMatch(/answered (404|401)|no MAC file|none of the files/);
  });
});
