// Reference: the no-op plus one JSON log line the size of the phone Worker's (src/phone/provision-log.ts).
export default {
  fetch(request) {
    const url = new URL(request.url);
    console.log(
      JSON.stringify({
        level: "info", event: "provision", requestId: crypto.randomUUID(), method: request.method, file: url.pathname.slice(11),
        status: 200, outcome: "generic", model: "yealink-t46g", mac: null, ip: request.headers.get("cf-connecting-ip"),
        userAgent: request.headers.get("user-agent"), https: false, colo: null, ms: 0,
      }),
    );
    return new Response("ok\n", { headers: { "content-type": "text/plain; charset=utf-8" } });
  },
};
