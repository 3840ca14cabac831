// No file over 256 KiB is ever rendered for a phone or for the preview. The template check counts every
// value at its longest and costliest (a `"` is 6 bytes in XML, a `€` 3 bytes of UTF-8) and every list of
// lines at its longest; the render holds every file to the limit, for what the check cannot foresee (a
// template stored before it, a long PUBLIC_BASE_URL): the preview answers 422, the phone the one 404.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { MAX_OUTPUT_BYTES, utf8Bytes } from "../src/core/render";
import { templateSet } from "../templates";
import { ADMIN_TOKEN, api, BASE, expectError } from "./api";
import { createModel, modelByIden, uniqueMac } from "./fixtures";
import { fetchFile } from "./phone-fetch";
import worker from "./worker";

let log: MockInstance;
beforeEach(() => {
  log = vi.spyOn(console, "log").mockImplementation(() => {});
});
afterEach(() => log.mockRestore());

/** The phone log's lines (src/phone/provision-log.ts) since the spy was set. */
const provisionLines = () =>
  log.mock.calls.map((args) => String(args[0])).filter((line) => line.includes('"event":"provision"')).map((line) => JSON.parse(line) as { level: string; status: number; outcome: string; mac: string | null; model: string | null });

const fingerprint = (r: { status: number; headers: Headers; body: string }) => ({
  status: r.status,
  body: r.body,
  headers: [...r.headers].filter(([k]) => k !== "x-request-id").sort(),
});

describe("the template check", () => {
  const restore: number[] = [];
  afterEach(async () => {
    for (const id of restore.splice(0)) await api("DELETE", `/models/${id}/templates/specific`);
  });

  it("counts every value at its longest and costliest: templates that rendered 1.45 MB and 786 KB are refused", async () => {
    // Each line's values for every line: under the old estimate (64 characters a value) about 66 KiB
    // and 55 KiB; with 128-character user names and passwords of `€` (text) or `"` (XML), far more.
    const bombs = [
      ["yealink-t46g", "{{#lines}}{{#lines}}{{displayName}}{{username}}{{authUsername}}{{password}}\n{{/lines}}{{/lines}}"],
      ["gigaset-n670", '{{#lines}}{{#lines}}<param value="{{displayName}}{{password}}"/>\n{{/lines}}{{/lines}}'],
    ] as const;
    for (const [iden, source] of bombs) {
      const model = await modelByIden(iden);
      restore.push(model.id);
      const res = await api("PUT", `/models/${model.id}/templates/specific`, source, { type: "text/plain" });
      expectError(res, 400, "validation_failed", "template");
      expect(res.json.error.details[0].message, iden).toMatch(/could render about \d+ KiB; at most 256 KiB/);
      expect((await api("GET", `/models/${model.id}/templates`)).json.specific.isDefault, iden).toBe(true);
    }
  });

  it("counts on hosts of at most 253 characters: a longer SIP domain, proxy or NTP server is refused", async () => {
    const literal = `[${"0:".repeat(130)}1]`;
    for (const field of ["sipDomain", "ntpServer", "sipProxy"]) {
      const res = await api("POST", "/companies", { name: "Long", sipDomain: "sip.long.example", [field]: literal });
      expectError(res, 400, "validation_failed", field);
    }
  });

  it("takes the bundled template of a 250-handset base: a terminal has at most 64 lines", async () => {
    const model = await modelByIden("gigaset-n870");
    restore.push(model.id);
    const res = await api("PUT", `/models/${model.id}/templates/specific`, `${templateSet("gigaset").specific}<!-- ours -->\n`, { type: "text/plain" });
    expect(res.status, res.text).toBe(200);
  });
});

describe("a rendered file over 256 KiB", () => {
  it("is a 422 in the preview and the one 404 for the phone, which keeps its first fetch", async () => {
    // Stored past the API, as a template stored before the check was: 16 lines of each of 16 lines.
    const model = await createModel({
      iden: "cap-t46g",
      genericFile: "cap-common.cfg",
      specificPattern: "cap{mac}.cfg",
      maxLines: 16,
      specificTemplate: "{{#lines}}{{#lines}}{{displayName}}{{username}}{{authUsername}}{{password}}\n{{/lines}}{{/lines}}",
    });
    const company = await api("POST", "/companies", { name: "Cap", sipDomain: "sip.cap.example", policy: { lockAfterFirstFetch: true } });
    expect(company.status, company.text).toBe(201);
    const mac = uniqueMac();
    // Every value as long as the API takes it, in a 3-byte character: 256 renders of 1,452 bytes.
    const long = Array.from({ length: 16 }, () => ({ username: "€".repeat(128), authUsername: "€".repeat(128), password: "€".repeat(128), displayName: "€".repeat(100) }));
    const created = await api("POST", "/terminals", { companyId: company.json.id, modelId: model.id, mac, lines: long });
    expect(created.status, created.text).toBe(201);

    const preview = await api("GET", `/terminals/${mac}/config`);
    expectError(preview, 422, "file_too_large");
    expect(preview.json.error.message).toMatch(/^The MAC file would be \d+ KiB, over the 256 KiB/);
    expect(preview.text).not.toContain("€€€");
    // The console's terminal page shows the rest of the terminal, and why there is no preview.
    const page = await exports.default.fetch(`${BASE}/console/view/terminals/${mac}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain("The MAC file would be");
    expect(html).toContain("Last events");

    const file = await fetchFile(`cap${mac}.cfg`);
    const unknown = await fetchFile(`cap${uniqueMac("0015ff")}.cfg`);
    expect(fingerprint(file)).toEqual(fingerprint(unknown));
    expect(provisionLines()[0]).toMatchObject({ level: "warn", status: 404, outcome: "file_too_large", mac, model: "cap-t46g" });
    const events = (await api("GET", `/terminals/${mac}/events`)).json.items.map((e: { outcome: string }) => e.outcome);
    expect(events).toEqual(["file_too_large"]);
    expect((await api("GET", `/terminals/${mac}`)).json.locked).toBe(false);

    // The same terminal with ordinary lines is served, and its first fetch locks it.
    const short = Array.from({ length: 16 }, (_, i) => ({ username: `${100 + i}`, password: "line-secret", displayName: `Desk ${i}` }));
    expect((await api("PATCH", `/terminals/${mac}`, { lines: short })).status).toBe(200);
    const served = await fetchFile(`cap${mac}.cfg`);
    expect(served.status).toBe(200);
    expect(utf8Bytes(served.body)).toBeLessThanOrEqual(MAX_OUTPUT_BYTES);
    expect((await api("GET", `/terminals/${mac}/config`)).status).toBe(200);
    expect((await api("GET", `/terminals/${mac}`)).json.locked).toBe(true);
  });

  it("is a 404 for a generic file too, whatever made it large (here a PUBLIC_BASE_URL the check cannot know)", async () => {
    const ctx = createExecutionContext();
    const base = `https://provision.example.com/${"p".repeat(MAX_OUTPUT_BYTES)}`;
    const request = new Request("https://provision.example.com/provision/y000000000028.cfg", { headers: { "cf-connecting-ip": "192.0.2.44" } });
    const res = await worker.fetch(request, { ...env, PUBLIC_BASE_URL: base } as typeof env, ctx);
    const body = await res.text();
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(404);
    expect(body).toBe("Not Found\n");
    expect(provisionLines()).toEqual([expect.objectContaining({ status: 404, outcome: "file_too_large", model: "yealink-t46g" })]);
  });
});
