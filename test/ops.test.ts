// Operations: GET /healthz, request ids on every response and in API errors, and the one
// JSON log line per phone request, which never carries a password or a token.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { version } from "../package.json";
import worker from "./worker";
import { CATALOG_WRITE_HEADER, catalogs } from "../src/db/catalog";
import phone from "../src/phone/worker";
import { EXPECTED_MIGRATIONS } from "../src/phone/health";
import { envWith, spyD1 } from "./d1-spy";
import { ADMIN_TOKEN, api, BASE } from "./api";
import { YEALINK_UA } from "./phone-fetch";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let macCounter = 0x300;
function nextMac(prefix = "0015650c"): string {
  macCounter += 1;
  return prefix + macCounter.toString(16).padStart(12 - prefix.length, "0");
}

function get(path: string, headers: Record<string, string> = {}, method = "GET", base = BASE) {
  return exports.default.fetch(`${base}${path}`, { method, headers });
}

/** Every console method, captured, so a test can read (and search) all log output. */
const CONSOLE_METHODS = ["log", "info", "warn", "error", "debug"] as const;
let spies: MockInstance[] = [];
beforeEach(() => {
  spies = CONSOLE_METHODS.map((m) => vi.spyOn(console, m).mockImplementation(() => {}));
});
afterEach(() => {
  for (const spy of spies) spy.mockRestore();
});
const allOutput = () => spies.flatMap((spy) => spy.mock.calls.map((args) => args.map(String).join(" "))).join("\n");
const consoleLog = () => spies[0]!;

interface LogLine {
  level: string;
  event: string;
  requestId: string;
  method: string;
  file: string;
  status: number;
  outcome: string;
  model: string | null;
  mac: string | null;
  ip: string | null;
  userAgent: string | null;
  https: boolean;
  ms: number;
}

/** The provision lines logged since the spies were set (or since `from`). */
function provisionLines(from = 0): LogLine[] {
  return consoleLog()
    .mock.calls.slice(from)
    .map((args) => {
      try {
        return JSON.parse(String(args[0]));
      } catch {
        return null;
      }
    })
    .filter((line): line is LogLine => line?.event === "provision");
}

/** One phone request and the one log line it wrote. */
async function phoneRequest(path: string, headers: Record<string, string> = {}, base = BASE) {
  const from = consoleLog().mock.calls.length;
  const res = await exports.default.fetch(`${base}/provision/${path}`, { headers });
  const body = await res.text();
  const lines = provisionLines(from);
  expect(lines, `one log line for ${path}`).toHaveLength(1);
  return { res, body, line: lines[0]! };
}

async function createTerminal(opts: { model?: string; password: string; enabled?: boolean; companyId?: number }) {
  const companyId = opts.companyId ?? (await api("POST", "/companies", { name: "Ops Co", sipDomain: "sip.ops.example" })).json.id;
  const mac = nextMac(opts.model?.startsWith("cisco") ? "c464130c" : "0015650c");
  const res = await api("POST", "/terminals", {
    companyId,
    model: opts.model ?? "yealink-t46g",
    mac,
    name: "Ops desk",
    enabled: opts.enabled ?? true,
    lines: [{ username: "4001", password: opts.password, displayName: "Ops" }],
  });
  expect(res.status, res.text).toBe(201);
  return { mac, companyId, id: res.json.id as number };
}

const AUTH = { authorization: `Bearer ${ADMIN_TOKEN}` };

