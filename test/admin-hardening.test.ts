// Findings of a security review of the admin side, each as the behaviour a user sees: the API over plain
// HTTP, spreadsheet formulas in exports, templates that reach Object.prototype or render megabytes, a
// network allow list that allows everything, a short ADMIN_TOKEN, and an inbox anyone could rewrite.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { UNKNOWN_DEVICES_PER_CLIENT } from "../src/db/phone-log";
import { ADMIN_TOKEN, api, BASE, expectError } from "./api";
import worker from "./worker";
import { YEALINK_UA } from "./phone-fetch";

let macCounter = 0x900;
const nextMac = () => "0015650f" + (macCounter++).toString(16).padStart(4, "0");

async function companyId(body: Record<string, unknown> = {}) {
  const res = await api("POST", "/companies", { name: "Hardening", sipDomain: "sip.hard.example", ...body });
  expect(res.status, res.text).toBe(201);
  return res.json.id as number;
}

/** Straight into the Worker with another environment, waiting for its waitUntil work. */
async function direct(request: Request, overrides: Record<string, unknown> = {}) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(request, { ...env, ...overrides } as typeof env, ctx);
  const text = await res.text();
  await waitOnExecutionContext(ctx);
  const json = (res.headers.get("content-type") ?? "").startsWith("application/json") ? JSON.parse(text) : null;
  return { status: res.status, text, json };
}

let errors: MockInstance;
beforeEach(() => {
  errors = vi.spyOn(console, "error").mockImplementation(() => {});
});
afterEach(() => errors.mockRestore());

describe("the admin API over plain HTTP", () => {
  it("is refused with REQUIRE_HTTPS on, before the token is used; served with it off (local dev)", async () => {
    const init = { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } };
    const plain = await exports.default.fetch("http://provision.example.com/api/v1/terminals", init);
    expect(plain.status).toBe(403);
    const body = (await plain.json()) as { error: { code: string } };
    expect(body.error.code).toBe("https_required");
    expect(JSON.stringify(body)).not.toContain("items");
    const off = await direct(new Request("http://localhost/api/v1/terminals", init), { REQUIRE_HTTPS: "false" });
    expect(off.status).toBe(200);
  });

  it("refuses every /api path over plain HTTP, the public description too (it is served over HTTPS)", async () => {
    // Routes that do not exist too, outside /api/v1 as well: refused before routing, not a 404.
    for (const path of ["/api/v1/openapi.json", "/api/v1/reference", "/api/v1/whoami", "/api/v1/tokens", "/api/v1/nope", "/api/whoami", "/api", "/api/", "/api/v2/terminals"]) {
      const plain = await exports.default.fetch(`http://provision.example.com${path}`);
      expect(plain.status, path).toBe(403);
      expect(((await plain.json()) as { error: { code: string } }).error.code).toBe("https_required");
    }
    expect((await exports.default.fetch(`${BASE}/api/v1/openapi.json`)).status).toBe(200);
  });
});

describe("CSV export", () => {
  it("neutralises cells a spreadsheet would run as formulas, and the export imports back unchanged", async () => {
    const company = await companyId();
    const mac = nextMac();
    const created = await api("POST", "/terminals", {
      companyId: company,
      model: "yealink-t46g",
      mac,
      name: '=HYPERLINK("http://evil.example","x")',
      lines: [{ username: "7", displayName: "@SUM(A1)", extension: "+1" }],
    });
    expect(created.status, created.text).toBe(201);
    const csv = (await api("GET", `/terminals/export?companyId=${company}`)).text;
    const row = csv.split("\r\n")[1]!;
    expect(row).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(row).toContain(",'@SUM(A1),");
    expect(row).toContain(",'+1");
    expect(row).not.toMatch(/(^|,)[=+@-]/);

    expect((await api("DELETE", `/terminals/${mac}`)).status).toBe(204);
    const reimported = await api("POST", "/terminals/import", csv, { type: "text/csv" });
    expect(reimported.status, reimported.text).toBe(201);
    const back = (await api("GET", `/terminals/${mac}`)).json;
    expect(back.name).toBe('=HYPERLINK("http://evil.example","x")');
    expect(back.lines[0]).toMatchObject({ displayName: "@SUM(A1)", extension: "+1" });
  });
});

