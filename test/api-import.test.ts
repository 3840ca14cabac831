// Bulk import and export of terminals (POST /terminals/import, GET /terminals/export), as an
// operator with curl sees them: what is created, what the phones then get, and what a bad file
// is told. Each test makes its own company and uses its own MAC prefix, so no two tests collide.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { parseCsv, toCsv } from "../src/admin/csv";
import { insertTerminals } from "../src/db/terminals";
import type { TerminalRow } from "../src/db/terminals";
import { api, phone } from "./api";
import { createCompany, createTerminal, db, modelByIden } from "./fixtures";

/** A unicast MAC: a 4-hex-digit prefix of the test (first byte even) and the row number. */
function macFor(prefix: string, i: number): string {
  return prefix + i.toString(16).padStart(8, "0");
}

async function count(sql: string, ...params: unknown[]): Promise<number> {
  const row = await env.DB.prepare(sql).bind(...params).first<{ n: number }>();
  return row!.n;
}

const terminalsOfCompany = (companyId: number) => count("select count(*) as n from terminals where company_id = ?", companyId);
const terminalsWithPrefix = (prefix: string) => count("select count(*) as n from terminals where mac like ?", `${prefix}%`);
const linesOfCompany = (companyId: number) =>
  count("select count(*) as n from terminal_lines l join terminals t on t.id = l.terminal_id where t.company_id = ?", companyId);

/** Every terminal of a company through the list API, following nextCursor. */
async function listAll(companyId: number) {
  const items: any[] = [];
  for (let cursor: string | null = null, pages = 0; pages < 100; pages++) {
    const res = await api("GET", `/terminals?companyId=${companyId}&limit=500${cursor ? `&cursor=${cursor}` : ""}`);
    expect(res.status).toBe(200);
    items.push(...res.json.items);
    cursor = res.json.nextCursor;
    if (!cursor) break;
  }
  return items;
}

const CSV_HEADER = "companyId,model,mac,name,username,password,line2.username,line2.password";

/** A CSV of `n` T21P terminals; every 10th row has a second line. `change` may rewrite a row's cells. */
function bigCsv(companyId: number, prefix: string, n: number, change: (row: number, cells: string[]) => string[] = (_, c) => c): string {
  const out = [CSV_HEADER];
  for (let row = 1; row <= n; row++) {
    const two = row % 10 === 0;
    const cells = [
      String(companyId),
      "yealink-t21p",
      macFor(prefix, row),
      `Desk ${row}`,
      String(100000 + row),
      `pw-${prefix}-${row}`,
      two ? String(200000 + row) : "",
      two ? `pw2-${prefix}-${row}` : "",
    ];
    out.push(change(row, cells).join(","));
  }
  return out.join("\r\n") + "\r\n";
}

async function importCsv(csv: string) {
  return api("POST", "/terminals/import", csv, { type: "text/csv" });
}

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const start = Date.now();
  try {
    return await fn();
  } finally {
    console.log(`[timing] ${label}: ${Date.now() - start} ms`);
  }
}

