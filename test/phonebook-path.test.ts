// The company phonebook on the phone path: it goes through the MAC file's resolve and admit steps
// (SECURITY.md, "The company phonebook"), so an unknown MAC there is a miss, a refusal is counted like one,
// both are the one 404, and a family without a phonebook answers its MAC's directory name like any other
// file of a known phone.
import { describe, expect, it } from "vitest";
import { api } from "./api";
import { fetchFile } from "./phone-fetch";

/** Past the limit (100 a minute) even when the limiter's minute turns over halfway through. */
const ENOUGH = 250;
let counter = 0x200;
const nextMac = (prefix = "0015652a") => prefix + (++counter).toString(16).padStart(12 - prefix.length, "0");
const yealinkUa = (mac: string) => `Yealink SIP-T46G 28.83.0.50 ${mac.match(/../g)!.join(":")}`;

async function companyWith(policy: Record<string, unknown> = {}) {
  const res = await api("POST", "/companies", { name: "Book Co", sipDomain: "sip.book.example", policy });
  expect(res.status, res.text).toBe(201);
  const id = res.json.id as number;
  expect((await api("POST", `/companies/${id}/contacts`, { name: "Secret", number: "201" })).status).toBe(201);
  return id;
}

async function terminalOf(companyId: number, model = "yealink-t46g", prefix = "0015652a") {
  const mac = nextMac(prefix);
  const res = await api("POST", "/terminals", { companyId, model, mac, lines: [{ username: "300" }] });
  expect(res.status, res.text).toBe(201);
  return mac;
}

/** Sends `request(i)` until the first 429; its index, or -1 when none came in `times`. */
async function firstLimited(times: number, request: (i: number) => Promise<{ status: number }>): Promise<number> {
  for (let i = 0; i < times; i++) {
    const { status } = await request(i);
    if (status === 429) return i;
    expect(status, `request ${i}`).toBe(404);
  }
  return -1;
}

describe("the phonebook URL on the phone path", () => {
  it("an unknown MAC's phonebook is a miss: the one 404, counted, and a client past the limit gets 429 for every file", { timeout: 90_000 }, async () => {
    const known = await terminalOf(await companyWith());
    const reference = await fetchFile(`${nextMac("0015652b")}.cfg`, { ip: "203.0.113.90" });
    const unknown = await fetchFile(`${nextMac("0015652b")}-directory.xml`, { ip: "203.0.113.90" });
    expect([unknown.status, unknown.body, unknown.headers.get("content-type")]).toEqual([reference.status, reference.body, reference.headers.get("content-type")]);

    const limited = await firstLimited(ENOUGH, () => fetchFile(`${nextMac("0015652b")}-directory.xml`, { ip: "2001:db8:52:1::1" }));
    expect(limited).toBeGreaterThanOrEqual(90);
    expect((await fetchFile(`${known}-directory.xml`, { ip: "2001:db8:52:1::2" })).status).toBe(429);
    expect((await fetchFile(`${known}.cfg`, { ip: "2001:db8:52:1::2" })).status).toBe(429);
    expect((await fetchFile(`${known}-directory.xml`, { ip: "2001:db8:52:2::1" })).status).toBe(200);
  });

  it("a refused phonebook is counted like a miss: another company's phone asking for it again and again is blocked", { timeout: 90_000 }, async () => {
    const own = await terminalOf(await companyWith({ checkUserAgent: true }));
    const stranger = await terminalOf(await companyWith());
    const asStranger = { ua: yealinkUa(stranger), ip: "2001:db8:52:3::1" };
    const refused = await fetchFile(`${own}-directory.xml`, asStranger);
    expect([refused.status, refused.body]).toEqual([404, "Not Found\n"]);
    expect(await firstLimited(ENOUGH, () => fetchFile(`${own}-directory.xml`, asStranger))).toBeGreaterThanOrEqual(90);
    // The refusal is in the owner's events, with its reason.
    expect((await api("GET", `/terminals/${own}/events`)).json.items.map((e: { outcome: string }) => e.outcome)).toContain("user_agent_mac_mismatch");
    const owner = await fetchFile(`${own}-directory.xml`, { ua: yealinkUa(own), ip: "2001:db8:52:4::1" });
    expect([owner.status, owner.body.includes("Secret")]).toEqual([200, true]);
  });

  it("a family without a phonebook (Snom) answers its MAC's directory name with the 404, uncounted, like its other files", { timeout: 90_000 }, async () => {
    const snom = await terminalOf(await companyWith(), "snom-d785", "000413a2");
    expect(await firstLimited(150, () => fetchFile(`${snom}-directory.xml`, { ip: "2001:db8:52:5::1" }))).toBe(-1);
    expect((await fetchFile(`${snom}.xml`, { ip: "2001:db8:52:5::1" })).status).toBe(200);
  });

  it("HEAD gets the headers, and no phonebook fetch is recorded as a fetch of the MAC file", async () => {
    const mac = await terminalOf(await companyWith());
    const head = await fetchFile(`${mac}-directory.xml`, { method: "HEAD" });
    expect([head.status, head.body, head.headers.get("content-type")]).toEqual([200, "", "application/xml; charset=utf-8"]);
    const get = await fetchFile(`${mac}-directory.xml`);
    expect([get.status, get.headers.get("cache-control")]).toEqual([200, "no-store"]);
    expect((await fetchFile(`${mac}-directory.xml`, { ifNoneMatch: get.headers.get("etag")! })).status).toBe(304);
    const terminal = (await api("GET", `/terminals/${mac}`)).json;
    expect([terminal.provisionedAt, (await api("GET", `/terminals/${mac}/events`)).json.items]).toEqual([null, []]);
  });
});

