// Every response carries `x-request-id`; the same id is in the request's log lines and in API error
// bodies, so an operator can match a complaint ("it said requestId …") to the log.
//
// Not `hono/request-id`: it adds its header through the context, which a handler's own `new Response`
// (every phone-path answer, and what the service binding returns) does not carry, and it refuses the
// `.` and `:` that load balancers put in their ids. Both Workers use this one.
import { createMiddleware } from "hono/factory";

export const REQUEST_ID_HEADER = "x-request-id";

/** What we accept from a caller or proxy: short, and only characters that are safe in a log line. */
const SANE_ID = /^[A-Za-z0-9_.:=-]{1,128}$/;

/** The caller's own id when it is sane, else Cloudflare's Ray ID, else a fresh UUID. */
export function chooseRequestId(headers: Headers): string {
  for (const name of [REQUEST_ID_HEADER, "cf-ray"]) {
    const value = headers.get(name)?.trim();
    if (value && SANE_ID.test(value)) return value;
  }
  return crypto.randomUUID();
}

export const requestIdMiddleware = createMiddleware<{ Variables: { requestId: string } }>(async (c, next) => {
  const id = chooseRequestId(c.req.raw.headers);
  c.set("requestId", id);
  await next();
  try {
    c.res.headers.set(REQUEST_ID_HEADER, id);
  } catch {
    // Immutable headers (a response passed through from fetch): copy it once.
    c.res = new Response(c.res.body, c.res);
    c.res.headers.set(REQUEST_ID_HEADER, id);
  }
});
