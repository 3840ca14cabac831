// The console's pages read through the admin API itself, in this isolate, with the caller's own
// Authorization and D1 bookmark: whatever the API allows a token (and refuses it) the console shows,
// with no second set of queries or rules to keep in step.
import type { Context } from "hono";
import { BOOKMARK_HEADER } from "../../db/client";
import type { AdminEnv } from "../env";
import { api } from "../app";

export type Transport = "udp" | "tcp" | "tls";

export interface Company {
  id: number;
  name: string;
  sipDomain: string;
  sipProxy: string | null;
  language: string;
  timezone: string;
  transport: Transport;
  sipPort: number | null;
  ntpServer: string | null;
  policy: {
    allowedNetworks: string[];
    checkUserAgent: boolean;
    auth: { scheme: "basic" | "digest"; username: string } | null;
    lockAfterFirstFetch: boolean;
    requireClientCertificate: boolean;
    clientCertificateIssuer: string | null;
    allowHttpFor: string[];
  };
}

export interface Model {
  id: number;
  iden: string;
  name: string;
  maxLines: number;
}

export interface Line {
  position: number;
  username: string;
  authUsername: string | null;
  displayName: string;
  extension: string | null;
}

export interface Terminal {
  id: number;
  companyId: number;
  modelId: number;
  mac: string;
  name: string;
  language: string | null;
  timezone: string | null;
  transport: Transport | null;
  sipPort: number | null;
  enabled: boolean;
  locked: boolean;
  lines: Line[];
  provisionedAt: string | null;
  provisionedIp: string | null;
  provisionedUserAgent: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** An API answer that is not a success: the console's view answers with the same status. */
export class ApiRefusal extends Error {
  constructor(
    readonly status: number,
    readonly body: { error?: { code?: string; message?: string } },
  ) {
    super(body.error?.message ?? `The API answered ${status}`);
  }
}

/** GET `path` (under /api/v1) as the caller: JSON, or the raw text for non-JSON answers (the config preview). */
export async function apiGet<T>(c: Context<AdminEnv>, path: string): Promise<T> {
  const response = await callApi(c, path);
  const type = response.headers.get("content-type") ?? "";
  const body = type.startsWith("application/json") ? await response.json() : await response.text();
  if (!response.ok) throw new ApiRefusal(response.status, typeof body === "object" && body ? body : {});
  return body as T;
}

function callApi(c: Context<AdminEnv>, path: string): Promise<Response> {
  const headers = new Headers();
  for (const name of ["authorization", BOOKMARK_HEADER]) {
    const value = c.req.header(name);
    if (value) headers.set(name, value);
  }
  const url = new URL(path, new URL("/", c.req.url));
  return Promise.resolve(api.fetch(new Request(url, { headers }), c.env, c.executionCtx));
}

/** Every company and model for pickers and names (the API's largest page: 500 of each). */
export async function companiesAndModels(c: Context<AdminEnv>) {
  const [companies, models] = await Promise.all([
    apiGet<Page<Company>>(c, "/companies?limit=500"),
    apiGet<Page<Model>>(c, "/models?limit=500"),
  ]);
  return { companies: companies.items, models: models.items };
}
