// Auth of the admin API: every route, enumerated from the OpenAPI document so that a route
// added later cannot skip the check, refuses a missing or wrong token and is closed without ADMIN_TOKEN.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import worker from "./worker";
import { ADMIN_TOKEN, api, BASE, phone } from "./api";

interface Route {
  method: string;
  /** The OpenAPI path, e.g. /terminals/{idOrMac}/config. */
  template: string;
  /** The same path with plausible values in place of its parameters. */
  path: string;
}

const PARAMS: Record<string, string> = { id: "1", idOrMac: "001565aabbcc", kind: "generic" };

/** A plausible value for a path parameter; one added later still gets one, so its route is checked too. */
function plausible(name: string): string {
  return PARAMS[name] ?? (/mac/i.test(name) ? "001565aabbcc" : /kind/i.test(name) ? "generic" : "1");
}
const HTTP_METHODS = ["get", "post", "put", "patch", "delete", "head", "options"];

let routes: Route[] = [];

// Nothing ever logs a token: every console call of every test here is checked.
let logSpies: MockInstance[] = [];
beforeEach(() => {
  logSpies = (["log", "info", "warn", "error", "debug"] as const).map((level) => vi.spyOn(console, level).mockImplementation(() => {}));
});
afterEach(() => {
  const logged = logSpies.flatMap((spy) => spy.mock.calls.map((args) => args.map(String).join(" "))).join("\n");
  for (const spy of logSpies) spy.mockRestore();
  expect(logged).not.toContain(ADMIN_TOKEN.slice(0, -1));
  expect(logged).not.toContain("not-the-admin-token");
  expect(logged).not.toContain(btoa(`admin:${ADMIN_TOKEN}`));
});

beforeAll(async () => {
  const res = await api("GET", "/openapi.json");
  expect(res.status).toBe(200);
  routes = Object.entries(res.json.paths as Record<string, Record<string, unknown>>).flatMap(([template, operations]) =>
    Object.keys(operations)
      .filter((m) => HTTP_METHODS.includes(m))
      .map((m) => ({
        method: m.toUpperCase(),
        template,
        path: template.replace(/\{(\w+)\}/g, (_, name: string) => plausible(name)),
      })),
  );
});

/** Requests whose route takes a body send a plausible one: auth must answer before the body matters. */
function bodyFor(route: Route): string | undefined {
  return ["POST", "PUT", "PATCH"].includes(route.method) ? "{}" : undefined;
}

async function call(route: Route, authorization: string | null): Promise<Response> {
  const headers: Record<string, string> = {};
  if (authorization !== null) headers.authorization = authorization;
  const body = bodyFor(route);
  if (body !== undefined) headers["content-type"] = "application/json";
  return exports.default.fetch(`${BASE}/api/v1${route.path}`, { method: route.method, headers, body });
}

