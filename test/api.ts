// A small client for the admin API, as curl would use it.
import { exports } from "cloudflare:workers";
import { expect } from "vitest";
import { uniqueMac } from "./fixtures";

export const ADMIN_TOKEN = "test-admin-token-0123456789-abcdefghij";
export const BASE = "https://provision.example.com";

export interface ApiCall {
  token?: string | null;
  type?: string;
  headers?: Record<string, string>;
}

export async function api(method: string, path: string, body?: unknown, opts: ApiCall = {}) {
  const headers: Record<string, string> = { ...opts.headers };
  const token = opts.token === undefined ? ADMIN_TOKEN : opts.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let payload: string | undefined;
  if (body !== undefined) {
    headers["content-type"] = opts.type ?? "application/json";
    payload = typeof body === "string" ? body : JSON.stringify(body);
  }
  const res = await exports.default.fetch(`${BASE}/api/v1${path}`, { method, headers, body: payload });
  const text = await res.text();
  let json: any = undefined;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: res.status, headers: res.headers, text, json };
}

export type Res = Awaited<ReturnType<typeof api>>;

/** The API's one error shape, with the field named when `path` is given, and nothing internal. */
export function expectError(res: Res, status: number, code?: string, path?: string) {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  expect(Object.keys(res.json)).toEqual(["error"]);
  // code, message, details when there are any, and the request id for the logs: nothing else (no stack).
  expect(Object.keys(res.json.error).filter((k) => !["code", "message", "details", "requestId"].includes(k))).toEqual([]);
  if ("details" in res.json.error) expect(res.json.error.details.length).toBeGreaterThan(0);
  expect(typeof res.json.error.code).toBe("string");
  expect(typeof res.json.error.message).toBe("string");
  if (code) expect(res.json.error.code).toBe(code);
  for (const d of res.json.error.details ?? []) expect(Object.keys(d).sort()).toEqual(["message", "path"]);
  if (path) expect(res.json.error.details?.map((d: { path: string }) => d.path), res.text).toContain(path);
  expect(res.text).not.toMatch(/\n\s*at |\bat .*[:(]\d+:\d+/);
  expect(res.text).not.toContain(ADMIN_TOKEN);
}

export async function phone(path: string, userAgent = "test") {
  const res = await exports.default.fetch(`${BASE}/provision/${path}`, { headers: { "user-agent": userAgent } });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** A company made through the API (the 201 checked): its id. */
export async function apiCompany(body: Record<string, unknown> = {}): Promise<number> {
  const res = await api("POST", "/companies", { name: "Acme", sipDomain: "sip.acme.example", ...body });
  expect(res.status, res.text).toBe(201);
  return res.json.id as number;
}

/** A terminal of `model` made through the API with one line (the 201 checked). */
export async function apiTerminal(companyId: number, model: string, body: Record<string, unknown> = {}) {
  const res = await api("POST", "/terminals", { companyId, model, mac: uniqueMac(), lines: [{ username: "100" }], ...body });
  expect(res.status, res.text).toBe(201);
  return res.json as { id: number; mac: string };
}
