// Company policy on MAC files (SECURITY.md): networks, User-Agent, Basic/Digest, lock, client certificate.
// Every refusal must be the very 404 an unknown MAC gets; the reason shows only in the event log.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "./worker";
import { fetchFile, YEALINK_UA } from "./phone-fetch";
import { createNonce, REALM } from "../src/core/policy/digest";
import { api } from "./api";
import { parseYealinkCfg } from "./phones";

const BASE = "https://provision.example.com/provision/";

let macCounter = 0x100;
function nextMac(prefix = "0015650a"): string {
  macCounter += 1;
  return prefix + macCounter.toString(16).padStart(12 - prefix.length, "0");
}


/** Status, body and every header: what a caller could compare. The request id differs on every response. */
function fingerprint(r: { status: number; headers: Headers; body: string }) {
  const headers = [...r.headers].map(([k, v]) => [k, k === "x-request-id" ? "<id>" : v]);
  return { status: r.status, body: r.body, headers: headers.sort() };
}

async function companyWith(policy: Record<string, unknown>) {
  const res = await api("POST", "/companies", { name: "Policy Co", sipDomain: "sip.policy.example", policy });
  expect(res.status, res.text).toBe(201);
  return res.json as { id: number; policy: Record<string, unknown> };
}

async function terminalOf(companyId: number, model = "yealink-t46g", password = "line-secret-1") {
  const mac = nextMac(model.startsWith("cisco") ? "c464130a" : "0015650a");
  const res = await api("POST", "/terminals", { companyId, model, mac, lines: [{ username: "300", password }] });
  expect(res.status, res.text).toBe(201);
  return { mac, file: model.startsWith("cisco") ? `${mac}.xml` : `${mac}.cfg` };
}

async function events(mac: string): Promise<string[]> {
  const res = await api("GET", `/terminals/${mac}/events`);
  expect(res.status).toBe(200);
  return res.json.items.map((e: { outcome: string }) => e.outcome);
}

async function unknownMac404() {
  return fingerprint(await fetchFile(`${nextMac("0015650f")}.cfg`, { ip: "192.0.2.200" }));
}

describe("policy in the API", () => {
  it("is off by default, and the auth password is write-only", async () => {
    const plain = await companyWith({});
    expect(plain.policy).toEqual({ allowedNetworks: [], checkUserAgent: false, auth: null, lockAfterFirstFetch: false, requireClientCertificate: false, clientCertificateIssuer: null, allowHttpFor: [] });

    const company = await companyWith({ auth: { scheme: "digest", username: "prov", password: "Pr0v-Secret" } });
    expect(company.policy.auth).toEqual({ scheme: "digest", username: "prov" });
    for (const res of [await api("GET", `/companies/${company.id}`), await api("GET", "/companies?limit=500")]) {
      expect(res.text).not.toContain("Pr0v-Secret");
    }
  });

  it("merges a PATCH key by key, keeps the auth password when omitted and removes auth with null", async () => {
    const company = await companyWith({ auth: { scheme: "basic", username: "prov", password: "Keep-Me-1" }, checkUserAgent: true });
    const { mac, file } = await terminalOf(company.id);

    const patched = await api("PATCH", `/companies/${company.id}`, { policy: { auth: { scheme: "basic", username: "prov2" } } });
    expect(patched.status).toBe(200);
    expect(patched.json.policy).toMatchObject({ checkUserAgent: true, auth: { scheme: "basic", username: "prov2" } });
    const ok = await fetchFile(file, { ua: YEALINK_UA(mac), authorization: `Basic ${btoa("prov2:Keep-Me-1")}` });
    expect(ok.status).toBe(200);

    const removed = await api("PATCH", `/companies/${company.id}`, { policy: { auth: null } });
    expect(removed.json.policy.auth).toBeNull();
    expect((await fetchFile(file, { ua: YEALINK_UA(mac) })).status).toBe(200);
  });

  it("refuses bad networks, auth without a password and unknown keys, naming the field", async () => {
    const bad = await api("POST", "/companies", {
      name: "Bad",
      sipDomain: "sip.bad.example",
      policy: { allowedNetworks: ["203.0.113.0/24", "10.0.0.1/8", "nonsense"], auth: { scheme: "digest", username: "u" }, lockAfter: true },
    });
    expect(bad.status).toBe(400);
    const paths = bad.json.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(["policy.allowedNetworks.1", "policy.allowedNetworks.2", "policy.lockAfter"]));

    const noPassword = await api("POST", "/companies", { name: "Bad", sipDomain: "sip.bad.example", policy: { auth: { scheme: "digest", username: "u" } } });
    expect(noPassword.status).toBe(400);
    expect(noPassword.json.error.details[0].path).toBe("policy.auth.password");
  });
});

