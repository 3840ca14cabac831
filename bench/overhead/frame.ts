// Reference: the phone Worker's frame around a constant. The same Hono app shape and the same
// middlewares as src/phone/worker.ts (request id, the phone log line), and a /provision route that answers
// a constant: what a generic file costs before edgeprov does anything of its own.
import { Hono } from "hono";
import type { PhoneEnv } from "../../src/phone/env";
import { provisionLog } from "../../src/phone/provision-log";
import { requestIdMiddleware } from "../../src/core/request-id";

const app = new Hono<PhoneEnv>();
app.use(requestIdMiddleware);
app.use("/provision/*", provisionLog);
app.get("/provision/*", () => new Response("ok\n", { headers: { "content-type": "text/plain; charset=utf-8" } }));
export default app;
