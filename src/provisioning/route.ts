// The phone path: GET|HEAD /provision/<path> (SPEC 3).
import { Hono } from "hono";
import { createDb } from "../db/client";
import { lookupPath, recordFetch, shouldRecordFetch, type TerminalWithAll } from "../db/queries";
import type { AppEnv } from "../env";
import { macCandidates } from "./mac";
import { matchPattern, provisionPath } from "./paths";
import { CONTENT_TYPES, effectiveTemplate, renderTemplate, withFamilyView } from "./render";
import { fileResponse, notFound } from "./respond";
import { genericView, specificView, type ProvisioningContext } from "./view";

export const PROVISION_PREFIX = "/provision/";

export const provisioning = new Hono<AppEnv>();

provisioning.on(["GET", "HEAD"], "/*", async (c) => {
  const url = new URL(c.req.url);
  const path = provisionPath(url.pathname.slice(PROVISION_PREFIX.length));
  if (path === null) return notFound();

  // The phone path tolerates a replica that lags: it reads through an unconstrained session.
  const db = createDb(c.env.DB.withSession("first-unconstrained"));
  const found = await lookupPath(db, path, macCandidates(path));
  const ctx: ProvisioningContext = { baseUrl: provisioningBaseUrl(c.env, url), now: new Date() };

  // A generic name wins even when it looks like a MAC (y000000000028.cfg).
  if (found.generic) {
    const model = found.generic;
    const view = withFamilyView(model, "generic", genericView(model, ctx));
    return fileResponse({
      request: c.req.raw,
      body: renderTemplate(effectiveTemplate(model, "generic").source, view, model.format),
      contentType: CONTENT_TYPES[model.format],
      cacheControl: "public, max-age=300",
    });
  }

  const terminal = found.terminals.find((t) => matchPattern(t.model.specificPattern, path) === t.mac);
  if (!terminal || !mayFetch(terminal, url, c.env)) return notFound();

  const fetch = { at: ctx.now, ip: c.req.header("cf-connecting-ip") ?? null, userAgent: c.req.header("user-agent") ?? null };
  if (shouldRecordFetch(terminal, fetch)) c.executionCtx.waitUntil(recordFetch(createDb(c.env.DB), terminal.id, fetch));

  return fileResponse({
    request: c.req.raw,
    body: renderSpecific(terminal, ctx),
    contentType: CONTENT_TYPES[terminal.model.format],
    cacheControl: "no-store",
  });
});

/** The MAC file of a terminal, exactly as its phone gets it. */
export function renderSpecific(terminal: TerminalWithAll, ctx: ProvisioningContext): string {
  const view = withFamilyView(terminal.model, "specific", specificView(terminal, ctx));
  return renderTemplate(effectiveTemplate(terminal.model, "specific").source, view, terminal.model.format);
}

function mayFetch(terminal: TerminalWithAll, url: URL, env: AppEnv["Bindings"]): boolean {
  if (!terminal.enabled) return false;
  if (requiresHttps(env) && url.protocol !== "https:") return false;
  return true;
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
