// Reference Worker "Hono frame": Hono and the phone Worker's request-id middleware around constants, what a
// generic file is measured against (bench/run.mjs). Before the load the benchmark hands it, with
// `PUT /responses`, what the phone Worker answers for each generic file (status, headers, body), and it
// answers each path with that response from memory: the stack edgeprov is built on, sending the same bytes
// and headers, with none of edgeprov's own work (the path, the model, its file, the ETag, If-None-Match).
import { Hono } from "hono";
import { requestIdMiddleware } from "../src/core/request-id";

interface Answer {
  status: number;
  headers: Record<string, string>;
  /** The body's bytes, base64. */
  body: string;
}

const answers = new Map<string, { status: number; headers: Record<string, string>; body: Uint8Array }>();

const app = new Hono<{ Variables: { requestId: string } }>();
app.use(requestIdMiddleware);
app.put("/responses", async (c) => {
  const given = await c.req.json<Record<string, Answer>>();
  for (const [path, { status, headers, body }] of Object.entries(given)) answers.set(path, { status, headers, body: Uint8Array.from(atob(body), (char) => char.charCodeAt(0)) });
  return c.body(null, 204);
});
app.get("/provision/*", (c) => {
  const answer = answers.get(c.req.path);
  if (!answer) return c.text("no response set for this path\n", 404);
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
});
export default app;
