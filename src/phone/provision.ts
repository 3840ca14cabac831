// The phone path: GET|HEAD /provision/<path>, as three steps.
//   resolve (what the path names: src/phone/resolve.ts)
//   -> admit (may this client have it: src/phone/admit.ts, only for a terminal's MAC file)
//   -> serve (the file, with its ETag; what the request leaves behind is recorded after the response).
// Every miss and refusal is the same 404 (src/phone/respond.ts), except the auth challenge and 429.
import { Hono, type Context } from "hono";
import { CONTENT_TYPES, renderDirectory, renderSpecific } from "../core/render";
import { phonebook } from "../db/contacts";
import { provisioningBaseUrl } from "../core/base-url";
import type { PhoneRequest, Refusal } from "../core/policy/enforce";
import type { ProvisioningContext } from "../core/view";
import type { TerminalWithAll } from "../db/queries";
import { admit } from "./admit";
import type { PhoneEnv } from "./env";
import { genericFile } from "./generic-files";
import { noteProvision, type ProvisionOutcome } from "./provision-log";
import { countMiss, tooManyRequests } from "./rate-limit";
import { recordSighting, recordTerminalFetch } from "./record";
import { resolve, type Resolution } from "./resolve";
import { fileResponse, notFound, renderedFile } from "./respond";

export const provisioning = new Hono<PhoneEnv>();

provisioning.on(["GET", "HEAD"], "/*", async (c) => {
  const req = phoneRequest(c);
  const client = clientKey(req);
  const { path, resolution } = await resolve(c, req, client);
  const ctx: ProvisioningContext = { baseUrl: provisioningBaseUrl(c.env, req.url), now: req.now };

  switch (resolution.kind) {
    case "invalid":
      return answer(c, notFound(), { outcome: "invalid_path" });
    case "none":
      return answer(c, notFound(), { outcome: "not_found" });
    case "other-file":
      return answer(c, notFound(), { outcome: "not_found" });
    case "generic":
      // Never rate limited, and answered from the catalog snapshot: no D1 call.
      return answer(
        c,
        fileResponse({ request: c.req.raw, file: genericFile(resolution.catalog, resolution.model, ctx), contentType: CONTENT_TYPES[resolution.model.format], cacheControl: "public, max-age=300" }),
        { outcome: "generic", model: resolution.model.iden },
      );
    case "blocked":
      if (resolution.terminal) recordTerminalFetch(c, resolution.terminal, req, path, "rate_limited");
      return answer(c, tooManyRequests(resolution.seconds), terminalNote("rate_limited", resolution.terminal, resolution.macs));
    case "miss":
      return miss(c, req, client, path, resolution);
    case "terminal":
      return serveTerminal(c, req, client, path, resolution.terminal, ctx);
    case "directory":
      return serveDirectory(c, req, client, path, resolution.terminal);
  }
});

/** MAC-looking runs that are no terminal: note the device, count the miss against the client. */
async function miss(c: Context<PhoneEnv>, req: PhoneRequest, client: string, path: string, { macs, models }: Extract<Resolution, { kind: "miss" }>) {
  if (macs.length === 1) recordSighting(c, models, req, path, macs[0]!);
  const limited = await countMiss(c, client, req.now);
  return answer(c, limited ?? notFound(), { outcome: limited ? "rate_limited" : "unknown_mac", mac: onlyMac(macs) });
}

async function serveTerminal(c: Context<PhoneEnv>, req: PhoneRequest, client: string, path: string, terminal: TerminalWithAll, ctx: ProvisioningContext) {
  const admission = await admit(c, terminal, req, client);
  const outcome = admission.ok ? "served" : admission.reason;
  recordTerminalFetch(c, terminal, req, path, outcome);
  if (!admission.ok) return answer(c, admission.response, terminalNote(outcome, terminal));
  const file = renderedFile(renderSpecific(terminal, ctx));
  const response = fileResponse({ request: c.req.raw, file, contentType: CONTENT_TYPES[terminal.model.format], cacheControl: "no-store" });
  return answer(c, response, terminalNote(outcome, terminal));
}

/**
 * The company phonebook: the same policy as the MAC file and the same 404 on refusal, so no phone reads
 * another company's contacts; then one more statement, for the contacts. It never uses up a locking
 * company's first fetch: that belongs to the MAC file.
 */
async function serveDirectory(c: Context<PhoneEnv>, req: PhoneRequest, client: string, path: string, terminal: TerminalWithAll) {
  const admission = await admit(c, terminal, req, client, { claimsFirstFetch: false });
  if (!admission.ok) {
    recordTerminalFetch(c, terminal, req, path, admission.reason);
    return answer(c, admission.response, terminalNote(admission.reason, terminal));
  }
  const { body, format } = renderDirectory(terminal, await phonebook(c.var.db.reads, terminal.companyId));
  const response = fileResponse({ request: c.req.raw, file: renderedFile(body), contentType: CONTENT_TYPES[format], cacheControl: "no-store" });
  return answer(c, response, terminalNote("served", terminal));
}

function answer(c: Context<PhoneEnv>, response: Response, note: { outcome: ProvisionOutcome; model?: string; mac?: string }): Response {
  noteProvision(c, note);
  return response;
}

function terminalNote(outcome: Refusal | "served", terminal: TerminalWithAll | undefined, macs: string[] = []) {
  return { outcome, model: terminal?.model.iden, mac: terminal?.mac ?? onlyMac(macs) };
}

function phoneRequest(c: Context<PhoneEnv>): PhoneRequest {
  const cf = c.req.raw.cf as { tlsClientAuth?: PhoneRequest["tlsClientAuth"] } | undefined;
  return {
    url: new URL(c.req.url),
    method: c.req.method,
    ip: c.req.header("cf-connecting-ip") ?? null,
    userAgent: c.req.header("user-agent") ?? null,
    authorization: c.req.header("authorization") ?? null,
    tlsClientAuth: cf?.tlsClientAuth ?? null,
    now: new Date(),
  };
}

/** The MAC of the path when there is exactly one candidate (for the log line). */
function onlyMac(macs: string[]): string | undefined {
  return macs.length === 1 ? macs[0] : undefined;
}

/** Who the miss limit counts: the client's address. */
function clientKey(req: PhoneRequest): string {
  return req.ip ?? "unknown";
}
