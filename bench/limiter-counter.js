// The Rate Limiting counter, in the benchmark's second workerd process (bench/run.mjs): Miniflare's
// simulation of the binding behind a socket. The body of a POST is the key; 204 under the limit, 429 over.
// Deployed, a Worker's limit() asks Cloudflare's rate limiting service ("backed by the same infrastructure
// that serves rate limiting rules": developers.cloudflare.com/workers/runtime-apis/bindings/rate-limit/),
// whose work is none of the Worker's CPU. Simulated in the phone Worker's own process, a call (the binding's
// JavaScript, its request and this Durable Object) cost about a fifth of a miss's workerd CPU.
export default {
  async fetch(request, env) {
    const { success } = await env.MISS_LIMITER.limit({ key: await request.text() });
    return new Response(null, { status: success ? 204 : 429 });
  },
};
