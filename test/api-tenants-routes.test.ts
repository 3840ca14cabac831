// Tokens and tenants on the routes beyond plain CRUD: the fleet summary, import upserts and dry runs, the
// config preview, the console's views, the audit of imports, and paths spelled with percent escapes.
// Each company's token must see exactly what the API would show it for its own company, nothing more.
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, BASE, expectError } from "./api";

let macCounter = 0x700;
const nextMac = () => "0015650e" + (macCounter++).toString(16).padStart(4, "0");

async function company(name: string) {
  const res = await api("POST", "/companies", { name, sipDomain: "sip.routes.example" });
  expect(res.status, res.text).toBe(201);
  return res.json.id as number;
}

async function terminal(companyId: number, name = "Desk") {
  const res = await api("POST", "/terminals", { companyId, model: "yealink-t46g", mac: nextMac(), name, lines: [{ username: "20", password: "routes-pw-20" }] });
  expect(res.status, res.text).toBe(201);
  return res.json as { id: number; mac: string };
}

async function token(body: Record<string, unknown>) {
  const res = await api("POST", "/tokens", { name: "routes", companyId: null, ...body });
  expect(res.status, res.text).toBe(201);
  return res.json.token as string;
}

/** Two companies, a terminal in each, an admin and a read token of the first. */
async function tenants(label: string) {
  const a = await company(`${label} A`);
  const b = await company(`${label} B`);
  return {
    a,
    b,
    mine: await terminal(a, `${label} mine`),
    theirs: await terminal(b, `${label} theirs`),
    admin: await token({ role: "admin", companyId: a }),
    reader: await token({ role: "read", companyId: a }),
  };
}

describe("GET /fleet/summary with a company's token", () => {
  it("counts its own company's terminals and refusals only, and does not tell how full the inbox is", async () => {
    const t = await tenants("Fleet");
    await terminal(t.a);
    // A refusal of the other company's terminal: the global summary has it, the company's does not.
    await env.DB.prepare("insert into provisioning_events (terminal_id, at, ip, user_agent, file, outcome) values (?, ?, '192.0.2.9', 'ua', 'x.cfg', 'routes_test_refusal')")
      .bind(t.theirs.id, Date.now())
      .run();
    const global = (await api("GET", "/fleet/summary")).json;
    expect(global.refusedLast24h.some((r: { reason: string }) => r.reason === "routes_test_refusal")).toBe(true);
    expect(typeof global.unknownDevices).toBe("number");

    const res = await api("GET", "/fleet/summary", undefined, { token: t.reader });
    expect(res.status, res.text).toBe(200);
    expect(res.json.terminals).toBe(2);
    expect(res.json.neverProvisioned).toBe(2);
    expect(res.json.byCompany).toEqual([{ companyId: t.a, name: "Fleet A", terminals: 2 }]);
    expect(res.json.byModel.reduce((sum: number, m: { terminals: number }) => sum + m.terminals, 0)).toBe(2);
    expect(res.json.refusedLast24h).toEqual([]);
    expect(res.json.unknownDevices).toBeNull();
  });

  it("takes ?companyId=: another company's is an empty summary for a company's token, one company's for a global one", async () => {
    const t = await tenants("Fleet filter");
    const empty = { terminals: 0, provisionedLast24h: 0, neverProvisioned: 0, unknownDevices: null, byModel: [], byCompany: [], refusedLast24h: [] };
    for (const companyId of [t.b, 999999]) {
      const res = await api("GET", `/fleet/summary?companyId=${companyId}`, undefined, { token: t.reader });
      expect(res.status, res.text).toBe(200);
      expect(res.json).toEqual(empty);
    }
    const own = (await api("GET", `/fleet/summary?companyId=${t.a}`, undefined, { token: t.reader })).json;
    expect(own).toEqual((await api("GET", "/fleet/summary", undefined, { token: t.reader })).json);
    // ADMIN_TOKEN narrowed to one company: its counts only, and no inbox count (the inbox is no company's).
    const other = (await api("GET", `/fleet/summary?companyId=${t.b}`)).json;
    expect(other).toMatchObject({ terminals: 1, unknownDevices: null, byCompany: [{ companyId: t.b, name: "Fleet filter B", terminals: 1 }] });
    expectError(await api("GET", "/fleet/summary?companyId=abc"), 400, "validation_failed", "query.companyId");
  });
});

