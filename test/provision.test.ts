// The phone path as phones see it: every built-in model asks for its generic file the way real units
// do, follows it to its MAC file, and reads what it gets with the vendor's own rules (test/phones.ts).
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { terminalLines, terminals, type Policy } from "../src/db/schema";
import worker from "./worker";
import { createCompany, createModel, createTerminal, db, terminalById, uniqueMac, type LineInput } from "./fixtures";
import { expandCiscoMacros, knowsUserAgentOf, parseCiscoFlatProfile, parseYealinkCfg, phoneFamily, userAgents } from "./phones";
import { forgetRecentRecords } from "../src/phone/record";

const ORIGIN = "https://prov.test";
const CONTENT_TYPES = { text: "text/plain; charset=utf-8", xml: "application/xml; charset=utf-8" } as const;
const PASSWORD = `p&ss<1>"'ñ`;
const DISPLAY_NAME = `José "Pepe" O'Brien & Ñuñez <x>`;
// How each family writes Asia/Kolkata (+05:30, no DST, so the expectation does not depend on the date).
const KOLKATA: Record<string, string> = { yealink: "+5:30", "cisco-spa": "GMT+05:30" };

// The built-in catalog, read before any test adds a model of its own.
const catalog = await db.query.models.findMany({ with: { manufacturer: true }, orderBy: (m, { asc }) => [asc(m.iden)] });
type CatalogModel = (typeof catalog)[number];

/**
 * A Cisco SPA trusts no public CA, so it fetches its MAC file over plain HTTP, which its company must allow
 * (SECURITY.md, `allowHttpFor`): beside a network allow-list, here the one every test phone is in.
 */
const SPA_OVER_HTTP: Policy = { allowHttpFor: ["cisco-spa"], allowedNetworks: ["2001:db8::/32"] };
const companyFor = (model: { templateSet: string }, values: Parameters<typeof createCompany>[0] = {}) =>
  createCompany(model.templateSet === "cisco-spa" ? { ...values, policy: SPA_OVER_HTTP } : values);

// Vendor OUIs with hex letters in them, so that a MAC in the wrong case is a different string.
const macFor = (model: { templateSet: string }) => uniqueMac(model.templateSet === "cisco-spa" ? "e05fb9" : "805ec0");

let clients = 0;

/**
 * A request as Cloudflare hands it over, from a client IP of its own unless told: the misses of one
 * test must not count against another's IP with the miss rate limiter. Every request carries the same
 * request id, which responses echo, so that two 404s can be compared header for header.
 */
function fromPhone(init: RequestInit = {}): RequestInit {
  const headers = new Headers(init.headers);
  if (!headers.has("cf-connecting-ip")) headers.set("cf-connecting-ip", `2001:db8:${(++clients).toString(16)}::1`);
  headers.set("x-request-id", "provision-test");
  return { ...init, headers };
}

function phoneFetch(url: string, init?: RequestInit): Promise<Response> {
  return exports.default.fetch(url, fromPhone(init));
}

function phoneGet(path: string, init?: RequestInit, origin = ORIGIN): Promise<Response> {
  return phoneFetch(`${origin}/provision/${path}`, init);
}

/** Calls the Worker with some vars changed and waits for what it left in waitUntil. */
async function callWorker(url: string, vars: Partial<PhoneBindings>, init?: RequestInit): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(url, fromPhone(init)), { ...env, ...vars }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

type Fetcher = (url: string, init?: RequestInit) => Promise<Response>;

/** Does what the phone does: fetches the generic file, then the URL it points to for this MAC. */
async function provision(model: CatalogModel, mac: string, fetcher: Fetcher = phoneFetch, origin = ORIGIN) {
  const phone = phoneFamily(model.templateSet);
  const headers = { "user-agent": userAgents(model.iden, mac)[0]! };
  const generic = await fetcher(`${origin}/provision/${model.genericFile}`, { headers });
  expect(generic.status).toBe(200);
  const url = phone.next(phone.parse(await generic.text()), mac);
  return { url, res: await fetcher(url, { headers }) };
}