describe("a locked terminal's phonebook", () => {
  const SIP_PASSWORD = "sip-secret-0123456789";
  it("is still served to its phone: it holds no credentials, and the MAC file that does stays refused", async () => {
    const companyId = await companyWith({ lockAfterFirstFetch: true });
    const mac = nextMac();
    expect((await api("POST", "/terminals", { companyId, model: "yealink-t46g", mac, lines: [{ username: "300", password: SIP_PASSWORD }] })).status).toBe(201);
    expect((await fetchFile(`${mac}.cfg`, { ua: yealinkUa(mac), ip: "203.0.113.5" })).status).toBe(200);
    expect((await fetchFile(`${mac}.cfg`, { ua: yealinkUa(mac), ip: "203.0.113.5" })).status).toBe(404);
    const book = await fetchFile(`${mac}-directory.xml`, { ua: yealinkUa(mac), ip: "203.0.113.5" });
    expect([book.status, book.body.includes("Secret"), book.body.includes(SIP_PASSWORD)]).toEqual([200, true, false]);
    expect((await api("GET", `/terminals/${mac}`)).json.locked).toBe(true);
  });

  it("is refused like a MAC file by every other check of the policy: networks, User-Agent, auth, client certificate", async () => {
    const basic = `Basic ${btoa("prov:prov-secret")}`;
    const issuer = "CN=Yealink Equipment Issuing CA";
    const cert = (mac: string) => ({ certVerified: "SUCCESS", certRevoked: "0", certSubjectDN: `CN=${mac}`, certIssuerDN: issuer });
    const policy = {
      allowedNetworks: ["203.0.113.0/24"],
      checkUserAgent: true,
      auth: { scheme: "basic", username: "prov", password: "prov-secret" },
      requireClientCertificate: true,
      clientCertificateIssuer: issuer,
    };
    const locked = await lockedWithOwnCertificate(policy, basic, cert);
    const right = { ua: yealinkUa(locked), ip: "203.0.113.5", authorization: basic, tlsClientAuth: cert(locked) };
    expect((await fetchFile(`${locked}-directory.xml`, right)).status).toBe(200);
    expect((await fetchFile(`${locked}-directory.xml`, { ...right, ip: "198.51.100.9" })).status).toBe(404);
    expect((await fetchFile(`${locked}-directory.xml`, { ...right, ua: yealinkUa(nextMac()) })).status).toBe(404);
    expect((await fetchFile(`${locked}-directory.xml`, { ...right, authorization: undefined })).status).toBe(401);
    expect((await fetchFile(`${locked}-directory.xml`, { ...right, tlsClientAuth: cert(nextMac()) })).status).toBe(404);
    const outcomes = (await api("GET", `/terminals/${locked}/events`)).json.items.map((e: { outcome: string }) => e.outcome);
    expect(outcomes).toEqual(expect.arrayContaining(["network_not_allowed", "user_agent_mac_mismatch", "client_certificate_mac_mismatch"]));
    expect(outcomes).not.toContain("locked");
  });
});

/** A terminal of a locking company with `policy`, locked by its phone's first fetch with its own certificate. */
async function lockedWithOwnCertificate(policy: Record<string, unknown>, authorization: string, cert: (mac: string) => Record<string, string>) {
  const companyId = await companyWith({ lockAfterFirstFetch: true, ...policy });
  const mac = nextMac();
  expect((await api("POST", "/terminals", { companyId, model: "yealink-t46g", mac, lines: [{ username: "300" }] })).status).toBe(201);
  expect((await fetchFile(`${mac}.cfg`, { ua: yealinkUa(mac), ip: "203.0.113.5", authorization, tlsClientAuth: cert(mac) })).status).toBe(200);
  expect((await api("GET", `/terminals/${mac}`)).json.locked).toBe(true);
  return mac;
}
