// D1 read replication in the admin API: each request is one D1 session that starts at the client's
// `x-d1-bookmark` (or at the primary) and returns the session's bookmark, so an operator's read after
// a write sees the write wherever a replica answers it.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "./worker";
import { ADMIN_TOKEN, api, BASE } from "./api";
import { envWith, spyD1 } from "./d1-spy";
import { uniqueMac } from "./fixtures";

const BOOKMARK = /^[\w.:-]{1,256}$/;

async function spiedApi(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const spy = spyD1(env.DB);
  const ctx = createExecutionContext();
  const init: RequestInit = { method, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...headers } };
  if (body !== undefined) {
    (init.headers as Record<string, string>)["content-type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const res = await worker.fetch(new Request(`${BASE}/api/v1${path}`, init), envWith(env, spy.db), ctx);
  const text = await res.text();
  await waitOnExecutionContext(ctx);
  return { status: res.status, headers: res.headers, text, spy };
}

describe("x-d1-bookmark", () => {
  it("every API response carries the session's bookmark, error responses too", async () => {
    const ok = await api("GET", "/companies?limit=1");
    expect(ok.status).toBe(200);
    expect(ok.headers.get("x-d1-bookmark")).toMatch(BOOKMARK);

    const missing = await api("GET", "/companies/987654321");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("x-d1-bookmark")).toMatch(BOOKMARK);
  });

  it("a write returns a later bookmark, and a read sent with it sees the write", async () => {
    const before = (await api("GET", "/companies?limit=1")).headers.get("x-d1-bookmark")!;
    const created = await api("POST", "/companies", { name: "Bookmark Co", sipDomain: "sip.bookmark.example" }, { headers: { "x-d1-bookmark": before } });
    expect(created.status, created.text).toBe(201);
    const after = created.headers.get("x-d1-bookmark")!;
    expect(after).toMatch(BOOKMARK);
    // Bookmarks sort in commit order.
    expect(after > before).toBe(true);

    const read = await api("GET", `/companies/${created.json.id}`, undefined, { headers: { "x-d1-bookmark": after } });
    expect(read.status).toBe(200);
    expect(read.json.name).toBe("Bookmark Co");
    expect(read.headers.get("x-d1-bookmark")! >= after).toBe(true);
  });

  it("the session starts at the bookmark sent, else at the primary", async () => {
    const plain = await spiedApi("GET", "/companies?limit=1");
    expect(plain.status).toBe(200);
    expect(plain.spy.sessions).toEqual(["first-primary"]);

    const bookmark = plain.headers.get("x-d1-bookmark")!;
    const following = await spiedApi("GET", "/companies?limit=1", undefined, { "x-d1-bookmark": bookmark });
    expect(following.status).toBe(200);
    expect(following.spy.sessions).toEqual([bookmark]);
  });

  it("statements sent with db.$client (an import's batch) stay in the session", async () => {
    const company = await api("POST", "/companies", { name: "Import Co", sipDomain: "sip.import.example" });
    const rows = [0, 1].map(() => ({ companyId: company.json.id, model: "yealink-t46g", mac: uniqueMac(), lines: [{ username: "100" }] }));
    const res = await spiedApi("POST", "/terminals/import", rows);
    expect(res.status, res.text).toBe(201);
    expect(res.spy.calls.length).toBeGreaterThan(0);
    expect(res.spy.calls.filter((c) => !c.readOnly).length).toBeGreaterThan(0);
    // Nothing went to the binding outside the session.
    expect(res.spy.calls.filter((c) => c.via === "db")).toEqual([]);
    expect(new Set(res.spy.calls.map((c) => c.via))).toEqual(new Set(["session:first-primary"]));
  });

  it("refuses a malformed bookmark with a 400", async () => {
    const res = await api("GET", "/companies", undefined, { headers: { "x-d1-bookmark": "not a bookmark; drop table" } });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("invalid_bookmark");
  });
});
