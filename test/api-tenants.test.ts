// API tokens and tenants: a company's token sees and changes only its company; a read token changes
// nothing; revoked and expired tokens are refused like unknown ones; the OpenAPI document says which
// token each operation needs.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, expectError, type Res } from "./api";

let macCounter = 0x500;
function nextMac(): string {
  macCounter += 1;
  return "0015650d" + macCounter.toString(16).padStart(4, "0");
}

async function company(name: string) {
  const res = await api("POST", "/companies", { name, sipDomain: "sip.tenant.example" });
  expect(res.status, res.text).toBe(201);
  return res.json.id as number;
}

async function terminal(companyId: number) {
  const res = await api("POST", "/terminals", { companyId, model: "yealink-t46g", mac: nextMac(), name: "Desk", lines: [{ username: "10", password: "tenant-pw-10" }] });
  expect(res.status, res.text).toBe(201);
  return res.json as { id: number; mac: string };
}

async function token(body: Record<string, unknown>) {
  const res = await api("POST", "/tokens", { name: "test", companyId: null, ...body });
  expect(res.status, res.text).toBe(201);
  return res.json as { id: number; token: string };
}

/** The body with its request id taken out: what two refusals must share. */
function sameShape(res: Res) {
  const { requestId: _, ...error } = res.json.error;
  return { status: res.status, error };
}

describe("API tokens", () => {
  it("are created by ADMIN_TOKEN, shown once, listed without secret or hash, and revoked", async () => {
    const created = await api("POST", "/tokens", { name: "CI reader", companyId: null, role: "read" });
    expect(created.status, created.text).toBe(201);
    expect(created.json).toMatchObject({ name: "CI reader", companyId: null, role: "read", expiresAt: null, revokedAt: null });
    expect(created.json.token).toMatch(/^ept_[A-Za-z0-9_-]{43}$/);
    expect(created.json).not.toHaveProperty("secretHash");

    const listed = await api("GET", "/tokens?limit=500");
    const row = listed.json.items.find((t: { id: number }) => t.id === created.json.id);
    expect(row).toMatchObject({ name: "CI reader", role: "read" });
    expect(Object.keys(row)).not.toContain("token");
    expect(Object.keys(row)).not.toContain("secretHash");
    expect(listed.text).not.toContain(created.json.token);
    // Only the digest is stored.
    const stored = await env.DB.prepare("select * from api_tokens where id = ?").bind(created.json.id).first<Record<string, unknown>>();
    expect(JSON.stringify(stored)).not.toContain(created.json.token.slice(4));

    expect((await api("GET", "/terminals", undefined, { token: created.json.token })).status).toBe(200);
    expect((await api("GET", "/whoami", undefined, { token: created.json.token })).json).toEqual({ tokenId: String(created.json.id), companyId: null, role: "read" });
    expect((await api("GET", "/whoami")).json).toEqual({ tokenId: "global", companyId: null, role: "admin" });
    expect((await api("DELETE", `/tokens/${created.json.id}`)).status).toBe(204);
    const revoked = await api("GET", "/terminals", undefined, { token: created.json.token });
    const unknown = await api("GET", "/terminals", undefined, { token: `ept_${"A".repeat(43)}` });
    expectError(revoked, 401, "unauthorized");
    expect(sameShape(revoked)).toEqual(sameShape(unknown));
    expect((await api("GET", "/tokens?limit=500")).json.items.find((t: { id: number }) => t.id === created.json.id).revokedAt).not.toBeNull();
    expectError(await api("DELETE", "/tokens/999999"), 404, "not_found");
  });

  it("an expired token is refused exactly like an unknown one; a past expiry is refused at creation", async () => {
    expectError(await api("POST", "/tokens", { name: "old", companyId: null, role: "admin", expiresAt: "2020-01-01T00:00:00Z" }), 400, "validation_failed", "expiresAt");
    const soon = await token({ role: "admin", expiresAt: new Date(Date.now() + 60_000).toISOString() });
    expect((await api("GET", "/terminals", undefined, { token: soon.token })).status).toBe(200);
    await env.DB.prepare("update api_tokens set expires_at = ? where id = ?").bind(Date.now() - 1, soon.id).run();
    const expired = await api("GET", "/terminals", undefined, { token: soon.token });
    expect(sameShape(expired)).toEqual(sameShape(await api("GET", "/terminals", undefined, { token: `ept_${"B".repeat(43)}` })));
  });

  it("records when a token was last used, at most once a minute", async () => {
    const t = await token({ role: "read" });
    expect((await api("GET", "/companies", undefined, { token: t.token })).status).toBe(200);
    let lastUsed: string | null = null;
    for (let i = 0; i < 50 && !lastUsed; i++) {
      lastUsed = (await api("GET", "/tokens?limit=500")).json.items.find((x: { id: number }) => x.id === t.id).lastUsedAt;
      if (!lastUsed) await new Promise((r) => setTimeout(r, 20));
    }
    expect(Date.parse(lastUsed!)).toBeGreaterThan(Date.now() - 60_000);
    await api("GET", "/companies", undefined, { token: t.token });
    await new Promise((r) => setTimeout(r, 50));
    expect((await api("GET", "/tokens?limit=500")).json.items.find((x: { id: number }) => x.id === t.id).lastUsedAt).toBe(lastUsed);
  });

  it("only ADMIN_TOKEN manages tokens, and a token of no company must name an existing company if any", async () => {
    const admin = await token({ role: "admin" });
    expectError(await api("GET", "/tokens", undefined, { token: admin.token }), 403, "forbidden");
    expectError(await api("POST", "/tokens", { name: "x", role: "admin" }, { token: admin.token }), 403, "forbidden");
    expectError(await api("POST", "/tokens", { name: "x", role: "admin", companyId: 999999 }), 400, "validation_failed", "companyId");
    expectError(await api("POST", "/tokens", { name: "x", companyId: null, role: "owner" }), 400, "validation_failed", "role");
  });

  it("need companyId, a company's id or null for every company: left out it is a 400 and no token is made", async () => {
    const before = (await env.DB.prepare("select count(*) as n from api_tokens").first<{ n: number }>())!.n;
    const missing = await api("POST", "/tokens", { name: "forgot", role: "admin" });
    expectError(missing, 400, "validation_failed", "companyId");
    expect(missing.json.error.details[0].message).toMatch(/required.*null for a token of every company/);
    expect(missing.text).not.toContain("ept_");
    expect((await env.DB.prepare("select count(*) as n from api_tokens").first<{ n: number }>())!.n).toBe(before);
    const doc = (await api("GET", "/openapi.json")).json;
    expect(doc.components.schemas.ApiTokenCreate.required).toContain("companyId");
  });

  it("go with their company when it is deleted", async () => {
    const id = await company("Short-lived");
    const t = await token({ role: "admin", companyId: id });
    expect((await api("DELETE", `/companies/${id}`)).status).toBe(204);
    expect((await api("GET", "/terminals", undefined, { token: t.token })).status).toBe(401);
  });
});

