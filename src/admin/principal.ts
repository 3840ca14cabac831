// Who made an admin API request: set by src/admin/auth.ts, read by every check and the audit log.
import type { TokenRole } from "../db/schema";

export interface Principal {
  /** "global" for ADMIN_TOKEN, else the API token's id. */
  tokenId: string;
  /** The one company the token may see and change; null: every company. */
  companyId: number | null;
  role: TokenRole;
}
