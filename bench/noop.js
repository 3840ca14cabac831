// Reference Worker "no-op": a constant. What edgeprov's generic file is measured against (bench/run.mjs).
export default {
  fetch() {
    return new Response("ok\n", { headers: { "content-type": "text/plain; charset=utf-8" } });
  },
};