describe("a company's token", () => {
  it("sees and changes its own company's terminals only; another company's are a 404 like a missing one", async () => {
    const a = await company("Tenant A");
    const b = await company("Tenant B");
    const mine = await terminal(a);
    const theirs = await terminal(b);
    const { token: t } = await token({ role: "admin", companyId: a });
    const as = (method: string, path: string, body?: unknown) => api(method, path, body, { token: t });

    const list = await as("GET", "/terminals?limit=500");
    expect(list.json.items.map((x: { companyId: number }) => x.companyId)).toEqual([a]);
    expect((await as("GET", `/terminals?companyId=${b}`)).json.items).toEqual([]);
    expect((await as("GET", `/terminals/${mine.mac}`)).status).toBe(200);

    const missing = await as("GET", "/terminals/02ffffffff77");
    expectError(missing, 404, "not_found");
    for (const [method, path, body] of [
      ["GET", `/terminals/${theirs.mac}`],
      ["GET", `/terminals/${theirs.id}`],
      ["GET", `/terminals/${theirs.mac}/config`],
      ["GET", `/terminals/${theirs.mac}/events`],
      ["PATCH", `/terminals/${theirs.mac}`, { name: "Mine now" }],
      ["POST", `/terminals/${theirs.mac}/unlock`],
      ["DELETE", `/terminals/${theirs.mac}`],
    ] as [string, string, unknown?][]) {
      expect(sameShape(await as(method, path, body)), `${method} ${path}`).toEqual(sameShape(missing));
    }
    expect((await api("GET", `/terminals/${theirs.mac}`)).json.name).toBe("Desk");

    // Into another company: "no such company", as for one that does not exist.
    expectError(await as("POST", "/terminals", { companyId: b, model: "yealink-t46g", mac: nextMac() }), 400, "validation_failed", "companyId");
    expectError(await as("PATCH", `/terminals/${mine.mac}`, { companyId: b }), 400, "validation_failed", "companyId");
    expect((await as("POST", "/terminals", { companyId: a, model: "yealink-t46g", mac: nextMac() })).status).toBe(201);
    expect((await as("PATCH", `/terminals/${mine.mac}`, { name: "Renamed" })).json.name).toBe("Renamed");
  });

  it("imports into its company only, row by row, and exports its company only", async () => {
    const a = await company("Importer A");
    const b = await company("Importer B");
    await terminal(b);
    const { token: t } = await token({ role: "admin", companyId: a });
    const rows = [
      { companyId: a, model: "yealink-t46g", mac: nextMac() },
      { companyId: b, model: "yealink-t46g", mac: nextMac() },
    ];
    const refused = await api("POST", "/terminals/import", rows, { token: t });
    expect(refused.status).toBe(400);
    expect(refused.json.error.details).toEqual([{ row: 2, field: "companyId", path: "rows[2].companyId", message: "no such company" }]);
    expect((await api("POST", "/terminals/import", rows.slice(0, 1), { token: t })).status).toBe(201);

    const csv = await api("GET", "/terminals/export", undefined, { token: t });
    const lines = csv.text.trim().split("\r\n").slice(1);
    expect(lines.length).toBe(1);
    expect(lines.every((l) => l.startsWith(`${a},`))).toBe(true);
    const json = await api("GET", `/terminals/export?format=json&companyId=${b}`, undefined, { token: t });
    expect(json.json).toEqual([]);
  });

  it("reads and changes its own company record, but not another, not the list of all, and cannot create or delete companies", async () => {
    const a = await company("Self A");
    const b = await company("Self B");
    const { token: t } = await token({ role: "admin", companyId: a });
    const as = (method: string, path: string, body?: unknown) => api(method, path, body, { token: t });
    expect((await as("GET", "/companies?limit=500")).json.items.map((c: { id: number }) => c.id)).toEqual([a]);
    expect(sameShape(await as("GET", `/companies/${b}`))).toEqual(sameShape(await as("GET", "/companies/999999")));
    expect(sameShape(await as("PATCH", `/companies/${b}`, { name: "Taken" }))).toEqual(sameShape(await as("GET", "/companies/999999")));
    const patched = await as("PATCH", `/companies/${a}`, { name: "Self A2", policy: { lockAfterFirstFetch: true } });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.json.policy.lockAfterFirstFetch).toBe(true);
    expectError(await as("DELETE", `/companies/${a}`), 403, "forbidden");
    expectError(await as("POST", "/companies", { name: "New", sipDomain: "sip.new.example" }), 403, "forbidden");
    expect((await api("GET", `/companies/${b}`)).json.name).toBe("Self B");
  });

  it("reads the catalog but cannot change it", async () => {
    const { token: t } = await token({ role: "admin", companyId: await company("Catalog reader") });
    const as = (method: string, path: string, body?: unknown) => api(method, path, body, { token: t });
    const model = (await as("GET", "/models?iden=yealink-t46g")).json.items[0];
    expect(model.iden).toBe("yealink-t46g");
    expect((await as("GET", "/manufacturers")).status).toBe(200);
    expectError(await as("POST", "/manufacturers", { iden: "evil", name: "Evil" }), 403, "forbidden");
    expectError(await as("PATCH", `/models/${model.id}`, { name: "Evil" }), 403, "forbidden");
    expectError(await as("DELETE", `/models/${model.id}`), 403, "forbidden");
    expectError(await as("PUT", `/models/${model.id}/templates/specific`, { template: "x" }), 403, "forbidden");
    expectError(await as("DELETE", `/models/${model.id}/templates/specific`), 403, "forbidden");
    expect((await api("GET", `/models/${model.id}`)).json.name).toBe(model.name);
  });

  it("cannot list or flush the unknown-devices inbox, but assigns a MAC from it into its own company only", async () => {
    const a = await company("Inbox A");
    const b = await company("Inbox B");
    const { token: t } = await token({ role: "admin", companyId: a });
    const mac = nextMac();
    const now = Date.now();
    await env.DB.prepare("insert into unknown_devices (mac, model_id, user_agent, ip, path, first_seen, last_seen, count) values (?, null, 'ua', '192.0.2.1', ?, ?, ?, 1)")
      .bind(mac, `${mac}.cfg`, now, now)
      .run();
    expectError(await api("GET", "/unknown-devices", undefined, { token: t }), 403, "forbidden");
    expectError(await api("DELETE", `/unknown-devices/${mac}`, undefined, { token: t }), 403, "forbidden");
    // Another company is refused first, with the same answer whether the MAC is in the inbox or not: the
    // answer must not tell a token that may not list the inbox what is in it.
    const absent = nextMac();
    for (const body of [{ companyId: b, model: "yealink-t46g" }, { companyId: b }, { companyId: 999999, model: "yealink-t46g" }]) {
      const listed = await api("POST", `/unknown-devices/${mac}/assign`, body, { token: t });
      expectError(listed, 400, "validation_failed", "companyId");
      expect(sameShape(await api("POST", `/unknown-devices/${absent}/assign`, body, { token: t })), JSON.stringify(body)).toEqual(sameShape(listed));
    }
    const assigned = await api("POST", `/unknown-devices/${mac}/assign`, { companyId: a, model: "yealink-t46g" }, { token: t });
    expect(assigned.status, assigned.text).toBe(201);
    expect(assigned.json.companyId).toBe(a);
  });
});

