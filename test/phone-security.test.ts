// The phone path against an adversary: what the miss limit counts and per what client, which MACs a
// path may name, HEAD on a locking company, the User-Agent's MAC and the certificate's issuer.
// SECURITY.md states each of these; the tests hold it to them.
import { describe, expect, it, vi } from "vitest";
import { fetchFile, YEALINK_UA } from "./phone-fetch";
import { clientKey } from "../src/phone/rate-limit";
import { api } from "./api";

const BASE = "https://provision.example.com/provision/";
/** Past the limit (100 a minute) even when the limiter's minute turns over halfway through. */
const ENOUGH = 250;

let macCounter = 0x100;
function nextMac(prefix = "0015651a"): string {
  macCounter += 1;
  return prefix + macCounter.toString(16).padStart(12 - prefix.length, "0");
}


/** Sends `request(i)` until the first 429; its index, or -1 when none came in `times`. */
async function firstLimited(times: number, request: (i: number) => Promise<{ status: number }>, others = [404]): Promise<number> {
  for (let i = 0; i < times; i++) {
    const { status } = await request(i);
    if (status === 429) return i;
    expect(others, `request ${i}`).toContain(status);
  }
  return -1;
}

async function companyWith(policy: Record<string, unknown>) {
  const res = await api("POST", "/companies", { name: "Security Co", sipDomain: "sip.security.example", policy });
  expect(res.status, res.text).toBe(201);
  return res.json as { id: number; policy: Record<string, unknown> };
}

async function terminalOf(companyId: number, model = "yealink-t46g") {
  const cisco = model.startsWith("cisco");
  const mac = nextMac(cisco ? "c464131a" : "0015651a");
  const res = await api("POST", "/terminals", { companyId, model, mac, lines: [{ username: "300", password: "line-secret-1" }] });
  expect(res.status, res.text).toBe(201);
  return { mac, file: cisco ? `${mac}.xml` : `${mac}.cfg` };
}

/** `count` terminals of `model` in one import. */
async function terminalsOf(companyId: number, model: string, prefix: string, count: number): Promise<string[]> {
  const macs = Array.from({ length: count }, () => nextMac(prefix));
  const rows = macs.map((mac) => ({ companyId, model, mac, lines: [{ username: "1", password: "line-secret-1" }] }));
  const res = await api("POST", "/terminals/import", rows);
  expect(res.status, res.text).toBe(201);
  return macs;
}

async function events(mac: string): Promise<string[]> {
  return (await api("GET", `/terminals/${mac}/events`)).json.items.map((e: { outcome: string }) => e.outcome);
}

describe("the miss limit's client", () => {
  it("is the address for IPv4 (mapped or not) and the /64 for IPv6", () => {
    expect(clientKey("203.0.113.9")).toBe("203.0.113.9");
    expect(clientKey("::ffff:203.0.113.9")).toBe("203.0.113.9");
    expect(clientKey("203.0.113.10")).not.toBe(clientKey("203.0.113.9"));
    expect(clientKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).toBe(clientKey("2001:0DB8:0001:0002::1"));
    expect(clientKey("2001:db8:1:3::1")).not.toBe(clientKey("2001:db8:1:2::1"));
    expect(clientKey(null)).toBe(clientKey(null));
  });

  it("stops an enumeration that rotates through one IPv6 /64, and blocks the whole /64 but no other", { timeout: 90_000 }, async () => {
    const company = await companyWith({});
    const { file } = await terminalOf(company.id);
    const limited = await firstLimited(ENOUGH, (i) => fetchFile(`${nextMac("0015651d")}.cfg`, { ip: `2001:db8:77:1::${(i + 1).toString(16)}` }));
    expect(limited).toBeGreaterThanOrEqual(90);
    // A fresh address of the /64 is blocked (the client_blocks row holds the /64), known MACs included.
    expect((await fetchFile(file, { ip: "2001:db8:77:1:ffff:ffff:ffff:ffff" })).status).toBe(429);
    expect((await fetchFile(file, { ip: "2001:db8:77:2::1" })).status).toBe(200);
  });

  it("stops guessing of the company password from one IPv6 /64", { timeout: 90_000 }, async () => {
    const company = await companyWith({ auth: { scheme: "basic", username: "prov", password: "Guess-Me-64" } });
    const { file } = await terminalOf(company.id);
    const guess = (i: number) => fetchFile(file, { ip: `2001:db8:78:1::${(i + 1).toString(16)}`, authorization: `Basic ${btoa(`prov:guess-${i}`)}` });
    expect(await firstLimited(ENOUGH, guess, [401])).toBeGreaterThanOrEqual(90);
  });
});