describe("POST /terminals/import, JSON", () => {
  it("creates terminals given as POST /terminals takes them, with their lines; the phones get their files", async () => {
    const company = await createCompany({ name: "Json Import Co", sipDomain: "sip.json.example" });
    const t46g = await modelByIden("yealink-t46g");
    const body = [
      {
        companyId: company.id,
        model: "yealink-t21p",
        mac: "02:10:00:00:00:01",
        name: "Reception",
        lines: [
          { username: "1001", password: "json-pw-1001", displayName: "Front desk" },
          { username: "1002", password: "json-pw-1002", authUsername: "auth1002", extension: "12" },
        ],
      },
      // modelId instead of model; a Cisco dotted MAC spelling; no password: one is generated.
      { companyId: company.id, modelId: t46g.id, mac: "0210.0000.0002", lines: [{ username: "2001" }] },
      { companyId: company.id, model: "cisco-spa502g", mac: "02-10-00-00-00-03", enabled: false, language: "es", timezone: "Europe/Madrid" },
    ];
    const res = await api("POST", "/terminals/import", body);
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ created: 3 });

    const listed = await listAll(company.id);
    expect(listed.map((t) => t.mac)).toEqual(["021000000001", "021000000002", "021000000003"]);
    expect(listed[0]).toMatchObject({ name: "Reception", enabled: true, modelId: (await modelByIden("yealink-t21p")).id });
    expect(listed[0].lines).toEqual([
      { position: 1, username: "1001", authUsername: null, displayName: "Front desk", extension: null },
      { position: 2, username: "1002", authUsername: "auth1002", displayName: "", extension: "12" },
    ]);
    expect(listed[1]).toMatchObject({ modelId: t46g.id, lines: [{ position: 1, username: "2001" }] });
    expect(listed[2]).toMatchObject({ enabled: false, language: "es", timezone: "Europe/Madrid", lines: [] });
    expect(res.text + JSON.stringify(listed)).not.toContain("json-pw");

    const file = await phone("021000000001.cfg");
    expect(file.status).toBe(200);
    expect(file.text).toContain("account.1.password = json-pw-1001");
    expect(file.text).toContain("account.2.password = json-pw-1002");
    expect(file.text).toContain("account.2.auth_name = auth1002");
    expect(file.text).toContain("sip.json.example");

    // The generated password is strong and reaches the phone.
    const generated = /account\.1\.password = (\S+)/.exec((await phone("021000000002.cfg")).text)?.[1];
    expect(generated).toMatch(/^[A-Za-z0-9]{20,}$/);
    // A disabled terminal's file is not served.
    expect((await phone("021000000003.xml")).status).toBe(404);
  });

  it("names the row and the JSON field of each bad row, and writes nothing", async () => {
    const company = await createCompany();
    const good = (i: number) => ({ companyId: company.id, model: "yealink-t21p", mac: macFor("0211", i), lines: [{ username: `u${i}` }] });
    const res = await api("POST", "/terminals/import", [
      good(1),
      { ...good(2), lines: [{ username: "u2" }, { username: "x", password: "" }] },
      { ...good(3), colour: "red" },
      { ...good(4), model: "no-such-model" },
      { ...good(5), companyId: 999999999 },
      "not an object",
      { ...good(7), lines: [{ username: "a" }, { username: "b" }, { username: "c" }] },
    ]);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("import_rejected");
    expect(res.json.error.message).toMatch(/^6 of 7 rows are not valid; nothing was written/);
    const details = res.json.error.details.map((d: any) => [d.row, d.field, d.path]);
    expect(details).toEqual([
      [2, "lines.1.password", "rows[2].lines.1.password"],
      [3, "colour", "rows[3].colour"],
      [4, "model", "rows[4].model"],
      [5, "companyId", "rows[5].companyId"],
      [6, "(body)", "rows[6].(body)"],
      [7, "lines.2.position", "rows[7].lines.2.position"],
    ]);
    expect(res.json.error.details[2].message).toBe("no such model");
    expect(res.json.error.details[3].message).toBe("no such company");
    expect(res.json.error.details[4].message).toMatch(/expected object/);
    expect(res.json.error.details[5].message).toMatch(/2 line/);
    expect(await terminalsOfCompany(company.id)).toBe(0);
    expect(await terminalsWithPrefix("0211")).toBe(0);
  });

  it("refuses a body that is not a JSON array (400), an empty array (400), or more than 10,000 rows (413)", async () => {
    for (const body of [{ companyId: 1 }, "\"text\"", "null"]) {
      const res = await api("POST", "/terminals/import", body);
      expect(res.status).toBe(400);
      expect(res.json.error.details).toEqual([{ path: "(body)", message: expect.stringContaining("expected array") }]);
    }
    const notJson = await api("POST", "/terminals/import", "{not json");
    expect(notJson.status).toBe(400);
    expect(notJson.json.error.code).toBe("invalid_body");
    const empty = await api("POST", "/terminals/import", []);
    expect(empty.status).toBe(400);
    expect(empty.json.error.code).toBe("empty_import");

    const company = await createCompany();
    const rows = Array.from({ length: 10_001 }, (_, i) => ({ companyId: company.id, model: "yealink-t21p", mac: macFor("0212", i + 1) }));
    const tooMany = await api("POST", "/terminals/import", rows);
    expect(tooMany.status).toBe(413);
    expect(tooMany.json.error.message).toContain("10001");
    expect(await terminalsOfCompany(company.id)).toBe(0);
  });

  it("refuses a body over 16 MiB with 413 before reading it", async () => {
    const company = await createCompany();
    const row = { companyId: company.id, model: "yealink-t21p", mac: macFor("0214", 1), name: "x".repeat(100) };
    const body = "[" + Array.from({ length: 9000 }, () => JSON.stringify({ ...row, lines: [{ username: "u", displayName: "d".repeat(100), password: "p".repeat(128) }] })).join(",");
    const huge = body + "," + JSON.stringify({ ...row, name: "y".repeat(17 * 1024 * 1024) }) + "]";
    const res = await api("POST", "/terminals/import", huge);
    expect(res.status).toBe(413);
    expect(res.json.error.code).toBe("payload_too_large");
    expect(await terminalsOfCompany(company.id)).toBe(0);
  });

  it("refuses a body that is neither JSON nor CSV with 415", async () => {
    for (const type of ["text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data"]) {
      const res = await api("POST", "/terminals/import", "companyId,mac\n1,021300000001\n", { type });
      expect(res.status, type).toBe(415);
      expect(res.json.error.code).toBe("unsupported_media_type");
      expect(res.json.error.message).toContain("text/csv");
    }
    expect(await terminalsWithPrefix("0213")).toBe(0);
  });
});

