// Bearer-token auth of the admin API. Fails closed: with no ADMIN_TOKEN secret nothing is served.
import { createMiddleware } from "hono/factory";
import type { AdminEnv } from "./env";
import { secretsEqual } from "../core/secrets";
import { ApiError } from "./errors";

export const requireAdminToken = createMiddleware<AdminEnv>(async (c, next) => {
  const expected = c.env.ADMIN_TOKEN;
  if (!expected) {
    throw new ApiError(503, "api_disabled", "The admin API is disabled until the ADMIN_TOKEN secret is set");
  }
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(c.req.header("authorization") ?? "");
  if (!match || !(await secretsEqual(match[1]!, expected))) {
    throw new ApiError(401, "unauthorized", "A valid bearer token is required");
  }
  await next();
});
