// /api/* and the web console (/console/*): forwarded to the admin API's Worker through the ADMIN service binding (src/admin/worker.ts).
// What stays here: the request id (passed on, so both Workers log the same one), and forgetting this
// isolate's catalog snapshot after a catalog write went through, so the next phone request here reads
// the catalog again, at least as new as the write (its D1 bookmark), and sees the change.
import type { Context } from "hono";
import { changesCatalog, forgetCatalog } from "../db/catalog";
import { BOOKMARK_HEADER } from "../db/client";
import type { AppEnv } from "../env";
import { REQUEST_ID_HEADER } from "./request-id";

export async function forwardToAdmin(c: Context<AppEnv>): Promise<Response> {
  if (!c.env.ADMIN) {
    const requestId = c.get("requestId");
    return c.json({ error: { code: "api_unavailable", message: "The admin API Worker is not bound (ADMIN)", requestId } }, 503);
  }
  const headers = new Headers(c.req.raw.headers);
  headers.set(REQUEST_ID_HEADER, c.get("requestId"));
  const response = await c.env.ADMIN.fetch(new Request(c.req.raw, { headers }));
  // Only a write that happened: a refused one (401, 400, …) must not let anyone drop the snapshot.
  if (response.ok && changesCatalog(c.req.method, new URL(c.req.url).pathname)) {
    forgetCatalog(response.headers.get(BOOKMARK_HEADER));
  }
  return response;
}