async function shape(res: Response) {
  return { status: res.status, headers: [...res.headers].sort(), body: await res.text() };
}

/** The one 404 of the phone path, as an unknown MAC gets it. */
async function theOne404() {
  return shape(await phoneGet(`${uniqueMac("02aaaa")}.cfg`));
}

function expectCacheable(cacheControl: string | null) {
  const directives = (cacheControl ?? "").toLowerCase().split(",").map((d) => d.trim());
  expect(directives).not.toContain("no-store");
  expect(directives).not.toContain("no-cache");
  expect(directives).not.toContain("private");
  expect(Number(directives.find((d) => d.startsWith("max-age="))?.slice("max-age=".length))).toBeGreaterThan(0);
}

/** Strong ETag, 304 on If-None-Match (also weak and listed forms), HEAD with headers and no body. */
async function expectConditionalRequests(url: string) {
  const full = await phoneFetch(url);
  expect(full.status).toBe(200);
  const body = await full.text();
  const etag = full.headers.get("etag")!;
  expect(etag).toMatch(/^"[\x21\x23-\x7e]+"$/);
  for (const ifNoneMatch of [etag, `W/${etag}`, `"not-this-one", ${etag}`]) {
    const res = await phoneFetch(url, { headers: { "if-none-match": ifNoneMatch } });
    expect(res.status, ifNoneMatch).toBe(304);
    expect(res.headers.get("etag")).toBe(etag);
    expect(res.headers.get("cache-control")).toBe(full.headers.get("cache-control"));
    expect(await res.text()).toBe("");
  }
  const stale = await phoneFetch(url, { headers: { "if-none-match": '"not-this-one"' } });
  expect(stale.status).toBe(200);
  expect(await stale.text()).toBe(body);
  // Through the default export itself: the runtime would drop a body on the way to a HEAD client.
  const head = await callWorker(url, {}, { method: "HEAD" });
  expect(head.status).toBe(200);
  for (const name of ["etag", "content-type", "cache-control"]) expect(head.headers.get(name), name).toBe(full.headers.get(name));
  expect(head.body).toBeNull();
}

describe("the built-in catalog", () => {
  it("has the built-in models, each with a real User-Agent and a known way of reading files", () => {
    expect(catalog.map((m) => m.name)).toEqual(
      expect.arrayContaining(["Cisco SPA502G", "Cisco SPA504G", "Cisco SPA509G", "Cisco SPA514G", "Cisco SPA525G2", "Yealink T21P", "Yealink T21P E2", "Yealink T23P", "Yealink T27P", "Yealink T46G", "Yealink T48G", "Yealink W52P/W56P"]),
    );
    for (const model of catalog) {
      expect(knowsUserAgentOf(model.iden), `templates/<family>/user-agents.ts has a User-Agent for ${model.iden}`).toBe(true);
      expect(() => phoneFamily(model.templateSet)).not.toThrow();
    }
  });

  it("tells every unit's User-Agent apart: it matches its own model's pattern and no other", () => {
    for (const model of catalog) {
      for (const ua of userAgents(model.iden, "001565aabbcc")) {
        const matching = catalog.filter((m) => m.userAgent && new RegExp(m.userAgent, "i").test(ua)).map((m) => m.iden);
        expect(matching, ua).toEqual([model.iden]);
      }
    }
  });
});

