// The one error shape of the API (docs/api.md). Nothing internal ever reaches a response body.
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ZodError } from "zod";

export interface ErrorDetail {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
  }
}

export const notFoundError = (what: string) => new ApiError(404, "not_found", `${what} not found`);

export const validationError = (details: ErrorDetail[], message = "The request is not valid") =>
  new ApiError(400, "validation_failed", message, details);

export function zodDetails(error: ZodError, prefix = ""): ErrorDetail[] {
  // A value of the wrong type gets its type error only: zod 4 also runs a list's size check on a string
  // given for it ("Too big: expected string to have <=8 characters" for `"cisco-spa"` instead of a list).
  const mistyped = new Set(error.issues.filter((issue) => issue.code === "invalid_type").map((issue) => issue.path.join("\u0000")));
  const issues = error.issues.filter((issue) => issue.code === "invalid_type" || !mistyped.has(issue.path.join("\u0000")));
  return issues.flatMap((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join(".");
    // Unknown keys are reported one by one on the key itself, so the operator sees which fields to drop.
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ path: [path, key].filter(Boolean).join("."), message: "unknown field" }));
    }
    return [{ path: path || "(body)", message: issue.message }];
  });
}

/** The error body; `requestId` is the response's `x-request-id`, to find the request in the logs. */
export function errorBody(err: ApiError, requestId?: string) {
  const error: { code: string; message: string; details?: ErrorDetail[]; requestId?: string } = { code: err.code, message: err.message };
  if (err.details.length > 0) error.details = err.details;
  if (requestId) error.requestId = requestId;
  return { error };
}

/** Maps anything thrown in the API to a response: our errors as they are, the rest to a plain 500. */
export function apiErrorResponse(err: unknown, c: Context): Response {
  const apiError = toApiError(err);
  const requestId: string | undefined = c.get("requestId");
  if (apiError.status >= 500) {
    console.error(JSON.stringify({ level: "error", requestId, path: new URL(c.req.url).pathname, error: String(err) }));
  }
  const headers: Record<string, string> = {};
  if (apiError.status === 401) headers["www-authenticate"] = 'Bearer realm="edgeprov"';
  return c.json(errorBody(apiError, requestId), apiError.status, headers);
}

function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof HTTPException) {
    if (err.status === 413) return new ApiError(413, "payload_too_large", "The request body is too large");
    if (err.status === 400) return new ApiError(400, "invalid_body", "The request body is not valid JSON");
    if (err.status === 415) return new ApiError(415, "unsupported_media_type", "Send the body as application/json");
    return new ApiError(err.status as ContentfulStatusCode, "http_error", err.message || "Request refused");
  }
  // Only reachable in a race (say, a company deleted while an import naming it is written).
  if (errorText(err).includes("FOREIGN KEY constraint failed")) {
    return new ApiError(409, "conflict", "A row this request refers to was changed or deleted meanwhile; try again");
  }
  const conflict = uniqueViolation(err);
  if (conflict) return new ApiError(409, "conflict", `${conflict} is already in use`, [{ path: conflict, message: "already in use" }]);
  return new ApiError(500, "internal", "Internal error");
}

// D1 reports "UNIQUE constraint failed: terminals.mac" or, for an expression index, its name.
const UNIQUE_FIELDS: Record<string, string> = {
  "terminals.mac": "mac",
  "models.iden": "iden",
  "manufacturers.iden": "iden",
  models_generic_file_lower_unique: "genericFile",
  "terminal_lines.terminal_id, terminal_lines.position": "lines.position",
};

function uniqueViolation(err: unknown): string | null {
  const text = errorText(err);
  if (!text.includes("UNIQUE constraint failed")) return null;
  for (const [needle, field] of Object.entries(UNIQUE_FIELDS)) if (text.includes(needle)) return field;
  return "value";
}

function errorText(err: unknown): string {
  let text = "";
  for (let e: unknown = err; e instanceof Error && text.length < 4000; e = e.cause) text += ` ${e.message}`;
  return text;
}
