// The phone Worker's database access, set by the phone route on `c.var.db` (the Hono way): reads through
// an unconstrained session, writes through Drizzle over the primary, each made only when a request
// needs it (a generic file needs neither).
import { createDb, type Db } from "../db/client";
import type { PhoneDb } from "./env";

export function phoneDb(d1: D1Database): PhoneDb {
  let reads: D1DatabaseSession | undefined;
  let writes: Db | undefined;
  return {
    // A phone tolerates a replica that lags a little; it never reads its own writes.
    get reads() {
      return (reads ??= d1.withSession("first-unconstrained"));
    },
    get writes() {
      return (writes ??= createDb(d1));
    },
  };
}