describe.each(catalog)("$name", (model) => {
  const phone = phoneFamily(model.templateSet);

  it("serves the generic file as the phone asks for it, without credentials", async () => {
    const { terminal } = await createTerminal({ model: model.iden, mac: macFor(model), lines: [{ username: "gen-user-7731", password: "gen-secret-7731" }] });
    for (const ua of userAgents(model.iden, terminal.mac)) {
      expect(ua).toMatch(new RegExp(model.userAgent!, "i"));
      const res = await phoneGet(model.genericFile, { headers: { "user-agent": ua } });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe(CONTENT_TYPES[model.format]);
      expectCacheable(res.headers.get("cache-control"));
      const body = await res.text();
      expect(phone.credentials(phone.parse(body))).toEqual([]);
      for (const secret of ["gen-user-7731", "gen-secret-7731", terminal.mac]) expect(body).not.toContain(secret);
    }
  });

  it("serves the same generic file whatever the case of its name", async () => {
    const asked = await (await phoneGet(model.genericFile)).text();
    for (const name of [model.genericFile.toUpperCase(), model.genericFile.toLowerCase()]) {
      const res = await phoneGet(name);
      expect(res.status, name).toBe(200);
      expect(await res.text()).toBe(asked);
    }
  });

  it("leads the phone to its MAC file over HTTPS (the SPA: plain HTTP), with every line, server, proxy, language, time zone and re-check", async () => {
    const company = await companyFor(model, { sipDomain: `sip.${model.iden}.example`, sipProxy: "proxy.acme.example:5062", language: "es", timezone: "Asia/Kolkata" });
    const lines: LineInput[] = [{ position: 1, username: "2001", password: PASSWORD, displayName: DISPLAY_NAME }];
    if (model.maxLines > 1) {
      lines.push({ position: model.maxLines, username: "2002", authUsername: "auth-2002", password: "=#;\\ {{password}} 100%", displayName: "Ça va — 'ok' {{x}}" });
    }
    const { terminal } = await createTerminal({ model: model.iden, mac: macFor(model), companyId: company.id, lines });

    const { url, res } = await provision(model, terminal.mac);
    expect(new URL(url).protocol).toBe(model.templateSet === "cisco-spa" ? "http:" : "https:");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(CONTENT_TYPES[model.format]);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const settings = phone.parse(await res.text(), model);

    for (let position = 1; position <= model.maxLines; position++) {
      const want = lines.find((line) => line.position === position);
      expect(phone.line(settings, position), `line ${position}`).toEqual(
        want
          ? {
              enabled: true,
              username: want.username,
              authUsername: want.authUsername ?? want.username,
              password: want.password,
              displayName: want.displayName,
              registrar: company.sipDomain,
              outboundProxy: { host: "proxy.acme.example", port: "5062" },
            }
          : { enabled: false },
      );
    }
    expect(new Set(phone.languages(settings))).toEqual(new Set(["Spanish"]));
    expect(phone.timeZone(settings)).toBe(KOLKATA[model.templateSet]);
    expect(phone.recheckMinutes(settings)).toBeGreaterThan(0);
    expect(phone.recheckMinutes(settings)).toBeLessThanOrEqual(24 * 60);
  });

  it("answers conditional and HEAD requests for both files", async () => {
    const { terminal } = await createTerminal({ model: model.iden, mac: macFor(model), companyId: (await companyFor(model)).id });
    const { url } = await provision(model, terminal.mac);
    await expectConditionalRequests(`${ORIGIN}/provision/${model.genericFile}`);
    await expectConditionalRequests(url);
  });
});

