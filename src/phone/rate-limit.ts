// Misses (MAC-looking requests that resolve to no terminal) are counted per client IP by the Workers
// Rate Limiting binding. Once an IP goes over, all its MAC-file requests get 429 for the window,
// hits included, so the limit tells an enumerator nothing. The binding cannot be read without
// counting, so "over the limit" is written to D1 (client_blocks), which the phone path reads in the
// same statement as the terminal: a block costs one write when it starts and no read of its own.
import type { Context } from "hono";
import { sql } from "drizzle-orm";
import { d1Statement, type Db } from "../db/client";
import { clientBlocks } from "../db/schema";
import type { PhoneEnv } from "./env";

export const WINDOW_SECONDS = 60;

/**
 * Counts one miss against `client`. Under the limit: null. Over it: the client is blocked for the
 * window (written after the response) and this is the answer.
 */
export async function countMiss(c: Context<PhoneEnv>, client: string, now: Date): Promise<Response | null> {
  const limiter = c.env.MISS_LIMITER as RateLimit | undefined;
  if (!limiter || (await limiter.limit({ key: client })).success) return null;
  c.executionCtx.waitUntil(block(c.var.db.writes, client, now));
  return tooManyRequests(WINDOW_SECONDS);
}

/** Blocks the client for the window, and forgets blocks that are over (the table stays small). */
export async function block(db: Db, client: string, now: Date): Promise<void> {
  const until = now.getTime() + WINDOW_SECONDS * 1000;
  await db.$client.batch([
    d1Statement(db, sql`
      insert into ${clientBlocks} (client, until) values (${client}, ${until})
      on conflict (client) do update set until = max(${clientBlocks.until}, excluded.until)`),
    d1Statement(db, sql`delete from ${clientBlocks} where until <= ${now.getTime()}`),
  ]);
}

export function tooManyRequests(retryAfter: number): Response {
  return new Response("Too Many Requests\n", {
    status: 429,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", "retry-after": String(Math.max(1, retryAfter)) },
  });
}
