// The phone Worker (edgeprov): what phones and load balancers reach. The admin API is a Worker of its
// own (src/admin/worker.ts), reached through /api/* here, so that this one stays small.
import { Hono } from "hono";
import { internalError } from "../core/internal-error";
import { requestIdMiddleware } from "../core/request-id";
import { forwardToAdmin } from "./admin-forward";
import type { PhoneEnv } from "./env";
import { health } from "./health";
import { provisioning } from "./provision";
import { provisionLog } from "./provision-log";
import { consumeRecords, type RecordMessage } from "./records-queue";
import { notFound } from "./respond";

const app = new Hono<PhoneEnv>();

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

// fetch: phones and load balancers. queue: the RECORDS consumer, writing what phone requests left behind
// in batches (src/phone/records-queue.ts); configured in wrangler.toml next to the producer.
export default {
  fetch: app.fetch,
  queue: consumeRecords,
} satisfies ExportedHandler<PhoneEnv["Bindings"], RecordMessage>;