describe("imports with a company's token", () => {
  it("never update or move another company's terminal through mode=upsert, dry run or not", async () => {
    const t = await tenants("Upsert");
    const row = { companyId: t.a, model: "yealink-t46g", mac: t.theirs.mac, name: "Taken over" };
    for (const query of ["mode=upsert", "mode=upsert&dryRun=true"]) {
      const res = await api("POST", `/terminals/import?${query}`, [row], { token: t.admin });
      expect(res.status, res.text).toBe(400);
      expect(res.json.error.code).toBe("import_rejected");
      expect(res.json.error.details).toEqual([{ row: 1, field: "mac", path: "rows[1].mac", message: expect.stringContaining("exists already") }]);
      expect(res.text).not.toContain("Upsert B");
    }
    expect((await api("GET", `/terminals/${t.theirs.mac}`)).json).toMatchObject({ companyId: t.b, name: "Upsert theirs" });

    // Its own terminal it may upsert; the dry run checks it the same way and writes nothing.
    const own = { companyId: t.a, model: "yealink-t46g", mac: t.mine.mac, name: "Renamed by upsert" };
    expect((await api("POST", "/terminals/import?mode=upsert&dryRun=true", [own], { token: t.admin })).json).toEqual({ valid: 1 });
    expect((await api("GET", `/terminals/${t.mine.mac}`)).json.name).toBe("Upsert mine");
    expect((await api("POST", "/terminals/import?mode=upsert", [own], { token: t.admin })).json).toEqual({ created: 0, updated: 1, unchanged: 0 });
    // A read token may not even check a file: a dry run is the import's POST.
    expectError(await api("POST", "/terminals/import?dryRun=true", [own], { token: t.reader }), 403, "forbidden");
  });

  it("are audited under their company, and a dry run (which writes nothing) is not audited at all", async () => {
    const t = await tenants("Audit import");
    const rows = [{ companyId: t.a, model: "yealink-t46g", mac: nextMac() }];
    const dryRun = await api("POST", "/terminals/import?dryRun=true", rows);
    expect(dryRun.status).toBe(200);
    expect((await api("POST", "/terminals/import", rows)).status).toBe(201);
    const entries = (await api("GET", "/audit?resourceType=terminals&limit=500", undefined, { token: t.reader })).json.items;
    const imports = entries.filter((e: { path: string }) => e.path.startsWith("/api/v1/terminals/import"));
    expect(imports.map((e: { path: string; companyId: number }) => [e.path, e.companyId])).toEqual([["/api/v1/terminals/import", t.a]]);
    const all = (await api("GET", "/audit?resourceType=terminals&limit=500")).json.items;
    expect(dryRun.headers.get("x-request-id")).toBeTruthy();
    expect(all.filter((e: { requestId: string }) => e.requestId === dryRun.headers.get("x-request-id"))).toEqual([]);
  });
});

describe("the config preview", () => {
  it("needs an admin token: it holds the SIP passwords every other response leaves out", async () => {
    const t = await tenants("Preview");
    const globalReader = await token({ role: "read" });
    for (const reader of [t.reader, globalReader]) {
      expectError(await api("GET", `/terminals/${t.mine.mac}/config`, undefined, { token: reader }), 403, "forbidden");
      expect((await api("GET", `/terminals/${t.mine.mac}`, undefined, { token: reader })).status).toBe(200);
    }
    const own = await api("GET", `/terminals/${t.mine.mac}/config`, undefined, { token: t.admin });
    expect(own.status, own.text).toBe(200);
    expect(own.text).toContain("routes-pw-20");
    const doc = (await api("GET", "/openapi.json")).json;
    expect(doc.paths["/terminals/{idOrMac}/config"].get["x-required-role"]).toBe("admin");
  });
});

describe("paths with percent escapes", () => {
  it("are checked as the router reads them: /%74okens is /tokens, /%75nknown-devices the inbox", async () => {
    const t = await tenants("Escapes");
    for (const path of ["/%74okens", "/%75nknown-devices", `/terminals/${t.mine.mac}/%63onfig`]) {
      const res = await api("GET", path, undefined, { token: t.reader });
      expectError(res, 403, "forbidden");
    }
    // The global token reaches the same routes by those spellings: the escapes did name them.
    expect((await api("GET", "/%74okens")).status).toBe(200);
  });
});

describe("the console with a company's token", () => {
  async function view(path: string, bearer: string, scheme = "https") {
    const res = await exports.default.fetch(`${scheme}://${new URL(BASE).host}/console/view${path}`, { headers: { authorization: `Bearer ${bearer}` } });
    return { status: res.status, text: await res.text() };
  }

  it("shows its own company only: another's terminal is not found, the inbox is refused, the fleet has no inbox count", async () => {
    const t = await tenants("Console");
    const list = await view("/terminals", t.admin);
    expect(list.status).toBe(200);
    expect(list.text).toContain("Console mine");
    expect(list.text).not.toContain("Console theirs");
    expect(list.text).not.toContain("Console B");
    expect((await view(`/terminals/${t.theirs.mac}`, t.admin)).status).toBe(404);
    expect((await view(`/companies/${t.b}`, t.admin)).status).toBe(404);
    expect((await view("/unknown-devices", t.admin)).status).toBe(403);
    const fleet = await view("/fleet", t.admin);
    expect(fleet.status).toBe(200);
    expect(fleet.text).not.toContain("unknown devices");
  });

  it("shows a read token a terminal without its config preview, and refuses every view over plain HTTP", async () => {
    const t = await tenants("Console read");
    const page = await view(`/terminals/${t.mine.mac}`, t.reader);
    expect(page.status, page.text).toBe(200);
    expect(page.text).toContain("needs an admin token");
    expect(page.text).not.toContain("routes-pw-20");
    expect((await view(`/terminals/${t.mine.mac}`, t.admin)).text).toContain("routes-pw-20");
    const plain = await view("/terminals", t.admin, "http");
    expect(plain.status).toBe(403);
    expect(plain.text).not.toContain("Console read mine");
  });
});
