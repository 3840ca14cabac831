// MISS_LIMITER for the Workers in the benchmark's first workerd process (a Miniflare wrapped binding): the
// Rate Limiting binding's limit({ key }), each call a request to the counter in the second process
// (bench/limiter-counter.js). What a call costs here is the Worker's side of it: the request and its answer.
export default function (env) {
  return {
    async limit({ key }) {
      const response = await env.COUNTER.fetch("http://limiter-counter/", { method: "POST", body: key });
      return { success: response.status === 204 };
    },
  };
}
