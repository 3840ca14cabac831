// GET /healthz: is this deployment able to serve phones? Anyone (a load balancer) gets the status only;
// with a valid API token the details too: whether D1 answers and how fast, how far its migrations are
// against the ones this build expects, which build this is. Those help an attacker pick an exploit, so
// they are not public.
import { Hono, type Context } from "hono";
import journal from "../../drizzle/meta/_journal.json";
import { version } from "../../package.json";
import type { PhoneEnv } from "./env";
import { REQUEST_ID_HEADER } from "../core/request-id";

/** Migration files this build was written against, in order (the names wrangler records). */
export const EXPECTED_MIGRATIONS: string[] = journal.entries.map((entry) => `${entry.tag}.sql`);

export type HealthStatus = "ok" | "degraded" | "down";

export interface Health {
  status: HealthStatus;
  version: string;
  /** The Worker version Cloudflare runs (version_metadata binding); null in local dev without it. */
  deployment: { id: string; tag: string | null; timestamp: string | null } | null;
  database: {
    reachable: boolean;
    ms: number;
    migrations: {
      applied: number;
      latest: string | null;
      expected: number;
      /** Expected by this build but not applied: the code may fail. Apply them (`db:migrate:*`). */
      pending: string[];
      /** Applied but unknown to this build: normal right after a migration or a rollback. */
      ahead: string[];
    } | null;
  };
  checkedAt: string;
}

export const health = new Hono<PhoneEnv>();

health.get("/", async (c) => {
  const started = Date.now();
  let applied: string[] | null = null;
  let reachable = true;
  try {
    applied = await appliedMigrations(c.env.DB);
  } catch (err) {
    reachable = false;
    console.error(JSON.stringify({ level: "error", event: "healthz", requestId: c.get("requestId"), error: String(err) }));
  }
  const ms = Date.now() - started;

  let migrations: Health["database"]["migrations"] = null;
  if (applied) {
    const done = new Set(applied);
    const known = new Set(EXPECTED_MIGRATIONS);
    migrations = {
      applied: applied.length,
      latest: applied.at(-1) ?? null,
      expected: EXPECTED_MIGRATIONS.length,
      pending: EXPECTED_MIGRATIONS.filter((name) => !done.has(name)),
      ahead: applied.filter((name) => !known.has(name)),
    };
  }
  const status: HealthStatus = !reachable ? "down" : migrations!.pending.length > 0 ? "degraded" : "ok";
  const headers = { "cache-control": "no-store" };
  const code = status === "ok" ? 200 : 503;
  if (!(await tokenIsValid(c))) return c.json({ status }, code, headers);
  const meta = c.env.CF_VERSION_METADATA as WorkerVersionMetadata | undefined;
  const body: Health = {
    status,
    version,
    deployment: meta?.id ? { id: meta.id, tag: meta.tag || null, timestamp: meta.timestamp || null } : null,
    database: { reachable, ms, migrations },
    checkedAt: new Date().toISOString(),
  };
  return c.json(body, code, headers);
});

/**
 * Whether the request carries a token the admin API accepts. The phone Worker holds no token and no
 * token table logic: it asks the admin API's Worker (GET /api/v1/whoami over the ADMIN binding), which
 * also applies its HTTPS rule. Only asked when an Authorization header is present.
 */
async function tokenIsValid(c: Context<PhoneEnv>): Promise<boolean> {
  const authorization = c.req.header("authorization");
  if (!authorization || !c.env.ADMIN) return false;
  const url = new URL("/api/v1/whoami", c.req.url);
  const headers = new Headers({ authorization, [REQUEST_ID_HEADER]: c.get("requestId") });
  try {
    const res = await c.env.ADMIN.fetch(new Request(url, { headers }));
    await res.body?.cancel();
    return res.status === 200;
  } catch {
    return false;
  }
}

/** Names from wrangler's d1_migrations table, oldest first; none when it does not exist yet. */
async function appliedMigrations(db: D1Database): Promise<string[]> {
  try {
    const { results } = await db.prepare("SELECT name FROM d1_migrations ORDER BY id").all<{ name: string }>();
    return results.map((row) => row.name);
  } catch (err) {
    if (/no such table: d1_migrations/i.test(String(err))) return [];
    throw err;
  }
}