describe("custom templates", () => {
  async function put(template: string, iden = "yealink-t46g") {
    const model = (await api("GET", `/models?iden=${iden}`)).json.items[0];
    return api("PUT", `/models/${model.id}/templates/specific`, template, { type: "text/plain" });
  }

  it("refuse names found only on Object.prototype", async () => {
    for (const template of ["{{constructor}}", "{{#lines}}{{constructor.name}}{{/lines}}", "{{lines.map}}", "{{mac.length}}", "{{__proto__}}"]) {
      const res = await put(template);
      expectError(res, 400, "validation_failed", "template");
      expect(res.json.error.details[0].message).toMatch(/unknown name/);
    }
  });

  it("refuse sections nested past the cap, and templates that could render more than the output cap", async () => {
    const deep = await put("{{#line}}{{#line}}{{#line}}{{#line}}{{#line}}x{{/line}}{{/line}}{{/line}}{{/line}}{{/line}}");
    expectError(deep, 400, "validation_failed", "template");
    expect(deep.json.error.details[0].message).toMatch(/nest more than 4/);
    // About 150 bytes; with every list at the model's lines this is hundreds of KiB per request.
    const bomb = await put("{{#lines}}{{#unusedLines}}{{#lines}}{{#unusedLines}}account={{username}}:{{password}}:{{displayName}}:{{position}}\n{{/unusedLines}}{{/lines}}{{/unusedLines}}{{/lines}}");
    expectError(bomb, 400, "validation_failed", "template");
    expect(bomb.json.error.details[0].message).toMatch(/KiB/);
    // An ordinary per-line template is fine.
    const fine = await put("{{#lines}}account.{{position}}.user_name = {{username}}\n{{/lines}}");
    expect(fine.status, fine.text).toBe(200);
    await api("DELETE", `/models/${(await api("GET", "/models?iden=yealink-t46g")).json.items[0].id}/templates/specific`);
  });
});

describe("company network allow lists", () => {
  it("refuse entries broader than IPv4 /16 or IPv6 /32 (everything, halves of it, 2000::/3), naming the entry", async () => {
    const broad = [["0.0.0.0/0"], ["::/0"], ["0.0.0.0/1", "128.0.0.0/1"], ["::/1", "8000::/1"], ["2000::/3"], ["10.0.0.0/8"], ["198.50.0.0/15"], ["2001:db8::/31"]];
    for (const networks of broad) {
      const res = await api("POST", "/companies", { name: "Open", sipDomain: "sip.open.example", policy: { allowedNetworks: ["192.0.2.0/24", ...networks] } });
      expectError(res, 400, "validation_failed", "policy.allowedNetworks.1");
      expect(res.json.error.details[0].message).toContain(`${networks[0]} is broader than`);
    }
    const id = await companyId();
    // Nor can they stand in for a real allow list beside plain HTTP (allowHttpFor): nothing is stored.
    for (const allowedNetworks of [["0.0.0.0/1", "128.0.0.0/1"], ["::/1", "8000::/1"], ["2000::/3"]]) {
      expectError(await api("PATCH", `/companies/${id}`, { policy: { allowedNetworks, allowHttpFor: ["cisco-spa"] } }), 400, "validation_failed", "policy.allowedNetworks.0");
    }
    expect((await api("GET", `/companies/${id}`)).json.policy).toMatchObject({ allowedNetworks: [], allowHttpFor: [] });
    // The broadest entries a site list may hold.
    const sites = await api("PATCH", `/companies/${id}`, { policy: { allowedNetworks: ["198.51.0.0/16", "2001:db8::/32", "203.0.113.7"] } });
    expect(sites.status, sites.text).toBe(200);
  });

  it("stored before the rule, a broader entry matches no address: such a list lets nobody in", async () => {
    const id = await companyId({ policy: { allowedNetworks: ["192.0.2.0/24"], allowHttpFor: ["cisco-spa"] } });
    const mac = nextMac().replace(/^0015650f/, "c464130f");
    expect((await api("POST", "/terminals", { companyId: id, model: "cisco-spa504g", mac, lines: [{ username: "77", password: "spa-line-pw" }] })).status).toBe(201);
    await env.DB.prepare("update companies set policy = json_set(policy, '$.allowedNetworks', json_array('0.0.0.0/1', '128.0.0.0/1', '::/1', '8000::/1')) where id = ?").bind(id).run();
    for (const ip of ["203.0.113.9", "2001:db8::9"]) {
      const res = await direct(new Request(`http://provision.example.com/provision/${mac}.xml`, { headers: { "cf-connecting-ip": ip } }));
      expect(res.status, ip).toBe(404);
      expect(res.text).not.toContain("spa-line-pw");
    }
    const events = (await api("GET", `/terminals/${mac}/events`)).json.items.map((e: { outcome: string }) => e.outcome);
    expect(events).toEqual(["network_not_allowed", "network_not_allowed"]);
  });
});

