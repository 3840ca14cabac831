// The audit log: every write through the API, with the token, the resource and the names of the
// fields sent, never a value; a company's token reads its own company's entries; bounded.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { recordAudit } from "../src/db/audit";
import { api } from "./api";
import { db } from "./fixtures";

let macCounter = 0x700;
const nextMac = () => "0015650e" + (macCounter++).toString(16).padStart(4, "0");

interface Entry {
  id: number;
  tokenId: string;
  companyId: number | null;
  method: string;
  path: string;
  resourceType: string;
  resourceId: string | null;
  fields: string[];
  status: number;
  requestId: string;
}

async function entries(query = "", token?: string): Promise<Entry[]> {
  const res = await api("GET", `/audit?limit=500${query}`, undefined, { token });
  expect(res.status, res.text).toBe(200);
  return res.json.items;
}

describe("the audit log", () => {
  it("records a write with its token, resource, request id and the names of the fields, never a value", async () => {
    const company = await api("POST", "/companies", {
      name: "Audited",
      sipDomain: "sip.audit.example",
      policy: { auth: { scheme: "basic", username: "prov", password: "Audit-Secret-9" } },
    });
    const mac = nextMac();
    const created = await api("POST", "/terminals", { companyId: company.json.id, model: "yealink-t46g", mac, lines: [{ username: "1", password: "Line-Secret-77" }] });
    expect(created.status).toBe(201);

    const log = await entries();
    const terminalEntry = log.find((e) => e.resourceType === "terminals" && e.resourceId === String(created.json.id))!;
    expect(terminalEntry).toMatchObject({
      tokenId: "global",
      companyId: company.json.id,
      method: "POST",
      path: "/api/v1/terminals",
      fields: ["companyId", "lines[].password", "lines[].username", "mac", "model"],
      status: 201,
      requestId: created.headers.get("x-request-id"),
    });
    const companyEntry = log.find((e) => e.resourceType === "companies" && e.resourceId === String(company.json.id))!;
    expect(companyEntry.fields).toEqual(["name", "policy.auth.password", "policy.auth.scheme", "policy.auth.username", "sipDomain"]);
    // Newest first.
    expect(log.indexOf(terminalEntry)).toBeLessThan(log.indexOf(companyEntry));

    const stored = JSON.stringify(await env.DB.prepare("select * from audit_log").all());
    expect(stored).not.toContain("Audit-Secret-9");
    expect(stored).not.toContain("Line-Secret-77");

    expect((await api("DELETE", `/terminals/${mac}`)).status).toBe(204);
    expect((await entries())[0]).toMatchObject({ method: "DELETE", resourceType: "terminals", resourceId: mac, companyId: company.json.id, fields: [] });
  });

  it("records nothing for reads and refused writes", async () => {
    const before = (await entries())[0]?.id ?? 0;
    await api("GET", "/terminals");
    await api("POST", "/terminals", { companyId: 999999, model: "yealink-t46g", mac: nextMac() });
    await api("POST", "/companies", { name: "x" }, { token: "wrong-token" });
    expect((await entries())[0]?.id ?? 0).toBe(before);
  });

  it("names the API token that wrote, never its secret; a token's own creation records no secret either", async () => {
    const created = await api("POST", "/tokens", { name: "writer", companyId: null, role: "admin" });
    const byToken = await api("POST", "/companies", { name: "By token", sipDomain: "sip.bytoken.example" }, { token: created.json.token });
    expect(byToken.status).toBe(201);
    const log = await entries();
    expect(log[0]).toMatchObject({ tokenId: String(created.json.id), resourceType: "companies", resourceId: String(byToken.json.id) });
    expect(log[1]).toMatchObject({ tokenId: "global", resourceType: "tokens", resourceId: String(created.json.id), fields: ["companyId", "name", "role"] });
    expect(JSON.stringify(await env.DB.prepare("select * from audit_log").all())).not.toContain(created.json.token);
    expect((await entries(`&tokenId=${created.json.id}`)).map((e) => e.resourceId)).toEqual([String(byToken.json.id)]);
  });

  it("records an import's columns and a template's name, and reads with the write's bookmark", async () => {
    const companyId = (await api("POST", "/companies", { name: "Importer", sipDomain: "sip.imp.example" })).json.id;
    const csv = `companyId,model,mac,username,password\r\n${companyId},yealink-t46g,${nextMac()},1,Csv-Secret-1\r\n`;
    const imported = await api("POST", "/terminals/import", csv, { type: "text/csv" });
    expect(imported.status, imported.text).toBe(201);
    const bookmark = imported.headers.get("x-d1-bookmark")!;
    const res = await api("GET", "/audit?limit=1", undefined, { headers: { "x-d1-bookmark": bookmark } });
    expect(res.json.items[0]).toMatchObject({ path: "/api/v1/terminals/import", resourceType: "terminals", resourceId: null, fields: ["companyId", "mac", "model", "password", "username"] });
    expect(JSON.stringify(res.json)).not.toContain("Csv-Secret-1");

    // A semicolon file (Excel in es, fr, de locales) names the same columns, each on its own.
    const semicolons = `companyId;model;mac;"line2.username"\r\n${companyId};yealink-t46g;${nextMac()};7\r\n`;
    expect((await api("POST", "/terminals/import", semicolons, { type: "text/csv" })).status).toBe(201);
    expect((await api("GET", "/audit?limit=1")).json.items[0].fields).toEqual(["companyId", "line2.username", "mac", "model"]);
  });

  it("shows a company's token only its own company's entries, and pages with nextCursor", async () => {
    const a = (await api("POST", "/companies", { name: "Audit A", sipDomain: "sip.a.example" })).json.id;
    const b = (await api("POST", "/companies", { name: "Audit B", sipDomain: "sip.b.example" })).json.id;
    for (const companyId of [a, b, a]) await api("POST", "/terminals", { companyId, model: "yealink-t46g", mac: nextMac() });
    const scoped = (await api("POST", "/tokens", { name: "a-reader", role: "read", companyId: a })).json.token;
    const seen = await entries("", scoped);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(new Set(seen.map((e) => e.companyId))).toEqual(new Set([a]));

    const first = await api("GET", "/audit?limit=2", undefined, { token: scoped });
    expect(first.json.items).toHaveLength(2);
    const second = await api("GET", `/audit?limit=2&cursor=${first.json.nextCursor}`, undefined, { token: scoped });
    expect(second.json.items[0].id).toBeLessThan(first.json.items[1].id);
    expect(seen.map((e) => e.id).slice(0, 4)).toEqual([...first.json.items, ...second.json.items].map((e: Entry) => e.id));
  });

  it("keeps only the newest entries past its bound, pruning the oldest", async () => {
    const entry = { at: new Date(), tokenId: "global", companyId: null, method: "POST", path: "/p", resourceType: "bound", resourceId: null, fields: [], status: 201, requestId: "r" };
    for (let i = 0; i < 6; i++) await recordAudit(db, { ...entry, resourceId: String(i) }, 3);
    const { results } = await env.DB.prepare("select resource_id from audit_log order by id").all<{ resource_id: string }>();
    expect(results.map((r) => r.resource_id)).toEqual(["3", "4", "5"]);
  });
});

