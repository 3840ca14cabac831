import { Hono } from "hono";
import { api } from "./admin/app";
import type { AppEnv } from "./env";
import { health } from "./ops/health";
import { provisionLog } from "./ops/provision-log";
import { requestIdMiddleware } from "./ops/request-id";
import { provisioning } from "./provisioning/route";
import { notFound } from "./provisioning/respond";

const app = new Hono<AppEnv>();

// Operations: a request id on every response, one log line per phone request, /healthz.
app.use(requestIdMiddleware);
app.use("/provision/*", provisionLog);
app.route("/healthz", health);

app.route("/provision", provisioning);
app.route("/api/v1", api);

app.notFound(() => notFound());

// Never a stack trace or a message to the caller; the log keeps the detail.
app.onError((err, c) => {
  const requestId = c.get("requestId");
  console.error(JSON.stringify({ level: "error", requestId, path: new URL(c.req.url).pathname, error: String(err) }));
  return c.json({ error: { code: "internal", message: "Internal error", requestId } }, 500);
});

export default app;
