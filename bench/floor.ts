// Reference Worker "floor": no framework, the phone path's one D1 statement for a MAC file (the
// terminal, its company and lines, and the client's miss-limit block: src/db/queries.ts, imported, so
// the floor always sends what edgeprov sends), its row returned as text. What edgeprov's MAC file is
// measured against (bench/run.mjs). It is asked for `/<mac>` (12 lowercase hex digits): no file
// pattern to match, just the lookup. `/log/<mac>` is the storm's floor: the same lookup and one JSON log
// line, as the phone Worker writes one per recorded request.
import { macLookupStatement } from "../src/db/queries";

export default {
  async fetch(request: Request, env: { DB: D1Database }): Promise<Response> {
    const path = new URL(request.url).pathname;
    const logged = path.startsWith("/log/");
    const mac = path.slice(logged ? 5 : 1);
    const ip = request.headers.get("cf-connecting-ip");
    // The same kind of session the phone path reads through, and the same statement.
    const [row] = await macLookupStatement(env.DB.withSession("first-unconstrained"), [mac], ip ?? "unknown").raw();
    const found = row !== undefined && row[1] !== null;
    if (logged) console.log(JSON.stringify({ level: "info", event: "floor", mac, ip, found }));
    if (!found) return new Response("Not Found\n", { status: 404 });
    return new Response(JSON.stringify(row), { headers: { "content-type": "text/plain; charset=utf-8" } });
  },
};