describe("what counts as a miss", () => {
  it("counts a refused MAC file like an unknown one, so the limit does not tell them apart", { timeout: 90_000 }, async () => {
    const company = await companyWith({ checkUserAgent: true });
    const { mac, file } = await terminalOf(company.id);
    const limited = await firstLimited(ENOUGH, () => fetchFile(file, { ip: "203.0.113.180", ua: "curl/8.5.0" }));
    expect(limited).toBeGreaterThanOrEqual(90);
    expect(await events(mac)).toContain("user_agent_mismatch");
  });

  it("counts a locked terminal's MAC file too", { timeout: 90_000 }, async () => {
    const company = await companyWith({ lockAfterFirstFetch: true });
    const { file } = await terminalOf(company.id);
    expect((await fetchFile(file, { ip: "203.0.113.181" })).status).toBe(200);
    expect(await firstLimited(ENOUGH, () => fetchFile(file, { ip: "203.0.113.181" }))).toBeGreaterThanOrEqual(90);
  });

  it("does not count what a building of phones asks on every boot: 150 behind one address, all served", { timeout: 120_000 }, async () => {
    const ip = "198.51.100.150";
    // Yealink: <mac>.boot and <mac>-local.cfg (no model's file), then the MAC file.
    const yealink = await terminalsOf((await companyWith({})).id, "yealink-t46s", "0015651b", 150);
    for (const mac of yealink) {
      for (const other of [`${mac}.boot`, `${mac}-local.cfg`]) expect((await fetchFile(other, { ip })).status).toBe(404);
      expect((await fetchFile(`${mac}.cfg`, { ip })).status).toBe(200);
    }
    // Poly: <mac>.cfg first (another model's MAC file name), then <mac>-edgeprov.cfg.
    const poly = await terminalsOf((await companyWith({})).id, "poly-vvx-450", "0004f21b", 150);
    for (const mac of poly) {
      expect((await fetchFile(`${mac}.cfg`, { ip })).status).toBe(404);
      expect((await fetchFile(`${mac}-edgeprov.cfg`, { ip })).status).toBe(200);
    }
  });

  it("does not count the auth challenge, nor Grandstream's plain-HTTP tries: 150 phones behind one address, all served", { timeout: 120_000 }, async () => {
    const ip = "198.51.100.151";
    const digest = await terminalsOf((await companyWith({ auth: { scheme: "basic", username: "prov", password: "Building-1" } })).id, "yealink-t46s", "0015651c", 150);
    for (const mac of digest) {
      expect((await fetchFile(`${mac}.cfg`, { ip })).status).toBe(401);
      expect((await fetchFile(`${mac}.cfg`, { ip, authorization: `Basic ${btoa("prov:Building-1")}` })).status).toBe(200);
    }
    const grandstream = await terminalsOf((await companyWith({})).id, "grandstream-gxp2170", "c074ad1c", 150);
    for (const mac of grandstream) {
      expect((await fetchFile(`cfg${mac}.xml`, { ip }, "http://provision.example.com/provision/")).status).toBe(404);
      expect((await fetchFile(`cfg${mac}`, { ip }, "http://provision.example.com/provision/")).status).toBe(404);
      expect((await fetchFile(`cfg${mac}.xml`, { ip })).status).toBe(200);
    }
  });

  it("does not count plain HTTP while HTTPS is required: every MAC file there is the same 404, known or not", { timeout: 90_000 }, async () => {
    const http = "http://provision.example.com/provision/";
    const { file } = await terminalOf((await companyWith({})).id);
    expect(await firstLimited(150, () => fetchFile(`${nextMac("0015651f")}.cfg`, { ip: "203.0.113.185" }, http))).toBe(-1);
    expect((await fetchFile(file, { ip: "203.0.113.185" }, http)).status).toBe(404);
    expect((await fetchFile(file, { ip: "203.0.113.185" })).status).toBe(200);
  });

  it("counts plain HTTP where the company lets the family fetch there (allowHttpFor): wrong Digest answers are not free", { timeout: 90_000 }, async () => {
    const http = "http://provision.example.com/provision/";
    const company = await companyWith({ allowHttpFor: ["cisco-spa"], auth: { scheme: "digest", username: "prov", password: "Spa-Digest-1" } });
    const { mac, file } = await terminalOf(company.id, "cisco-spa504g");
    const wrong = `Digest username="prov", realm="edgeprov", nonce="0.forged", uri="/provision/${file}", response="${"0".repeat(64)}", algorithm=SHA-256, qop=auth, nc=00000001, cnonce="c"`;
    const limited = await firstLimited(ENOUGH, () => fetchFile(file, { ip: "203.0.113.186", authorization: wrong }, http), [401]);
    expect(limited).toBeGreaterThan(0);
    expect(await events(mac)).toContain("auth_failed");
    // An unknown MAC over plain HTTP is still free: no file could be served there for it.
    expect(await firstLimited(150, () => fetchFile(`${nextMac("c464131e")}.xml`, { ip: "203.0.113.187" }, http))).toBe(-1);
    // The same company's MPP is not let in over plain HTTP: refused for transport alone, and not counted.
    const mpp = await terminalOf(company.id, "cisco-8851-3pcc");
    expect(await firstLimited(150, () => fetchFile(mpp.file, { ip: "203.0.113.188" }, http))).toBe(-1);
    expect(await events(mpp.mac)).toContain("https_required");
  });
});

