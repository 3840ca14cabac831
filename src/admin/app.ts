// The admin API: /api/v1, JSON, bearer token. One sub-app per resource.
import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import { CATALOG_WRITE_HEADER } from "../db/catalog";
import { BOOKMARK_HEADER, createDb } from "../db/client";
import { requiresHttps } from "../core/base-url";
import type { AdminEnv } from "./env";
import { enforceAccess } from "./access";
import { auditApi, auditWrites } from "./audit";
import { authenticate } from "./auth";
import { companiesApi } from "./companies";
import { contactsApi } from "./contacts";
import { ApiError, apiErrorResponse } from "./errors";
import { fleetApi } from "./fleet";
import { validationHook } from "./hook";
import { manufacturersApi } from "./manufacturers";
import { modelsApi } from "./models";
import { mountDocs } from "./openapi";
import { terminalsApi } from "./terminals";
import { tokensApi, whoamiApi } from "./tokens";
import { unknownDevicesApi } from "./unknown-devices";

export const api = new OpenAPIHono<AdminEnv>({ defaultHook: validationHook });

/**
 * Over plain HTTP the bearer token and the config preview (SIP passwords) would cross the network in
 * clear: every /api request is refused before its token is even looked at, as MAC files are (the same
 * REQUIRE_HTTPS, the same test of the request's scheme as the phone path). The Worker applies it to all
 * of /api/* before routing (src/admin/worker.ts); here it also holds for the console's in-process calls.
 */
export const httpsOnly = createMiddleware<AdminEnv>(async (c, next) => {
  if (requiresHttps(c.env) && new URL(c.req.url).protocol !== "https:") {
    throw new ApiError(403, "https_required", "The admin API answers over HTTPS only");
  }
  await next();
});
api.use(httpsOnly);

// The document and its reference page describe the API and hold no data: served without the token.
mountDocs(api);

api.use(authenticate);

/**
 * Every API request runs in one D1 session (read replication). It starts at the bookmark the client
 * sends in `x-d1-bookmark` (the one an earlier response returned), so a read that follows a write sees
 * that write even when a replica serves it; without one, at the primary. The response carries the
 * session's latest bookmark. Everything the API does goes through `c.var.db`, whose `$client` is the
 * session, so statements sent with `db.$client.prepare/batch` stay in it too.
 */
api.use(
  createMiddleware<AdminEnv>(async (c, next) => {
    const bookmark = c.req.header(BOOKMARK_HEADER)?.trim();
    if (bookmark && !/^[\w.:-]{1,256}$/.test(bookmark)) {
      throw new ApiError(400, "invalid_bookmark", `${BOOKMARK_HEADER} must be a bookmark an earlier response returned`);
    }
    const session = c.env.DB.withSession(bookmark || "first-primary");
    c.set("db", createDb(session));
    await next();
    const latest = session.getBookmark();
    if (latest) c.res.headers.set(BOOKMARK_HEADER, latest);
  }),
);

// After the session: what the caller may do, then the audit entry of what it did (in the same session).
api.use(enforceAccess);
api.use(auditWrites);

/** Request bodies are JSON, except CSV imports and text/plain templates. Anything else is a 415. */
const acceptedBodies = createMiddleware<AdminEnv>(async (c, next) => {
  if (["POST", "PUT", "PATCH"].includes(c.req.method) && hasBody(c.req.raw)) {
    const type = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
    const path = new URL(c.req.url).pathname;
    const accepted = ["application/json"];
    if (path.endsWith("/terminals/import") || /\/companies\/[^/]+\/contacts\/import$/.test(path)) accepted.push("text/csv");
    if (/\/templates\/[^/]+$/.test(path)) accepted.push("text/plain");
    if (!accepted.includes(type)) {
      throw new ApiError(415, "unsupported_media_type", `Send the body as ${accepted.join(" or ")}`);
    }
  }
  await next();
});
api.use(acceptedBodies);

function hasBody(request: Request): boolean {
  const length = request.headers.get("content-length");
  return length === null ? request.body !== null : Number(length) > 0;
}

// Imports set their own, larger limit.
const DEFAULT_BODY_LIMIT = 1024 * 1024;
api.use(async (c, next) => {
  if (new URL(c.req.url).pathname.endsWith("/terminals/import")) return next();
  return bodyLimit({
    maxSize: DEFAULT_BODY_LIMIT,
    onError: () => {
      throw new ApiError(413, "payload_too_large", "The request body is over 1 MiB");
    },
  })(c, next);
});

/**
 * A write to the catalog that went through tells the phone Worker to forget its snapshot
 * (src/phone/admin-forward.ts). A refused one (401, 400, …) says nothing: no caller can make phones
 * re-read the catalog without writing it.
 */
const marksCatalogWrites = createMiddleware<AdminEnv>(async (c, next) => {
  await next();
  if (c.req.method !== "GET" && c.req.method !== "HEAD" && c.res.ok) c.res.headers.set(CATALOG_WRITE_HEADER, "1");
});
api.use("/manufacturers/*", marksCatalogWrites);
api.use("/models/*", marksCatalogWrites);

api.route("/manufacturers", manufacturersApi);
api.route("/models", modelsApi);
api.route("/companies", companiesApi);
api.route("/companies", contactsApi);
api.route("/terminals", terminalsApi);
api.route("/unknown-devices", unknownDevicesApi);
api.route("/fleet", fleetApi);
api.route("/tokens", tokensApi);
api.route("/whoami", whoamiApi);
api.route("/audit", auditApi);

// A sub-app's notFound is never called once it is mounted with app.route(): unknown API routes got the
// phone path's plain-text 404. A last catch-all keeps them in the API's one error shape.
api.all("*", () => {
  throw new ApiError(404, "not_found", "No such route");
});
api.onError(apiErrorResponse);
