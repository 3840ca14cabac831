import { sql, type SQL } from "drizzle-orm";
import { drizzle, type DrizzleD1Database } from "drizzle-orm/d1";
import { SQLiteAsyncDialect, type SQLiteColumn } from "drizzle-orm/sqlite-core";
import * as schema from "./schema";

/** Drizzle over D1; `$client` is the D1 binding (or session) itself, for statements Drizzle cannot batch. */
export type Db = DrizzleD1Database<typeof schema> & { $client: D1Database };

/** Request and response header carrying a D1 bookmark, so that a client reads its own writes. */
export const BOOKMARK_HEADER = "x-d1-bookmark";

/** A Drizzle client over a D1 binding or session (both speak the same D1 API). */
export function createDb(d1: D1Database | D1DatabaseSession): Db {
  return drizzle(d1 as D1Database, { schema, casing: "snake_case" }) as Db;
}

const dialect = new SQLiteAsyncDialect({ casing: "snake_case" });

/**
 * A Drizzle query builder or `sql` fragment as a plain D1 statement. Drizzle's batch cannot hold raw
 * `sql` queries, so batches that mix them are sent with `db.$client.batch()` instead.
 */
export function d1Statement(db: Db, query: SQL | { toSQL(): { sql: string; params: unknown[] } }): D1PreparedStatement {
  const { sql, params } = "toSQL" in query ? query.toSQL() : dialect.sqlToQuery(query);
  return db.$client.prepare(sql).bind(...params);
}

/**
 * `column` holds `text`, ignoring ASCII case, every character taken literally (a search, not a pattern).
 * Not LIKE: D1 refuses LIKE patterns over 50 bytes, so any search of more than 48 bytes was a 500.
 * `instr(lower(..), lower(..))` matches exactly what `LIKE '%text%' ESCAPE '\'` did (SQLite's LIKE and
 * lower() both fold ASCII only) and has no length limit.
 */
export function contains(column: SQLiteColumn, text: string): SQL {
  return sql`instr(lower(${column}), lower(${text})) > 0`;
}
