// The Worker the tests run (vitest.config.ts `main`): the phone Worker, with its ADMIN service binding
// answered by the admin Worker's own fetch in this isolate. Only the transport differs from a deploy:
// the e2e (`wrangler dev` with both configs) and the benchmark (Miniflare) use the real binding.
//
// Its fetch writes records directly, as on Workers Free (no RECORDS queue), so that a test reads what a
// request recorded once the request's waitUntil work is done; test/records-queue.test.ts drives the
// queue path (the phone Worker with RECORDS, and its queue() consumer exported here).
import admin from "../src/admin/worker";
import type { AdminEnv } from "../src/admin/env";
import type { PhoneEnv } from "../src/phone/env";
import phone from "../src/phone/worker";

/** The test pool gives one environment with both Workers' bindings and secrets. */
type Bindings = PhoneEnv["Bindings"] & AdminEnv["Bindings"];

export default {
  fetch(request: Request, env: Bindings, ctx: ExecutionContext) {
    return phone.fetch(request, withAdmin(env, ctx), ctx);
  },
  queue: phone.queue,
};

function withAdmin(env: Bindings, ctx: ExecutionContext): Bindings {
  const binding = { fetch: (input: RequestInfo | URL, init?: RequestInit) => admin.fetch(new Request(input, init), env, ctx) };
  return { ...env, ADMIN: binding as unknown as Fetcher, RECORDS: undefined as unknown as Queue };
}