/** The API's one error shape, with nothing internal in it. */
function expectErrorShape(text: string, code: string) {
  const json = JSON.parse(text);
  expect(Object.keys(json)).toEqual(["error"]);
  expect(Object.keys(json.error).filter((k) => !["code", "message", "details", "requestId"].includes(k))).toEqual([]);
  expect(json.error.code).toBe(code);
  expect(typeof json.error.message).toBe("string");
  expect(json.error.message.length).toBeGreaterThan(0);
  expect(text).not.toContain(ADMIN_TOKEN);
  expect(text).not.toMatch(/\bat .*[:(]\d+:\d+/);
}

const wrongAuthorizations: [string, string | null][] = [
  ["no Authorization header", null],
  ["a wrong token", "Bearer not-the-admin-token-at-all-999"],
  ["a prefix of the right token", `Bearer ${ADMIN_TOKEN.slice(0, -1)}`],
  ["the right token with a character added", `Bearer ${ADMIN_TOKEN}x`],
  ["an empty bearer token", "Bearer "],
  ["the right token sent as Basic", `Basic ${ADMIN_TOKEN}`],
  ["Basic credentials holding the right token", `Basic ${btoa(`admin:${ADMIN_TOKEN}`)}`],
  ["the bare token without a scheme", ADMIN_TOKEN],
];

describe("the OpenAPI document", () => {
  it("lists every resource of the API with its operations", async () => {
    const ops = new Set(routes.map((r) => `${r.method} ${r.template}`));
    const expected = [
      ...["manufacturers", "models", "companies"].flatMap((r) => [
        `GET /${r}`,
        `POST /${r}`,
        `GET /${r}/{id}`,
        `PATCH /${r}/{id}`,
        `DELETE /${r}/{id}`,
      ]),
      "GET /terminals",
      "POST /terminals",
      "GET /terminals/{idOrMac}",
      "PATCH /terminals/{idOrMac}",
      "DELETE /terminals/{idOrMac}",
      "POST /terminals/import",
      "GET /terminals/export",
      "GET /terminals/{idOrMac}/config",
      "GET /models/{id}/templates",
      "PUT /models/{id}/templates/{kind}",
      "DELETE /models/{id}/templates/{kind}",
    ];
    for (const op of expected) expect(ops, op).toContain(op);
  });

  it("declares the bearer scheme for the whole API", async () => {
    const { json } = await api("GET", "/openapi.json");
    expect(json.security).toEqual([{ bearer: [] }]);
    expect(json.components.securitySchemes.bearer).toMatchObject({ type: "http", scheme: "bearer" });
  });
});

describe("401 without the right bearer token", () => {
  it("enumerates a plausible number of routes", () => {
    expect(routes.length).toBeGreaterThanOrEqual(22);
  });

  it("every enumerated route exists: with the token it answers, and not with 'No such route'", async () => {
    // Ids that exist nowhere, so that this check changes nothing (DELETE /models/1 would delete a model).
    for (const route of routes) {
      const path = route.template.replace(/\{(\w+)\}/g, (_, name: string) =>
        /mac/i.test(name) ? "02ffffffff01" : /^\d+$/.test(plausible(name)) ? "999999999" : plausible(name),
      );
      const res = await call({ ...route, path }, `Bearer ${ADMIN_TOKEN}`);
      const text = await res.text();
      expect(res.status, `${route.method} ${path}`).not.toBe(401);
      expect(text, `${route.method} ${path}`).not.toContain("No such route");
    }
  });

  for (const [label, authorization] of wrongAuthorizations) {
    it(`every route with ${label}`, async () => {
      for (const route of [...routes, { method: "GET", template: "/openapi.json", path: "/openapi.json" }]) {
        const res = await call(route, authorization);
        const text = await res.text();
        const where = `${route.method} ${route.path}`;
        expect(res.status, where).toBe(401);
        expect(res.headers.get("www-authenticate"), where).toMatch(/^Bearer\b/);
        expect(res.headers.get("content-type"), where).toMatch(/^application\/json/);
        expectErrorShape(text, "unauthorized");
        // What was sent is not echoed either.
        if (authorization && authorization.length > 8) expect(text, where).not.toContain(authorization);
      }
    });
  }

  it("a route that does not exist is also a 401 before it is a 404", async () => {
    const res = await api("GET", "/no-such-resource", undefined, { token: null });
    expect(res.status).toBe(401);
    expectErrorShape(res.text, "unauthorized");
  });

  it("the right token is accepted with any case of the scheme name", async () => {
    const res = await exports.default.fetch(`${BASE}/api/v1/manufacturers`, { headers: { authorization: `bearer ${ADMIN_TOKEN}` } });
    expect(res.status).toBe(200);
  });
});

describe("503 without ADMIN_TOKEN (fail closed)", () => {
  async function closed(path: string, init: RequestInit = {}) {
    const ctx = createExecutionContext();
    const res = await worker.fetch(new Request(`${BASE}${path}`, init), { ...env, ADMIN_TOKEN: undefined }, ctx);
    await waitOnExecutionContext(ctx);
    return { status: res.status, headers: res.headers, text: await res.text() };
  }

  it("every route, including openapi.json, with the old token, another token or none", async () => {
    const all = [...routes, { method: "GET", template: "/openapi.json", path: "/openapi.json" }];
    for (const route of all) {
      for (const authorization of [`Bearer ${ADMIN_TOKEN}`, "Bearer anything", null]) {
        const headers: Record<string, string> = {};
        if (authorization) headers.authorization = authorization;
        const body = bodyFor(route);
        if (body !== undefined) headers["content-type"] = "application/json";
        const res = await closed(`/api/v1${route.path}`, { method: route.method, headers, body });
        expect(res.status, `${route.method} ${route.path} (${authorization})`).toBe(503);
        expectErrorShape(res.text, "api_disabled");
      }
    }
  });

  it("an empty ADMIN_TOKEN is no token: closed, and an empty bearer does not get in", async () => {
    const ctx = createExecutionContext();
    const res = await worker.fetch(
      new Request(`${BASE}/api/v1/manufacturers`, { headers: { authorization: "Bearer " } }),
      { ...env, ADMIN_TOKEN: "" },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(503);
  });

  it("the phone path keeps working: phones do not need the admin API", async () => {
    const res = await closed("/provision/y000000000028.cfg", { headers: { "user-agent": "Yealink SIP-T46G 28.83.0.50" } });
    expect(res.status).toBe(200);
    expect(res.text).toContain("#!version:1.0.0.1");
  });
});

describe("the phone path is public", () => {
  it("serves a generic file and a MAC file without any token", async () => {
    const company = await api("POST", "/companies", { name: "Public path", sipDomain: "sip.public.example" });
    expect(company.status).toBe(201);
    const mac = `02${crypto.getRandomValues(new Uint32Array(1))[0]!.toString(16).padStart(8, "0")}aa`.slice(0, 12);
    const created = await api("POST", "/terminals", {
      companyId: company.json.id,
      model: "yealink-t46g",
      mac,
      lines: [{ username: "2001", password: "public-path-pw" }],
    });
    expect(created.status).toBe(201);

    const generic = await phone("y000000000028.cfg", "Yealink SIP-T46G 28.83.0.50");
    expect(generic.status).toBe(200);
    const specific = await phone(`${mac}.cfg`, "Yealink SIP-T46G 28.83.0.50");
    expect(specific.status).toBe(200);
    expect(specific.text).toContain("account.1.user_name = 2001");
    expect(specific.headers.get("www-authenticate")).toBeNull();
  });
});
