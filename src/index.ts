import { Hono } from "hono";
import { api } from "./admin/app";
import type { AppEnv } from "./env";
import { provisioning } from "./provisioning/route";
import { notFound } from "./provisioning/respond";

const app = new Hono<AppEnv>();

app.route("/provision", provisioning);
app.route("/api/v1", api);

app.notFound(() => notFound());

// Never a stack trace or a message to the caller; the log keeps the detail.
app.onError((err, c) => {
  console.error(JSON.stringify({ level: "error", path: new URL(c.req.url).pathname, error: String(err) }));
  return c.json({ error: { code: "internal", message: "Internal error" } }, 500);
});

export default app;
