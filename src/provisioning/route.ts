// The phone path: GET|HEAD /provision/<path> (SPEC 3 and 5).
import { Hono, type Context } from "hono";
import { currentCatalog, terminalsWithModels } from "../db/catalog";
import { createDb } from "../db/client";
import { claimFirstFetch, recordEventStatements, recordUnknownDevice } from "../db/phone-log";
import {
  changesFetchRecord,
  lookupMacs,
  lookupMacsAlongside,
  recordFetchStatement,
  shouldRecordFetch,
  type ModelWithManufacturer,
  type TerminalWithAll,
} from "../db/queries";
import type { AppEnv } from "../env";
import { noteProvision } from "../ops/provision-log";
import { enforce, type PhoneRequest, type Refusal } from "../policy/enforce";
import { block, blockedFor, countMiss, tooManyRequests, WINDOW_SECONDS } from "../policy/rate-limit";
import { genericFile } from "./generic";
import { macCandidates } from "./mac";
import { matchPattern, provisionPath } from "./paths";
import { CONTENT_TYPES, effectiveTemplate, renderTemplate, withFamilyView } from "./render";
import { fileResponse, notFound, renderedFile, unauthorized } from "./respond";
import { specificView, type ProvisioningContext } from "./view";

export const PROVISION_PREFIX = "/provision/";

export const provisioning = new Hono<AppEnv>();

provisioning.on(["GET", "HEAD"], "/*", async (c) => {
  const url = new URL(c.req.url);
  const path = provisionPath(url.pathname.slice(PROVISION_PREFIX.length));
  if (path === null) {
    noteProvision(c, { outcome: "invalid_path" });
    return notFound();
  }

  const req = phoneRequest(c, url);
  const now = req.now.getTime();
  const macs = macCandidates(path);
  // A cold isolate reads the catalog and looks the MACs up in the same round trip.
  const { catalog, alongside } = await currentCatalog(
    c.env.DB,
    { now, waitUntil: (p) => c.executionCtx.waitUntil(p) },
    macs.length > 0 ? lookupMacsAlongside(macs, clientKey(req)) : undefined,
  );
  const ctx: ProvisioningContext = { baseUrl: provisioningBaseUrl(c.env, url), now: req.now };

  // A generic name wins even when it looks like a MAC (y000000000028.cfg). Never rate limited, and
  // answered from the catalog snapshot: no D1 call.
  const generic = catalog.genericModel(path);
  if (generic) {
    noteProvision(c, { outcome: "generic", model: generic.iden });
    return fileResponse({
      request: c.req.raw,
      file: genericFile(catalog, generic, ctx),
      contentType: CONTENT_TYPES[generic.format],
      cacheControl: "public, max-age=300",
    });
  }
  if (macs.length === 0) {
    noteProvision(c, { outcome: "not_found" });
    return notFound();
  }

  // The one D1 call of a MAC file: the terminals of its MAC-looking runs, and the client's block. The
  // phone path tolerates a replica that lags: it reads through an unconstrained session.
  const found = alongside ?? (await lookupMacs(c.env.DB.withSession("first-unconstrained"), macs, clientKey(req)));
  const terminals = await terminalsWithModels(c.env.DB, catalog, found.terminals, now);
  const terminal = terminals.find((t) => matchPattern(t.model.specificPattern, path) === t.mac);
  const log = (outcome: Refusal | "served", claimed = false) => {
    noteProvision(c, { outcome, model: terminal?.model.iden, mac: terminal?.mac ?? onlyMac(macs) });
    if (terminal) logEvent(c, terminal, req, path, outcome, claimed);
  };

  const blockedSeconds = blockedFor(found.blockedUntil, req.now);
  if (blockedSeconds > 0) {
    log("rate_limited");
    return tooManyRequests(blockedSeconds);
  }
  // A known phone asking for another of its files (<mac>.boot, <mac>-local.cfg) is no enumeration:
  // only MACs that are no terminal at all count as misses.
  if (!terminal) return terminals.length > 0 ? notFound() : miss(c, req, path, macs, catalog.models);

  const decision = await enforce(terminal, req, {
    requireHttps: requiresHttps(c.env),
    // Nonces are public: a key derived from ADMIN_TOKEN would let anyone test token guesses offline.
    digestKey: c.env.DIGEST_SIGNING_KEY || undefined,
  });
  if (!decision.ok) {
    log(decision.reason);
    // A wrong answer to the auth challenge counts like a miss, so the company's password cannot be
    // guessed at Worker speed by someone who knows one MAC.
    if (decision.reason === "auth_failed" && (await countMiss(c.env.MISS_LIMITER, clientKey(req)))) {
      c.executionCtx.waitUntil(block(createDb(c.env.DB), clientKey(req), req.now));
      return tooManyRequests(WINDOW_SECONDS);
    }
    return decision.challenge ? unauthorized(decision.challenge) : notFound();
  }
  // The one write before a response, and only on a locking company's first fetch: the claim is
  // what makes the lock hold when two requests race.
  // HEAD carries no credentials, so only a GET uses up the first fetch (phones may HEAD before they GET).
  const claims = terminal.company.policy.lockAfterFirstFetch && c.req.method === "GET";
  if (claims && !(await claimFirstFetch(createDb(c.env.DB), terminal.id))) {
    log("locked");
    return notFound();
  }
  log("served", claims);
  return fileResponse({
    request: c.req.raw,
    file: renderedFile(renderSpecific(terminal, ctx)),
    contentType: CONTENT_TYPES[terminal.model.format],
    cacheControl: "no-store",
  });
});

