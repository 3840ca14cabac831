// A company's phonebook: the API (list, create, update, delete, CSV import and export, all or nothing) and
// what its phones get at their directory URL; another company's phone gets the plain 404.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, apiCompany, apiTerminal as terminal, expectError, phone } from "./api";
import { uniqueMac } from "./fixtures";
import { parseYealinkCfg, phoneOf, userAgents } from "./phones";
import { parseXml } from "../tools/simulator/xml";

const company = (name = "Acme") => apiCompany({ name });
const TRICKY = "Ana & Bob <Sales> \"Q\" 'A' — Müller 日本";

/** A directory file's entries as [name, number], whatever the tags of the family. */
function entries(xml: string, entry: string, name: string, number: string): string[][] {
  const found: string[][] = [];
  const walk = (element: ReturnType<typeof parseXml>) => {
    if (element.name === entry) {
      const field = (tag: string) => element.children.find((c) => c.name === tag)?.text ?? "";
      found.push([field(name), field(number)]);
    }
    element.children.forEach(walk);
  };
  walk(parseXml(xml));
  return found;
}

describe("the phonebook API", () => {
  it("creates, lists with q and a cursor, updates and deletes", async () => {
    const id = await company();
    for (const [name, number] of [["Ana", "201"], ["Bob", "202"], ["Carla", "203"]]) {
      expect((await api("POST", `/companies/${id}/contacts`, { name, number, group: "Sales" })).status).toBe(201);
    }
    const first = await api("GET", `/companies/${id}/contacts?limit=2`);
    expect(first.json.items.map((c: { name: string }) => c.name)).toEqual(["Ana", "Bob"]);
    const second = await api("GET", `/companies/${id}/contacts?limit=2&cursor=${first.json.nextCursor}`);
    expect(second.json).toMatchObject({ items: [{ name: "Carla" }], nextCursor: null });
    expect((await api("GET", `/companies/${id}/contacts?q=bo`)).json.items.map((c: { name: string }) => c.name)).toEqual(["Bob"]);
    const bob = first.json.items[1];
    expect((await api("PATCH", `/companies/${id}/contacts/${bob.id}`, { number: "+34911222333" })).json.number).toBe("+34911222333");
    expect((await api("DELETE", `/companies/${id}/contacts/${bob.id}`)).status).toBe(204);
    expect((await api("GET", `/companies/${id}/contacts`)).json.items).toHaveLength(2);
    // Another company's contact is not reachable through this one.
    const other = await company("Other");
    expectError(await api("DELETE", `/companies/${other}/contacts/${first.json.items[0].id}`), 404, "not_found");
    expectError(await api("POST", `/companies/${id}/contacts`, { name: "X", number: "1 2" }), 400, "validation_failed", "number");
    expectError(await api("POST", `/companies/${id}/contacts`, { name: "X\nY", number: "1" }), 400, "validation_failed", "name");
  });

  it("imports CSV all or nothing, replacing the phonebook, and exports what it took", async () => {
    const id = await company();
    await api("POST", `/companies/${id}/contacts`, { name: "Old", number: "100" });
    const csv = `name,number,group\r\n"${TRICKY.replaceAll('"', '""')}",201,Sales\r\nBob,202,\r\n`;
    const bad = await api("POST", `/companies/${id}/contacts/import`, csv + "Bad,,\r\n", { type: "text/csv" });
    expectError(bad, 400, "validation_failed", "rows[3].number");
    expect((await api("GET", `/companies/${id}/contacts`)).json.items.map((c: { name: string }) => c.name)).toEqual(["Old"]);

    // A JSON import's errors name their row as the CSV's do: rows[N], 1 = the first contact.
    const badJson = await api("POST", `/companies/${id}/contacts/import`, [{ name: "Ana", number: "1" }, { name: "Bob", number: "1 2" }, { number: "3" }]);
    expectError(badJson, 400, "validation_failed", "rows[2].number");
    expect(badJson.json.error.details.map((d: { path: string }) => d.path)).toEqual(["rows[2].number", "rows[3].name"]);

    const res = await api("POST", `/companies/${id}/contacts/import`, csv, { type: "text/csv" });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual({ contacts: 2 });
    const exported = await api("GET", `/companies/${id}/contacts/export`);
    expect(exported.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(exported.text).toBe(csv);
  });

  it("q folds Unicode case, and pages through a phonebook larger than one scan", async () => {
    const id = await company();
    const rows = Array.from({ length: 2500 }, (_, i) => `C${i},${i}`);
    rows.push("Zoë Ärzte,901", "Straße Süd,902,Ölwerk", "ZOË Two,903");
    expect((await api("POST", `/companies/${id}/contacts/import`, `name,number,group\n${rows.join("\n")}\n`, { type: "text/csv" })).json).toEqual({ contacts: 2503 });
    const names = async (q: string) => (await api("GET", `/companies/${id}/contacts?limit=100&q=${encodeURIComponent(q)}`)).json.items.map((c: { name: string }) => c.name);
    expect(await names("ZOË")).toEqual(["Zoë Ärzte", "ZOË Two"]);
    expect(await names("ärzte")).toEqual(["Zoë Ärzte"]);
    expect(await names("STRASSE")).toEqual(["Straße Süd"]);
    expect(await names("ölWERK")).toEqual(["Straße Süd"]);
    const first = (await api("GET", `/companies/${id}/contacts?limit=2&q=%C3%B6`)).json;
    expect([first.items.length, first.nextCursor !== null]).toEqual([1, false]);
    const paged = (await api("GET", `/companies/${id}/contacts?limit=1&q=zo%C3%AB`)).json;
    const next = (await api("GET", `/companies/${id}/contacts?limit=1&q=zo%C3%AB&cursor=${paged.nextCursor}`)).json;
    expect([paged.items[0].name, next.items[0].name, next.nextCursor]).toEqual(["Zoë Ärzte", "ZOË Two", null]);
  });

  it("refuses more than 10,000 contacts with a 413 and writes nothing", async () => {
    const id = await company();
    const rows = Array.from({ length: 10_001 }, (_, i) => `C${i},${i}`).join("\n");
    expectError(await api("POST", `/companies/${id}/contacts/import`, `name,number\n${rows}\n`, { type: "text/csv" }), 413, "too_many_rows");
    expect((await api("GET", `/companies/${id}/contacts`)).json.items).toEqual([]);
  });

  it("takes 10,000 contacts, a spreadsheet's guarded cells back as they were, and goes with its company", async () => {
    const id = await company();
    const rows = Array.from({ length: 10_000 }, (_, i) => `C${i},+34${i}`).join("\n");
    expect((await api("POST", `/companies/${id}/contacts/import`, `name,number\n${rows}\n`, { type: "text/csv" })).json).toEqual({ contacts: 10_000 });
    // The export guards `+34…` against spreadsheet formulas ('+34…); the import takes it back as `+34…`.
    const exported = await api("GET", `/companies/${id}/contacts/export`);
    expect(exported.text.split("\r\n")[1]).toBe("C0,'+340,");
    expect((await api("POST", `/companies/${id}/contacts/import`, exported.text, { type: "text/csv" })).json).toEqual({ contacts: 10_000 });
    expect((await api("GET", `/companies/${id}/contacts?q=C9999`)).json.items).toEqual([expect.objectContaining({ name: "C9999", number: "+349999", group: null })]);
    expectError(await api("POST", `/companies/${id}/contacts`, { name: "One too many", number: "1" }), 409, "phonebook_full");
    expect((await api("DELETE", `/companies/${id}`)).status).toBe(204);
    const { results } = await env.DB.prepare("select count(*) as n from contacts where company_id = ?").bind(id).all<{ n: number }>();
    expect(results[0]!.n).toBe(0);
  });
});

describe("the phonebook on the phones", () => {
  it("reaches a Yealink and a Polycom of the company in their formats, names exactly", async () => {
    const id = await company();
    await api("POST", `/companies/${id}/contacts/import`, [{ name: TRICKY, number: "201" }, { name: "Bob", number: "202", group: "Ops" }]);
    const yealink = await terminal(id, "yealink-t46s");
    const settings = parseYealinkCfg((await phone(`${yealink.mac}.cfg`)).text);
    const url = settings.get("remote_phonebook.data.1.url")!;
    expect(url).toBe(`https://provision.example.com/provision/${yealink.mac}-directory.xml`);
    const yealinkDirectory = await phone(url.replace("https://provision.example.com/provision/", ""));
    expect(yealinkDirectory.status).toBe(200);
    expect(yealinkDirectory.headers.get("content-type")).toMatch(/^application\/xml/);
    expect(entries(yealinkDirectory.text, "DirectoryEntry", "Name", "Telephone")).toEqual([[TRICKY, "201"], ["Bob", "202"]].sort());

    // A Poly phone asks <mac>-directory.xml on its own.
    const poly = await terminal(id, "poly-vvx-400");
    const polyDirectory = await phone(`${poly.mac}-directory.xml`);
    expect(polyDirectory.status).toBe(200);
    expect(entries(polyDirectory.text, "item", "fn", "ct")).toEqual([[TRICKY, "201"], ["Bob", "202"]].sort());
    expect(phoneOf("polycom").parse((await phone(`${poly.mac}-edgeprov.cfg`)).text).get("dir.local.readonly")).toBe("1");
  });

  it("a phone of another company gets the plain 404, never the contacts", async () => {
    const id = await company();
    await api("POST", `/companies/${id}/contacts`, { name: "Secret", number: "201" });
    const other = await company("Other");
    const stranger = await terminal(other, "yealink-t46s");
    const own = await phone(`${stranger.mac}-directory.xml`);
    expect(own.status).toBe(200);
    expect(own.text).not.toContain("Secret");
    // A directory name carrying no terminal's MAC, and a MAC file name of another family, are the same 404.
    const unknown = await phone(`${uniqueMac()}-directory.xml`);
    const refusal = { status: 404, body: "Not Found\n" };
    expect({ status: unknown.status, body: unknown.text }).toEqual(refusal);
  });

  it("with checkUserAgent on, a phone of another company asking this company's directory gets the plain 404", async () => {
    const id = await company();
    await api("POST", `/companies/${id}/contacts`, { name: "Secret", number: "201" });
    await api("PATCH", `/companies/${id}`, { policy: { checkUserAgent: true } });
    const own = await terminal(id, "yealink-t46s");
    const stranger = await terminal(await company("Other"), "yealink-t46s");
    const asStranger = await phone(`${own.mac}-directory.xml`, userAgents("yealink-t46s", stranger.mac)[0]);
    expect({ status: asStranger.status, body: asStranger.text }).toEqual({ status: 404, body: "Not Found\n" });
    const asOwner = await phone(`${own.mac}-directory.xml`, userAgents("yealink-t46s", own.mac)[0]);
    expect(asOwner.status).toBe(200);
    expect(asOwner.text).toContain("Secret");
  });

  it("what isolates a phonebook is knowing a terminal's MAC and the company's policy: a Poly's User-Agent names no MAC", async () => {
    const id = await company();
    await api("POST", `/companies/${id}/contacts`, { name: "Secret", number: "201" });
    await api("PATCH", `/companies/${id}`, { policy: { checkUserAgent: true } });
    const own = await terminal(id, "poly-vvx-400");
    // Any Poly that knows the MAC passes the User-Agent check (the model pattern is all there is to check) ...
    const anotherPoly = await phone(`${own.mac}-directory.xml`, userAgents("poly-vvx-400", uniqueMac("0004f2"))[0]);
    expect([anotherPoly.status, anotherPoly.text.includes("Secret")]).toEqual([200, true]);
    // ... and the company's networks (or auth, or certificates) are what keep it out.
    await api("PATCH", `/companies/${id}`, { policy: { allowedNetworks: ["203.0.113.0/24"] } });
    expect((await phone(`${own.mac}-directory.xml`, userAgents("poly-vvx-400", uniqueMac("0004f2"))[0])).status).toBe(404);
  });

  it("never uses up a locking company's first fetch, and a locked terminal still gets its phonebook (test/phonebook-path.test.ts)", async () => {
    const id = await company();
    await api("POST", `/companies/${id}/contacts`, { name: "Ana", number: "201" });
    await api("PATCH", `/companies/${id}`, { policy: { lockAfterFirstFetch: true } });
    const t = await terminal(id, "yealink-t46s");
    expect((await phone(`${t.mac}-directory.xml`)).status).toBe(200);
    expect((await phone(`${t.mac}.cfg`)).status).toBe(200);
    expect((await phone(`${t.mac}.cfg`)).status).toBe(404);
    expect((await phone(`${t.mac}-directory.xml`)).status).toBe(200);
  });

  it("follows the company's policy: a client outside its networks gets the plain 404", async () => {
    const id = await company();
    await api("POST", `/companies/${id}/contacts`, { name: "Secret", number: "201" });
    await api("PATCH", `/companies/${id}`, { policy: { allowedNetworks: ["203.0.113.0/24"] } });
    const t = await terminal(id, "yealink-t46s");
    const res = await phone(`${t.mac}-directory.xml`);
    expect(res.status).toBe(404);
    expect(res.text).toBe("Not Found\n");
  });
});

describe("the phonebook and API tokens", () => {
  async function token(body: Record<string, unknown>) {
    const res = await api("POST", "/tokens", { name: "phonebook", ...body });
    expect(res.status, res.text).toBe(201);
    return res.json.token as string;
  }

  it("a company's token sees and changes its own phonebook only; another company's is the plain 404", async () => {
    const mine = await company("Mine");
    const theirs = await company("Theirs");
    const theirContact = (await api("POST", `/companies/${theirs}/contacts`, { name: "Secret", number: "999" })).json;
    const admin = await token({ role: "admin", companyId: mine });
    const as = { token: admin };
    expect((await api("POST", `/companies/${mine}/contacts`, { name: "Ana", number: "201" }, as)).status).toBe(201);
    expect((await api("GET", `/companies/${mine}/contacts`, undefined, as)).json.items.map((c: { name: string }) => c.name)).toEqual(["Ana"]);
    expect((await api("POST", `/companies/${mine}/contacts/import`, "name,number\nBob,202\n", { ...as, type: "text/csv" })).status).toBe(200);

    for (const [method, path, body] of [
      ["GET", `/companies/${theirs}/contacts`, undefined],
      ["GET", `/companies/${theirs}/contacts/export`, undefined],
      ["POST", `/companies/${theirs}/contacts`, { name: "X", number: "1" }],
      ["PATCH", `/companies/${theirs}/contacts/${theirContact.id}`, { number: "2" }],
      ["DELETE", `/companies/${theirs}/contacts/${theirContact.id}`, undefined],
      ["POST", `/companies/${theirs}/contacts/import`, []],
    ] as const) {
      expectError(await api(method, path, body, as), 404, "not_found");
    }
    // Nothing of theirs changed, and their contact cannot be reached through the token's own company either.
    expectError(await api("DELETE", `/companies/${mine}/contacts/${theirContact.id}`, undefined, as), 404, "not_found");
    expect((await api("GET", `/companies/${theirs}/contacts`)).json.items).toEqual([expect.objectContaining({ name: "Secret", number: "999" })]);
  });

  it("a read token lists and exports, and every write is a 403 that writes nothing", async () => {
    const id = await company("Read");
    const contact = (await api("POST", `/companies/${id}/contacts`, { name: "Ana", number: "201" })).json;
    const reader = { token: await token({ role: "read", companyId: id }) };
    expect((await api("GET", `/companies/${id}/contacts`, undefined, reader)).status).toBe(200);
    expect((await api("GET", `/companies/${id}/contacts/export`, undefined, reader)).status).toBe(200);
    expectError(await api("POST", `/companies/${id}/contacts`, { name: "X", number: "1" }, reader), 403, "forbidden");
    expectError(await api("PATCH", `/companies/${id}/contacts/${contact.id}`, { number: "2" }, reader), 403, "forbidden");
    expectError(await api("DELETE", `/companies/${id}/contacts/${contact.id}`, undefined, reader), 403, "forbidden");
    expectError(await api("POST", `/companies/${id}/contacts/import`, [], reader), 403, "forbidden");
    expect((await api("GET", `/companies/${id}/contacts`)).json.items).toEqual([expect.objectContaining({ name: "Ana", number: "201" })]);
  });

  it("writes are in the audit log with their company and field names, never the names or numbers", async () => {
    const id = await company("Audited");
    const admin = { token: await token({ role: "admin", companyId: id }) };
    const created = (await api("POST", `/companies/${id}/contacts`, { name: "Zoë Private", number: "+34600111222" }, admin)).json;
    await api("PATCH", `/companies/${id}/contacts/${created.id}`, { number: "+34600999888" }, admin);
    await api("POST", `/companies/${id}/contacts/import`, "name,number,group\nHidden Person,555123,Board\n", { ...admin, type: "text/csv" });
    const log = await api("GET", `/audit?limit=10`, undefined, admin);
    const mine = log.json.items.filter((e: { path: string }) => e.path.startsWith(`/api/v1/companies/${id}/contacts`));
    expect(mine.map((e: { method: string; companyId: number; fields: string[] }) => [e.method, e.companyId, e.fields])).toEqual([
      ["POST", id, ["group", "name", "number"]],
      ["PATCH", id, ["number"]],
      ["POST", id, ["name", "number"]],
    ]);
    for (const secret of ["Zoë", "+34600", "Hidden", "555123"]) expect(log.text).not.toContain(secret);
  });
});
