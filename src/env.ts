import type { DrizzleD1Database } from "drizzle-orm/d1";
import type * as schema from "./db/schema";
import type { ProvisionNote } from "./ops/provision-log";

/** Drizzle over D1; `$client` is the D1 binding (or session) itself, for statements Drizzle cannot batch. */
export type Db = DrizzleD1Database<typeof schema> & { $client: D1Database };

/** One environment type for every route: bindings from `wrangler types`, plus secrets. */
export type AppEnv = {
  Bindings: Env & {
    /** Platform token of the admin API (a Worker secret). Unset: the API is closed. */
    ADMIN_TOKEN?: string;
    /** HMAC key of Digest nonces (a Worker secret). Without it, Digest auth cannot be offered. */
    DIGEST_SIGNING_KEY?: string;
  };
  Variables: {
    db: Db;
    /** Set for every request by src/ops/request-id.ts; also the `x-request-id` response header. */
    requestId: string;
    /** What the phone path decided, for its log line (src/ops/provision-log.ts). */
    provision?: ProvisionNote;
  };
};
