// Manufacturers, models and companies through the admin API, as an operator with curl sees them:
// status, error code, the field named in details, and the bodies. Every test makes its own data.
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ADMIN_TOKEN, api, BASE, expectError, phone } from "./api";

const RUN = crypto.getRandomValues(new Uint16Array(1))[0]!.toString(16).padStart(4, "0");
let seq = 0;
const next = () => ++seq;

/** A fresh unicast MAC (first octet 02: even, so not multicast). */
function freshMac(): string {
  return `02${RUN}${next().toString(16).padStart(6, "0")}`;
}

/** A fresh slug. */
function slug(prefix: string): string {
  return `${prefix}-${RUN}-${next()}`;
}

/** Walks a list from the first page until nextCursor is null. */
async function walk(path: string, limit: number) {
  const pages: { id: number }[][] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes("?") ? "&" : "?";
    const res = await api("GET", `${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`);
    expect(res.status, res.text).toBe(200);
    expect(res.json.items.length).toBeLessThanOrEqual(limit);
    pages.push(res.json.items);
    cursor = res.json.nextCursor;
    if (cursor !== null) expect(typeof cursor).toBe("string");
    expect(pages.length).toBeLessThan(1000);
  } while (cursor !== null);
  const ids = pages.flat().map((item) => item.id);
  return { pages, ids };
}

/** Ids strictly ascending: no item twice, and the order a cursor can resume from. */
function expectAscendingUnique(ids: number[]) {
  expect(new Set(ids).size).toBe(ids.length);
  expect([...ids].sort((a, b) => a - b)).toEqual(ids);
}

async function yealinkId(): Promise<number> {
  const res = await api("GET", "/manufacturers?q=yealink");
  const yealink = res.json.items.find((m: { iden: string }) => m.iden === "yealink");
  expect(yealink).toBeDefined();
  return yealink.id;
}

async function newManufacturer() {
  const res = await api("POST", "/manufacturers", { iden: slug("maker"), name: "Maker" });
  expect(res.status, res.text).toBe(201);
  return res.json as { id: number; iden: string; name: string };
}

function modelBody(manufacturerId: number, extra: Record<string, unknown> = {}) {
  const iden = slug("model");
  return {
    manufacturerId,
    iden,
    name: `Model ${iden}`,
    genericFile: `${iden}.cfg`,
    specificPattern: "{mac}.cfg",
    format: "text",
    maxLines: 2,
    templateSet: "yealink",
    ...extra,
  };
}

async function newModel(manufacturerId?: number, extra: Record<string, unknown> = {}) {
  const res = await api("POST", "/models", modelBody(manufacturerId ?? (await yealinkId()), extra));
  expect(res.status, res.text).toBe(201);
  return res.json as { id: number; iden: string; genericFile: string; maxLines: number };
}

async function newCompany(extra: Record<string, unknown> = {}) {
  const res = await api("POST", "/companies", { name: `Company ${next()}`, sipDomain: "sip.example.com", ...extra });
  expect(res.status, res.text).toBe(201);
  return res.json as { id: number; name: string };
}

async function newTerminal(companyId: number, model = "yealink-t46g", mac = freshMac()) {
  const res = await api("POST", "/terminals", { companyId, model, mac, lines: [{ username: "100", password: "pw-resources-100" }] });
  expect(res.status, res.text).toBe(201);
  return res.json as { id: number; mac: string };
}