describe("a read token", () => {
  it("reads, and gets 403 on every write the API has", async () => {
    const a = await company("Reader Co");
    const mine = await terminal(a);
    const global = await token({ role: "read" });
    const scoped = await token({ role: "read", companyId: a });
    const doc = (await api("GET", "/openapi.json")).json;
    // The inbox belongs to no company: a read token of no company may list it, a company's may not.
    expect((await api("GET", "/unknown-devices", undefined, { token: global.token })).status).toBe(200);
    expectError(await api("GET", "/unknown-devices", undefined, { token: scoped.token }), 403, "forbidden");
    for (const t of [global.token, scoped.token]) {
      expect((await api("GET", `/terminals/${mine.mac}`, undefined, { token: t })).status).toBe(200);
      for (const [template, operations] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
        for (const method of Object.keys(operations).filter((m) => ["post", "put", "patch", "delete"].includes(m))) {
          const path = template.replace(/\{(\w+)\}/g, (_, name: string) => (/mac/i.test(name) ? mine.mac : name === "kind" ? "generic" : String(a)));
          const res = await api(method.toUpperCase(), path, {}, { token: t });
          expect(res.status, `${method} ${path}`).toBe(403);
        }
      }
    }
    expect((await api("GET", `/terminals/${mine.mac}`)).json.name).toBe("Desk");
  });
});

