// /api/* and the web console (/console/*): forwarded to the admin API's Worker through the ADMIN service
// binding (src/admin/worker.ts).
// What stays here: the request id (passed on, so both Workers log the same one), and forgetting this
// isolate's catalog snapshot after a catalog write went through (the admin Worker says so in a response
// header), so the next phone request here reads the catalog again, at least as new as the write (its D1
// bookmark), and sees the change.
import type { Context } from "hono";
import { CATALOG_WRITE_HEADER, catalogs } from "../db/catalog";
import { BOOKMARK_HEADER } from "../db/client";
import { REQUEST_ID_HEADER } from "../core/request-id";
import type { PhoneEnv } from "./env";

export async function forwardToAdmin(c: Context<PhoneEnv>): Promise<Response> {
  if (!c.env.ADMIN) {
    const requestId = c.get("requestId");
    return c.json({ error: { code: "api_unavailable", message: "The admin API Worker is not bound (ADMIN)", requestId } }, 503);
  }
  const headers = new Headers(c.req.raw.headers);
  headers.set(REQUEST_ID_HEADER, c.get("requestId"));
  const forwarded = await c.env.ADMIN.fetch(new Request(c.req.raw, { headers }));
  if (!forwarded.headers.has(CATALOG_WRITE_HEADER)) return forwarded;
  catalogs.forget(forwarded.headers.get(BOOKMARK_HEADER));
  const response = new Response(forwarded.body, forwarded);
  response.headers.delete(CATALOG_WRITE_HEADER);
  return response;
}
