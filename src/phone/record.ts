// What a phone request leaves behind, written after the response (waitUntil): the terminal's
// provisioning record and event, or the sighting of an unknown device. Each is throttled, so a phone
// polling every minute does not write every minute. A served fetch that changed something (the first
// one, the one that locked the terminal, one from a new IP or User-Agent) is always an event: it is the
// one an operator looks for when the next fetch is refused.
import type { Context } from "hono";
import { recordEventStatements, recordUnknownDevice } from "../db/phone-log";
import { changesFetchRecord, recordFetchStatement, shouldRecordFetch, type ModelWithManufacturer, type TerminalWithAll } from "../db/queries";
import { matchPattern } from "../core/paths";
import { clipUserAgent, type PhoneRequest, type Refusal } from "../core/policy/enforce";
import type { PhoneEnv } from "./env";
import { clientKey } from "./rate-limit";

/**
 * The terminal's event for this request and, when it was served, its provisioning record. `claimed`:
 * this request locked the terminal.
 */
export function recordTerminalFetch(
  c: Context<PhoneEnv>,
  terminal: TerminalWithAll,
  req: PhoneRequest,
  file: string,
  outcome: Refusal | "served",
  claimed = false,
): void {
  const fetch = { at: req.now, ip: req.ip, userAgent: req.userAgent };
  const always = outcome === "served" && (claimed || changesFetchRecord(terminal, fetch));
  // A phone polling its file again within the minute, from the same place, costs no D1 call at all.
  if (outcome === "served" && !always && !shouldRecordFetch(terminal, fetch)) return;
  const db = c.var.db.writes;
  const event = { terminalId: terminal.id, file, outcome, always, at: req.now, ip: req.ip, userAgent: clipUserAgent(req.userAgent) };
  const statements = recordEventStatements(db, event);
  if (outcome === "served") statements.push(recordFetchStatement(db, terminal.id, fetch));
  c.executionCtx.waitUntil(db.$client.batch(statements));
}

/**
 * A request for an unknown MAC, kept in the inbox when its path and User-Agent look like a catalog
 * model (so scanners do not fill the list).
 */
export function recordSighting(c: Context<PhoneEnv>, models: readonly ModelWithManufacturer[], req: PhoneRequest, path: string, mac: string): void {
  const userAgent = clipUserAgent(req.userAgent);
  if (!userAgent) return;
  const model = models.find((m) => m.userAgent && new RegExp(m.userAgent, "i").test(userAgent) && matchPattern(m.specificPattern, path) === mac);
  if (!model) return;
  const sighting = { mac, modelId: model.id, path, ip: req.ip, client: clientKey(req.ip), userAgent, at: req.now };
  c.executionCtx.waitUntil(recordUnknownDevice(c.var.db.writes, sighting));
}