describe("allowed networks", () => {
  it("serves inside the IPv4 and IPv6 networks and refuses outside with the unknown-MAC 404", async () => {
    const company = await companyWith({ allowedNetworks: ["203.0.113.0/24", "2001:db8::/32"] });
    const { mac, file } = await terminalOf(company.id);
    expect((await fetchFile(file, { ip: "203.0.113.77" })).status).toBe(200);
    expect((await fetchFile(file, { ip: "2001:db8:1234::5" })).status).toBe(200);
    expect((await fetchFile(file, { ip: "::ffff:203.0.113.9" })).status).toBe(200);

    const outside = await fetchFile(file, { ip: "198.51.100.1" });
    expect(fingerprint(outside)).toEqual(await unknownMac404());
    expect(fingerprint(await fetchFile(file, { ip: "2001:db9::1" }))).toEqual(await unknownMac404());
    expect(await events(mac)).toContain("network_not_allowed");
  });
});

describe("User-Agent check", () => {
  it("wants the model's User-Agent carrying the path's own MAC", async () => {
    const company = await companyWith({ checkUserAgent: true });
    const { mac, file } = await terminalOf(company.id);
    const other = nextMac();

    expect((await fetchFile(file, { ua: YEALINK_UA(mac) })).status).toBe(200);
    expect((await fetchFile(file, { ua: `yealink SIP-T46G 28.83.0.50 ${mac}` })).status).toBe(200);
    expect(fingerprint(await fetchFile(file, { ua: YEALINK_UA(other) }))).toEqual(await unknownMac404());
    expect(fingerprint(await fetchFile(file, { ua: "Yealink SIP-T48G 35.83.0.50" }))).toEqual(await unknownMac404());
    expect(fingerprint(await fetchFile(file, { ua: "curl/8.5.0" }))).toEqual(await unknownMac404());
    expect(await events(mac)).toEqual(expect.arrayContaining(["user_agent_mac_mismatch", "user_agent_mismatch"]));
  });

  it("reads Cisco's MAC in parentheses, uppercase", async () => {
    const company = await companyWith({ checkUserAgent: true });
    const { mac, file } = await terminalOf(company.id, "cisco-spa504g");
    expect((await fetchFile(file, { ua: `Cisco/SPA504G-7.6.2 (${mac.toUpperCase()})(CBT1234567A)` })).status).toBe(200);
    expect((await fetchFile(file, { ua: "Cisco/SPA504G-7.6.2 (C46413000001)(CBT1234567A)" })).status).toBe(404);
  });
});

describe("HTTP Basic", () => {
  it("challenges, refuses a wrong answer like a missing one, and serves the right one", async () => {
    const company = await companyWith({ auth: { scheme: "basic", username: "prov", password: "B4sic-Pass" } });
    const { mac, file } = await terminalOf(company.id);

    const missing = await fetchFile(file);
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toMatch(/^Basic realm="edgeprov"/);
    expect(missing.body).not.toContain("300");

    const wrong = await fetchFile(file, { authorization: `Basic ${btoa("prov:nope")}` });
    expect(fingerprint(wrong)).toEqual(fingerprint(missing));
    expect((await fetchFile(file, { authorization: `Basic ${btoa("other:B4sic-Pass")}` })).status).toBe(401);

    const ok = await fetchFile(file, { authorization: `Basic ${btoa("prov:B4sic-Pass")}` });
    expect(ok.status).toBe(200);
    // The phone keeps authenticating: the template writes the credentials into it.
    const config = parseYealinkCfg(ok.body);
    expect(config.get("static.auto_provision.server.username")).toBe("prov");
    expect(config.get("static.auto_provision.server.password")).toBe("B4sic-Pass");
    expect(await events(mac)).toEqual(expect.arrayContaining(["served", "auth_missing", "auth_failed"]));
  });

  it("does not challenge for an unknown MAC", async () => {
    await companyWith({ auth: { scheme: "basic", username: "prov", password: "B4sic-Pass" } });
    expect((await fetchFile(`${nextMac("0015650e")}.cfg`)).status).toBe(404);
  });
});

