// Misses (MAC-looking requests that resolve to no terminal) are counted per client IP by the Workers
// Rate Limiting binding. Once an IP goes over, all its MAC-file requests get 429 for the window,
// hits included, so the limit tells an enumerator nothing. The binding cannot be read without
// counting, so "over the limit" is remembered as a marker in the location's cache, which is as local
// as the binding's own counters.

export const WINDOW_SECONDS = 60;
const MARKER = "https://rate-limit.edgeprov.invalid/";

function markerKey(ip: string): string {
  return MARKER + encodeURIComponent(ip);
}

/** Seconds until the IP may ask again, or 0 when it is not blocked. */
export async function blockedFor(ip: string, now: Date): Promise<number> {
  const marker = await caches.default.match(markerKey(ip));
  if (!marker) return 0;
  const until = Number(marker.headers.get("x-blocked-until"));
  return Math.max(0, Math.ceil((until - now.getTime()) / 1000));
}

export async function block(ip: string, now: Date): Promise<void> {
  const until = now.getTime() + WINDOW_SECONDS * 1000;
  await caches.default.put(
    markerKey(ip),
    new Response("blocked", { headers: { "cache-control": `max-age=${WINDOW_SECONDS}`, "x-blocked-until": String(until) } }),
  );
}

/** Counts one miss; true when the IP has now gone over its limit. */
export async function countMiss(limiter: RateLimit | undefined, ip: string): Promise<boolean> {
  if (!limiter) return false;
  const { success } = await limiter.limit({ key: ip });
  return !success;
}

export function tooManyRequests(retryAfter: number): Response {
  return new Response("Too Many Requests\n", {
    status: 429,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", "retry-after": String(Math.max(1, retryAfter)) },
  });
}