describe("POST /terminals/import, 10,000 rows", () => {
  it("imports 10,000 CSV rows (some with two lines) in one request", { timeout: 120_000 }, async () => {
    const company = await createCompany({ name: "Big Co", sipDomain: "sip.big.example" });
    const csv = bigCsv(company.id, "0220", 10_000);
    const res = await timed("10,000-row CSV import", () => importCsv(csv));
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ created: 10_000 });

    expect(await terminalsOfCompany(company.id)).toBe(10_000);
    expect(await linesOfCompany(company.id)).toBe(11_000);
    const listed = await timed("listing 10,000 terminals, 500 a page", () => listAll(company.id));
    expect(listed).toHaveLength(10_000);
    expect(new Set(listed.map((t) => t.mac)).size).toBe(10_000);
    expect(listed.filter((t) => t.lines.length === 2)).toHaveLength(1000);

    for (const row of [1, 4_999, 10_000]) {
      const file = await phone(`${macFor("0220", row)}.cfg`);
      expect(file.status).toBe(200);
      expect(file.text).toContain(`account.1.user_name = ${100000 + row}`);
      expect(file.text).toContain(`account.1.password = pw-0220-${row}\n`);
      expect(file.text).toContain(`Desk ${row}`);
      if (row % 10 === 0) expect(file.text).toContain(`account.2.password = pw2-0220-${row}\n`);
      else expect(file.text).toContain("account.2.enable = 0");
    }
  });

  it("refuses 10,000 rows with one bad MAC at row 7,321, naming row and field, and writes nothing", { timeout: 120_000 }, async () => {
    const company = await createCompany();
    const csv = bigCsv(company.id, "0221", 10_000, (row, cells) => (row === 7321 ? [cells[0]!, cells[1]!, "00:15:65:zz:00:01", ...cells.slice(3)] : cells));
    const res = await timed("10,000-row CSV import with one bad row", () => importCsv(csv));
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("import_rejected");
    expect(res.json.error.message).toBe("1 of 10000 rows are not valid; nothing was written");
    expect(res.json.error.details).toEqual([
      { row: 7321, field: "mac", path: "rows[7321].mac", message: expect.stringContaining("MAC address") },
    ]);
    expect(await terminalsOfCompany(company.id)).toBe(0);
    expect(await terminalsWithPrefix("0221")).toBe(0);
  });

  it("refuses a MAC given twice, naming the first row, and writes nothing", { timeout: 120_000 }, async () => {
    const company = await createCompany();
    // Row 9,000 repeats row 12 in another spelling.
    const twelve = macFor("0222", 12).toUpperCase().match(/../g)!.join("-");
    const csv = bigCsv(company.id, "0222", 10_000, (row, cells) => (row === 9000 ? [cells[0]!, cells[1]!, twelve, ...cells.slice(3)] : cells));
    const res = await importCsv(csv);
    expect(res.status).toBe(400);
    expect(res.json.error.details).toEqual([{ row: 9000, field: "mac", path: "rows[9000].mac", message: "the same MAC as row 12" }]);
    expect(await terminalsOfCompany(company.id)).toBe(0);
    expect(await terminalsWithPrefix("0222")).toBe(0);
  });

  it("refuses a MAC that is in the database already, in another spelling, and writes nothing", { timeout: 120_000 }, async () => {
    const other = await createCompany();
    const existing = macFor("0223", 4000);
    await createTerminal({ model: "yealink-t21p", companyId: other.id, mac: existing });
    const company = await createCompany();
    const cisco = `${existing.slice(0, 4)}.${existing.slice(4, 8)}.${existing.slice(8)}`.toUpperCase();
    const csv = bigCsv(company.id, "0223", 10_000, (row, cells) => (row === 4000 ? [cells[0]!, cells[1]!, cisco, ...cells.slice(3)] : cells));
    const res = await importCsv(csv);
    expect(res.status).toBe(400);
    expect(res.json.error.details).toEqual([
      { row: 4000, field: "mac", path: "rows[4000].mac", message: "a terminal with this MAC exists already (mode=upsert updates it)" },
    ]);
    expect(await terminalsOfCompany(company.id)).toBe(0);
    // Only the terminal that was there before.
    expect(await terminalsWithPrefix("0223")).toBe(1);
  });

  it("lists many bad rows in row order, at most 1,000 of them", { timeout: 120_000 }, async () => {
    const company = await createCompany();
    // Every row from 5,001 on has an empty user name on line 2 and no MAC.
    const csv = bigCsv(company.id, "0224", 10_000, (row, cells) => (row > 5000 ? [cells[0]!, cells[1]!, "", ...cells.slice(3, 6), "", "x"] : cells));
    const res = await importCsv(csv);
    expect(res.status).toBe(400);
    expect(res.json.error.message).toBe("5000 of 10000 rows are not valid; nothing was written (first 1000 errors listed)");
    const details = res.json.error.details;
    expect(details).toHaveLength(1000);
    expect(details[0]).toMatchObject({ row: 5001 });
    expect(details.map((d: any) => d.row)).toEqual([...details.map((d: any) => d.row)].sort((a, b) => a - b));
    expect(new Set(details.map((d: any) => d.field))).toEqual(new Set(["mac", "line2.username"]));
    expect(await terminalsOfCompany(company.id)).toBe(0);
  });

  it("refuses more than 10,000 CSV rows with 413 and writes nothing", async () => {
    const company = await createCompany();
    const res = await importCsv(bigCsv(company.id, "0225", 10_001));
    expect(res.status).toBe(413);
    expect(res.json.error.code).toBe("too_many_rows");
    expect(await terminalsWithPrefix("0225")).toBe(0);
  });
});

