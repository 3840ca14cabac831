// Imports that match real files: `?mode=upsert` keyed by MAC, an export re-imported as it is (CSV and
// JSON), spreadsheet CSV dialects, and errors that name one row and one field.
import { describe, expect, it } from "vitest";
import { api, phone } from "./api";
import { createCompany } from "./fixtures";

const macFor = (prefix: string, i: number) => prefix + i.toString(16).padStart(8, "0");

const importCsv = (csv: string, mode?: string) =>
  api("POST", `/terminals/import${mode ? `?mode=${mode}` : ""}`, csv, { type: "text/csv" });
const importJson = (rows: unknown, mode?: string) => api("POST", `/terminals/import${mode ? `?mode=${mode}` : ""}`, rows);
const exported = async (companyId: number, format: "csv" | "json") => {
  const res = await api("GET", `/terminals/export?format=${format}&companyId=${companyId}`);
  expect(res.status).toBe(200);
  return res;
};

/** Three terminals whose values need quoting, with known passwords, one of them provisioned and locked. */
async function fleet(prefix: string) {
  const company = await createCompany({ name: "Upsert Co", sipDomain: "sip.upsert.example" });
  const res = await importJson([
    {
      companyId: company.id,
      model: "yealink-t21p",
      mac: macFor(prefix, 1),
      name: 'Desk; "North", 1',
      language: "es",
      timezone: "Europe/Madrid",
      transport: "tls",
      sipPort: 5061,
      lines: [
        { username: "100", password: `pw-${prefix}-1`, displayName: "Smith, Ann", authUsername: "a100", extension: "10" },
        { username: "200", password: `pw-${prefix}-2`, displayName: "Second" },
      ],
    },
    { companyId: company.id, model: "cisco-spa504g", mac: macFor(prefix, 2), enabled: false, lines: [{ position: 3, username: "300", password: `pw-${prefix}-3` }] },
    { companyId: company.id, model: "yealink-t46g", mac: macFor(prefix, 3) },
  ]);
  expect(res.status, res.text).toBe(201);
  // A served fetch fills provisionedAt/Ip/UserAgent, read-only fields the JSON export carries.
  expect((await phone(`${macFor(prefix, 1)}.cfg`)).status).toBe(200);
  return company;
}