describe("MACs in one path", () => {
  it("only a MAC where some model's file pattern puts it is looked at: a path full of MACs tells nothing", { timeout: 90_000 }, async () => {
    const company = await companyWith({});
    const { mac } = await terminalOf(company.id);
    // 79 overlapping MAC-looking runs in 251 characters, one of them a terminal's.
    const stuffed = (first: string) => `${[first, ...Array.from({ length: 19 }, () => nextMac("0015651e"))].join("-")}.cfg`.slice(0, 251);
    const withKnown = await firstLimited(ENOUGH, () => fetchFile(stuffed(mac), { ip: "203.0.113.190" }));
    const withoutKnown = await firstLimited(ENOUGH, () => fetchFile(stuffed(nextMac("0015651e")), { ip: "203.0.113.191" }));
    expect(withKnown).toBe(withoutKnown);
    // Neither names a MAC where a file pattern would: no lookup, no miss.
    expect(withKnown).toBe(-1);
  });
});

describe("a refusal that takes the client over the miss limit", () => {
  it("is logged as the 429 it answers, at warn, like a miss over the limit", async () => {
    const company = await companyWith({});
    const { mac, file } = await terminalOf(company.id);
    expect((await api("PATCH", `/terminals/${mac}`, { enabled: false })).status).toBe(200);
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      const at = await firstLimited(200, () => fetchFile(file, { ip: "203.0.113.170" }));
      expect(at).toBeGreaterThan(0);
      const lines = log.mock.calls.map((args) => JSON.parse(String(args[0]))).filter((line) => line.event === "provision");
      expect(lines.at(-1)).toMatchObject({ status: 429, outcome: "rate_limited", level: "warn", mac });
      expect(lines.at(-2)).toMatchObject({ status: 404, outcome: "disabled", level: "info" });
    } finally {
      log.mockRestore();
    }
  });
});

describe("HEAD on a company that locks after the first fetch", () => {
  it("carries no ETag, never answers 304, and is logged as a HEAD", async () => {
    const company = await companyWith({ lockAfterFirstFetch: true });
    const { mac, file } = await terminalOf(company.id);
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      const head = await fetchFile(file, { ip: "198.51.100.160", method: "HEAD" });
      expect(head.status).toBe(200);
      expect(head.headers.get("etag")).toBeNull();
      expect((await fetchFile(file, { ip: "198.51.100.160", method: "HEAD", ifNoneMatch: "*" })).status).toBe(200);
      const lines = log.mock.calls.map((args) => JSON.parse(String(args[0]))).filter((line) => line.event === "provision");
      expect(lines.map((line) => line.outcome)).toEqual(["served_head", "served_head"]);
    } finally {
      log.mockRestore();
    }
    expect(await events(mac)).toEqual([]);
    expect((await api("GET", `/terminals/${mac}`)).json.provisionedAt).toBeNull();
    expect((await fetchFile(file, { ip: "198.51.100.160" })).status).toBe(200);
  });
});

