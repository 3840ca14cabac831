// Reference: bench/overhead/frame.ts without the log line.
import { Hono } from "hono";
import type { PhoneEnv } from "../../src/phone/env";
import { requestIdMiddleware } from "../../src/core/request-id";

const app = new Hono<PhoneEnv>();
app.use(requestIdMiddleware);
app.get("/provision/*", () => new Response("ok\n", { headers: { "content-type": "text/plain; charset=utf-8" } }));
export default app;
