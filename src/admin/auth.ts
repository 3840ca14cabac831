// Who is calling the admin API. Fails closed: without an ADMIN_TOKEN secret of at least 32 characters
// nothing is served. The bearer is either ADMIN_TOKEN itself (the global credential) or an API token
// (src/admin/tokens.ts), found by the SHA-256 of its secret.
import { sql } from "drizzle-orm";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { createDb } from "../db/client";
import { apiTokens, type TokenRole } from "../db/schema";
import type { Principal } from "./principal";
import type { AdminEnv } from "./env";
import { RECORD_INTERVAL_MS } from "../db/queries";
import { hex, secretsEqual } from "../core/secrets";
import { ApiError } from "./errors";

/** Shorter secrets can be guessed or were typed by hand: the API stays closed (SECURITY.md). */
export const MIN_ADMIN_TOKEN_LENGTH = 32;

/** What the audit log and every check call the ADMIN_TOKEN. */
export const GLOBAL_TOKEN_ID = "global";

/** API token secrets start with this, so a leaked one is recognisable (and ADMIN_TOKEN never is one). */
export const TOKEN_PREFIX = "ept_";


const GLOBAL: Principal = { tokenId: GLOBAL_TOKEN_ID, companyId: null, role: "admin" };

export async function hashSecret(secret: string): Promise<string> {
  return hex(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(secret)));
}

/** Why the API is closed, or null when ADMIN_TOKEN is usable. */
export function adminTokenProblem(token: string | undefined): string | null {
  if (!token) return "ADMIN_TOKEN is not set";
  if (token.length < MIN_ADMIN_TOKEN_LENGTH) return `ADMIN_TOKEN is shorter than ${MIN_ADMIN_TOKEN_LENGTH} characters`;
  return null;
}

export const authenticate = createMiddleware<AdminEnv>(async (c, next) => {
  const expected = c.env.ADMIN_TOKEN;
  const problem = adminTokenProblem(expected);
  if (problem) {
    // The operator sees why in the log; the caller only that the API is closed.
    if (expected) console.error(JSON.stringify({ level: "error", event: "api_disabled", requestId: c.get("requestId"), reason: problem }));
    throw new ApiError(503, "api_disabled", "The admin API is disabled until an ADMIN_TOKEN secret of at least 32 characters is set");
  }
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(c.req.header("authorization") ?? "");
  const principal = match ? await principalOf(c, match[1]!, expected!) : null;
  // Unknown, revoked and expired tokens get the very same answer.
  if (!principal) throw new ApiError(401, "unauthorized", "A valid bearer token is required");
  c.set("principal", principal);
  await next();
});

async function principalOf(c: Context<AdminEnv>, presented: string, expected: string): Promise<Principal | null> {
  if (await secretsEqual(presented, expected)) return GLOBAL;
  if (!presented.startsWith(TOKEN_PREFIX)) return null;
  // By hash: the database compares digests of the secret, which tell an attacker nothing about it.
  const hash = await hashSecret(presented);
  const now = Date.now();
  const token = await c.env.DB.prepare(
    "select id, company_id as companyId, role, last_used_at as lastUsedAt from api_tokens " +
      "where secret_hash = ?1 and revoked_at is null and (expires_at is null or expires_at > ?2)",
  )
    .bind(hash, now)
    .first<{ id: number; companyId: number | null; role: TokenRole; lastUsedAt: number | null }>();
  if (!token) return null;
  if (token.lastUsedAt === null || token.lastUsedAt < now - RECORD_INTERVAL_MS) {
    // Off the response path, and at most once a minute per token, so a busy client costs no write per call.
    const db = createDb(c.env.DB);
    c.executionCtx.waitUntil(
      db
        .run(sql`update ${apiTokens} set last_used_at = ${now} where id = ${token.id} and (last_used_at is null or last_used_at < ${now - RECORD_INTERVAL_MS})`)
        .catch((err) => console.error(JSON.stringify({ level: "error", event: "token_last_used_failed", error: String(err) }))),
    );
  }
  return { tokenId: String(token.id), companyId: token.companyId, role: token.role };
}
