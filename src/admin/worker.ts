// The admin API's own Worker (edgeprov-admin). It has no route and no workers.dev address: the phone
// Worker forwards /api/* to it through the ADMIN service binding (src/phone/admin-forward.ts), so the
// API keeps the provisioning hostname while phones never load zod, the OpenAPI generator or the API's
// code (the phone Worker's bundle is a fraction of this one: bench/results.md). Service bindings run
// both Workers on the same thread and add no request charge.
import { Hono } from "hono";
import type { AdminEnv } from "./env";
import { internalError } from "../core/internal-error";
import { requestIdMiddleware } from "../core/request-id";
import { api, httpsOnly } from "./app";
import { consoleApp } from "./console/app";
import { ApiError, apiErrorResponse } from "./errors";

const app = new Hono<AdminEnv>();

// The phone Worker passes its request id on (x-request-id), so both Workers log the same one.
app.use(requestIdMiddleware);
// Every /api path over plain HTTP is refused, not only the routes that exist: /api/whoami is the 403, not a 404.
app.use("/api/*", httpsOnly);
app.route("/api/v1", api);
// The web console (docs/console.md): pages and assets of its own, data through the API above.
app.get("/console", (c) => c.redirect("/console/", 301));
app.route("/", consoleApp);
app.notFound((c) => apiErrorResponse(new ApiError(404, "not_found", "No such route"), c));
// The API's own refusals (the HTTPS one above) in its error shape; anything else the plain 500.
app.onError((err, c) => (err instanceof ApiError ? apiErrorResponse(err, c) : internalError(err, c)));

export default app;
