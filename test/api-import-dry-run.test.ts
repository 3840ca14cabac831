// POST /terminals/import?dryRun=true: the same checks as an import (the database's included), nothing written.
import { describe, expect, it } from "vitest";
import { api, apiCompany, expectError } from "./api";

const company = () => apiCompany({ name: "Dry Run Co", sipDomain: "sip.dry.example" });
const exists = async (mac: string) => (await api("GET", `/terminals/${mac}`)).status === 200;

describe("import dry run", () => {
  it("answers 200 with the count of valid rows and writes nothing; the same body then imports", async () => {
    const id = await company();
    const csv = `companyId,model,mac,name,username\n${id},yealink-t46g,00:15:65:d7:00:01,Desk 1,101\n${id},cisco-spa504g,c4:64:13:d7:00:02,Desk 2,102\n`;
    const dry = await api("POST", "/terminals/import?dryRun=true", csv, { type: "text/csv" });
    expect(dry.status, dry.text).toBe(200);
    expect(dry.json).toEqual({ valid: 2 });
    expect(await exists("001565d70001")).toBe(false);
    expect(await exists("c46413d70002")).toBe(false);

    const real = await api("POST", "/terminals/import?dryRun=false", csv, { type: "text/csv" });
    expect(real.status, real.text).toBe(201);
    expect(real.json).toEqual({ created: 2 });
    expect(await exists("001565d70001")).toBe(true);
  });

  it("reports every bad row by row and column, as the import would, and writes nothing", async () => {
    const id = await company();
    await api("POST", "/terminals", { companyId: id, model: "yealink-t46g", mac: "001565d70010" });
    const csv = [
      "companyId,model,mac,name",
      `${id},yealink-t46g,001565d70011,Good`,
      `${id},yealink-t46g,not-a-mac,Bad MAC`,
      `${id},no-such-model,001565d70012,Bad model`,
      `${id},yealink-t46g,00-15-65-D7-00-10,Taken`,
    ].join("\n");
    const dry = await api("POST", "/terminals/import?dryRun=true", csv, { type: "text/csv" });
    expect(dry.status, dry.text).toBe(400);
    expect(dry.json.error.code).toBe("import_rejected");
    const rows = dry.json.error.details.map((d: { row: number; field: string }) => [d.row, d.field]);
    expect(rows).toEqual([[2, "mac"], [3, "model"], [4, "mac"]]);
    expect(await exists("001565d70011")).toBe(false);
  });

  it("checks JSON bodies too, and refuses a dryRun that is neither true nor false", async () => {
    const id = await company();
    const body = [{ companyId: id, model: "yealink-t46g", mac: "001565d70020", lines: [{ username: "1" }] }];
    const dry = await api("POST", "/terminals/import?dryRun=true", body);
    expect(dry.status, dry.text).toBe(200);
    expect(dry.json).toEqual({ valid: 1 });
    expect(await exists("001565d70020")).toBe(false);
    expectError(await api("POST", "/terminals/import?dryRun=yes", body), 400, "validation_failed", "query.dryRun");
    expect(await exists("001565d70020")).toBe(false);
  });
});