describe("company policy errors", () => {
  it("names every rule a policy breaks at once, each at its field, and stores nothing", async () => {
    const id = await companyId();
    const res = await api("PATCH", `/companies/${id}`, { name: "Renamed", policy: { requireClientCertificate: true, allowHttpFor: ["cisco-spa"], auth: { scheme: "basic", username: "prov", password: "basic-pass-1" } } });
    expectError(res, 400, "validation_failed");
    expect(res.json.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["policy.allowHttpFor", "policy.clientCertificateIssuer"]);
    const stored = (await api("GET", `/companies/${id}`)).json;
    expect(stored.name).not.toBe("Renamed");
    expect(stored.policy).toMatchObject({ requireClientCertificate: false, allowHttpFor: [], auth: null });
  });

  it("takes each plain-HTTP family once", async () => {
    const id = await companyId();
    const res = await api("PATCH", `/companies/${id}`, { policy: { allowedNetworks: ["192.0.2.0/24"], allowHttpFor: ["cisco-spa", "cisco-spa"] } });
    expectError(res, 400, "validation_failed", "policy.allowHttpFor");
    expect(res.json.error.details[0].message).toContain("at most once");
    expect((await api("GET", `/companies/${id}`)).json.policy.allowHttpFor).toEqual([]);
  });

  it("reports a value of the wrong type by its type alone", async () => {
    const id = await companyId();
    for (const [field, value] of [["allowHttpFor", "cisco-spa"], ["allowedNetworks", "192.0.2.0/24"]] as const) {
      const res = await api("PATCH", `/companies/${id}`, { policy: { [field]: value } });
      expectError(res, 400, "validation_failed", `policy.${field}`);
      expect(res.json.error.details, res.text).toEqual([{ path: `policy.${field}`, message: expect.stringContaining("expected array") }]);
    }
  });
});

describe("ADMIN_TOKEN", () => {
  it("under 32 characters closes the API with 503 as when unset, and the log says why", async () => {
    const short = "short-admin-token-31-characters";
    expect(short.length).toBe(31);
    const res = await direct(new Request(`${BASE}/api/v1/terminals`, { headers: { authorization: `Bearer ${short}` } }), { ADMIN_TOKEN: short });
    expect(res.status).toBe(503);
    expect(res.json.error.code).toBe("api_disabled");
    const logged = errors.mock.calls.map((args) => String(args[0])).join("\n");
    expect(logged).toContain("shorter than 32 characters");
    expect(logged).not.toContain(short);
    const enough = `${short}x`;
    expect((await direct(new Request(`${BASE}/api/v1/terminals`, { headers: { authorization: `Bearer ${enough}` } }), { ADMIN_TOKEN: enough })).status).toBe(200);
  });
});

describe("the unknown-devices inbox", () => {
  async function sighting(mac: string, ip: string, ua = YEALINK_UA(mac)) {
    await direct(new Request(`${BASE}/provision/${mac}.cfg`, { headers: { "user-agent": ua, "cf-connecting-ip": ip } }));
  }
  async function inbox() {
    return (await api("GET", "/unknown-devices?limit=500")).json.items as { mac: string; ip: string; userAgent: string; count: number; lastSeen: string }[];
  }

  it("keeps the first sighting's IP and User-Agent: a later request only moves lastSeen and the count", async () => {
    const mac = nextMac();
    await sighting(mac, "192.0.2.10");
    const first = (await inbox()).find((d) => d.mac === mac)!;
    // Recorded at most once a minute: make the first sighting older than that.
    await env.DB.prepare("update unknown_devices set last_seen = last_seen - 120000 where mac = ?").bind(mac).run();
    await sighting(mac, "203.0.113.66", `Yealink SIP-T46G 28.83.0.50 attacker ${mac.match(/../g)!.join(":")}`);
    const after = (await inbox()).find((d) => d.mac === mac)!;
    expect(after).toMatchObject({ ip: "192.0.2.10", userAgent: first.userAgent, count: 2 });
    expect(Date.parse(after.lastSeen)).toBeGreaterThan(Date.parse(first.lastSeen) - 120000);
  });

  it("takes at most a bounded number of new MACs from one client, so one client cannot flush it", async () => {
    const ip = "198.51.100.201";
    const macs = Array.from({ length: UNKNOWN_DEVICES_PER_CLIENT + 5 }, nextMac);
    for (const mac of macs) await sighting(mac, ip);
    const fromIp = (await inbox()).filter((d) => d.ip === ip);
    expect(fromIp).toHaveLength(UNKNOWN_DEVICES_PER_CLIENT);
    // Another client is not affected.
    const other = nextMac();
    await sighting(other, "198.51.100.202");
    expect((await inbox()).some((d) => d.mac === other)).toBe(true);
  });

  it("counts an IPv6 client per /64, as the miss limit does: a fresh address per request gets no fresh budget", async () => {
    const macs = Array.from({ length: UNKNOWN_DEVICES_PER_CLIENT + 5 }, nextMac);
    for (const [i, mac] of macs.entries()) await sighting(mac, `2001:db8:77:1::${(i + 1).toString(16)}`);
    const fromNet = (await inbox()).filter((d) => d.ip.startsWith("2001:db8:77:1::"));
    expect(fromNet).toHaveLength(UNKNOWN_DEVICES_PER_CLIENT);
    // Each kept its own address as seen; the next /64 is another client.
    expect(new Set(fromNet.map((d) => d.ip)).size).toBe(UNKNOWN_DEVICES_PER_CLIENT);
    const neighbour = nextMac();
    await sighting(neighbour, "2001:db8:77:2::1");
    expect((await inbox()).some((d) => d.mac === neighbour)).toBe(true);
    expect((await inbox()).every((d) => !("client" in d))).toBe(true);
  });
});