describe("GET /healthz", () => {
  it("answers anyone with the status only: no versions, migration names or D1 latency", async () => {
    for (const headers of [{} as Record<string, string>, { authorization: "Bearer wrong-token-of-thirty-two-characters" }, { authorization: `Basic ${btoa(`x:${ADMIN_TOKEN}`)}` }]) {
      const res = await get("/healthz", headers);
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(await res.json()).toEqual({ status: "ok" });
    }
    // Over plain HTTP the admin API refuses the token, so the details are not given there either.
    const plain = await exports.default.fetch("http://provision.example.com/healthz", { headers: AUTH });
    expect(await plain.json()).toEqual({ status: "ok" });
  });

  it("answers a valid token with the details: D1 reachable, migrations up to date, version; no-store", async () => {
    const res = await get("/healthz", AUTH);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const body = (await res.json()) as any;
    expect(body.status).toBe("ok");
    expect(body.version).toBe(version);
    expect(body.database.reachable).toBe(true);
    expect(body.database.ms).toBeGreaterThanOrEqual(0);
    expect(body.database.migrations).toMatchObject({
      applied: EXPECTED_MIGRATIONS.length,
      expected: EXPECTED_MIGRATIONS.length,
      latest: EXPECTED_MIGRATIONS.at(-1),
      pending: [],
      ahead: [],
    });
    expect(EXPECTED_MIGRATIONS[0]).toBe("0000_init.sql");
    expect(Date.parse(body.checkedAt)).not.toBeNaN();
    // Nothing secret, and nothing the caller did not need.
    expect(JSON.stringify(body)).not.toContain(ADMIN_TOKEN);
    expect(Object.keys(body).sort()).toEqual(["checkedAt", "database", "deployment", "status", "version"]);
  });

  it("ignores a wrong token and answers HEAD without a body", async () => {
    expect((await get("/healthz", { authorization: "Bearer wrong" })).status).toBe(200);
    const head = await get("/healthz", {}, "HEAD");
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
  });

  it("is 503 'degraded' and names the migration when the database is behind the code", async () => {
    const last = EXPECTED_MIGRATIONS.at(-1)!;
    const row = await env.DB.prepare("SELECT id, name, applied_at FROM d1_migrations WHERE name = ?").bind(last).first<{ id: number; name: string; applied_at: string }>();
    expect(row).not.toBeNull();
    await env.DB.prepare("DELETE FROM d1_migrations WHERE id = ?").bind(row!.id).run();
    try {
      const res = await get("/healthz", AUTH);
      expect(res.status).toBe(503);
      const body = (await res.json()) as any;
      expect(body.status).toBe("degraded");
      expect(body.database.migrations.pending).toEqual([last]);
    } finally {
      await env.DB.prepare("INSERT INTO d1_migrations (id, name, applied_at) VALUES (?, ?, ?)").bind(row!.id, row!.name, row!.applied_at).run();
    }
    expect((await get("/healthz")).status).toBe(200);
  });

  it("stays ok when the database is ahead of the code (right after a migration, or a rollback)", async () => {
    await env.DB.prepare("INSERT INTO d1_migrations (name) VALUES ('9999_from_the_future.sql')").run();
    try {
      const res = await get("/healthz", AUTH);
      expect(res.status).toBe(200);
      expect(((await res.json()) as any).database.migrations.ahead).toEqual(["9999_from_the_future.sql"]);
    } finally {
      await env.DB.prepare("DELETE FROM d1_migrations WHERE name = '9999_from_the_future.sql'").run();
    }
  });

  it("is 503 'down' when D1 does not answer, with the detail in the log only", async () => {
    const prepare = () => ({ all: () => Promise.reject(new Error("D1_ERROR: network connection lost")) });
    // A session is made without a round trip, as D1's is: the token check itself reads nothing.
    const broken = { prepare, withSession: () => ({ prepare, getBookmark: () => null }) };
    const ctx = createExecutionContext();
    const res = await worker.fetch(new Request(`${BASE}/healthz`, { headers: AUTH }), { ...env, DB: broken } as unknown as typeof env, ctx);
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(503);
    const text = await res.text();
    const body = JSON.parse(text);
    expect(body.status).toBe("down");
    expect(body.database).toMatchObject({ reachable: false, migrations: null });
    expect(text).not.toContain("network connection lost");
    const requestId = res.headers.get("x-request-id")!;
    const logged = spies[3]!.mock.calls.map((args) => JSON.parse(String(args[0])));
    expect(logged).toContainEqual(expect.objectContaining({ event: "healthz", requestId, error: expect.stringContaining("network connection lost") }));
  });
});