describe("the User-Agent's MAC", () => {
  it("must be exactly the terminal's where the family's phones send one", async () => {
    const company = await companyWith({ checkUserAgent: true });
    const { mac, file } = await terminalOf(company.id);
    const other = nextMac();
    const ip = "198.51.100.170";
    expect((await fetchFile(file, { ip, ua: YEALINK_UA(mac) })).status).toBe(200);
    expect((await fetchFile(file, { ip, ua: "Yealink SIP-T46G 28.83.0.50" })).status).toBe(404);
    expect((await fetchFile(file, { ip, ua: `${YEALINK_UA(mac)} ${other}` })).status).toBe(404);
    expect((await fetchFile(file, { ip, ua: `Yealink SIP-T46G 28.83.0.50 ${"x".repeat(500)} ${other}` })).status).toBe(404);
    expect(await events(mac)).toEqual(expect.arrayContaining(["user_agent_mac_mismatch"]));
  });

  it("per model where a family differs: Cisco SPA504G needs it, the SPA525G (which sends its serial only) and SPA525G2 do not", async () => {
    const company = await companyWith({ checkUserAgent: true });
    const ip = "198.51.100.171";
    const spa504 = await terminalOf(company.id, "cisco-spa504g");
    expect((await fetchFile(spa504.file, { ip, ua: `Cisco/SPA504G-7.6.2 (${spa504.mac.toUpperCase()})(CBT1234567A)` })).status).toBe(200);
    expect((await fetchFile(spa504.file, { ip, ua: "Cisco/SPA504G-7.4.7 (CBT141900G7)" })).status).toBe(404);
    const spa525 = await terminalOf(company.id, "cisco-spa525g");
    expect((await fetchFile(spa525.file, { ip, ua: "Cisco/SPA525G-7.4.7 (CBT141900G7)" })).status).toBe(200);
    const spa525g2 = await terminalOf(company.id, "cisco-spa525g2");
    expect((await fetchFile(spa525g2.file, { ip, ua: "Cisco/SPA525G2-7.6.2 (CBT141900G7)" })).status).toBe(200);
    // Two products: one's User-Agent is not the other's.
    expect((await fetchFile(spa525g2.file, { ip, ua: "Cisco/SPA525G-7.4.7 (CBT141900G7)" })).status).toBe(404);
    // Where it does carry MACs, they must still be the terminal's alone.
    expect((await fetchFile(spa525g2.file, { ip, ua: `Cisco/SPA525G2-7.6.2 (${nextMac("c464131f").toUpperCase()})(CBT141900G7)` })).status).toBe(404);
  });

  it("is not asked of families whose phones send none (Poly)", async () => {
    const company = await companyWith({ checkUserAgent: true });
    const { terminal } = { terminal: nextMac("0004f21a") };
    const res = await api("POST", "/terminals", { companyId: company.id, model: "poly-vvx-450", mac: terminal, lines: [{ username: "1", password: "line-secret-1" }] });
    expect(res.status).toBe(201);
    const ua = "FileTransport PolycomVVX-VVX_450-UA/6.4.3.5095 Type/Application";
    expect((await fetchFile(`${terminal}-edgeprov.cfg`, { ip: "198.51.100.172", ua })).status).toBe(200);
  });
});

describe("the client certificate's issuer", () => {
  const ISSUER = "CN=Yealink Equipment Issuing CA,O=Yealink Network Technology Co.\\, Ltd.,C=CN";

  it("is required with requireClientCertificate, shown by the API, and must match", async () => {
    const missing = await api("POST", "/companies", { name: "Cert", sipDomain: "sip.cert.example", policy: { requireClientCertificate: true } });
    expect(missing.status).toBe(400);
    expect(missing.json.error.details.map((d: { path: string }) => d.path)).toEqual(["policy.clientCertificateIssuer"]);

    const company = await companyWith({ requireClientCertificate: true, clientCertificateIssuer: ISSUER });
    expect(company.policy.clientCertificateIssuer).toBe(ISSUER);
    const { mac, file } = await terminalOf(company.id);
    const cert = (issuer: string) => ({ certVerified: "SUCCESS", certRevoked: "0", certSubjectDN: `CN=${mac}`, certIssuerDN: issuer });
    const ip = "198.51.100.173";
    expect((await fetchFile(file, { ip, tlsClientAuth: cert(ISSUER) })).status).toBe(200);
    expect((await fetchFile(file, { ip, tlsClientAuth: cert("CN=Some Other CA,O=Elsewhere") })).status).toBe(404);
    expect((await fetchFile(file, { ip, tlsClientAuth: { certVerified: "SUCCESS", certRevoked: "0", certSubjectDN: `CN=${mac}` } })).status).toBe(404);
    expect(await events(mac)).toContain("client_certificate_issuer_mismatch");

    const off = await api("PATCH", `/companies/${company.id}`, { policy: { clientCertificateIssuer: null } });
    expect(off.status).toBe(400);
    expect(off.json.error.details[0].path).toBe("policy.clientCertificateIssuer");
  });
});