describe("manufacturers", () => {
  it("create (201), get, PATCH, delete (204) and then 404", async () => {
    const iden = slug("acme");
    const created = await api("POST", "/manufacturers", { iden, name: "Acme Phones", description: "Desk phones" });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({ id: expect.any(Number), iden, name: "Acme Phones", description: "Desk phones" });
    const id = created.json.id;

    const got = await api("GET", `/manufacturers/${id}`);
    expect(got.status).toBe(200);
    expect(got.json).toEqual(created.json);

    const patched = await api("PATCH", `/manufacturers/${id}`, { name: "Acme Telephones" });
    expect(patched.status).toBe(200);
    expect(patched.json).toEqual({ ...created.json, name: "Acme Telephones" });
    expect((await api("GET", `/manufacturers/${id}`)).json.name).toBe("Acme Telephones");

    const deleted = await api("DELETE", `/manufacturers/${id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe("");
    expectError(await api("GET", `/manufacturers/${id}`), 404, "not_found");
    expectError(await api("PATCH", `/manufacturers/${id}`, { name: "x" }), 404, "not_found");
    expectError(await api("DELETE", `/manufacturers/${id}`), 404, "not_found");
  });

  it("the built-in catalog is listed", async () => {
    const { json } = await api("GET", "/manufacturers?limit=500");
    expect(json.items.map((m: { iden: string }) => m.iden)).toEqual(expect.arrayContaining(["cisco", "yealink"]));
  });

  it("list: cursor pagination walks every manufacturer once, and q narrows it", async () => {
    const tag = `pg${RUN}x${next()}`;
    const created: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await api("POST", "/manufacturers", { iden: `${tag}-${i}`, name: `Paged ${i}` });
      expect(res.status).toBe(201);
      created.push(res.json.id);
    }
    const all = await walk("/manufacturers", 3);
    expectAscendingUnique(all.ids);
    for (const id of created) expect(all.ids).toContain(id);

    const filtered = await walk(`/manufacturers?q=${tag}`, 3);
    expect(filtered.ids).toEqual(created);
    expect(filtered.pages.map((p) => p.length)).toEqual([3, 3, 1]);

    // An exact multiple of the limit ends with nextCursor null, not with an empty page after it.
    const six = await api("GET", `/manufacturers?q=${tag}&limit=7`);
    expect(six.json.items).toHaveLength(7);
    expect(six.json.nextCursor).toBeNull();
  });

  it("a manufacturer with models cannot be deleted (409); without them it can", async () => {
    const maker = await newManufacturer();
    const model = await newModel(maker.id);
    expectError(await api("DELETE", `/manufacturers/${maker.id}`), 409, "in_use");
    expect((await api("GET", `/manufacturers/${maker.id}`)).status).toBe(200);
    expect((await api("DELETE", `/models/${model.id}`)).status).toBe(204);
    expect((await api("DELETE", `/manufacturers/${maker.id}`)).status).toBe(204);
  });

  it("a duplicate iden is a 409 naming iden, on create and on PATCH", async () => {
    const maker = await newManufacturer();
    expectError(await api("POST", "/manufacturers", { iden: maker.iden, name: "Again" }), 409, "conflict", "iden");
    expectError(await api("POST", "/manufacturers", { iden: "yealink", name: "Again" }), 409, "conflict", "iden");
    const other = await newManufacturer();
    expectError(await api("PATCH", `/manufacturers/${other.id}`, { iden: maker.iden }), 409, "conflict", "iden");
    expect((await api("GET", `/manufacturers/${other.id}`)).json.iden).toBe(other.iden);
  });

  it("validation names the field", async () => {
    for (const iden of ["Acme", "acme phones", "acme--phones", "-acme", "acme_phones", "", "a".repeat(65)]) {
      expectError(await api("POST", "/manufacturers", { iden, name: "Acme" }), 400, "validation_failed", "iden");
    }
    expectError(await api("POST", "/manufacturers", { iden: slug("ok"), name: "" }), 400, "validation_failed", "name");
    expectError(await api("POST", "/manufacturers", { iden: slug("ok"), name: "A\r\nB" }), 400, "validation_failed", "name");
    expectError(await api("POST", "/manufacturers", { iden: slug("ok"), name: "A", website: "x" }), 400, "validation_failed", "website");
    expectError(await api("POST", "/manufacturers", { name: "A" }), 400, "validation_failed", "iden");
    expectError(await api("GET", "/manufacturers/abc"), 400, "validation_failed", "id");
    expectError(await api("GET", "/manufacturers?limit=0"), 400, "validation_failed", "query.limit");
    expectError(await api("GET", "/manufacturers?cursor=abc"), 400, "validation_failed", "query.cursor");
  });
});

describe("models", () => {
  it("create (201), get, PATCH, delete (204) and then 404", async () => {
    const manufacturerId = await yealinkId();
    const body = modelBody(manufacturerId, { description: "Test model", userAgent: "^Test Phone " });
    const created = await api("POST", "/models", body);
    expect(created.status, created.text).toBe(201);
    expect(created.json).toMatchObject({ ...body, id: expect.any(Number), genericTemplate: null, specificTemplate: null });
    expect(Date.parse(created.json.createdAt)).not.toBeNaN();
    const id = created.json.id;

    const got = await api("GET", `/models/${id}`);
    expect(got.status).toBe(200);
    expect(got.json).toEqual(created.json);

    const patched = await api("PATCH", `/models/${id}`, { name: "Renamed", maxLines: 4 });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ ...body, name: "Renamed", maxLines: 4 });
    expect((await api("GET", `/models/${id}`)).json).toMatchObject({ name: "Renamed", maxLines: 4 });

    expect((await api("DELETE", `/models/${id}`)).status).toBe(204);
    expectError(await api("GET", `/models/${id}`), 404, "not_found");
    expectError(await api("DELETE", `/models/${id}`), 404, "not_found");
  });

  it("the built-in catalog is listed, and filters by manufacturerId, iden and q", async () => {
    const catalog = await api("GET", "/models?iden=yealink-t46g");
    expect(catalog.json.items).toHaveLength(1);
    expect(catalog.json.items[0]).toMatchObject({ iden: "yealink-t46g", genericFile: "y000000000028.cfg", maxLines: 16, format: "text" });

    const maker = await newManufacturer();
    const a = await newModel(maker.id);
    const b = await newModel(maker.id);
    await newModel(); // another manufacturer's

    const byMaker = await api("GET", `/models?manufacturerId=${maker.id}`);
    expect(byMaker.json.items.map((m: { id: number }) => m.id)).toEqual([a.id, b.id]);
    const byIden = await api("GET", `/models?iden=${b.iden}`);
    expect(byIden.json.items.map((m: { id: number }) => m.id)).toEqual([b.id]);
    const byQ = await api("GET", `/models?q=${a.iden}`);
    expect(byQ.json.items.map((m: { id: number }) => m.id)).toEqual([a.id]);
    expect((await api("GET", "/models?iden=no-such-model")).json).toEqual({ items: [], nextCursor: null });
  });

  it("list: cursor pagination walks every model once", async () => {
    const maker = await newManufacturer();
    const created = [];
    for (let i = 0; i < 5; i++) created.push((await newModel(maker.id)).id);
    const filtered = await walk(`/models?manufacturerId=${maker.id}`, 2);
    expect(filtered.ids).toEqual(created);
    expect(filtered.pages.map((p) => p.length)).toEqual([2, 2, 1]);

    const all = await walk("/models", 4);
    expectAscendingUnique(all.ids);
    for (const id of created) expect(all.ids).toContain(id);
    expect(all.ids.length).toBeGreaterThanOrEqual(12 + 5); // the catalog's 12 and ours
  });

  it("a model used by a terminal cannot be deleted (409); once unused it can", async () => {
    const model = await newModel();
    const company = await newCompany();
    const terminal = await newTerminal(company.id, model.iden);
    expectError(await api("DELETE", `/models/${model.id}`), 409, "in_use");
    expect((await api("GET", `/models/${model.id}`)).status).toBe(200);
    expect((await api("GET", `/terminals/${terminal.mac}`)).json.modelId).toBe(model.id);

    expect((await api("DELETE", `/terminals/${terminal.id}`)).status).toBe(204);
    expect((await api("DELETE", `/models/${model.id}`)).status).toBe(204);
  });

  it("maxLines cannot go below a line its terminals use (409 naming maxLines)", async () => {
    const model = await newModel(undefined, { maxLines: 3 });
    const company = await newCompany();
    const res = await api("POST", "/terminals", {
      companyId: company.id,
      modelId: model.id,
      mac: freshMac(),
      lines: [{ username: "1", position: 3 }],
    });
    expect(res.status, res.text).toBe(201);
    expectError(await api("PATCH", `/models/${model.id}`, { maxLines: 2 }), 409, "in_use", "maxLines");
    expect((await api("GET", `/models/${model.id}`)).json.maxLines).toBe(3);
    expect((await api("PATCH", `/models/${model.id}`, { maxLines: 3 })).status).toBe(200);
  });

  it("a duplicate iden is a 409 naming iden, and nothing is written", async () => {
    const manufacturerId = await yealinkId();
    const taken = await newModel(manufacturerId);
    const body = modelBody(manufacturerId, { iden: taken.iden });
    expectError(await api("POST", "/models", body), 409, "conflict", "iden");
    expectError(await api("POST", "/models", modelBody(manufacturerId, { iden: "yealink-t46g" })), 409, "conflict", "iden");
    // The generic file of the refused body is still free.
    expect((await api("POST", "/models", modelBody(manufacturerId, { genericFile: body.genericFile }))).status).toBe(201);

    const other = await newModel(manufacturerId);
    expectError(await api("PATCH", `/models/${other.id}`, { iden: taken.iden }), 409, "conflict", "iden");
    expect((await api("GET", `/models/${other.id}`)).json.iden).toBe(other.iden);
  });

  it("a generic file differing only in case is a 409 naming genericFile", async () => {
    const manufacturerId = await yealinkId();
    for (const genericFile of ["Y000000000028.CFG", "y000000000028.cfg", "SPA504G.cfg", "spa504g.CFG"]) {
      const body = modelBody(manufacturerId, { genericFile });
      expectError(await api("POST", "/models", body), 409, "conflict", "genericFile");
      expect((await api("GET", `/models?iden=${body.iden}`)).json.items).toEqual([]);
    }
    const mine = await newModel(manufacturerId);
    expectError(await api("POST", "/models", modelBody(manufacturerId, { genericFile: mine.genericFile.toUpperCase() })), 409, "conflict", "genericFile");
    const other = await newModel(manufacturerId);
    expectError(await api("PATCH", `/models/${other.id}`, { genericFile: "Y000000000028.CFG" }), 409, "conflict", "genericFile");
    expect((await api("GET", `/models/${other.id}`)).json.genericFile).toBe(other.genericFile);
    // The phone still gets the catalog model's file under that name.
    const res = await phone("y000000000028.cfg", "Yealink SIP-T46G 28.83.0.50");
    expect(res.status).toBe(200);
  });

  it("validation names the field", async () => {
    const manufacturerId = await yealinkId();
    const cases: [Record<string, unknown>, string][] = [
      [{ iden: "Bad Slug" }, "iden"],
      [{ iden: "bad_slug" }, "iden"],
      [{ name: "" }, "name"],
      [{ name: "T46\nG" }, "name"],
      [{ genericFile: "../etc/passwd" }, "genericFile"],
      [{ genericFile: "a\\b.cfg" }, "genericFile"],
      [{ genericFile: "{mac}.cfg" }, "genericFile"],
      [{ specificPattern: "phone.cfg" }, "specificPattern"],
      [{ specificPattern: "{mac}{mac}.cfg" }, "specificPattern"],
      [{ specificPattern: "a{mac}.cfg" }, "specificPattern"],
      [{ specificPattern: "../{mac}.cfg" }, "specificPattern"],
      [{ format: "json" }, "format"],
      [{ maxLines: 0 }, "maxLines"],
      [{ maxLines: 65 }, "maxLines"],
      [{ maxLines: 1.5 }, "maxLines"],
      [{ templateSet: "no-such-set" }, "templateSet"],
      [{ userAgent: "(unclosed" }, "userAgent"],
      [{ manufacturerId: 999999999 }, "manufacturerId"],
      [{ manufacturerId: "one" }, "manufacturerId"],
      [{ firmware: "1.0" }, "firmware"],
    ];
    for (const [change, path] of cases) {
      const body = modelBody(manufacturerId, change);
      const res = await api("POST", "/models", body);
      expectError(res, 400, "validation_failed", path);
      expect((await api("GET", `/models?iden=${encodeURIComponent(String(body.iden))}`)).json.items ?? []).toEqual([]);
    }
    const model = await newModel(manufacturerId);
    expectError(await api("PATCH", `/models/${model.id}`, { maxLines: 0 }), 400, "validation_failed", "maxLines");
    expectError(await api("PATCH", `/models/${model.id}`, { manufacturerId: 999999999 }), 400, "validation_failed", "manufacturerId");
    expect((await api("GET", `/models/${model.id}`)).json).toMatchObject({ maxLines: model.maxLines, manufacturerId });
  });
});

describe("companies", () => {
  it("create (201) with defaults, get, PATCH, delete (204) and then 404", async () => {
    const created = await api("POST", "/companies", { name: "Globex", sipDomain: "sip.globex.example" });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      id: expect.any(Number),
      name: "Globex",
      sipDomain: "sip.globex.example",
      sipProxy: null,
      language: "en",
      timezone: "UTC",
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const id = created.json.id;
    expect((await api("GET", `/companies/${id}`)).json).toEqual(created.json);

    const patched = await api("PATCH", `/companies/${id}`, {
      sipProxy: "proxy.globex.example:5070",
      language: "es",
      timezone: "Europe/Madrid",
    });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ name: "Globex", sipProxy: "proxy.globex.example:5070", language: "es", timezone: "Europe/Madrid" });
    expect((await api("GET", `/companies/${id}`)).json).toEqual(patched.json);

    const cleared = await api("PATCH", `/companies/${id}`, { sipProxy: null });
    expect(cleared.json.sipProxy).toBeNull();

    expect((await api("DELETE", `/companies/${id}`)).status).toBe(204);
    expectError(await api("GET", `/companies/${id}`), 404, "not_found");
    expectError(await api("PATCH", `/companies/${id}`, { name: "x" }), 404, "not_found");
    expectError(await api("DELETE", `/companies/${id}`), 404, "not_found");
  });

  it("accepts every documented form of sipDomain and sipProxy", async () => {
    for (const [sipDomain, sipProxy] of [
      ["sip.example.com", "proxy.example.com"],
      ["10.0.0.1", "10.0.0.2:5060"],
      ["[2001:db8::1]", "[2001:db8::2]:5061"],
      ["pbx", "pbx:65535"],
    ]) {
      const res = await api("POST", "/companies", { name: "Forms", sipDomain, sipProxy });
      expect(res.status, `${sipDomain} ${sipProxy}: ${res.text}`).toBe(201);
      expect(res.json).toMatchObject({ sipDomain, sipProxy });
    }
  });

  it("list: cursor pagination walks every company once, and q narrows it", async () => {
    const tag = `Paged ${RUN} ${next()}`;
    const created = [];
    for (let i = 0; i < 5; i++) created.push((await newCompany({ name: `${tag} #${i}` })).id);
    const filtered = await walk(`/companies?q=${encodeURIComponent(tag)}`, 2);
    expect(filtered.ids).toEqual(created);
    expect(filtered.pages.map((p) => p.length)).toEqual([2, 2, 1]);

    const all = await walk("/companies", 3);
    expectAscendingUnique(all.ids);
    for (const id of created) expect(all.ids).toContain(id);
  });

  it("validation names the field, and nothing is written", async () => {
    const tag = `Invalid ${RUN} ${next()}`;
    const cases: [Record<string, unknown>, string][] = [
      [{ timezone: "Mars/Olympus" }, "timezone"],
      [{ timezone: "Europe/Madird" }, "timezone"],
      [{ timezone: "" }, "timezone"],
      [{ language: "xx" }, "language"],
      [{ language: "english" }, "language"],
      [{ language: "" }, "language"],
      [{ sipDomain: "sip example.com" }, "sipDomain"],
      [{ sipDomain: "-sip.example.com" }, "sipDomain"],
      [{ sipDomain: "sip..example.com" }, "sipDomain"],
      [{ sipDomain: "sip.example.com\r\nX-Injected: 1" }, "sipDomain"],
      [{ sipDomain: "" }, "sipDomain"],
      [{ sipProxy: "proxy.example.com:70000" }, "sipProxy"],
      [{ sipProxy: "proxy.example.com:0" }, "sipProxy"],
      [{ sipProxy: "proxy.example.com:sip" }, "sipProxy"],
      [{ sipProxy: "proxy.example.com:" }, "sipProxy"],
      [{ name: `${tag}\r\nsecond line` }, "name"],
      [{ name: `${tag}\nsecond line` }, "name"],
      [{ name: `${tag}\u0000` }, "name"],
      [{ name: "" }, "name"],
      [{ name: "x".repeat(101) }, "name"],
      [{ tenant: "x" }, "tenant"],
    ];
    for (const [change, path] of cases) {
      expectError(await api("POST", "/companies", { name: tag, sipDomain: "sip.example.com", ...change }), 400, "validation_failed", path);
    }
    expectError(await api("POST", "/companies", { name: tag }), 400, "validation_failed", "sipDomain");
    expect((await api("GET", `/companies?q=${encodeURIComponent(tag)}`)).json.items).toEqual([]);

    const company = await newCompany();
    for (const [change, path] of cases) {
      expectError(await api("PATCH", `/companies/${company.id}`, change), 400, "validation_failed", path);
    }
    expect((await api("GET", `/companies/${company.id}`)).json).toEqual(company);
  });

  it("a company with terminals cannot be deleted (409) unless ?cascade=true", async () => {
    const company = await newCompany();
    const bystander = await newCompany();
    const t1 = await newTerminal(company.id, "yealink-t46g");
    const t2 = await newTerminal(company.id, "cisco-spa504g");
    const kept = await newTerminal(bystander.id, "yealink-t46g");
    const ua = "Yealink SIP-T46G 28.83.0.50";
    expect((await phone(`${t1.mac}.cfg`, ua)).status).toBe(200);
    expect((await phone(`${t2.mac}.xml`, "Cisco/SPA504G-7.6.2")).status).toBe(200);

    expectError(await api("DELETE", `/companies/${company.id}`), 409, "in_use");
    expectError(await api("DELETE", `/companies/${company.id}?cascade=false`), 409, "in_use");
    expectError(await api("DELETE", `/companies/${company.id}?cascade=yes`), 400, "validation_failed", "query.cascade");
    expect((await api("GET", `/companies/${company.id}`)).status).toBe(200);
    expect((await api("GET", `/terminals/${t1.mac}`)).status).toBe(200);

    const res = await api("DELETE", `/companies/${company.id}?cascade=true`);
    expect(res.status).toBe(204);
    expectError(await api("GET", `/companies/${company.id}`), 404, "not_found");
    for (const t of [t1, t2]) {
      expectError(await api("GET", `/terminals/${t.mac}`), 404, "not_found");
      expectError(await api("GET", `/terminals/${t.id}`), 404, "not_found");
      const lines = await env.DB.prepare("select count(*) as n from terminal_lines where terminal_id = ?").bind(t.id).first<number>("n");
      expect(lines).toBe(0);
    }
    expect((await api("GET", `/terminals?companyId=${company.id}`)).json.items).toEqual([]);
    expect((await phone(`${t1.mac}.cfg`, ua)).status).toBe(404);
    expect((await phone(`${t2.mac}.xml`, "Cisco/SPA504G-7.6.2")).status).toBe(404);

    // Another company's terminal is untouched.
    expect((await api("GET", `/terminals/${kept.mac}`)).status).toBe(200);
    expect((await phone(`${kept.mac}.cfg`, ua)).status).toBe(200);
  });

  it("a company without terminals is deleted with or without cascade", async () => {
    const a = await newCompany();
    const b = await newCompany();
    expect((await api("DELETE", `/companies/${a.id}`)).status).toBe(204);
    expect((await api("DELETE", `/companies/${b.id}?cascade=true`)).status).toBe(204);
    expectError(await api("GET", `/companies/${b.id}`), 404, "not_found");
  });
});

describe("request bodies", () => {
  async function targets() {
    const company = await newCompany();
    const terminal = await newTerminal(company.id);
    const model = await newModel();
    return [
      ["POST", "/manufacturers"],
      ["POST", "/models"],
      ["POST", "/companies"],
      ["PATCH", `/companies/${company.id}`],
      ["POST", "/terminals"],
      ["PATCH", `/terminals/${terminal.mac}`],
      ["PATCH", `/models/${model.id}`],
    ] as const;
  }

  it("malformed JSON is a 400", async () => {
    for (const [method, path] of await targets()) {
      for (const body of ['{"name": "x"', "{name: 'x'}", "nope"]) {
        expectError(await api(method, path, body), 400, undefined);
      }
    }
  });

  it("JSON that is not an object is a 400", async () => {
    for (const [method, path] of await targets()) {
      for (const body of ["[]", '"text"', "42", "null"]) {
        expectError(await api(method, path, body), 400);
      }
    }
  });

  it("a form-encoded, text or typeless body is a 415", async () => {
    for (const [method, path] of await targets()) {
      for (const type of ["application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x", "application/xml"]) {
        expectError(await api(method, path, "name=Evil&sipDomain=sip.example.com", { type }), 415, "unsupported_media_type");
      }
      // Bytes without any Content-Type (a string body would get text/plain from fetch itself).
      const typeless = await exports.default.fetch(`${BASE}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        body: new TextEncoder().encode('{"name":"x"}'),
      });
      expect(typeless.status, `${method} ${path}`).toBe(415);
      // No body at all is a validation failure of the missing fields, or fine for a PATCH: never a 415 or 500.
      const res = await api(method, path);
      expect([200, 400], `${method} ${path}`).toContain(res.status);
    }
    const tag = `Form ${RUN} ${next()}`;
    expectError(await api("POST", "/companies", `name=${encodeURIComponent(tag)}&sipDomain=sip.example.com`, { type: "application/x-www-form-urlencoded" }), 415);
    expect((await api("GET", `/companies?q=${encodeURIComponent(tag)}`)).json.items).toEqual([]);
  });

  it("a body over 1 MiB is a 413, and nothing is written", async () => {
    const tag = `Huge ${RUN} ${next()}`;
    const huge = JSON.stringify({ name: tag, sipDomain: "sip.example.com", padding: "x".repeat(1024 * 1024) });
    for (const [method, path] of await targets()) expectError(await api(method, path, huge), 413, "payload_too_large");
    expect((await api("GET", `/companies?q=${encodeURIComponent(tag)}`)).json.items).toEqual([]);
    // Just under the limit is read (and then refused for its unknown field, not for its size).
    const under = JSON.stringify({ name: tag, sipDomain: "sip.example.com", padding: "x".repeat(1000 * 1024) });
    expectError(await api("POST", "/companies", under), 400, "validation_failed", "padding");
  });
});

describe("search", () => {
  it("takes q literally: % and _ are not wildcards", async () => {
    const tag = `lit${Date.now()}`;
    for (const name of [`${tag} 100%`, `${tag} 1000`, `${tag} a_b`, `${tag} axb`]) {
      expect((await api("POST", "/companies", { name, sipDomain: "sip.search.example" })).status).toBe(201);
    }
    const names = async (q: string) =>
      (await api("GET", `/companies?limit=500&q=${encodeURIComponent(q)}`)).json.items.map((c: { name: string }) => c.name);
    expect(await names(`${tag} 100%`)).toEqual([`${tag} 100%`]);
    expect(await names(`${tag} a_b`)).toEqual([`${tag} a_b`]);
    expect(await names(tag)).toHaveLength(4);
  });
});

describe("required text", () => {
  it("refuses a blank name", async () => {
    const res = await api("POST", "/companies", { name: "   ", sipDomain: "sip.blank.example" });
    expectError(res, 400, "validation_failed", "name");
  });
});

describe("transport, SIP port and NTP server through the API", () => {
  it("a company on TLS with its own NTP server; a terminal back on UDP; both reach the MAC file's view", async () => {
    const created = await api("POST", "/companies", { name: "Secure", sipDomain: "sip.secure.example", transport: "tls", ntpServer: "ntp.secure.example" });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ transport: "tls", sipPort: null, ntpServer: "ntp.secure.example" });
    const bad = await api("POST", "/companies", { name: "Bad", sipDomain: "sip.bad.example", transport: "sctp", sipPort: 70000 });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["sipPort", "transport"]);
    const terminal = await api("POST", "/terminals", { companyId: created.json.id, model: "yealink-t46g", mac: "02:77:00:00:00:01", transport: "udp", sipPort: 5070 });
    expect(terminal.status).toBe(201);
    expect(terminal.json).toMatchObject({ transport: "udp", sipPort: 5070 });
    const patched = await api("PATCH", `/terminals/${terminal.json.id}`, { transport: null, sipPort: null });
    expect(patched.json).toMatchObject({ transport: null, sipPort: null });
  });
});
