// /api/*: forwarded to the admin API's Worker through the ADMIN service binding (src/admin/worker.ts).
// What stays here: the request id (passed on, so both Workers log the same one), and forgetting this
// isolate's catalog snapshot after a catalog write, so the next phone request here sees the change.
import type { Context } from "hono";
import { changesCatalog, forgetCatalog } from "../db/catalog";
import type { AppEnv } from "../env";
import { REQUEST_ID_HEADER } from "./request-id";

export async function forwardToAdmin(c: Context<AppEnv>): Promise<Response> {
  if (!c.env.ADMIN) {
    const requestId = c.get("requestId");
    return c.json({ error: { code: "api_unavailable", message: "The admin API Worker is not bound (ADMIN)", requestId } }, 503);
  }
  const headers = new Headers(c.req.raw.headers);
  headers.set(REQUEST_ID_HEADER, c.get("requestId"));
  try {
    return await c.env.ADMIN.fetch(new Request(c.req.raw, { headers }));
  } finally {
    if (changesCatalog(c.req.method, new URL(c.req.url).pathname)) forgetCatalog();
  }
}
