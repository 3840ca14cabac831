// A D1 binding that counts what reaches D1: every `first/all/run/raw` of a prepared statement, every
// `batch` and `exec`, on the binding itself or on a session from `withSession`. Each call is one round
// trip to the database. Used by d1-calls.test.ts and bookmark.test.ts.

export interface D1Call {
  /** `db` for the binding itself, `session:<constraint or bookmark>` for a session. */
  via: string;
  method: "first" | "all" | "run" | "raw" | "batch" | "exec";
  sql: string[];
  /** True when every statement only reads (SELECT / WITH … SELECT). */
  readOnly: boolean;
  /** Rows D1 reports written (meta.rows_written summed), once the call has settled. */
  rowsWritten: number;
  /** Rows D1 reports read (meta.rows_read summed, what D1 bills), once the call has settled. */
  rowsRead: number;
}

export interface D1Spy {
  db: D1Database;
  calls: D1Call[];
  sessions: string[];
  reset(): void;
}

const READ = /^\s*(?:--[^\n]*\n\s*)*(?:select|with)\b/i;
const isRead = (sql: string) => READ.test(sql) && !/\b(?:insert|update|delete|replace)\b/i.test(sql.replace(/'[^']*'/g, ""));

export function spyD1(real: D1Database): D1Spy {
  const calls: D1Call[] = [];
  const sessions: string[] = [];
  // Batches hand our statement proxies back to D1, which wants its own objects.
  const targets = new WeakMap<object, D1PreparedStatement>();
  const sqlOf = new WeakMap<object, string>();

  function record(via: string, method: D1Call["method"], sql: string[]): D1Call {
    const call: D1Call = { via, method, sql, readOnly: sql.every(isRead), rowsWritten: 0, rowsRead: 0 };
    calls.push(call);
    return call;
  }

  const meta = (result: unknown) => (result as { meta?: { rows_written?: number; rows_read?: number } } | null)?.meta;
  const rowsWritten = (result: unknown): number => meta(result)?.rows_written ?? 0;
  const rowsRead = (result: unknown): number => meta(result)?.rows_read ?? 0;

  function statement(target: D1PreparedStatement, sql: string, via: string): D1PreparedStatement {
    const proxy = new Proxy(target, {
      get(t, p) {
        if (p === "bind") return (...values: unknown[]) => statement(t.bind(...values), sql, via);
        if (p === "first" || p === "all" || p === "run" || p === "raw") {
          return async (...args: unknown[]) => {
            const call = record(via, p, [sql]);
            const result = await (t[p] as (...a: unknown[]) => Promise<unknown>).apply(t, args);
            if (p === "all" || p === "run") {
              call.rowsWritten = rowsWritten(result);
              call.rowsRead = rowsRead(result);
            }
            return result;
          };
        }
        const value = Reflect.get(t, p, t);
        return typeof value === "function" ? value.bind(t) : value;
      },
    });
    targets.set(proxy, target);
    sqlOf.set(proxy, sql);
    return proxy;
  }

  function database<T extends D1Database | D1DatabaseSession>(target: T, via: string): T {
    return new Proxy(target, {
      get(t, p) {
        if (p === "prepare") return (sql: string) => statement(t.prepare(sql), sql, via);
        if (p === "batch") {
          return async (statements: D1PreparedStatement[]) => {
            const call = record(via, "batch", statements.map((s) => sqlOf.get(s) ?? "?"));
            const results = await t.batch(statements.map((s) => targets.get(s) ?? s));
            call.rowsWritten = results.reduce((sum, r) => sum + rowsWritten(r), 0);
            call.rowsRead = results.reduce((sum, r) => sum + rowsRead(r), 0);
            return results;
          };
        }
        if (p === "exec") {
          return async (sql: string) => {
            record(via, "exec", [sql]);
            return (t as D1Database).exec(sql);
          };
        }
        if (p === "withSession") {
          return (constraint?: string) => {
            sessions.push(constraint ?? "");
            return database((t as D1Database).withSession(constraint), `session:${constraint ?? ""}`);
          };
        }
        const value = Reflect.get(t, p, t);
        return typeof value === "function" ? value.bind(t) : value;
      },
    });
  }

  return {
    db: database(real, "db"),
    calls,
    sessions,
    reset() {
      calls.length = 0;
      sessions.length = 0;
    },
  };
}

/** The Worker's env with DB replaced (every other binding as it is). */
export function envWith<E extends object>(env: E, db: D1Database): E {
  return new Proxy(env, { get: (t, p) => (p === "DB" ? db : Reflect.get(t, p, t)) });
}
