// The phone path: GET|HEAD /provision/<path>, as three steps.
//   resolve (what the path names: src/phone/resolve.ts)
//   -> admit (may this client have it: src/phone/admit.ts, only for a terminal's MAC file or phonebook)
//   -> serve (the file, with its ETag; what the request leaves behind is recorded after the response).
// Every miss and refusal is the same 404 (src/phone/respond.ts), except the auth challenge and 429.
import { Hono, type Context } from "hono";
import { CONTENT_TYPES, renderDirectory, renderSpecific } from "../core/render";
import { phonebook } from "../db/contacts";
import { provisioningBaseUrl, requiresHttps } from "../core/base-url";
import { allowsPlainHttp, type PhoneRequest, type Refusal } from "../core/policy/enforce";
import { urlParts } from "../core/request-url";
import type { ProvisioningContext } from "../core/view";
import type { TerminalWithAll } from "../db/queries";
import { admit, claim, type Refused } from "./admit";
import { phoneDb } from "./db";
import type { PhoneEnv } from "./env";
import { genericFile } from "./generic-files";
import { noteProvision, type ProvisionNote } from "./provision-log";
import { clientKey, countMiss, tooManyRequests } from "./rate-limit";
import { recordSighting, recordTerminalFetch } from "./record";
import { resolve, type PhonePathRequest, type Resolution } from "./resolve";
import { fileResponse, headWithoutFile, notFound, renderedFile, renderedUnlessTooLarge, type RenderedFile } from "./respond";

export const provisioning = new Hono<PhoneEnv>();