describe("the OpenAPI document", () => {
  it("says which token each operation needs, the same rule the API applies", async () => {
    const doc = (await api("GET", "/openapi.json")).json;
    const roles = new Map<string, string>();
    for (const [path, operations] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      for (const [method, op] of Object.entries(operations)) {
        expect(["read", "admin", "global-read", "global-admin", "admin-token"], `${method} ${path}`).toContain(op["x-required-role"]);
        expect(op.description, `${method} ${path}`).toMatch(/Requires /);
        roles.set(`${method.toUpperCase()} ${path}`, op["x-required-role"]);
      }
    }
    expect(roles.get("GET /terminals")).toBe("read");
    expect(roles.get("POST /terminals")).toBe("admin");
    expect(roles.get("PATCH /companies/{id}")).toBe("admin");
    expect(roles.get("POST /companies")).toBe("global-admin");
    expect(roles.get("PUT /models/{id}/templates/{kind}")).toBe("global-admin");
    expect(roles.get("GET /unknown-devices")).toBe("global-read");
    expect(roles.get("DELETE /unknown-devices/{mac}")).toBe("global-admin");
    expect(roles.get("POST /unknown-devices/{mac}/assign")).toBe("admin");
    expect(roles.get("POST /tokens")).toBe("admin-token");
    expect(roles.get("GET /audit")).toBe("read");
    expect(roles.get("GET /whoami")).toBe("read");
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: "http", scheme: "bearer" });
  });
});