describe("all or nothing when only the database sees the conflict", () => {
  const row = (companyId: number, modelId: number, mac: string, password = "pw"): TerminalRow => ({
    companyId,
    modelId,
    mac,
    name: "",
    language: null,
    timezone: null,
    transport: null,
    sipPort: null,
    enabled: true,
    lines: [{ position: 1, username: "u", authUsername: null, password, displayName: "", extension: null }],
    keys: [],
    settings: {},
  });

  it("insertTerminals with a MAC twice in its input throws and writes no terminal and no line", async () => {
    const company = await createCompany();
    const model = await modelByIden("yealink-t21p");
    // 2,500 rows: three insert statements; the duplicate sits in the last chunk, after two good ones.
    const rows = Array.from({ length: 2500 }, (_, i) => row(company.id, model.id, macFor("0230", i + 1)));
    rows.push(row(company.id, model.id, macFor("0230", 7)));
    await expect(insertTerminals(db, rows)).rejects.toThrow(/UNIQUE constraint failed: terminals\.mac/);
    expect(await terminalsOfCompany(company.id)).toBe(0);
    expect(await terminalsWithPrefix("0230")).toBe(0);
    expect(await count("select count(*) as n from terminal_lines where terminal_id not in (select id from terminals)")).toBe(0);
  });

  it("insertTerminals with a MAC written since validation throws and leaves only that terminal", async () => {
    const company = await createCompany();
    const model = await modelByIden("yealink-t21p");
    const rows = Array.from({ length: 1500 }, (_, i) => row(company.id, model.id, macFor("0231", i + 1)));
    const intruder = await createCompany();
    await createTerminal({ model: "yealink-t21p", companyId: intruder.id, mac: macFor("0231", 1400) });
    await expect(insertTerminals(db, rows)).rejects.toThrow(/UNIQUE/);
    expect(await terminalsOfCompany(company.id)).toBe(0);
    expect(await terminalsWithPrefix("0231")).toBe(1);
  });

  it("two concurrent imports of the same MACs: one is created, the other is refused and writes nothing", { timeout: 60_000 }, async () => {
    const [a, b] = [await createCompany({ name: "A" }), await createCompany({ name: "B" })];
    const [resA, resB] = await Promise.all([importCsv(bigCsv(a.id, "0232", 3000)), importCsv(bigCsv(b.id, "0232", 3000))]);
    const results = [resA, resB].map((r) => r.status).sort();
    // Whichever validated second sees the MACs (400) or, when both validated first, the database refuses the write (409).
    expect(results[0]).toBe(201);
    expect([400, 409]).toContain(results[1]);
    const [winner, loser] = resA.status === 201 ? [a, b] : [b, a];
    const refused = resA.status === 201 ? resB : resA;
    expect(refused.json.error.message).not.toMatch(/UNIQUE|SQL/);
    if (refused.status === 409) expect(refused.json.error.details).toEqual([{ path: "mac", message: "already in use" }]);
    console.log(`[concurrent imports] the second import got ${refused.status} ${refused.json.error.code}`);
    expect(await terminalsOfCompany(winner.id)).toBe(3000);
    expect(await terminalsOfCompany(loser.id)).toBe(0);
    expect(await linesOfCompany(loser.id)).toBe(0);
  });
});

