// The records writer (bench/run.mjs starts it in a second workerd process): a batch from
// bench/records-relay.js goes to the phone Worker's own queue() handler, through its service binding
// (`service_binding_extra_handlers`), exactly as Queues would deliver it; 500 when the handler did not
// take the whole batch (it threw, or asked for a retry), so that the relay's queue retries it.
export default {
  async fetch(request, env) {
    const { queue, messages } = await request.json();
    const result = await env.CONSUMER.queue(queue, messages.map((m) => ({ ...m, timestamp: new Date(m.timestamp) })));
    const taken = result.outcome === "ok" && !result.retryBatch?.retry && (result.retryMessages?.length ?? 0) === 0;
    return new Response(JSON.stringify(result), { status: taken ? 200 : 500 });
  },
};