async function digestAnswer(
  challenge: string,
  opts: { username: string; password: string; uri: string; method?: string; algorithm: "MD5" | "SHA-256"; nonce?: string },
) {
  const nonce = opts.nonce ?? /nonce="([^"]+)"/.exec(challenge)![1]!;
  const hash = async (s: string) =>
    [...new Uint8Array(await crypto.subtle.digest(opts.algorithm, new TextEncoder().encode(s)))].map((b) => b.toString(16).padStart(2, "0")).join("");
  const ha1 = await hash(`${opts.username}:${REALM}:${opts.password}`);
  const ha2 = await hash(`${opts.method ?? "GET"}:${opts.uri}`);
  const cnonce = "0a4f113b";
  const response = await hash(`${ha1}:${nonce}:00000001:${cnonce}:auth:${ha2}`);
  return `Digest username="${opts.username}", realm="${REALM}", nonce="${nonce}", uri="${opts.uri}", algorithm=${opts.algorithm}, qop=auth, nc=00000001, cnonce="${cnonce}", response="${response}"`;
}

describe("HTTP Digest (RFC 7616)", () => {
  it("offers SHA-256 and MD5 and accepts a right answer with either", async () => {
    const company = await companyWith({ auth: { scheme: "digest", username: "prov", password: "D1gest-Pass" } });
    const { file } = await terminalOf(company.id, "cisco-spa504g");
    const challenge = await fetchFile(file);
    expect(challenge.status).toBe(401);
    const offers = challenge.headers.get("www-authenticate")!;
    expect(offers).toContain("algorithm=SHA-256");
    expect(offers).toContain("algorithm=MD5");
    expect(offers).toContain('qop="auth"');

    for (const algorithm of ["SHA-256", "MD5"] as const) {
      const authorization = await digestAnswer(offers, { username: "prov", password: "D1gest-Pass", uri: `/provision/${file}`, algorithm });
      const ok = await fetchFile(file, { authorization });
      expect(ok.status, algorithm).toBe(200);
      expect(ok.body).toContain("[--uid prov --pwd D1gest-Pass]");
    }
  });

  it("refuses a wrong password, a forged nonce, another URI and an expired nonce", async () => {
    const company = await companyWith({ auth: { scheme: "digest", username: "prov", password: "D1gest-Pass" } });
    const { mac, file } = await terminalOf(company.id);
    const offers = (await fetchFile(file)).headers.get("www-authenticate")!;
    const uri = `/provision/${file}`;

    const wrong = await fetchFile(file, { authorization: await digestAnswer(offers, { username: "prov", password: "guess", uri, algorithm: "MD5" }) });
    expect(wrong.status).toBe(401);
    const forged = await digestAnswer(offers, { username: "prov", password: "D1gest-Pass", uri, algorithm: "MD5", nonce: `${Date.now().toString(36)}.${"0".repeat(64)}` });
    expect((await fetchFile(file, { authorization: forged })).status).toBe(401);
    const otherUri = await digestAnswer(offers, { username: "prov", password: "D1gest-Pass", uri: "/provision/other.cfg", algorithm: "MD5" });
    expect((await fetchFile(file, { authorization: otherUri })).status).toBe(401);

    // A nonce we signed six minutes ago: right credentials, but stale. The phone is told to retry.
    const key = env.DIGEST_SIGNING_KEY!;
    const old = await createNonce(key, Date.now() - 6 * 60_000);
    const stale = await fetchFile(file, { authorization: await digestAnswer(offers, { username: "prov", password: "D1gest-Pass", uri, algorithm: "MD5", nonce: old }) });
    expect(stale.status).toBe(401);
    expect(stale.headers.get("www-authenticate")).toContain("stale=true");
    expect(await events(mac)).toEqual(expect.arrayContaining(["auth_failed", "auth_stale"]));
  });
});

