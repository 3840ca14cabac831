// The admin API's own Worker (edgeprov-admin). It has no route and no workers.dev address: the phone
// Worker forwards /api/* to it through the ADMIN service binding (src/phone/admin-forward.ts), so the
// API keeps the provisioning hostname while phones never load zod, the OpenAPI generator or the API's
// code (the phone Worker's bundle is a fraction of this one: bench/results.md). Service bindings run
// both Workers on the same thread and add no request charge.
import { Hono } from "hono";
import type { AdminEnv } from "./env";
import { internalError } from "../core/internal-error";
import { requestIdMiddleware } from "../core/request-id";
import { api } from "./app";
import { ApiError, apiErrorResponse } from "./errors";

const app = new Hono<AdminEnv>();

// The phone Worker passes its request id on (x-request-id), so both Workers log the same one.
app.use(requestIdMiddleware);
app.route("/api/v1", api);
app.notFound((c) => apiErrorResponse(new ApiError(404, "not_found", "No such route"), c));
app.onError(internalError);

export default app;