provisioning.on(["GET", "HEAD"], "/*", async (c) => {
  c.set("db", phoneDb(c.env.DB));
  const req = phoneRequest(c);
  let key: string | undefined;
  const client = () => (key ??= clientKey(req.ip));
  const { path, resolution } = await resolve(c, req, client);
  const ctx: ProvisioningContext = { baseUrl: provisioningBaseUrl(c.env, req.parts), now: req.now };

  switch (resolution.kind) {
    case "invalid":
      return answer(c, notFound(), { outcome: "invalid_path" });
    case "none":
      return answer(c, notFound(), { outcome: "not_found" });
    case "other-file":
      return answer(c, notFound(), { outcome: "not_found" });
    case "generic": {
      // Never rate limited, and answered from the catalog snapshot: no D1 call.
      const file = genericFile(resolution.catalog, resolution.model, ctx);
      if (!file) return answer(c, notFound(), { outcome: "file_too_large", model: resolution.model.iden });
      return answer(
        c,
        fileResponse({ request: c.req.raw, file, contentType: CONTENT_TYPES[resolution.model.format], cacheControl: "public, max-age=300" }),
        { outcome: "generic", model: resolution.model.iden, quiet: true },
      );
    }
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

/** MACs a file pattern names, one at least no terminal's: note the device, count the miss. */
async function miss(c: Context<PhoneEnv>, req: PhonePathRequest, client: () => string, path: string, { macs, models }: Extract<Resolution, { kind: "miss" }>) {
  if (macs.length === 1) recordSighting(c, models, req, path, macs[0]!);
  const limited = countsAsMiss(c, req) ? await countMiss(c, client(), req.now) : null;
  return answer(c, limited ?? notFound(), { outcome: limited ? "rate_limited" : "unknown_mac", mac: onlyMac(macs) });
}

async function serveTerminal(c: Context<PhoneEnv>, req: PhonePathRequest, client: () => string, path: string, terminal: TerminalWithAll, ctx: ProvisioningContext) {
  const admission = await admit(c, terminal, req);
  if (!admission.ok) return refuse(c, req, client, path, terminal, admission);
  const contentType = CONTENT_TYPES[terminal.model.format];
  // Logged, not recorded as a fetch: a HEAD gets no file, and on a locking company it does not use the
  // first fetch up, so anyone who knows the MAC may send as many as they like.
  if (req.method === "HEAD" && terminal.company.policy.lockAfterFirstFetch) {
    return answer(c, headWithoutFile(contentType), terminalNote("served_head", terminal));
  }
  const file = macFile(terminal, ctx);
  if (!file) {
    // Not a miss: this client may have the file. The event tells the operator; the preview says more.
    recordTerminalFetch(c, terminal, req, path, "file_too_large");
    return answer(c, notFound(), terminalNote("file_too_large", terminal));
  }
  const response = fileResponse({ request: c.req.raw, file, contentType, cacheControl: "no-store" });
  if (req.method === "HEAD") return answer(c, response, terminalNote("served_head", terminal));
  const claimed = await claim(c, terminal, req);
  if (!claimed.ok) return refuse(c, req, client, path, terminal, claimed);
  // A poll within the minute from the same place is not recorded, and writes no log line either: nothing
  // in it to read (docs/deploy.md, "The phone log line"); the platform's invocation logs still count it.
  const recorded = recordTerminalFetch(c, terminal, req, path, "served", claimed.claimed);
  return answer(c, response, { ...terminalNote("served", terminal), quiet: !recorded });
}

async function refuse(c: Context<PhoneEnv>, req: PhonePathRequest, client: () => string, path: string, terminal: TerminalWithAll, refused: Refused) {
  const limited = countsAsMiss(c, req, refused.reason, terminal) ? await countMiss(c, client(), req.now) : null;
  recordTerminalFetch(c, terminal, req, path, refused.reason);
  // The log line says what the client got: the 429 once this refusal took it over the limit.
  return answer(c, limited ?? refused.response, terminalNote(limited ? "rate_limited" : refused.reason, terminal));
}

/** The terminal's MAC file, or null when it renders over the size limit (src/core/render.ts). */
function macFile(terminal: TerminalWithAll, ctx: ProvisioningContext): RenderedFile | null {
  return renderedUnlessTooLarge(() => renderSpecific(terminal, ctx));
}

/**
 * The company phonebook: the same policy as the MAC file, the same 404 on refusal and the same count
 * against the miss limit, so a refused phonebook cannot be told from an unknown MAC. Then one more statement,
 * for the contacts. It holds no credentials, so the lock does not apply: it never uses up a locking company's
 * first fetch (that belongs to the MAC file), and a locked terminal's phone still gets it. A served phonebook
 * is not a fetch of the MAC file: it is logged, not recorded in the terminal's events.
 */
async function serveDirectory(c: Context<PhoneEnv>, req: PhonePathRequest, client: () => string, path: string, terminal: TerminalWithAll) {
  const admission = await admit(c, terminal, req, { phonebook: true });
  if (!admission.ok) return refuse(c, req, client, path, terminal, admission);
  const { body, format } = renderDirectory(terminal, await phonebook(c.var.db.reads, terminal.companyId));
  const response = fileResponse({ request: c.req.raw, file: renderedFile(body), contentType: CONTENT_TYPES[format], cacheControl: "no-store" });
  return answer(c, response, terminalNote(req.method === "HEAD" ? "served_head" : "directory", terminal));
}

/**
 * Whether a MAC-file (or phonebook) request that got no file counts against the client's miss limit. Every refusal
 * does, like an unknown MAC: were a refused MAC not counted, a client at the limit would see 404 for
 * it and 429 for an unknown one, and could tell them apart. Not counted:
 * - the auth challenge (401 without credentials, or with a stale nonce): it already says the MAC is
 *   configured (SECURITY.md), and it is every Digest phone's first request;
 * - plain HTTP while HTTPS is required, unless the terminal's company lets its family fetch there
 *   (allowHttpFor): everywhere else no MAC file is served over plain HTTP, so every answer is the same
 *   404 whether the MAC exists or not, and phones try plain HTTP on their way to HTTPS (Grandstream asks
 *   cfg<mac>.xml there first). Where a file can be served over plain HTTP, its refusals count as over
 *   HTTPS: a wrong Digest answer there must not be free.
 */
function countsAsMiss(c: Context<PhoneEnv>, req: PhonePathRequest, refusal?: Refusal, terminal?: TerminalWithAll): boolean {
  if (refusal === "auth_missing" || refusal === "auth_stale") return false;
  if (!requiresHttps(c.env) || req.parts.protocol === "https:") return true;
  return terminal !== undefined && allowsPlainHttp(terminal.company.policy, terminal.model.templateSet);
}

function answer(c: Context<PhoneEnv>, response: Response, note: ProvisionNote): Response {
  noteProvision(c, note);
  return response;
}

function terminalNote(outcome: Refusal | "served" | "served_head" | "directory" | "file_too_large", terminal: TerminalWithAll | undefined, macs: string[] = []) {
  return { outcome, model: terminal?.model.iden, mac: terminal?.mac ?? onlyMac(macs) };
}

function phoneRequest(c: Context<PhoneEnv>): PhonePathRequest {
  const raw = c.req.raw;
  let url: URL | undefined;
  // Headers are read when first asked (a generic file needs none; each read is a call into the runtime), once.
  const read = new Map<string, string | null>();
  const header = (name: string) => {
    let value = read.get(name);
    if (value === undefined) read.set(name, (value = raw.headers.get(name)));
    return value;
  };
  return {
    parts: urlParts(raw.url),
    get url() {
      return (url ??= new URL(raw.url));
    },
    method: raw.method,
    get ip() {
      return header("cf-connecting-ip");
    },
    get userAgent() {
      return header("user-agent");
    },
    get authorization() {
      return header("authorization");
    },
    get tlsClientAuth() {
      return (raw.cf as { tlsClientAuth?: PhoneRequest["tlsClientAuth"] } | undefined)?.tlsClientAuth ?? null;
    },
    now: new Date(),
  };
}

/** The MAC of the path when there is exactly one candidate (for the log line). */
function onlyMac(macs: string[]): string | undefined {
  return macs.length === 1 ? macs[0] : undefined;
}