describe("the audit log of a company", () => {
  async function company(name: string) {
    return (await api("POST", "/companies", { name, sipDomain: "sip.audit.example" })).json.id as number;
  }
  async function token(companyId: number | null, role = "read") {
    const res = await api("POST", "/tokens", { name: "audit", companyId, role });
    expect(res.status, res.text).toBe(201);
    return res.json as { id: number; token: string };
  }

  it("holds the revocation of its tokens, as it holds their creation", async () => {
    const a = await company("Revoked A");
    const portal = await token(a, "admin");
    const reader = await token(a);
    expect((await api("DELETE", `/tokens/${portal.id}`)).status).toBe(204);
    const seen = (await entries("&resourceType=tokens", reader.token)).map((e) => [e.method, e.resourceId, e.companyId]);
    expect(seen.slice(0, 3)).toEqual([
      ["DELETE", String(portal.id), a],
      ["POST", String(reader.id), a],
      ["POST", String(portal.id), a],
    ]);
    // A token of every company belongs to none: so does its revocation.
    const everyCompany = await token(null);
    expect((await api("DELETE", `/tokens/${everyCompany.id}`)).status).toBe(204);
    expect((await entries("&resourceType=tokens"))[0]).toMatchObject({ method: "DELETE", resourceId: String(everyCompany.id), companyId: null });
  });

  it("filters by ?companyId=, which for a company's token is its own or an empty list", async () => {
    const a = await company("Filter A");
    const b = await company("Filter B");
    for (const companyId of [a, b]) expect((await api("POST", "/terminals", { companyId, model: "yealink-t46g", mac: nextMac() })).status).toBe(201);
    const reader = await token(a);
    expect(await entries(`&companyId=${b}`, reader.token)).toEqual([]);
    expect(await entries("&companyId=999999", reader.token)).toEqual([]);
    const own = await entries(`&companyId=${a}`, reader.token);
    expect(own.length).toBeGreaterThan(0);
    expect(new Set(own.map((e) => e.companyId))).toEqual(new Set([a]));
    // A token of every company reads any one company's entries.
    expect(new Set((await entries(`&companyId=${b}`)).map((e) => e.companyId))).toEqual(new Set([b]));
  });

  it("stores the path without its query string", async () => {
    const a = await company("Query");
    const rows = [{ companyId: a, model: "yealink-t46g", mac: nextMac() }];
    expect((await api("POST", "/terminals/import?mode=upsert", rows)).status).toBe(200);
    expect((await api("POST", `/terminals?note=${"x".repeat(20)}`, { ...rows[0], mac: nextMac() })).status).toBe(201);
    const [created, imported] = await entries(`&companyId=${a}`);
    expect([created!.path, imported!.path]).toEqual(["/api/v1/terminals", "/api/v1/terminals/import"]);
  });
});