/** A MAC-looking request that no terminal answers: count it against the IP, note the device. */
async function miss(c: Context<AppEnv>, req: PhoneRequest, path: string, macs: string[], models: readonly ModelWithManufacturer[]): Promise<Response> {
  const key = clientKey(req);
  noteProvision(c, { outcome: "unknown_mac", mac: onlyMac(macs) });
  if (macs.length === 1) {
    c.executionCtx.waitUntil(
      recordUnknownDevice(createDb(c.env.DB), models, { path, mac: macs[0]!, ip: req.ip, userAgent: req.userAgent, at: req.now }),
    );
  }
  if (await countMiss(c.env.MISS_LIMITER, key)) {
    noteProvision(c, { outcome: "rate_limited", mac: onlyMac(macs) });
    c.executionCtx.waitUntil(block(createDb(c.env.DB), key, req.now));
    return tooManyRequests(WINDOW_SECONDS);
  }
  return notFound();
}

/**
 * After the response: the provisioning record and the event, in one batch, each throttled so that a
 * phone polling every minute does not write every minute. A served fetch that changed something (the
 * first one, the one that locked the terminal, one from a new IP or User-Agent) is always an event:
 * it is the one an operator looks for when the next fetch is refused.
 */
function logEvent(c: Context<AppEnv>, terminal: TerminalWithAll, req: PhoneRequest, file: string, outcome: Refusal | "served", claimed: boolean) {
  const fetch = { at: req.now, ip: req.ip, userAgent: req.userAgent };
  const always = outcome === "served" && (claimed || changesFetchRecord(terminal, fetch));
  // A phone polling its file again within the minute, from the same place, costs no D1 call at all.
  if (outcome === "served" && !always && !shouldRecordFetch(terminal, fetch)) return;
  const db = createDb(c.env.DB);
  const statements = recordEventStatements(db, { terminalId: terminal.id, file, outcome, always, ...fetch });
  if (outcome === "served") statements.push(recordFetchStatement(db, terminal.id, fetch));
  c.executionCtx.waitUntil(db.$client.batch(statements));
}

function phoneRequest(c: Context<AppEnv>, url: URL): PhoneRequest {
  const cf = c.req.raw.cf as { tlsClientAuth?: PhoneRequest["tlsClientAuth"] } | undefined;
  return {
    url,
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

function clientKey(req: PhoneRequest): string {
  return req.ip ?? "unknown";
}

/** The MAC file of a terminal, exactly as its phone gets it. */
export function renderSpecific(terminal: TerminalWithAll, ctx: ProvisioningContext): string {
  const view = withFamilyView(terminal.model, "specific", specificView(terminal, ctx));
  return renderTemplate(effectiveTemplate(terminal.model, "specific").source, view, terminal.model.format);
}

export function requiresHttps(env: AppEnv["Bindings"]): boolean {
  return env.REQUIRE_HTTPS !== "false";
}

/**
 * Where the phone goes next: PUBLIC_BASE_URL when set, else this host. HTTPS whenever MAC files
 * require it, so a generic file fetched over plain HTTP still moves the phone to HTTPS.
 */
export function provisioningBaseUrl(env: AppEnv["Bindings"], url: URL): string {
  if (env.PUBLIC_BASE_URL) return env.PUBLIC_BASE_URL.replace(/\/+$/, "");
  const protocol = requiresHttps(env) ? "https:" : url.protocol;
  return `${protocol}//${url.host}/provision`;
}
