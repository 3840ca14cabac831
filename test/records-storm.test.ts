// A reboot storm's load on the database's single primary, counted, not timed: 1,000 phones each fetch
// their MAC file once, from an address not seen before (a power cut, a firmware push), so every fetch
// changes its terminal's provisioning record and adds an event. What reaches the primary is every D1
// statement sent outside the read session (src/phone/db.ts reads through one that a replica may answer):
// the requests' own writes, and the RECORDS consumer's batches, delivered as wrangler.toml's
// max_batch_size allows. This is where docs/scale.md's "D1 statements on the primary per 1,000 boots"
// comes from; `npm run bench` counts the same thing under load from the consumer's log lines.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { MAX_ROWS_PER_STATEMENT } from "../src/db/phone-log";
import type { RecordMessage } from "../src/phone/records-queue";
import { api } from "./api";
import { envWith, spyD1, type D1Call } from "./d1-spy";
import { createCompany } from "./fixtures";
import { capturingQueue, deliver, phoneFetch } from "./records-helpers";

const BOOTS = 1000;
/** The consumer's batch size in wrangler.toml (vitest.config.ts reads it). */
const BATCH = env.TEST_RECORDS_BATCH_SIZE;
/** wrangler.toml's RECORDS_WINDOW_MS (the tests otherwise run with a shorter one: vitest.config.ts). */
const DEPLOYED_WINDOW_MS = env.TEST_RECORDS_WINDOW_MS;

/** Statements that reach the primary: every one not sent through a read session. */
const onPrimary = (calls: D1Call[]) => calls.filter((c) => !c.via.startsWith("session:")).reduce((n, c) => n + c.sql.length, 0);

/** `count` terminals of one company, imported in one call; their MACs. */
async function fleet(prefix: string, count: number): Promise<string[]> {
  const company = await createCompany();
  const macs = Array.from({ length: count }, (_, i) => `${prefix}${i.toString(16).padStart(12 - prefix.length, "0")}`);
  const rows = macs.map((mac, i) => ({ companyId: company.id, model: "yealink-t46g", mac, name: `Desk ${i}`, lines: [{ position: 1, username: `${1000 + i}`, password: `pw-${mac}-Secret1` }] }));
  expect((await api("POST", "/terminals/import", rows)).status).toBe(201);
  return macs;
}

/**
 * Every phone of `macs` boots once, each from its own address, `together` at a time (a storm: their
 * requests overlap), with the records window deployed (wrangler.toml); the statements sent to the primary.
 */
async function boot(macs: string[], records: Queue | undefined, together = 1) {
  const spy = spyD1(env.DB);
  const phoneEnv = { ...envWith(env, spy.db), RECORDS_WINDOW_MS: DEPLOYED_WINDOW_MS };
  for (let at = 0; at < macs.length; at += together) {
    const group = macs.slice(at, at + together).map((mac, j) => {
      const i = at + j;
      return phoneFetch(mac, records, `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`, phoneEnv);
    });
    for (const served of await Promise.all(group)) expect(served.status).toBe(200);
  }
  return onPrimary(spy.calls);
}

describe("a reboot storm on the primary", () => {
  it(`${BOOTS} boots through the RECORDS queue: no write on the requests' path, a message per window, a statement per ${MAX_ROWS_PER_STATEMENT} rows`, { timeout: 120_000 }, async () => {
    expect(BATCH).toBeGreaterThan(0);
    expect(Number(DEPLOYED_WINDOW_MS)).toBeGreaterThan(0);
    const macs = await fleet("00156e", BOOTS);
    const { sent, queue } = capturingQueue();
    const onRequests = await boot(macs, queue, 100);
    expect(onRequests).toBe(0);
    // Every boot's fetch and event, gathered: a hundred phones booting together are one or two messages,
    // none over what Queues takes.
    expect(sent.flatMap((m) => m.fetches ?? [])).toHaveLength(BOOTS);
    expect(sent.flatMap((m) => m.events ?? [])).toHaveLength(BOOTS);
    expect(sent.length).toBeLessThanOrEqual(BOOTS / 50);
    for (const message of sent) expect(new TextEncoder().encode(JSON.stringify(message)).length).toBeLessThanOrEqual(128 * 1024);

    const spy = spyD1(env.DB);
    for (let i = 0; i < sent.length; i += BATCH) await deliver(sent.slice(i, i + BATCH) as RecordMessage[], envWith(env, spy.db));
    const perThousand = ((onRequests + onPrimary(spy.calls)) * 1000) / BOOTS;
    console.log(JSON.stringify({ event: "storm_statements", path: "queue", boots: BOOTS, messages: sent.length, batchSize: BATCH, perThousandBoots: perThousand }));
    // A fetch and an event per boot, MAX_ROWS_PER_STATEMENT rows a statement, per delivered batch.
    const batches = Math.ceil(sent.length / BATCH);
    expect(perThousand).toBeLessThanOrEqual((batches + Math.ceil((2 * BOOTS) / MAX_ROWS_PER_STATEMENT)) * (1000 / BOOTS));
    expect(perThousand).toBeLessThanOrEqual(20);

    // What the API shows: every phone's record and its one served event.
    for (const mac of [macs[0]!, macs[BOOTS / 2]!, macs[BOOTS - 1]!]) {
      const t = (await api("GET", `/terminals/${mac}`)).json;
      expect(t.provisionedAt).not.toBeNull();
      expect((await api("GET", `/terminals/${mac}/events`)).json.items.map((e: { outcome: string }) => e.outcome)).toEqual(["served"]);
    }
    const unwritten = await env.DB.prepare("select count(*) as n from terminals where mac like '00156e%' and provisioned_at is null").first<{ n: number }>();
    expect(unwritten?.n).toBe(0);
  });

  it("the same boots written directly (no queue, Workers Free): one statement each", { timeout: 60_000 }, async () => {
    const macs = await fleet("00156f", 100);
    const perBoot = (await boot(macs, undefined)) / macs.length;
    console.log(JSON.stringify({ event: "storm_statements", path: "direct", boots: macs.length, perThousandBoots: perBoot * 1000 }));
    expect(perBoot).toBe(1);
  });

  // Each recorded event looks for its twin and trims its terminal to the newest 50 (drizzle/0009_phone_records.sql),
  // and the API lists them newest first: over the (terminal, at, id) index, none of them sorts a terminal's events.
  it("a terminal's events are found in time order by index, never sorted per insert", async () => {
    const queries = [
      "SELECT id FROM provisioning_events WHERE terminal_id = 1 ORDER BY at DESC, id DESC LIMIT -1 OFFSET 50",
      "SELECT 1 FROM provisioning_events WHERE terminal_id = 1 AND outcome = 'served' AND ip IS '192.0.2.1' AND at > 0 AND at < 60000",
      "SELECT * FROM provisioning_events WHERE terminal_id = 1 ORDER BY at DESC, id DESC LIMIT 50",
    ];
    for (const query of queries) {
      const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${query}`).all<{ detail: string }>();
      const plan = results.map((row) => row.detail).join("; ");
      expect(plan).toContain("provisioning_events_terminal_at_idx");
      expect(plan).not.toContain("TEMP B-TREE");
    }
  });
});