describe("what a MAC file says", () => {
  const [yealinkModel, ciscoModel] = ["yealink-t46g", "cisco-spa504g"].map((iden) => catalog.find((m) => m.iden === iden)!);

  it.each([yealinkModel!, ciscoModel!])("$name: no outbound proxy when the company has none; port 5060 when it gives none", async (model) => {
    const phone = phoneFamily(model.templateSet);
    for (const [sipProxy, expected] of [
      [null, null],
      ["proxy.acme.example", { host: "proxy.acme.example", port: "5060" }],
    ] as const) {
      const company = await companyFor(model, { sipProxy });
      const { terminal } = await createTerminal({ model: model.iden, mac: macFor(model), companyId: company.id });
      const { res } = await provision(model, terminal.mac);
      expect(phone.line(phone.parse(await res.text(), model), 1).outboundProxy, String(sipProxy)).toEqual(expected);
    }
  });

  it.each([yealinkModel!, ciscoModel!])("$name: the terminal's own language and time zone win (the standard offset, DST by the phone's own rule)", async (model) => {
    const phone = phoneFamily(model.templateSet);
    const company = await companyFor(model, { language: "es", timezone: "Asia/Kolkata" });
    const { terminal } = await createTerminal({ model: model.iden, mac: macFor(model), companyId: company.id, language: "de", timezone: "Europe/Madrid" });
    const { res } = await provision(model, terminal.mac);
    const settings = phone.parse(await res.text(), model);
    expect(new Set(phone.languages(settings))).toEqual(new Set(["German"]));
    // The standard offset, with the DST rule next to it (test/phones-a.test.ts, test/phones-b.test.ts).
    const expected = model.templateSet === "yealink" ? "+1" : "GMT+01:00";
    expect(phone.timeZone(settings)).toBe(expected);
    if (model.templateSet === "cisco-spa") expect(settings.get("Daylight_Saving_Time_Rule")).toBe("start=3/-1/7/2:0:0;end=10/-1/7/3:0:0;save=1:0:0");
  });

  it("Yealink: passwords and names arrive byte for byte, never HTML-escaped", async () => {
    const { terminal } = await createTerminal({ model: "yealink-t46g", mac: macFor(yealinkModel!), lines: [{ username: "3001", password: PASSWORD, displayName: DISPLAY_NAME }] });
    const { res } = await provision(yealinkModel!, terminal.mac);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    for (const line of [`account.1.password = ${PASSWORD}\n`, `account.1.display_name = ${DISPLAY_NAME}\n`, `account.1.label = ${DISPLAY_NAME}\n`]) {
      expect(indexOfBytes(bytes, new TextEncoder().encode(line)), line).toBeGreaterThan(-1);
    }
    expect(text).not.toMatch(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/i);
  });

  it("Cisco: passwords, names and the station name parse back equal from the XML", async () => {
    const { terminal } = await createTerminal({ model: "cisco-spa504g", mac: macFor(ciscoModel!), companyId: (await companyFor(ciscoModel!)).id, name: DISPLAY_NAME, lines: [{ username: "3002", password: PASSWORD, displayName: DISPLAY_NAME }] });
    const { res } = await provision(ciscoModel!, terminal.mac);
    const settings = parseCiscoFlatProfile(await res.text());
    expect(settings.get("Password_1_")).toBe(PASSWORD);
    expect(settings.get("Display_Name_1_")).toBe(DISPLAY_NAME);
    expect(settings.get("Station_Name")).toBe(DISPLAY_NAME);
  });
});

describe("MAC spellings in the path", () => {
  const spellings = (mac: string) => {
    const pairs = mac.match(/../g)!;
    return [
      mac.toUpperCase(),
      pairs.join("-").toUpperCase(),
      pairs.join("-"),
      pairs.join(":"),
      pairs.join(":").toUpperCase(),
      pairs.join("%3A"),
      [...mac].map((c, i) => (i % 2 ? c.toUpperCase() : c)).join(""),
    ];
  };

  it("resolve a Yealink terminal in any case, bare or with : or - separators, and the extension in any case", async () => {
    const { terminal } = await createTerminal({ model: "yealink-t46g", mac: macFor({ templateSet: "yealink" }), lines: [{ username: "4001", password: "x" }] });
    expect(terminal.mac).toMatch(/[a-f]/);
    for (const path of [...spellings(terminal.mac).map((m) => `${m}.cfg`), `${terminal.mac}.CFG`]) {
      const res = await phoneGet(path);
      expect(res.status, path).toBe(200);
      expect(parseYealinkCfg(await res.text()).get("account.1.user_name"), path).toBe("4001");
    }
  });

  it("resolve a Cisco terminal through $MAU, $MAC and $(MA) rules as well as $MA", async () => {
    const model = catalog.find((m) => m.iden === "cisco-8841-3pcc")!;
    const { terminal } = await createTerminal({ model: model.iden, mac: macFor(model), lines: [{ username: "4002", password: "x" }] });
    const rule = parseCiscoFlatProfile(await (await phoneGet(model.genericFile)).text()).get("Profile_Rule_B")!;
    expect(rule).toContain("$MA");
    for (const macro of ["$MAU", "$MAC", "$(MA)", "$MA"]) {
      const url = expandCiscoMacros(rule.replace("$MA", macro), terminal.mac);
      const res = await phoneFetch(url);
      expect(res.status, url).toBe(200);
      expect(parseCiscoFlatProfile(await res.text()).get("User_ID_1_"), url).toBe("4002");
    }
  });
});

