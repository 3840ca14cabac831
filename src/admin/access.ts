// What each operation needs of the caller's token. One table, read both by the check every request
// passes and by the OpenAPI document (x-required-role), so the two cannot disagree.
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AdminEnv } from "./env";
import { GLOBAL_TOKEN_ID } from "./auth";
import type { Principal } from "./principal";
import { ApiError } from "./errors";

/**
 * - `read`: any valid token; a company's token sees its own company only.
 * - `admin`: a token of role admin; a company's token changes its own company only.
 * - `global-read`: any token of no company: reading the unknown-devices inbox (it holds MACs no company
 *   owns yet, with IPs and User-Agents that may be another customer's).
 * - `global-admin`: an admin token of no company (or ADMIN_TOKEN): the catalog, creating and deleting
 *   companies, forgetting unknown devices.
 * - `admin-token`: ADMIN_TOKEN itself: managing API tokens.
 */
export type Access = "read" | "admin" | "global-read" | "global-admin" | "admin-token";

export const ACCESS_TEXT: Record<Access, string> = {
  read: "any token (read or admin); a company's token sees its own company only",
  admin: "an admin token; a company's admin token reaches its own company only",
  "global-read": "a token of no company (read or admin), or ADMIN_TOKEN",
  "global-admin": "an admin token of no company, or ADMIN_TOKEN",
  "admin-token": "ADMIN_TOKEN only",
};

const READS = new Set(["GET", "HEAD", "OPTIONS"]);

/** `path` is relative to /api/v1, e.g. `/terminals/001565aabbcc/config`. */
export function requiredAccess(method: string, path: string): Access {
  // Empty segments dropped: `//tokens/` is read as `/tokens` however the router would take it.
  const [resource = "", , action] = path.split("/").filter(Boolean);
  if (resource === "tokens") return "admin-token";
  if (resource === "unknown-devices") {
    // Assigning creates a terminal: a company's admin may assign into its own company (by MAC).
    if (method === "POST" && action === "assign") return "admin";
    return READS.has(method) ? "global-read" : "global-admin";
  }
  // The config preview is the MAC file as the phone gets it, SIP passwords included: those are
  // write-only everywhere else, so reading them takes what writing them takes.
  if (resource === "terminals" && action === "config") return "admin";
  if (READS.has(method)) return "read";
  if (resource === "manufacturers" || resource === "models") return "global-admin";
  // A company's token may change its own company (its phonebook too), but not create companies or delete itself.
  if (resource === "companies" && action === undefined && (method === "POST" || method === "DELETE")) return "global-admin";
  return "admin";
}

export function allows(principal: Principal, access: Access): boolean {
  switch (access) {
    case "read":
      return true;
    case "admin":
      return principal.role === "admin";
    case "global-read":
      return principal.companyId === null;
    case "global-admin":
      return principal.role === "admin" && principal.companyId === null;
    case "admin-token":
      return principal.tokenId === GLOBAL_TOKEN_ID;
  }
}

export const API_PREFIX = "/api/v1";

/**
 * The path under /api/v1, as the router matched it (percent-decoded: `/%74okens` is `/tokens`).
 * Requests through the Worker carry the prefix; the console's views call the API app directly
 * (src/admin/console/api.ts), without it.
 */
export function apiPath(c: Context<AdminEnv>): string {
  const path = c.req.path;
  return (path.startsWith(`${API_PREFIX}/`) ? path.slice(API_PREFIX.length) : path) || "/";
}

export const enforceAccess = createMiddleware<AdminEnv>(async (c, next) => {
  const access = requiredAccess(c.req.method, apiPath(c));
  if (!allows(c.var.principal, access)) {
    throw new ApiError(403, "forbidden", `This token may not do this: it needs ${ACCESS_TEXT[access]}`);
  }
  await next();
});

/** The company a request is confined to (a company's token), or undefined for every company. */
export function scopeOf(c: Context<AdminEnv>): number | undefined {
  return c.var.principal.companyId ?? undefined;
}