describe("POST /terminals/import?mode=upsert", () => {
  it("re-imports a CSV export unchanged: the same export after, passwords kept", async () => {
    const company = await fleet("0270");
    const before = await exported(company.id, "csv");
    const jsonBefore = (await exported(company.id, "json")).json;

    const res = await importCsv(before.text, "upsert");
    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual({ created: 0, updated: 0, unchanged: 3 });
    expect((await exported(company.id, "csv")).text).toBe(before.text);
    expect((await exported(company.id, "json")).json).toEqual(jsonBefore);
    const file = (await phone(`${macFor("0270", 1)}.cfg`)).text;
    expect(file).toContain("account.1.password = pw-0270-1\n");
    expect(file).toContain("account.2.password = pw-0270-2\n");
  });

  it("re-imports a JSON export unchanged: its read-only fields (id, locked, provisionedAt, ...) are ignored", async () => {
    const company = await fleet("0271");
    const before = (await exported(company.id, "json")).json;
    expect(before[0].provisionedAt).not.toBeNull();

    const res = await importJson(before, "upsert");
    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual({ created: 0, updated: 0, unchanged: 3 });
    expect((await exported(company.id, "json")).json).toEqual(before);
  });

  it("creates from a JSON export too (mode=create), read-only fields ignored", async () => {
    const company = await fleet("0272");
    const target = await createCompany({ name: "Copy Co" });
    const rows = (await exported(company.id, "json")).json.map((t: any) => ({ ...t, companyId: target.id, mac: "0273" + t.mac.slice(4) }));
    const res = await importJson(rows);
    expect(res.status, res.text).toBe(201);
    expect(res.json).toEqual({ created: 3 });
    const copy = (await exported(target.id, "json")).json;
    expect(copy.map((t: any) => [t.name, t.lines.length, t.provisionedAt, t.locked])).toEqual([
      ['Desk; "North", 1', 2, null, false],
      ["", 1, null, false],
      ["", 0, null, false],
    ]);
  });

  it("updates the fields a row gives, keeps the others and a line's password, creates new MACs, in one go", async () => {
    const company = await fleet("0274");
    const csv = [
      "companyId,model,mac,name,username,displayName,line2.username",
      // Existing: name and line 1's display name change; no password given, so each line keeps its own.
      `${company.id},yealink-t21p,${macFor("0274", 1).toUpperCase()},Front desk,100,Ann Smith,201`,
      // New: created with a generated password.
      `${company.id},yealink-t46g,${macFor("0274", 9)},New desk,900,,`,
    ].join("\n");
    const before = (await exported(company.id, "json")).json[0];
    const res = await importCsv(csv, "upsert");
    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual({ created: 1, updated: 1, unchanged: 0 });

    const after = (await exported(company.id, "json")).json;
    expect(after[0]).toMatchObject({
      name: "Front desk",
      language: "es",
      timezone: "Europe/Madrid",
      transport: "tls",
      sipPort: 5061,
      lines: [
        { position: 1, username: "100", authUsername: null, displayName: "Ann Smith", extension: null },
        { position: 2, username: "201", authUsername: null, displayName: "", extension: null },
      ],
    });
    expect(after[0].updatedAt).not.toBe(before.updatedAt);
    expect(after[0].createdAt).toBe(before.createdAt);
    expect(after.map((t: any) => t.mac)).toContain(macFor("0274", 9));
    const file = (await phone(`${macFor("0274", 1)}.cfg`)).text;
    expect(file).toContain("account.1.password = pw-0274-1\n");
    expect(file).toContain("account.2.password = pw-0274-2\n");
    expect(file).toContain("account.1.display_name = Ann Smith\n");
  });

  it("a row for a MAC that exists needs only the MAC and the columns it changes, in CSV as in JSON; a new MAC needs a company and a model", async () => {
    const company = await fleet("0279");
    const modelBefore = (await api("GET", `/terminals/${macFor("0279", 3)}`)).json.modelId;
    const csv = await importCsv(`mac;name\n${macFor("0279", 3)};Lobby\n`, "upsert");
    expect(csv.json, csv.text).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    const json = await importJson([{ mac: macFor("0279", 2), enabled: true }], "upsert");
    expect(json.json, json.text).toMatchObject({ updated: 1 });
    const [lobby, spa] = await Promise.all([api("GET", `/terminals/${macFor("0279", 3)}`), api("GET", `/terminals/${macFor("0279", 2)}`)]);
    expect([lobby.json.name, lobby.json.companyId, lobby.json.modelId, spa.json.enabled, spa.json.companyId]).toEqual(["Lobby", company.id, modelBefore, true, company.id]);
    // A new MAC: what a create needs, named by its column; and nothing of the good row is written.
    const refused = await importCsv(`mac,name\n${macFor("0279", 1)},Kept\n${macFor("0279", 9)},New\n`, "upsert");
    expect(refused.status).toBe(400);
    expect(refused.json.error.details).toEqual(expect.arrayContaining([
      expect.objectContaining({ row: 2, field: "companyId" }),
      expect.objectContaining({ row: 2, field: "modelId" }),
    ]));
    expect((await api("GET", `/terminals/${macFor("0279", 1)}`)).json.name).not.toBe("Kept");
    // mode=create still needs every required field on every row.
    expect((await importCsv(`mac,name\n${macFor("0279", 10)},New\n`)).status).toBe(400);
  });

  it("is all or nothing: one bad row and nothing is updated or created", async () => {
    const company = await fleet("0275");
    const before = await exported(company.id, "csv");
    const res = await importCsv(
      [
        "companyId,model,mac,name",
        `${company.id},yealink-t21p,${macFor("0275", 1)},Renamed`,
        `${company.id},yealink-t21p,${macFor("0275", 8)},New`,
        `${company.id},no-such-model,${macFor("0275", 9)},Bad`,
      ].join("\n"),
      "upsert",
    );
    expect(res.status).toBe(400);
    expect(res.json.error.details).toEqual([{ row: 3, field: "model", path: "rows[3].model", message: "no such model" }]);
    expect((await exported(company.id, "csv")).text).toBe(before.text);
  });

  it("refuses a mode other than create or upsert", async () => {
    const company = await createCompany();
    const res = await importCsv(`companyId,model,mac\n${company.id},yealink-t21p,${macFor("0276", 1)}\n`, "merge");
    expect(res.status).toBe(400);
    expect(res.json.error.details).toEqual([expect.objectContaining({ path: "query.mode" })]);
  });
});

describe("POST /terminals/import, files from spreadsheets", () => {
  it("reads semicolon and tab separated CSV (Excel in es, fr, de locales)", async () => {
    const company = await createCompany();
    const semicolon = `\uFEFFcompanyId;model;mac;name;username\r\n${company.id};yealink-t21p;${macFor("0277", 1)};"Recepción; planta 1";101\r\n`;
    expect((await importCsv(semicolon)).status).toBe(201);
    const tab = `companyId\tmodel\tmac\tname\n${company.id}\tyealink-t21p\t${macFor("0277", 2)}\tSmith, Ann\n`;
    expect((await importCsv(tab)).status).toBe(201);
    const names = (await exported(company.id, "json")).json.map((t: any) => t.name);
    expect(names).toEqual(["Recepción; planta 1", "Smith, Ann"]);
  });

  it("refuses a stray quote with its row and column, and writes nothing", async () => {
    const company = await createCompany();
    const res = await importCsv(`companyId,model,mac,name\n${company.id},yealink-t21p,${macFor("0278", 1)},Desk\n${company.id},yealink-t21p,${macFor("0278", 2)},"x"y\n`);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("invalid_csv");
    expect(res.json.error.message).toContain("row 2, column 4 (name)");
    expect(res.json.error.details).toEqual([expect.objectContaining({ row: 2, column: 4, field: "name", path: "rows[2].name" })]);
    expect((await exported(company.id, "json")).json).toEqual([]);
  });

  it("names each unknown field in its own error", async () => {
    const company = await createCompany();
    const res = await importJson([{ companyId: company.id, model: "yealink-t21p", mac: macFor("0279", 1), colour: "red", floor: 2 }]);
    expect(res.status).toBe(400);
    expect(res.json.error.details).toEqual([
      { row: 1, field: "colour", path: "rows[1].colour", message: "unknown field" },
      { row: 1, field: "floor", path: "rows[1].floor", message: "unknown field" },
    ]);
  });
});