describe("a Yealink common file that looks like a MAC", () => {
  it("stays the T21P E2 generic file even when a terminal has the MAC 000000000052", async () => {
    await createTerminal({ model: "yealink-t21p-e2", mac: "000000000052", lines: [{ username: "5001", password: "secret-000000000052" }] });
    // The terminal is real: its own MAC file serves it.
    expect(parseYealinkCfg(await (await phoneGet("000000000052.cfg")).text()).get("account.1.password")).toBe("secret-000000000052");

    const res = await phoneGet("y000000000052.cfg");
    expect(res.status).toBe(200);
    expectCacheable(res.headers.get("cache-control"));
    const body = await res.text();
    expect(body).toContain("Yealink T21P E2");
    expect(phoneFamily("yealink").credentials(parseYealinkCfg(body))).toEqual([]);
    expect(body).not.toContain("secret-000000000052");
  });
});

describe("the one 404", () => {
  const long = "l".repeat(238);
  const fixture = { yealink: "", cisco: "", disabled: "", long: "", reference: undefined as unknown };

  beforeAll(async () => {
    fixture.yealink = (await createTerminal({ model: "yealink-t46g", mac: macFor({ templateSet: "yealink" }) })).terminal.mac;
    fixture.cisco = (await createTerminal({ model: "cisco-spa504g", mac: macFor({ templateSet: "cisco-spa" }) })).terminal.mac;
    fixture.disabled = (await createTerminal({ model: "yealink-t46g", mac: macFor({ templateSet: "yealink" }), enabled: false })).terminal.mac;
    // Models that an encoded slash or backslash, or a path over 255 characters, would reach if let through.
    await createModel({ iden: "test-trav-slash", genericFile: "trav/boot.cfg", specificPattern: "trav/{mac}.cfg" });
    await createModel({ iden: "test-trav-backslash", genericFile: "trav\\boot.cfg", specificPattern: "trav\\{mac}.cfg" });
    await createModel({ iden: "test-long", genericFile: "long-boot.cfg", specificPattern: `${long}/{mac}.cfg` });
    fixture.long = (await createTerminal({ model: "test-long" })).terminal.mac;
    fixture.reference = await theOne404();
  });

  it("is not what the terminals used below get on their own paths", async () => {
    for (const path of [`${fixture.yealink}.cfg`, `${fixture.cisco}.xml`, `${long}/${fixture.long}.cfg`]) {
      expect((await phoneGet(path)).status, path).toBe(200);
    }
    expect(fixture.reference).toMatchObject({ status: 404 });
  });

  const colons = (mac: string) => mac.match(/../g)!.join(":");
  const cases: [string, () => [string, RequestInit?]][] = [
    ["<mac>-local.cfg", () => [`${ORIGIN}/provision/${fixture.yealink}-local.cfg`]],
    ["<mac>-local.cfg uploaded with PUT", () => [`${ORIGIN}/provision/${fixture.yealink}-local.cfg`, { method: "PUT", body: "x" }]],
    ["<mac>-contact.xml", () => [`${ORIGIN}/provision/${fixture.yealink}-contact.xml`]],
    ["<mac>.boot", () => [`${ORIGIN}/provision/${fixture.yealink}.boot`]],
    ["<mac>.cfg.bak", () => [`${ORIGIN}/provision/${fixture.yealink}.cfg.bak`]],
    ["an unknown MAC", () => [`${ORIGIN}/provision/${uniqueMac("02bbbb")}.cfg`]],
    ["a Yealink terminal asked as <mac>.xml (a Cisco pattern)", () => [`${ORIGIN}/provision/${fixture.yealink}.xml`]],
    ["a Cisco terminal asked as <mac>.cfg (a Yealink pattern)", () => [`${ORIGIN}/provision/${fixture.cisco}.cfg`]],
    ["a MAC file in a folder its pattern does not have", () => [`${ORIGIN}/provision/x/${fixture.yealink}.cfg`]],
    ["a disabled terminal", () => [`${ORIGIN}/provision/${fixture.disabled}.cfg`]],
    ["a MAC file over plain http", () => [`http://prov.test/provision/${fixture.yealink}.cfg`]],
    ["nothing after /provision/", () => [`${ORIGIN}/provision/`]],
    ["../<mac>.cfg (normalised to /<mac>.cfg)", () => [`${ORIGIN}/provision/../${fixture.yealink}.cfg`]],
    ["%2e%2e/<mac>.cfg (normalised to /<mac>.cfg)", () => [`${ORIGIN}/provision/%2e%2e/${fixture.yealink}.cfg`]],
    ["..\\<mac>.cfg (normalised to /<mac>.cfg)", () => [`${ORIGIN}/provision/..\\${fixture.yealink}.cfg`]],
    ["../../etc/passwd", () => [`${ORIGIN}/provision/../../etc/passwd`]],
    ["..%2f<mac>.cfg", () => [`${ORIGIN}/provision/..%2f${fixture.yealink}.cfg`]],
    ["%2e%2e%2f<mac>.cfg", () => [`${ORIGIN}/provision/%2e%2e%2f${fixture.yealink}.cfg`]],
    ["..%5c<mac>.cfg", () => [`${ORIGIN}/provision/..%5c${fixture.yealink}.cfg`]],
    ["a generic file named through %2f", () => [`${ORIGIN}/provision/trav%2fboot.cfg`]],
    ["a generic file named through %5c", () => [`${ORIGIN}/provision/trav%5cboot.cfg`]],
    ["a MAC file through %2f", () => [`${ORIGIN}/provision/trav%2F${fixture.yealink}.cfg`]],
    ["NUL after the name", () => [`${ORIGIN}/provision/${fixture.yealink}.cfg%00`]],
    ["NUL before a decoy extension", () => [`${ORIGIN}/provision/${fixture.yealink}.cfg%00.jpg`]],
    ["a pattern's MAC file over 255 characters", () => [`${ORIGIN}/provision/${long}/${colons(fixture.long)}.cfg`]],
    ["300 characters", () => [`${ORIGIN}/provision/${"a".repeat(300)}`]],
  ];

  it.each(cases)("%s", async (_, request) => {
    const [url, init] = request();
    expect(await shape(await phoneFetch(url, init))).toEqual(fixture.reference);
  });
});

