// The RECORDS queue's consumer inside the benchmark's workerd, in place of the phone Worker's own: it hands
// each batch, as the queue delivered it (wrangler.toml's batch size and timeout), to the records writer in a
// second workerd process (bench/records-writer.js), where the phone Worker's queue() writes it to a D1 of its
// own. Deployed, a batch is written by a consumer invocation of its own and its statements run on D1's
// machine; in one workerd they would run on the thread that answers the phones (bench/README.md, "storm").
// A batch the writer did not take is thrown back, so the queue retries it as it would the consumer's
// (bench/run.mjs gives the queue wrangler.toml's retries, delay and dead-letter queue).
export default {
  async queue(batch, env) {
    const messages = batch.messages.map((m) => ({ id: m.id, timestamp: m.timestamp.getTime(), attempts: m.attempts, body: m.body }));
    const response = await env.WRITER.fetch("http://records-writer/batch", { method: "POST", body: JSON.stringify({ queue: batch.queue, messages }) });
    if (!response.ok) throw new Error(`records writer: ${response.status} ${await response.text()}`);
  },
};
