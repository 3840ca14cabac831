import type { Hook } from "@hono/zod-openapi";
import type { AdminEnv } from "./env";
import { validationError, zodDetails } from "./errors";

/** Every validation failure of every route goes through here, into the one error shape. */
export const validationHook: Hook<unknown, AdminEnv, string, unknown> = (result) => {
  if (!result.success) {
    const where = result.target === "json" ? "" : result.target;
    throw validationError(zodDetails(result.error, where === "param" ? "" : where));
  }
};
