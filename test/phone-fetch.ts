// A phone's request straight into the Worker, waiting for its waitUntil work (events, lock, blocks).
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { macWithColons } from "../src/core/mac";
import worker from "./worker";

export const PHONE_BASE = "https://provision.example.com/provision/";

/** What a Yealink T46G sends, with its MAC (templates/yealink/user-agents.ts). */
export const YEALINK_UA = (mac: string) => `Yealink SIP-T46G 28.83.0.50 ${macWithColons(mac)}`;

export interface PhoneInit {
  /** The client address (CF-Connecting-IP); a fixed documentation address when not given. */
  ip?: string;
  ua?: string;
  method?: string;
  authorization?: string;
  ifNoneMatch?: string;
  tlsClientAuth?: Record<string, string>;
}

export async function fetchFile(path: string, init: PhoneInit = {}, base = PHONE_BASE) {
  const headers: Record<string, string> = { "cf-connecting-ip": init.ip ?? "198.51.100.7" };
  if (init.ua !== undefined) headers["user-agent"] = init.ua;
  if (init.authorization) headers.authorization = init.authorization;
  if (init.ifNoneMatch) headers["if-none-match"] = init.ifNoneMatch;
  const request = new Request(base + path, {
    method: init.method ?? "GET",
    headers,
    cf: init.tlsClientAuth ? { tlsClientAuth: init.tlsClientAuth } : undefined,
  } as RequestInit);
  const ctx = createExecutionContext();
  const response = await worker.fetch(request, env, ctx);
  const body = await response.text();
  await waitOnExecutionContext(ctx);
  return { status: response.status, headers: response.headers, body };
}