describe("POST /terminals/import, CSV details", () => {
  it("reads a UTF-8 BOM, CRLF line ends and RFC 4180 quoting", async () => {
    const company = await createCompany();
    const csv =
      "\uFEFFcompanyId,model,mac,name,username,displayName\r\n" +
      `${company.id},yealink-t21p,024000000001,"Desk, ""North""",100,"Smith, Ann"\r\n` +
      `${company.id},yealink-t21p,024000000002,Café ☎,101,\r\n`;
    const res = await importCsv(csv);
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ created: 2 });
    const [one, two] = await listAll(company.id);
    expect(one).toMatchObject({ mac: "024000000001", name: 'Desk, "North"', lines: [{ username: "100", displayName: "Smith, Ann" }] });
    expect(two).toMatchObject({ mac: "024000000002", name: "Café ☎", lines: [{ username: "101", displayName: "" }] });
    expect((await phone("024000000001.cfg")).text).toContain('account.1.display_name = Smith, Ann');
  });

  it("reads LF line ends and a file without a final line end", async () => {
    const company = await createCompany();
    const res = await importCsv(`mac,companyId,model\n024100000001,${company.id},yealink-t21p\n024100000002,${company.id},yealink-t21p`);
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ created: 2 });
  });

  it("takes text/csv with parameters and in any case (media types are case-insensitive)", async () => {
    const company = await createCompany();
    for (const [i, type] of ["text/csv; charset=utf-8; header=present", "Text/CSV", "TEXT/CSV;charset=UTF-8"].entries()) {
      const res = await api("POST", "/terminals/import", `mac,companyId,model\n02420000000${i + 1},${company.id},yealink-t21p\n`, { type });
      expect(res.status, `${type}: ${res.text}`).toBe(201);
    }
    expect(await terminalsOfCompany(company.id)).toBe(3);
  });

  it("refuses a line break inside a quoted field as a control character in that field", async () => {
    const company = await createCompany();
    const res = await importCsv(
      `companyId,model,mac,name,username,line2.username,line2.password\n` +
        `${company.id},yealink-t21p,024300000001,ok,100,200,pw\n` +
        `${company.id},yealink-t21p,024300000002,"two\nlines",101,201,"pass\r\nword"\n`,
    );
    expect(res.status).toBe(400);
    expect(res.json.error.details).toEqual([
      { row: 2, field: "name", path: "rows[2].name", message: expect.stringContaining("control characters") },
      { row: 2, field: "line2.password", path: "rows[2].line2.password", message: expect.stringContaining("control characters") },
    ]);
    expect(await terminalsOfCompany(company.id)).toBe(0);
  });

  it("takes the model by iden (`model`) or by id (`modelId`), exactly one per row", async () => {
    const company = await createCompany();
    const t46g = await modelByIden("yealink-t46g");
    const header = "companyId,modelId,model,mac\n";
    const bad = await importCsv(
      header +
        `${company.id},${t46g.id},yealink-t21p,024400000001\n` +
        `${company.id},,,024400000002\n` +
        `${company.id},,yealink-t99,024400000003\n` +
        `${company.id},999999,,024400000004\n` +
        `${company.id},abc,,024400000005\n`,
    );
    expect(bad.status).toBe(400);
    expect(bad.json.error.details.map((d: any) => [d.row, d.field, d.message])).toEqual([
      [1, "modelId", "give exactly one of modelId or model (the model's iden)"],
      [2, "modelId", "give exactly one of modelId or model (the model's iden)"],
      [3, "model", "no such model"],
      [4, "modelId", "no such model"],
      [5, "modelId", expect.any(String)],
    ]);

    const good = await importCsv(header + `${company.id},${t46g.id},,024400000011\n${company.id},,yealink-t21p,024400000012\n`);
    expect(good.status).toBe(201);
    const [byId, byIden] = await listAll(company.id);
    expect(byId.modelId).toBe(t46g.id);
    expect(byIden.modelId).toBe((await modelByIden("yealink-t21p")).id);
  });

  it("reads `enabled` as true/false, 1/0, yes/no, and refuses anything else", async () => {
    const company = await createCompany();
    const header = "companyId,model,mac,enabled\n";
    const rows = ["false", "FALSE", "0", "no", "true", "1", "Yes", ""].map((v, i) => `${company.id},yealink-t21p,02450000000${i + 1},${v}`);
    const res = await importCsv(header + rows.join("\n"));
    expect(res.status).toBe(201);
    const listed = await listAll(company.id);
    expect(listed.map((t) => t.enabled)).toEqual([false, false, false, false, true, true, true, true]);
    expect((await phone("024500000001.cfg")).status).toBe(404);
    expect((await phone("024500000005.cfg")).status).toBe(200);

    const bad = await importCsv(header + `${company.id},yealink-t21p,024500000011,maybe\n`);
    expect(bad.status).toBe(400);
    expect(bad.json.error.details).toEqual([{ row: 1, field: "enabled", path: "rows[1].enabled", message: expect.any(String) }]);
  });

  it("creates line 2 from line2.* columns, also without a line 1", async () => {
    const company = await createCompany();
    const res = await importCsv(
      "companyId,model,mac,username,password,line2.username,line2.authUsername,line2.password,line2.displayName,line2.extension\n" +
        `${company.id},yealink-t21p,024600000001,100,pw-one,200,auth200,pw-two,Second,22\n` +
        `${company.id},yealink-t21p,024600000002,,,300,,pw-three,,\n`,
    );
    expect(res.status).toBe(201);
    const [both, onlySecond] = await listAll(company.id);
    expect(both.lines).toEqual([
      { position: 1, username: "100", authUsername: null, displayName: "", extension: null },
      { position: 2, username: "200", authUsername: "auth200", displayName: "Second", extension: "22" },
    ]);
    expect(onlySecond.lines).toEqual([{ position: 2, username: "300", authUsername: null, displayName: "", extension: null }]);
    const file = (await phone("024600000001.cfg")).text;
    expect(file).toContain("account.2.password = pw-two\n");
    expect(file).toContain("account.2.auth_name = auth200\n");
    const second = (await phone("024600000002.cfg")).text;
    expect(second).toContain("account.1.enable = 0");
    expect(second).toContain("account.2.password = pw-three\n");
  });

  it("names CSV columns in row errors (line2.password, not lines.1.password)", async () => {
    const company = await createCompany();
    const long = "p".repeat(129);
    const res = await importCsv(
      "companyId,model,mac,username,password,line2.username,line2.password\n" +
        `${company.id},yealink-t21p,024700000001,100,ok,200,${long}\n` +
        `${company.id},yealink-t21p,024700000002,has space,ok,,pw-without-user\n`,
    );
    expect(res.status).toBe(400);
    expect(res.json.error.details.map((d: any) => [d.row, d.field])).toEqual([
      [1, "line2.password"],
      [2, "username"],
      [2, "line2.username"],
    ]);
    expect(JSON.stringify(res.json)).not.toMatch(/lines\.\d/);
    // Nor does an error repeat a password.
    expect(res.text).not.toContain(long);
    expect(res.text).not.toContain("pw-without-user");
  });

  it("refuses a line the model does not have, naming that line's column", async () => {
    const company = await createCompany();
    // The T21P has 2 lines.
    const res = await importCsv(`companyId,model,mac,line3.username\n${company.id},yealink-t21p,024800000001,300\n`);
    expect(res.status).toBe(400);
    expect(res.json.error.details).toEqual([{ row: 1, field: "line3.position", path: "rows[1].line3.position", message: "the model has 2 line(s)" }]);
  });

  it("refuses extra cells beyond the header", async () => {
    const company = await createCompany();
    const res = await importCsv(`companyId,model,mac\n${company.id},yealink-t21p,024900000001,surplus\n`);
    expect(res.status).toBe(400);
    expect(res.json.error.details).toEqual([{ row: 1, field: "(extra cells)", path: "rows[1].(extra cells)", message: "unknown field" }]);
  });

  it("refuses an unknown column with 400 naming it", async () => {
    const company = await createCompany();
    const res = await importCsv(`companyId,model,mac,colour,line2.pasword\n${company.id},yealink-t21p,025000000001,red,x\n`);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("invalid_csv");
    expect(res.json.error.details).toEqual([
      { path: "colour", message: "unknown column" },
      { path: "line2.pasword", message: "unknown column" },
    ]);
    expect(await terminalsOfCompany(company.id)).toBe(0);
  });

  it("refuses a column given twice", async () => {
    const company = await createCompany();
    const res = await importCsv(`companyId,model,mac,mac\n${company.id},yealink-t21p,025100000001,025100000002\n`);
    expect(res.status).toBe(400);
    expect(res.json.error.details).toEqual([{ path: "mac", message: "column given twice" }]);
    expect(await terminalsOfCompany(company.id)).toBe(0);
  });

  it("does not echo a header-less first row (it may hold a password)", async () => {
    const company = await createCompany();
    const res = await importCsv(`${company.id},yealink-t21p,025100000004,Sup3r-S1P-Secret\n`);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("invalid_csv");
    expect(res.text).not.toContain("Sup3r-S1P-Secret");
  });

  it("takes username and line1.username for the same column", async () => {
    const company = await createCompany();
    const res = await importCsv(`companyId,model,mac,username,line1.username\n${company.id},yealink-t21p,025100000003,aaa,bbb\n`);
    expect(res.status).toBe(400);
    expect(res.json.error.details).toEqual([{ path: "line1.username", message: "column given twice" }]);
    expect(await terminalsOfCompany(company.id)).toBe(0);
  });

  it("refuses an unterminated quoted field with 400", async () => {
    const company = await createCompany();
    const res = await importCsv(`companyId,model,mac,name\n${company.id},yealink-t21p,025100000001,"Reception\n${company.id},yealink-t21p,025100000002,x\n`);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("invalid_csv");
    expect(res.json.error.message).toMatch(/quoted field/);
    expect(await terminalsOfCompany(company.id)).toBe(0);
  });

  it("refuses an empty file, a BOM alone, blank lines and a header without rows with 400", async () => {
    for (const csv of ["", "\uFEFF", "\r\n\r\n", "companyId,model,mac\r\n", "\uFEFFcompanyId,model,mac\n\n"]) {
      const res = await importCsv(csv);
      expect(res.status, JSON.stringify(csv)).toBe(400);
      expect(["invalid_csv", "empty_import"]).toContain(res.json.error.code);
    }
  });
});