describe("lock after first fetch", () => {
  it("serves once, refuses like an unknown MAC, and serves once more after unlock", async () => {
    const company = await companyWith({ lockAfterFirstFetch: true });
    const { mac, file } = await terminalOf(company.id);

    expect((await fetchFile(file)).status).toBe(200);
    expect((await api("GET", `/terminals/${mac}`)).json.locked).toBe(true);
    expect(fingerprint(await fetchFile(file))).toEqual(await unknownMac404());

    const unlocked = await api("POST", `/terminals/${mac}/unlock`);
    expect(unlocked.status).toBe(200);
    expect(unlocked.json.locked).toBe(false);
    expect((await fetchFile(file)).status).toBe(200);
    expect((await fetchFile(file)).status).toBe(404);
    expect(await events(mac)).toContain("locked");
  });

  it("is not used up by a HEAD: the GET that follows still gets the file", async () => {
    const company = await companyWith({ lockAfterFirstFetch: true });
    const { mac, file } = await terminalOf(company.id);
    const head = await fetchFile(file, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.body).toBe("");
    expect((await api("GET", `/terminals/${mac}`)).json.locked).toBe(false);
    expect((await fetchFile(file)).status).toBe(200);
    expect((await fetchFile(file, { method: "HEAD" })).status).toBe(404);
  });

  it("lets only one of two racing first fetches through", async () => {
    const company = await companyWith({ lockAfterFirstFetch: true });
    const { file } = await terminalOf(company.id);
    const results = await Promise.all([fetchFile(file), fetchFile(file), fetchFile(file)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 404, 404]);
  });
});

const ISSUER = "CN=Yealink Equipment Issuing CA,O=Yealink,C=CN";

describe("client certificate", () => {
  it("wants a verified certificate whose subject carries the terminal's MAC", async () => {
    const company = await companyWith({ requireClientCertificate: true, clientCertificateIssuer: ISSUER });
    const { mac, file } = await terminalOf(company.id);
    const colon = mac.match(/../g)!.join(":");

    const ok = await fetchFile(file, { tlsClientAuth: { certVerified: "SUCCESS", certIssuerDN: ISSUER, certSubjectDN: `CN=${colon.toUpperCase()},O=Yealink` } });
    expect(ok.status).toBe(200);
    expect((await fetchFile(file, { tlsClientAuth: { certVerified: "SUCCESS", certIssuerDN: ISSUER, certSubjectDN: `CN=${mac.slice(0, 4)}.${mac.slice(4, 8)}.${mac.slice(8)}` } })).status).toBe(200);

    const refused = [
      await fetchFile(file),
      await fetchFile(file, { tlsClientAuth: { certVerified: "FAILED:self signed certificate", certSubjectDN: `CN=${mac}` } }),
      await fetchFile(file, { tlsClientAuth: { certVerified: "SUCCESS", certIssuerDN: ISSUER, certSubjectDN: "CN=001565000000" } }),
    ];
    for (const r of refused) expect(fingerprint(r)).toEqual(await unknownMac404());
    expect(await events(mac)).toEqual(expect.arrayContaining(["client_certificate_missing", "client_certificate_mac_mismatch"]));
  });
});

describe("events", () => {
  it("lists fetches and refusals newest first, a repeated success within a minute once", async () => {
    const company = await companyWith({ checkUserAgent: true });
    const { mac, file } = await terminalOf(company.id);
    await fetchFile(file, { ua: YEALINK_UA(mac) });
    await fetchFile(file, { ua: YEALINK_UA(mac) });
    await fetchFile(file, { ua: "Yealink SIP-T46G 28.83.0.50 00:15:65:00:00:01" });

    const res = await api("GET", `/terminals/${mac}/events`);
    expect(res.json.items.map((e: { outcome: string }) => e.outcome)).toEqual(["user_agent_mac_mismatch", "served"]);
    expect(res.json.items[1]).toMatchObject({ file, ip: "198.51.100.7", userAgent: YEALINK_UA(mac) });
  });

  it("always keeps a served fetch that changed something, even within the minute", async () => {
    const company = await companyWith({ lockAfterFirstFetch: true });
    const { mac, file } = await terminalOf(company.id);
    const ua = YEALINK_UA(mac);
    expect((await fetchFile(file, { ua })).status).toBe(200);
    expect((await api("POST", `/terminals/${mac}/unlock`)).status).toBe(200);
    // The same phone, same IP, within the minute: this fetch locks the terminal again, so it is recorded.
    expect((await fetchFile(file, { ua })).status).toBe(200);
    expect((await fetchFile(file, { ua })).status).toBe(404);
    expect(await events(mac)).toEqual(["locked", "served", "served"]);

    // A new User-Agent from the same IP within the minute is recorded too (a swapped or re-flashed phone).
    const plain = await terminalOf((await companyWith({})).id);
    const other = `Yealink SIP-T46G 28.86.0.10 ${plain.mac.match(/../g)!.join(":")}`;
    await fetchFile(plain.file, { ua: YEALINK_UA(plain.mac) });
    await fetchFile(plain.file, { ua: other });
    await fetchFile(plain.file, { ua: other });
    const items = (await api("GET", `/terminals/${plain.mac}/events`)).json.items;
    expect(items.map((e: { userAgent: string }) => e.userAgent)).toEqual([other, YEALINK_UA(plain.mac)]);
  });

  it("keeps the last 50", { timeout: 30_000 }, async () => {
    const company = await companyWith({});
    const { mac, file } = await terminalOf(company.id);
    for (let i = 0; i < 55; i++) await fetchFile(file, { ip: `192.0.2.${i + 1}` });
    const items = (await api("GET", `/terminals/${mac}/events`)).json.items;
    expect(items).toHaveLength(50);
    expect(items[0].ip).toBe("192.0.2.55");
    expect(items[49].ip).toBe("192.0.2.6");
  });
});