describe("HTTPS and the base URL written into generic files", () => {
  const yealinkModel = catalog.find((m) => m.iden === "yealink-t23p")!;
  // An MPP: the SPA is sent to plain HTTP on purpose (templates/cisco-spa/NOTES.md).
  const ciscoModel = catalog.find((m) => m.iden === "cisco-7841-3pcc")!;
  const generic = async (model: CatalogModel, res: Response) => {
    expect(res.status).toBe(200);
    const settings = phoneFamily(model.templateSet).parse(await res.text(), model);
    return settings.get(model.templateSet === "yealink" ? "static.auto_provision.server.url" : "Profile_Rule_B");
  };

  it("sends a phone that fetched its generic file over plain http to https", async () => {
    expect(await generic(yealinkModel, await phoneGet(yealinkModel.genericFile, {}, "http://prov.test"))).toBe("https://prov.test/provision/");
    expect(await generic(ciscoModel, await phoneGet(ciscoModel.genericFile, {}, "http://prov.test"))).toBe("https://prov.test/provision/$MA.xml");
  });

  it.each([yealinkModel, ciscoModel])("$name: with REQUIRE_HTTPS false, stays on http and gets its MAC file there", async (model) => {
    const { terminal } = await createTerminal({ model: model.iden, mac: macFor(model), lines: [{ username: "6001", password: "over-http" }] });
    const plain: Fetcher = (url, init) => callWorker(url, { REQUIRE_HTTPS: "false" }, init);
    const { url, res } = await provision(model, terminal.mac, plain, "http://prov.test");
    expect(url).toMatch(/^http:\/\/prov\.test\/provision\//);
    expect(res.status).toBe(200);
    expect(phoneFamily(model.templateSet).line(phoneFamily(model.templateSet).parse(await res.text(), model), 1).password).toBe("over-http");
  });

  it("writes PUBLIC_BASE_URL verbatim, less its trailing slash", async () => {
    for (const [base, written] of [
      ["https://edge.example.net/prov/", "https://edge.example.net/prov"],
      ["https://Edge.Example.net:8443/p", "https://Edge.Example.net:8443/p"],
    ]) {
      const vars = { PUBLIC_BASE_URL: base! };
      expect(await generic(yealinkModel, await callWorker(`http://prov.test/provision/${yealinkModel.genericFile}`, vars))).toBe(`${written}/`);
      expect(await generic(ciscoModel, await callWorker(`${ORIGIN}/provision/${ciscoModel.genericFile}`, vars))).toBe(`${written}/$MA.xml`);
    }
  });
});

describe("the ETag of a MAC file", () => {
  it("changes when what the phone gets changes, so a phone holding the old one gets the new file", async () => {
    const { terminal } = await createTerminal({ model: "yealink-t27p", mac: macFor({ templateSet: "yealink" }), lines: [{ username: "7001", password: "before" }] });
    const url = `${ORIGIN}/provision/${terminal.mac}.cfg`;
    const old = (await phoneFetch(url)).headers.get("etag")!;
    await db.update(terminalLines).set({ password: "after" }).where(eq(terminalLines.terminalId, terminal.id));
    const res = await phoneFetch(url, { headers: { "if-none-match": old } });
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).not.toBe(old);
    expect(parseYealinkCfg(await res.text()).get("account.1.password")).toBe("after");
  });
});

