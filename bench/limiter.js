// Reference Worker "limiter": the no-op plus the one call a miss makes to the Rate Limiting binding
// (src/phone/rate-limit.ts), keyed by the client's address, answering the miss's 404. Its CPU over the
// no-op's is what one call costs the Worker's process here: the counter is in the second workerd process
// (bench/limiter-binding.js, bench/limiter-counter.js), so this is the request to it and its answer.
// bench/run.mjs reports a miss's CPU with and without that cost.
export default {
  async fetch(request, env) {
    await env.MISS_LIMITER.limit({ key: request.headers.get("cf-connecting-ip") ?? "unknown" });
    return new Response("Not Found\n", { status: 404, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
  },
};
