// The last resort of both Workers: never a stack trace or a message to the caller; the log keeps the detail.
import type { Context } from "hono";

export function internalError<E extends { Variables: { requestId: string } }>(err: Error, c: Context<E>): Response {
  const requestId = c.get("requestId");
  console.error(JSON.stringify({ level: "error", requestId, path: new URL(c.req.url).pathname, error: String(err) }));
  return c.json({ error: { code: "internal", message: "Internal error", requestId } }, 500);
}