describe("rate limiting of misses", () => {
  it("stops an enumeration from one IP with 429, hits included, and leaves generic files and other IPs alone", { timeout: 60_000 }, async () => {
    const company = await companyWith({});
    const { file } = await terminalOf(company.id);
    const ip = "203.0.113.250";
    let first429 = -1;
    for (let i = 0; i < 130 && first429 < 0; i++) {
      const r = await fetchFile(`${nextMac("0015650d")}.cfg`, { ip });
      if (r.status === 429) first429 = i;
      else expect(r.status).toBe(404);
    }
    expect(first429).toBeGreaterThanOrEqual(90);
    const known = await fetchFile(file, { ip });
    expect(known.status).toBe(429);
    expect(Number(known.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await fetchFile("y000000000028.cfg", { ip })).status).toBe(200);
    expect((await fetchFile(file, { ip: "203.0.113.251" })).status).toBe(200);
  });

  it("serves 300 known phones behind one NAT fetching at once", async () => {
    const company = await companyWith({});
    const macs = Array.from({ length: 300 }, () => nextMac("0015650c"));
    const rows = macs.map((mac) => ({ companyId: company.id, model: "yealink-t46g", mac, lines: [{ username: "1" }] }));
    expect((await api("POST", "/terminals/import", rows)).status).toBe(201);
    const ip = "198.51.100.99";
    const responses = await Promise.all(
      macs.flatMap((mac) => [fetchFile("y000000000028.cfg", { ip, ua: YEALINK_UA(mac) }), fetchFile(`${mac}.cfg`, { ip, ua: YEALINK_UA(mac) })]),
    );
    expect(responses.filter((r) => r.status !== 200)).toHaveLength(0);
  }, 60_000);
});

describe("unknown devices", () => {
  it("records a phone-looking request for an unknown MAC, and assigning it makes the phone's file", async () => {
    const company = await companyWith({});
    const mac = nextMac("0015650b");
    await fetchFile(`${mac}.cfg`, { ua: YEALINK_UA(mac), ip: "192.0.2.77" });
    await fetchFile(`${nextMac("0015650b")}.cfg`, { ua: "python-requests/2.31" });

    const list = await api("GET", "/unknown-devices?limit=500");
    const device = list.json.items.find((d: { mac: string }) => d.mac === mac);
    const model = (await api("GET", "/models?iden=yealink-t46g")).json.items[0];
    expect(device).toMatchObject({ mac, modelId: model.id, ip: "192.0.2.77", userAgent: YEALINK_UA(mac), path: `${mac}.cfg`, count: 1 });
    expect(list.json.items.some((d: { userAgent: string }) => d.userAgent === "python-requests/2.31")).toBe(false);

    const assigned = await api("POST", `/unknown-devices/${mac}/assign`, { companyId: company.id, name: "Found", lines: [{ username: "500", password: "found-it-1" }] });
    expect(assigned.status, assigned.text).toBe(201);
    expect(assigned.json).toMatchObject({ mac, modelId: model.id, name: "Found" });
    expect(parseYealinkCfg((await fetchFile(`${mac}.cfg`)).body).get("account.1.password")).toBe("found-it-1");
    expect((await api("GET", "/unknown-devices?limit=500")).json.items.some((d: { mac: string }) => d.mac === mac)).toBe(false);
  });

  it("forgets a device on DELETE", async () => {
    const mac = nextMac("0015650b");
    await fetchFile(`${mac}.cfg`, { ua: YEALINK_UA(mac) });
    expect((await api("DELETE", `/unknown-devices/${mac}`)).status).toBe(204);
    expect((await api("DELETE", `/unknown-devices/${mac}`)).status).toBe(404);
  });
});