describe("GET /terminals/export", () => {
  /** A company with three terminals whose values need CSV quoting, and known passwords. */
  async function exportFixture(prefix: string) {
    const company = await createCompany({ name: "Export Co", sipDomain: "sip.export.example" });
    const noise = await createCompany();
    const passwords = [`secret-${prefix}-a`, `secret-${prefix}-b`, `secret-${prefix}-c`];
    const res = await api("POST", "/terminals/import", [
      {
        companyId: company.id,
        model: "yealink-t21p",
        mac: macFor(prefix, 1),
        name: 'Desk, "North"',
        language: "es",
        timezone: "Europe/Madrid",
        lines: [
          { username: "100", password: passwords[0], displayName: "Smith, Ann", authUsername: "a100", extension: "10" },
          { username: "200", password: passwords[1], displayName: 'The "Boss"' },
        ],
      },
      { companyId: company.id, model: "cisco-spa504g", mac: macFor(prefix, 2), enabled: false, lines: [{ position: 3, username: "300", password: passwords[2] }] },
      { companyId: company.id, model: "yealink-t46g", mac: macFor(prefix, 3) },
      { companyId: noise.id, model: "yealink-t46g", mac: macFor(prefix, 4), name: "Not exported" },
    ]);
    expect(res.status).toBe(201);
    return { company, passwords };
  }

  it("exports a company's terminals as CSV with their lines and never a password", async () => {
    const { company, passwords } = await exportFixture("0260");
    const res = await api("GET", `/terminals/export?format=csv&companyId=${company.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toContain("terminals.csv");
    for (const password of passwords) expect(res.text).not.toContain(password);
    expect(res.text).not.toMatch(/password/i);

    const [header, ...rows] = parseCsv(res.text);
    expect(header).toEqual([
      "companyId", "modelId", "mac", "name", "language", "timezone", "transport", "sipPort", "enabled",
      "username", "authUsername", "displayName", "extension",
      "line2.username", "line2.authUsername", "line2.displayName", "line2.extension",
      "line3.username", "line3.authUsername", "line3.displayName", "line3.extension",
    ]);
    const t21p = await modelByIden("yealink-t21p");
    expect(rows).toEqual([
      [String(company.id), String(t21p.id), macFor("0260", 1), 'Desk, "North"', "es", "Europe/Madrid", "", "", "true",
        "100", "a100", "Smith, Ann", "10", "200", "", 'The "Boss"', "", "", "", "", ""],
      [String(company.id), String((await modelByIden("cisco-spa504g")).id), macFor("0260", 2), "", "", "", "", "", "false",
        "", "", "", "", "", "", "", "", "300", "", "", ""],
      [String(company.id), String((await modelByIden("yealink-t46g")).id), macFor("0260", 3), "", "", "", "", "", "true",
        "", "", "", "", "", "", "", "", "", "", "", ""],
    ]);
  });

  it("exports a company's terminals as JSON with their lines and never a password", async () => {
    const { company, passwords } = await exportFixture("0261");
    const res = await api("GET", `/terminals/export?format=json&companyId=${company.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    for (const password of passwords) expect(res.text).not.toContain(password);
    expect(res.text).not.toMatch(/password/i);
    expect(res.json.map((t: any) => t.mac)).toEqual([macFor("0261", 1), macFor("0261", 2), macFor("0261", 3)]);
    expect(res.json[0]).toMatchObject({
      companyId: company.id,
      name: 'Desk, "North"',
      language: "es",
      timezone: "Europe/Madrid",
      enabled: true,
      lines: [
        { position: 1, username: "100", authUsername: "a100", displayName: "Smith, Ann", extension: "10" },
        { position: 2, username: "200", authUsername: null, displayName: 'The "Boss"', extension: null },
      ],
    });
    expect(res.json[1]).toMatchObject({ enabled: false, lines: [{ position: 3, username: "300" }] });
    expect(res.json[2].lines).toEqual([]);
  });

  it("exports an empty company as a header-only CSV and an empty JSON array; refuses an unknown format", async () => {
    const company = await createCompany();
    const csv = await api("GET", `/terminals/export?companyId=${company.id}`);
    expect(csv.status).toBe(200);
    expect(parseCsv(csv.text)).toEqual([[
      "companyId", "modelId", "mac", "name", "language", "timezone", "transport", "sipPort", "enabled", "username", "authUsername", "displayName", "extension",
    ]]);
    const json = await api("GET", `/terminals/export?format=json&companyId=${company.id}`);
    expect(json.json).toEqual([]);
    const bad = await api("GET", `/terminals/export?format=xlsx&companyId=${company.id}`);
    expect(bad.status).toBe(400);
    expect(bad.json.error.details[0].path).toBe("query.format");
  });

  it("re-imports its CSV into another company once the MACs and companyId are changed", async () => {
    const { company } = await exportFixture("0262");
    const exported = await api("GET", `/terminals/export?format=csv&companyId=${company.id}`);
    const target = await createCompany({ name: "Copy Co" });

    const [header, ...rows] = parseCsv(exported.text);
    const macColumn = header!.indexOf("mac");
    const companyColumn = header!.indexOf("companyId");
    const moved = rows.map((cells) => cells.map((cell, i) => (i === macColumn ? "0263" + cell.slice(4) : i === companyColumn ? String(target.id) : cell)));
    const res = await importCsv(toCsv([header!, ...moved]));
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ created: 3 });

    // The copy exports exactly like the original, apart from MAC and company.
    const copy = await api("GET", `/terminals/export?format=csv&companyId=${target.id}`);
    expect(parseCsv(copy.text)).toEqual([header, ...moved]);
    const original = (await api("GET", `/terminals/export?format=json&companyId=${company.id}`)).json;
    const copied = (await api("GET", `/terminals/export?format=json&companyId=${target.id}`)).json;
    const comparable = (t: any) => ({ modelId: t.modelId, name: t.name, language: t.language, timezone: t.timezone, enabled: t.enabled, lines: t.lines });
    expect(copied.map(comparable)).toEqual(original.map(comparable));
    // Passwords were not exported, so the copies got new generated ones.
    const file = (await phone(`0263${macFor("0262", 1).slice(4)}.cfg`)).text;
    expect(file).toMatch(/account\.1\.password = [A-Za-z0-9]{20,}\n/);
    expect(file).not.toContain("secret-0262");
  });
});
