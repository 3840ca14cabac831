// One structured JSON line per phone request that an operator may need to read (Workers Logs indexes
// the fields): not for a generic file answered 200 or 304, nor for a MAC file a phone polls again
// within the minute from the same place (its record is throttled too); the platform's own invocation
// logs still count those, and the line would be most of their cost. What a line holds: the
// file asked for, the outcome, the model and MAC when known, the client IP, the User-Agent, status
// and timing. What it never holds: the Authorization header, the query string, any password or
// token, or the body served.
import { createMiddleware } from "hono/factory";
import type { Context } from "hono";
import type { Refusal } from "../core/policy/enforce";
import { urlParts } from "../core/request-url";

/** Why the phone path answered as it did. Refusals are the policy's reasons (SECURITY.md). */
export type ProvisionOutcome =
  | "generic" // a model's generic file
  | "served" // a MAC file (200, or 304 when unchanged)
  | "served_head" // a HEAD for a MAC file or phonebook the client may have: headers only, not recorded as a fetch
  | "directory" // the company phonebook of a terminal's MAC file (200, or 304 when unchanged), not recorded as a fetch
  | "invalid_path" // refused before any lookup: `..`, encoded slash, too long, …
  | "not_found" // nothing MAC-like and no generic name
  | "unknown_mac" // MAC-like, but no terminal whose pattern matched
  | "file_too_large" // the file rendered over the size limit (a custom template): the 404 instead
  | Refusal;

export interface ProvisionNote {
  outcome: ProvisionOutcome;
  /** Model iden, when the request resolved to a model. */
  model?: string;
  /** Normalised MAC (12 lowercase hex digits), when the path carried one. */
  mac?: string;
  /** Nothing an operator needs to read (a generic file, a repeat poll): no line unless it failed. */
  quiet?: boolean;
}

/** What this middleware needs of the Worker's environment (the phone Worker's has it all). */
type LogEnv = { Variables: { requestId: string; provision?: ProvisionNote } };

/** Called by the phone route at each answer; read back by the log middleware. */
export function noteProvision<E extends LogEnv>(c: Context<E>, note: ProvisionNote): void {
  (c as unknown as Context<LogEnv>).set("provision", note);
}

const MAX_FIELD = 256;
const clip = (value: string | undefined | null) => (value == null ? null : value.length > MAX_FIELD ? `${value.slice(0, MAX_FIELD)}…` : value);

export interface ProvisionLogLine {
  level: "info" | "warn";
  event: "provision";
  requestId: string;
  method: string;
  file: string;
  status: number;
  outcome: ProvisionOutcome | "error";
  model: string | null;
  mac: string | null;
  ip: string | null;
  userAgent: string | null;
  https: boolean;
  colo: string | null;
  ms: number;
}

export const provisionLog = createMiddleware<LogEnv>(async (c, next) => {
  const started = Date.now();
  await next();
  const note = c.get("provision");
  if (note?.quiet && c.res.status < 400) return;
  const cf = c.req.raw.cf as { colo?: string } | undefined;
  const outcome = note?.outcome ?? (c.res.status >= 500 ? "error" : "not_found");
  const line: ProvisionLogLine = {
    // What needs someone: the Worker failing, a client over the miss limit, a file no phone can be sent.
    level: c.res.status >= 500 || outcome === "rate_limited" || outcome === "file_too_large" ? "warn" : "info",
    event: "provision",
    requestId: c.get("requestId"),
    method: c.req.method,
    // The path only: a query string could carry anything, and phones never need one.
    file: clip(urlParts(c.req.url).pathname.replace(/^\/provision\/?/, ""))!,
    status: c.res.status,
    outcome,
    model: note?.model ?? null,
    mac: note?.mac ?? null,
    ip: c.req.header("cf-connecting-ip") ?? null,
    userAgent: clip(c.req.header("user-agent")),
    https: c.req.url.startsWith("https:"),
    colo: cf?.colo ?? null,
    ms: Date.now() - started,
  };
  console.log(JSON.stringify(line));
});
