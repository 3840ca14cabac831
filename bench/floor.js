// Reference Worker "floor": no framework, the one D1 point lookup by MAC that a MAC file needs, the row
// returned as text. What edgeprov's MAC file is measured against (bench/run.mjs). It is asked for
// `/<mac>` (12 lowercase hex digits): no file pattern to match, just the lookup.
export default {
  async fetch(request, env) {
    const mac = new URL(request.url).pathname.slice(1);
    // The same kind of session the phone path reads through.
    const row = await env.DB.withSession("first-unconstrained").prepare("select * from terminals where mac = ?").bind(mac).first();
    if (row === null) return new Response("Not Found\n", { status: 404 });
    return new Response(JSON.stringify(row), { headers: { "content-type": "text/plain; charset=utf-8" } });
  },
};