describe("models in subfolders", () => {
  it("resolve their generic and MAC files, and nothing else under the folder", async () => {
    await createModel({ iden: "test-acme-phone", genericFile: "acme/boot/phone.cfg", specificPattern: "acme/{mac}/phone.cfg" });
    const { terminal } = await createTerminal({ model: "test-acme-phone", mac: macFor({ templateSet: "yealink" }), lines: [{ username: "8001", password: "in-a-folder" }] });

    const generic = await phoneGet("acme/boot/phone.cfg");
    expect(generic.status).toBe(200);
    expect(generic.headers.get("content-type")).toBe(CONTENT_TYPES.text);
    expect(parseYealinkCfg(await generic.text()).get("static.auto_provision.server.url")).toBe(`${ORIGIN}/provision/`);

    for (const path of [`acme/${terminal.mac}/phone.cfg`, `ACME/${terminal.mac.toUpperCase()}/Phone.cfg`]) {
      const res = await phoneGet(path);
      expect(res.status, path).toBe(200);
      expect(parseYealinkCfg(await res.text()).get("account.1.password")).toBe("in-a-folder");
    }
    const reference = await theOne404();
    for (const path of [`acme/${terminal.mac}/other.cfg`, `acme/${terminal.mac}.cfg`, `acme%2f${terminal.mac}%2fphone.cfg`, "acme/boot"]) {
      expect(await shape(await phoneGet(path)), path).toEqual(reference);
    }
  });
});