describe("what is not an enumeration", () => {
  it("does not count a known phone's other files, nor all-zero placeholders, as misses", { timeout: 60_000 }, async () => {
    const company = await companyWith({});
    const { mac, file } = await terminalOf(company.id);
    const ip = "203.0.113.240";
    // Well past the limit of misses: a Yealink asks these before (and besides) its MAC file.
    for (let i = 0; i < 60; i++) {
      for (const other of [`${mac}.boot`, `${mac}-local.cfg`, "y000000000000.boot"]) {
        expect((await fetchFile(other, { ip, ua: YEALINK_UA(mac) })).status).toBe(404);
      }
    }
    expect((await fetchFile(file, { ip, ua: YEALINK_UA(mac) })).status).toBe(200);
    const devices = (await api("GET", "/unknown-devices?limit=500")).json.items.map((d: { mac: string }) => d.mac);
    expect(devices).not.toContain("000000000000");
  });
});

describe("hardening", () => {
  it("refuses a revoked certificate and a subject that names more than one MAC", async () => {
    const company = await companyWith({ requireClientCertificate: true, clientCertificateIssuer: ISSUER });
    const a = await terminalOf(company.id);
    const b = await terminalOf(company.id);
    const revoked = await fetchFile(a.file, { tlsClientAuth: { certVerified: "SUCCESS", certIssuerDN: ISSUER, certRevoked: "1", certSubjectDN: `CN=${a.mac}` } });
    expect(fingerprint(revoked)).toEqual(await unknownMac404());
    const two = { certVerified: "SUCCESS", certIssuerDN: ISSUER, certRevoked: "0", certSubjectDN: `CN=${a.mac},serialNumber=${b.mac}` };
    expect((await fetchFile(a.file, { tlsClientAuth: two })).status).toBe(404);
    expect((await fetchFile(b.file, { tlsClientAuth: two })).status).toBe(404);
    expect((await fetchFile(a.file, { tlsClientAuth: { certVerified: "SUCCESS", certIssuerDN: ISSUER, certRevoked: "0", certSubjectDN: `CN=${a.mac}` } })).status).toBe(200);
  });

  it("stops guessing of the company password from one IP with 429", { timeout: 60_000 }, async () => {
    const company = await companyWith({ auth: { scheme: "basic", username: "prov", password: "Guess-Me-42" } });
    const { file } = await terminalOf(company.id);
    const ip = "203.0.113.230";
    let first429 = -1;
    for (let i = 0; i < 130 && first429 < 0; i++) {
      const r = await fetchFile(file, { ip, authorization: `Basic ${btoa(`prov:guess-${i}`)}` });
      if (r.status === 429) first429 = i;
      else expect(r.status).toBe(401);
    }
    expect(first429).toBeGreaterThanOrEqual(90);
    // Even the right password waits out the window from that IP; other IPs are not affected.
    expect((await fetchFile(file, { ip, authorization: `Basic ${btoa("prov:Guess-Me-42")}` })).status).toBe(429);
    expect((await fetchFile(file, { ip: "203.0.113.231", authorization: `Basic ${btoa("prov:Guess-Me-42")}` })).status).toBe(200);
  });

  it("offers Digest only with DIGEST_SIGNING_KEY, and keeps auth credentials usable", async () => {
    const company = await companyWith({ auth: { scheme: "digest", username: "prov", password: "D1gest-Pass" } });
    const { file } = await terminalOf(company.id);
    const noKey = { ...env, DIGEST_SIGNING_KEY: undefined };
    const request = new Request(BASE + file, { headers: { "cf-connecting-ip": "198.51.100.8" } });
    const ctx = createExecutionContext();
    expect((await worker.fetch(request, noKey, ctx)).status).toBe(404);
    await waitOnExecutionContext(ctx);

    const create = new Request("https://provision.example.com/api/v1/companies", {
      method: "POST",
      headers: { authorization: `Bearer ${env.ADMIN_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "No key", sipDomain: "sip.nokey.example", policy: { auth: { scheme: "digest", username: "p", password: "12345678" } } }),
    });
    const refused = await worker.fetch(create, noKey, createExecutionContext());
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { details: { path: string }[] } }).error.details[0]!.path).toBe("policy.auth.scheme");

    const bad = await api("POST", "/companies", { name: "Bad", sipDomain: "sip.bad.example", policy: { auth: { scheme: "basic", username: "a:b", password: "short" } } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["policy.auth.password", "policy.auth.username"]);
  });
});
