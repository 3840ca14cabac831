// GET /api/v1/fleet/summary: what the console's Fleet page charts. Storage is shared within this file,
// so each test reads the summary before and after making its own data and compares.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, expectError } from "./api";
import worker from "./worker";

type Summary = {
  terminals: number;
  provisionedLast24h: number;
  neverProvisioned: number;
  unknownDevices: number;
  byModel: { modelId: number; iden: string; name: string; terminals: number }[];
  byCompany: { companyId: number; name: string; terminals: number }[];
  refusedLast24h: { reason: string; count: number }[];
};

async function summary(): Promise<Summary> {
  const res = await api("GET", "/fleet/summary");
  expect(res.status, res.text).toBe(200);
  return res.json;
}

/** A phone fetching its MAC file, waiting for the event and provisioning record written after the response. */
async function fetchMacFile(mac: string, scheme = "https") {
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(`${scheme}://provision.example.com/provision/${mac}.cfg`, { headers: { "user-agent": "Yealink SIP-T46G 28.83.0.50" } }),
    env,
    ctx,
  );
  await res.text();
  await waitOnExecutionContext(ctx);
  return res.status;
}

const reasonCount = (s: Summary, reason: string) => s.refusedLast24h.find((r) => r.reason === reason)?.count ?? 0;

describe("fleet summary", () => {
  it("counts terminals by company and model, most first, naming each", async () => {
    const company = (await api("POST", "/companies", { name: "Fleet Counting Co", sipDomain: "sip.fleet.example" })).json;
    const before = await summary();
    const models = ["yealink-t46g", "yealink-t46g", "cisco-spa504g"];
    for (const [i, model] of models.entries()) {
      const mac = `${model.startsWith("cisco") ? "c46413" : "001565"}f1ee0${i}`;
      expect((await api("POST", "/terminals", { companyId: company.id, model, mac })).status).toBe(201);
    }
    const after = await summary();
    expect(after.terminals - before.terminals).toBe(3);
    expect(after.neverProvisioned - before.neverProvisioned).toBe(3);
    expect(after.byCompany.find((c) => c.companyId === company.id)).toEqual({ companyId: company.id, name: "Fleet Counting Co", terminals: 3 });
    const t46g = (s: Summary) => s.byModel.find((m) => m.iden === "yealink-t46g")?.terminals ?? 0;
    expect(t46g(after) - t46g(before)).toBe(2);
    expect(after.byModel.find((m) => m.iden === "yealink-t46g")?.name).toBe("Yealink T46G");
    const counts = after.byModel.map((m) => m.terminals);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  it("counts provisioning in the last 24 hours and refusals by reason", async () => {
    const company = (await api("POST", "/companies", { name: "Fleet Events Co", sipDomain: "sip.fleet.example" })).json;
    const served = "001565f1ee10";
    const disabled = "001565f1ee11";
    await api("POST", "/terminals", { companyId: company.id, model: "yealink-t46g", mac: served });
    await api("POST", "/terminals", { companyId: company.id, model: "yealink-t46g", mac: disabled, enabled: false });
    const before = await summary();

    expect(await fetchMacFile(served)).toBe(200);
    expect(await fetchMacFile(disabled)).toBe(404);
    expect(await fetchMacFile(disabled)).toBe(404); // within the minute: recorded once
    expect(await fetchMacFile(served, "http")).toBe(404);

    const after = await summary();
    expect(after.provisionedLast24h - before.provisionedLast24h).toBe(1);
    expect(after.neverProvisioned - before.neverProvisioned).toBe(-1);
    expect(reasonCount(after, "disabled") - reasonCount(before, "disabled")).toBe(1);
    expect(reasonCount(after, "https_required") - reasonCount(before, "https_required")).toBe(1);
    expect(after.refusedLast24h.some((r) => r.reason === "served")).toBe(false);
  });

  it("needs the token and is in the OpenAPI document", async () => {
    expectError(await api("GET", "/fleet/summary", undefined, { token: null }), 401, "unauthorized");
    const doc = (await api("GET", "/openapi.json")).json;
    expect(doc.paths["/fleet/summary"].get.responses["200"]).toBeDefined();
    expect(doc.components.schemas.FleetSummary.properties.refusedLast24h).toBeDefined();
  });
});