describe("recording the fetch", () => {
  const ip = "198.51.100.7";

  /** One poll through the default export's fetch; tells whether the response left work in waitUntil. */
  async function poll(mac: string, headers: Record<string, string>) {
    const ctx = createExecutionContext();
    const waitUntil = vi.spyOn(ctx, "waitUntil");
    const res = await worker.fetch(new Request(`${ORIGIN}/provision/${mac}.cfg`, { headers }), env, ctx);
    const usedWaitUntil = waitUntil.mock.calls.length > 0;
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(200);
    return usedWaitUntil;
  }

  const setProvisionedAt = (id: number, at: Date) => db.update(terminals).set({ provisionedAt: at }).where(eq(terminals.id, id));

  it("records when, from which IP and with which User-Agent the phone fetched, in waitUntil", async () => {
    const { terminal } = await createTerminal({ model: "yealink-t46g", mac: macFor({ templateSet: "yealink" }) });
    const [ua] = userAgents("yealink-t46g", terminal.mac);
    const before = Date.now();
    expect(await poll(terminal.mac, { "cf-connecting-ip": ip, "user-agent": ua! })).toBe(true);
    const row = await terminalById(terminal.id);
    expect(row).toMatchObject({ provisionedIp: ip, provisionedUserAgent: ua });
    expect(row.provisionedAt!.getTime()).toBeGreaterThanOrEqual(before);
    expect(row.provisionedAt!.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it("writes nothing when the same phone polls again within a minute", async () => {
    const { terminal } = await createTerminal({ model: "yealink-t46g", mac: macFor({ templateSet: "yealink" }) });
    const headers = { "cf-connecting-ip": ip, "user-agent": userAgents("yealink-t46g", terminal.mac)[0]! };
    await poll(terminal.mac, headers);
    // Moved back (still within the minute) so that any write would show.
    const recent = new Date(Date.now() - 30_000);
    await setProvisionedAt(terminal.id, recent);
    await poll(terminal.mac, headers);
    expect((await terminalById(terminal.id)).provisionedAt).toEqual(recent);
  });

  it("records again from another IP, with another User-Agent, or a minute later", async () => {
    const { terminal } = await createTerminal({ model: "yealink-t46g", mac: macFor({ templateSet: "yealink" }) });
    const [ua] = userAgents("yealink-t46g", terminal.mac);
    const upgraded = `Yealink SIP-T46G 28.83.0.50 ${terminal.mac.match(/../g)!.join(":")}`;
    await poll(terminal.mac, { "cf-connecting-ip": ip, "user-agent": ua! });
    for (const [headers, age] of [
      [{ "cf-connecting-ip": "203.0.113.9", "user-agent": ua! }, 30_000],
      [{ "cf-connecting-ip": "203.0.113.9", "user-agent": upgraded }, 30_000],
      [{ "cf-connecting-ip": "203.0.113.9", "user-agent": upgraded }, 61_000],
    ] as const) {
      const earlier = new Date(Date.now() - age);
      await setProvisionedAt(terminal.id, earlier);
      // The row is moved back in time; this isolate's memory of the last hand-off is not.
      forgetRecentRecords();
      await poll(terminal.mac, headers);
      const row = await terminalById(terminal.id);
      expect(row.provisionedAt!.getTime(), JSON.stringify({ headers, age })).toBeGreaterThan(earlier.getTime());
      expect(row).toMatchObject({ provisionedIp: headers["cf-connecting-ip"], provisionedUserAgent: headers["user-agent"] });
    }
  });
});

function indexOfBytes(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
