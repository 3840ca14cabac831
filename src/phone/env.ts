import type { Db } from "../db/client";
import type { ProvisionNote } from "./provision-log";

/**
 * The phone Worker's environment: its bindings and secrets (`wrangler types`, from wrangler.toml; its
 * one secret, DIGEST_SIGNING_KEY, is the HMAC key of Digest nonces: without it Digest is not offered).
 */
export type PhoneEnv = {
  Bindings: PhoneBindings;
  Variables: {
    /** Set for every request by src/core/request-id.ts; also the `x-request-id` response header. */
    requestId: string;
    /** The request's database access (src/phone/db.ts). */
    db: PhoneDb;
    /** What the phone path decided, for its log line (src/phone/provision-log.ts). */
    provision?: ProvisionNote;
  };
};

/**
 * How a phone request reaches D1. Reads go through an unconstrained session (a replica that lags a
 * little is fine for a phone); writes (the lock claim, records, blocks) through the binding, to the primary.
 */
export interface PhoneDb {
  readonly reads: D1DatabaseSession;
  /** Drizzle over the primary, made on first use (most requests write nothing). */
  readonly writes: Db;
}
