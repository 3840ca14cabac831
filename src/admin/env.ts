import type { Db } from "../db/client";
import type { Principal } from "./principal";

/** The admin Worker's environment: its bindings (`wrangler types -c wrangler.admin.toml`) and secrets. */
export type AdminEnv = {
  Bindings: AdminBindings & {
    /** Platform token of the admin API (a Worker secret). Unset: the API is closed. */
    ADMIN_TOKEN?: string;
    /** Digest nonces' key (shared with the phone Worker): a company may choose Digest only when it is set. */
    DIGEST_SIGNING_KEY?: string;
  };
  Variables: {
    /** Set for every request by src/core/request-id.ts; also the `x-request-id` response header. */
    requestId: string;
    /** Drizzle over the request's D1 session (src/admin/app.ts). */
    db: Db;
    /** The caller (src/admin/auth.ts). */
    principal: Principal;
    /** The company a write belonged to, when its response does not say (the audit log). */
    auditCompanyId?: number;
    /** Set by a POST that changed nothing (an import's dry run): the audit log skips it. */
    wroteNothing?: boolean;
  };
};