describe("request ids", () => {
  it("are on every response: generic file, MAC file, 404, health, API success", async () => {
    const { mac } = await createTerminal({ password: "rid-pass-1" });
    const responses = [
      await get("/provision/y000000000028.cfg"),
      await get(`/provision/${mac}.cfg`),
      await get(`/provision/${nextMac()}.cfg`),
      await get("/provision/../etc/passwd"),
      await get("/nothing-here"),
      await get("/healthz"),
      await get("/api/v1/manufacturers", { authorization: `Bearer ${ADMIN_TOKEN}` }),
    ];
    const ids = responses.map((r) => r.headers.get("x-request-id"));
    for (const id of ids) expect(id).toMatch(UUID);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("are in every API error body, equal to the header; the error shape is otherwise unchanged", async () => {
    const unauthorized = await api("GET", "/terminals", undefined, { token: "wrong-token" });
    const notFound = await api("GET", "/terminals/001565ffffff");
    const invalid = await api("POST", "/companies", { name: "", sipDomain: "sip.example", bogus: 1 });
    const wrongType = await api("POST", "/companies", "name=x", { type: "application/x-www-form-urlencoded" });
    for (const [res, status] of [[unauthorized, 401], [notFound, 404], [invalid, 400], [wrongType, 415]] as const) {
      expect(res.status, res.text).toBe(status);
      expect(res.json, res.text).toBeDefined();
      const requestId = res.headers.get("x-request-id");
      expect(requestId).toMatch(UUID);
      expect(res.json.error.requestId).toBe(requestId);
      const keys = Object.keys(res.json.error).sort();
      expect(keys).toEqual(res.json.error.details ? ["code", "details", "message", "requestId"] : ["code", "message", "requestId"]);
    }
    expect(invalid.json.error.details.length).toBeGreaterThan(0);
  });

  it("echo a sane incoming x-request-id, else use cf-ray, else make one", async () => {
    const echoed = await api("GET", "/terminals/001565fffffe", undefined, { headers: { "x-request-id": "lb-7f3a.2024:ab=cd_ef-01" } });
    expect(echoed.headers.get("x-request-id")).toBe("lb-7f3a.2024:ab=cd_ef-01");
    expect(echoed.json.error.requestId).toBe("lb-7f3a.2024:ab=cd_ef-01");

    const ray = await get("/healthz", { "cf-ray": "8f1b2c3d4e5f6a7b-MAD" });
    expect(ray.headers.get("x-request-id")).toBe("8f1b2c3d4e5f6a7b-MAD");
    // The caller's own id wins over the Ray ID.
    expect((await get("/healthz", { "cf-ray": "8f1b2c3d4e5f6a7b-MAD", "x-request-id": "mine-1" })).headers.get("x-request-id")).toBe("mine-1");

    for (const insane of ["has space", "quote\"d", "x".repeat(129), "<script>", "a{b}"]) {
      const res = await get("/healthz", { "x-request-id": insane });
      expect(res.headers.get("x-request-id"), insane).toMatch(UUID);
    }
  });

  it("are the requestId of the phone request's log line", async () => {
    const { res, line } = await phoneRequest(`${nextMac()}.cfg`, { "x-request-id": "phone-req-42" });
    expect(res.headers.get("x-request-id")).toBe("phone-req-42");
    expect(line.requestId).toBe("phone-req-42");
  });
});

describe("the phone request log line", () => {
  it("a generic file answered 200 or 304 writes none: there is nothing in it to read", async () => {
    const from = consoleLog().mock.calls.length;
    const first = await get("/provision/y000000000028.cfg", { "user-agent": "Yealink SIP-T46G 28.83.0.50" });
    expect(first.status).toBe(200);
    const again = await get("/provision/y000000000028.cfg", { "if-none-match": first.headers.get("etag")! });
    expect(again.status).toBe(304);
    expect((await get("/provision/y000000000028.cfg", {}, "GET", "http://provision.example.com")).status).toBe(200);
    expect(provisionLines(from)).toEqual([]);
  });

  it("a MAC file served, in any spelling: the terminal's MAC and model", async () => {
    const { mac } = await createTerminal({ password: "served-pass-1" });
    const colons = mac.match(/../g)!.join(":").toUpperCase();
    const { res, line } = await phoneRequest(`${colons}.cfg`, { "cf-connecting-ip": "2001:db8::7", "user-agent": YEALINK_UA(mac) });
    expect(res.status).toBe(200);
    expect(line).toMatchObject({
      level: "info",
      event: "provision",
      method: "GET",
      file: `${colons}.cfg`,
      status: 200,
      outcome: "served",
      model: "yealink-t46g",
      mac,
      ip: "2001:db8::7",
      userAgent: YEALINK_UA(mac),
      https: true,
    });
    expect(line.requestId).toBe(res.headers.get("x-request-id"));
    expect(line.ms).toBeGreaterThanOrEqual(0);
  });

  it("a MAC file polled again within the minute from the same place writes none; from a new address, one", async () => {
    const { mac } = await createTerminal({ password: "poll-pass-1" });
    // Through the Worker with its waitUntil work awaited, so that the first fetch's record is written.
    const poll = async (ip: string) => {
      const ctx = createExecutionContext();
      const res = await worker.fetch(new Request(`${BASE}/provision/${mac}.cfg`, { headers: { "cf-connecting-ip": ip, "user-agent": YEALINK_UA(mac) } }), env, ctx);
      await res.arrayBuffer();
      await waitOnExecutionContext(ctx);
      return res.status;
    };
    const from = consoleLog().mock.calls.length;
    expect(await poll("198.51.100.61")).toBe(200);
    expect(await poll("198.51.100.61")).toBe(200);
    expect(await poll("198.51.100.62")).toBe(200);
    expect(provisionLines(from).map((l) => [l.ip, l.outcome])).toEqual([
      ["198.51.100.61", "served"],
      ["198.51.100.62", "served"],
    ]);
  });

  it("misses and refusals: the reason is in the log, while the phone sees the one 404", async () => {
    const unknown = nextMac();
    expect((await phoneRequest(`${unknown}.cfg`)).line).toMatchObject({ status: 404, outcome: "unknown_mac", mac: unknown, model: null });
    expect((await phoneRequest("readme.txt")).line).toMatchObject({ status: 404, outcome: "not_found", mac: null });
    expect((await phoneRequest("a%2Fb.cfg")).line).toMatchObject({ status: 404, outcome: "invalid_path" });

    const disabled = await createTerminal({ password: "disabled-pass-1", enabled: false });
    expect((await phoneRequest(`${disabled.mac}.cfg`)).line).toMatchObject({ status: 404, outcome: "disabled", mac: disabled.mac, model: "yealink-t46g" });

    // The MAC file over plain HTTP is refused (REQUIRE_HTTPS); the generic file is not.
    const plain = await createTerminal({ password: "plain-pass-1" });
    const overHttp = await phoneRequest(`${plain.mac}.cfg`, {}, "http://provision.example.com");
    expect(overHttp.line).toMatchObject({ status: 404, outcome: "https_required", https: false, mac: plain.mac });
  });

  it("keeps the query string out and clips a huge User-Agent", async () => {
    const mac = nextMac();
    const { line } = await phoneRequest(`${mac}.cfg?token=query-secret-123`, { "user-agent": `Yealink ${"x".repeat(2000)}` });
    expect(line.file).toBe(`${mac}.cfg`);
    expect(JSON.stringify(line)).not.toContain("query-secret-123");
    expect(line.userAgent!.length).toBeLessThanOrEqual(257);
  });

  it("only phone requests are logged this way, one line each", async () => {
    await get("/healthz");
    await api("GET", "/manufacturers");
    expect(provisionLines()).toHaveLength(0);
    await get(`/provision/${nextMac()}.cfg`);
    await get("/provision/readme.txt", {}, "HEAD");
    expect(provisionLines().map((l) => [l.method, l.outcome])).toEqual([
      ["GET", "unknown_mac"],
      ["HEAD", "not_found"],
    ]);
  });
});

describe("no password or token in any log output", () => {
  it("across an API create with a password, a company with Basic auth, a MAC file and an API error", async () => {
    const sipPassword = "Sip-S3cret-Zq81!";
    const provPassword = "Prov-B4sic-Kx22";
    const authHeader = `Basic ${btoa(`prov:${provPassword}`)}`;

    const company = await api("POST", "/companies", {
      name: "Secretive Co",
      sipDomain: "sip.secret.example",
      policy: { auth: { scheme: "basic", username: "prov", password: provPassword } },
    });
    expect(company.status, company.text).toBe(201);
    const { mac } = await createTerminal({ password: sipPassword, companyId: company.json.id });

    const challenged = await phoneRequest(`${mac}.cfg`, { "user-agent": YEALINK_UA(mac) });
    expect(challenged.res.status).toBe(401);
    expect(challenged.line.outcome).toBe("auth_missing");
    const wrong = await phoneRequest(`${mac}.cfg`, { authorization: `Basic ${btoa("prov:Wrong-Guess-9")}` });
    expect(wrong.line.outcome).toBe("auth_failed");
    const served = await phoneRequest(`${mac}.cfg`, { authorization: authHeader, "user-agent": YEALINK_UA(mac) });
    expect(served.res.status).toBe(200);
    expect(served.body).toContain(sipPassword); // the phone gets it …
    expect(served.line.outcome).toBe("served");

    // … and so does the operator's preview; an update and an error go through the API too.
    expect((await api("GET", `/terminals/${mac}/config`)).text).toContain(sipPassword);
    await api("PATCH", `/terminals/${mac}`, { lines: [{ username: "4001", password: `${sipPassword}-2`, displayName: "Ops" }] });
    await api("GET", "/terminals", undefined, { token: `${ADMIN_TOKEN}-not` });

    const output = allOutput();
    expect(provisionLines().length).toBe(3);
    for (const secret of [sipPassword, provPassword, btoa(`prov:${provPassword}`), "Wrong-Guess-9", ADMIN_TOKEN, "Bearer", "authorization"]) {
      expect(output, secret).not.toContain(secret);
    }
  });
});

describe("/api/* through the phone Worker (ADMIN service binding)", () => {
  /** The phone Worker alone, with ADMIN answered by `admin` (another Worker, so another isolate). */
  async function viaPhone(path: string, init: RequestInit, admin: ((request: Request) => Promise<Response>) | undefined) {
    const ctx = createExecutionContext();
    const bindings = { ...env, ADMIN: admin && ({ fetch: (input: RequestInfo | URL, i?: RequestInit) => admin(new Request(input, i)) } as unknown as Fetcher) };
    const res = await phone.fetch(new Request(`${BASE}${path}`, init), bindings, ctx);
    await waitOnExecutionContext(ctx);
    return res;
  }

  it("forwards method, path, headers and body, and passes its request id on", async () => {
    let seen: { method: string; url: string; auth: string | null; id: string | null; body: string } | undefined;
    const res = await viaPhone("/api/v1/companies?limit=2", { method: "POST", headers: { authorization: "Bearer t", "x-request-id": "ops-fwd-1" }, body: '{"a":1}' }, async (request) => {
      seen = { method: request.method, url: request.url, auth: request.headers.get("authorization"), id: request.headers.get("x-request-id"), body: await request.text() };
      return new Response('{"ok":true}', { status: 201, headers: { "content-type": "application/json", "x-d1-bookmark": "b-1" } });
    });
    expect(seen).toEqual({ method: "POST", url: `${BASE}/api/v1/companies?limit=2`, auth: "Bearer t", id: "ops-fwd-1", body: '{"a":1}' });
    expect(res.status).toBe(201);
    expect(await res.text()).toBe('{"ok":true}');
    expect(res.headers.get("x-d1-bookmark")).toBe("b-1");
    expect(res.headers.get("x-request-id")).toBe("ops-fwd-1");
  });

  it("answers 503 in the API's error shape when ADMIN is not bound", async () => {
    const res = await viaPhone("/api/v1/manufacturers", { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }, undefined);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: { code: string; requestId: string } };
    expect(body.error.code).toBe("api_unavailable");
    expect(body.error.requestId).toBe(res.headers.get("x-request-id"));
  });

  it("forgets the phone Worker's catalog after a catalog write made by the other Worker, and reads the next one at the write's bookmark", async () => {
    const model = (await api("GET", "/models?q=yealink-t46g")).json.items[0] as { id: number; genericFile: string };
    expect((await get(`/provision/${model.genericFile}`)).status).toBe(200); // the snapshot is held
    const renamed = `fwd-${Date.now()}.cfg`;
    // The admin Worker writes D1 in its own isolate: nothing of its code runs here.
    let bookmark = "";
    const res = await viaPhone(`/api/v1/models/${model.id}`, { method: "PATCH" }, async () => {
      const session = env.DB.withSession("first-primary");
      await session.prepare("update models set generic_file = ? where id = ?").bind(renamed, model.id).run();
      bookmark = session.getBookmark()!;
      const headers = { "content-type": "application/json", "x-d1-bookmark": bookmark, [CATALOG_WRITE_HEADER]: "1" };
      return new Response("{}", { status: 200, headers });
    });
    expect(res.status).toBe(200);
    expect(res.headers.has(CATALOG_WRITE_HEADER)).toBe(false); // between the two Workers only
    try {
      const spy = spyD1(env.DB);
      const ctx = createExecutionContext();
      const renamedFile = await phone.fetch(new Request(`${BASE}/provision/${renamed}`), envWith(env, spy.db), ctx);
      await waitOnExecutionContext(ctx);
      expect(renamedFile.status).toBe(200);
      expect(spy.calls.map((c) => c.via)).toEqual([`session:${bookmark}`]);
      expect((await get(`/provision/${model.genericFile}`)).status).toBe(404);
    } finally {
      await env.DB.prepare("update models set generic_file = ? where id = ?").bind(model.genericFile, model.id).run();
      catalogs.forget();
    }
  });

  it("keeps the catalog when the forwarded write was refused: no one drops it without the token", async () => {
    const model = (await api("GET", "/models?q=yealink-t46g")).json.items[0] as { id: number; genericFile: string };
    expect((await get(`/provision/${model.genericFile}`)).status).toBe(200); // the snapshot is held
    for (const [method, path] of [["POST", "/api/v1/models"], ["PATCH", `/api/v1/models/${model.id}`], ["DELETE", "/api/v1/manufacturers/1"]]) {
      const refused = await get(path!, {}, method);
      expect(refused.status, `${method} ${path}`).toBe(401);
    }
    const spy = spyD1(env.DB);
    const ctx = createExecutionContext();
    expect((await phone.fetch(new Request(`${BASE}/provision/${model.genericFile}`), envWith(env, spy.db), ctx)).status).toBe(200);
    await waitOnExecutionContext(ctx);
    expect(spy.calls).toHaveLength(0);
  });
});
