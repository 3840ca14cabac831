import { drizzle } from "drizzle-orm/d1";
import type { Db } from "../env";
import * as schema from "./schema";

/** A Drizzle client over a D1 binding or session (both speak the same D1 API). */
export function createDb(d1: D1Database | D1DatabaseSession): Db {
  return drizzle(d1 as D1Database, { schema, casing: "snake_case" });
}
