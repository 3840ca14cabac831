// The phone Worker (edgeprov): what phones and load balancers reach. The admin API is a Worker of its
// own (src/admin/worker.ts), reached through /api/* here, so that this one stays small.
import { Hono } from "hono";
import type { AppEnv } from "./env";
import { forwardToAdmin } from "./ops/admin-forward";
import { health } from "./ops/health";
import { internalError } from "./ops/internal-error";
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
app.all("/api/*", forwardToAdmin);
app.all("/console", forwardToAdmin);
app.all("/console/*", forwardToAdmin);

app.notFound(() => notFound());
app.onError(internalError);

export default app;
