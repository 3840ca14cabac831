// Reference Worker "floor": no framework, the one D1 point lookup by MAC that a MAC file needs, the row
// returned as text. What edgeprov's MAC file is measured against (bench/run.mjs). It is asked for
// `/<mac>` (12 lowercase hex digits): no file pattern to match, just the lookup. `/log/<mac>` is the
// storm's floor: the same lookup and one JSON log line, as the phone Worker writes one per request (the
// storm case's records go to a queue: what that hand-off costs is what the storm ratio shows).
export default {
  async fetch(request, env) {
    const path = new URL(request.url).pathname;
    const logged = path.startsWith("/log/");
    const mac = path.slice(logged ? 5 : 1);
    // The same kind of session the phone path reads through.
    const row = await env.DB.withSession("first-unconstrained").prepare("select * from terminals where mac = ?").bind(mac).first();
    if (logged) console.log(JSON.stringify({ level: "info", event: "floor", mac, ip: request.headers.get("cf-connecting-ip"), found: row !== null }));
    if (row === null) return new Response("Not Found\n", { status: 404 });
    return new Response(JSON.stringify(row), { headers: { "content-type": "text/plain; charset=utf-8" } });
  },
};
