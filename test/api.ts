// A small client for the admin API, as curl would use it.
import { exports } from "cloudflare:workers";

export const ADMIN_TOKEN = "test-admin-token-0123456789";
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

export async function phone(path: string, userAgent = "test") {
  const res = await exports.default.fetch(`${BASE}/provision/${path}`, { headers: { "user-agent": userAgent } });
  return { status: res.status, headers: res.headers, text: await res.text() };
}
