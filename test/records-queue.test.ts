// The phone path with the RECORDS queue (src/phone/records-queue.ts): what a request leaves behind goes
// to the queue, the phone Worker's queue() consumer writes it, and the admin API shows the same records
// and events as when they are written directly. Queues deliver at least once and in no set order, so a
// batch delivered twice changes nothing, and an older fetch delivered after a newer one does not win.
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { EVENTS_PER_TERMINAL, UNKNOWN_DEVICES_MAX } from "../src/db/phone-log";
import { MAX_MESSAGE_BYTES, type RecordMessage } from "../src/phone/records-queue";
import { api } from "./api";
import { envWith, spyD1 } from "./d1-spy";
import { createCompany, createTerminal, uniqueMac } from "./fixtures";
import { YEALINK_UA } from "./phone-fetch";
import { capturingQueue, deliver, phoneFetch } from "./records-helpers";

const terminal = async (mac: string) => (await api("GET", `/terminals/${mac}`)).json;
/** `count` Yealink terminals of a new company: their MACs. */
async function yealinks(count: number): Promise<string[]> {
  const company = await createCompany();
  const macs = Array.from({ length: count }, () => uniqueMac());
  for (const mac of macs) await createTerminal({ model: "yealink-t46g", mac, companyId: company.id });
  return macs;
}
const events = async (mac: string) => (await api("GET", `/terminals/${mac}/events`)).json.items as { at: string; ip: string; outcome: string }[];

afterEach(() => vi.restoreAllMocks());

describe("records through the RECORDS queue", () => {
  it("a served MAC file is recorded by the queue's consumer, not by the request: through the real queue", { timeout: 30_000 }, async () => {
    const mac = uniqueMac();
    await createTerminal({ model: "yealink-t46g", mac });
    const served = await phoneFetch(mac, env.RECORDS);
    expect(served.status).toBe(200);
    // wrangler.toml's consumer (max_batch_timeout 5 s) delivers the batch to this Worker's queue().
    await vi.waitFor(async () => expect((await terminal(mac)).provisionedIp).toBe("198.51.100.70"), { timeout: 20_000, interval: 250 });
    expect((await terminal(mac)).provisionedUserAgent).toBe(YEALINK_UA(mac));
    expect((await events(mac)).map((e) => e.outcome)).toEqual(["served"]);
  });

  it("writes nothing on the request's path, then shows what the direct path shows; a redelivered batch changes nothing", async () => {
    const company = await createCompany();
    const [queued, direct] = [uniqueMac(), uniqueMac()];
    await createTerminal({ model: "yealink-t46g", mac: queued, companyId: company.id });
    await createTerminal({ model: "yealink-t46g", mac: direct, companyId: company.id });
    const { sent, queue } = capturingQueue();

    const spy = spyD1(env.DB);
    expect((await phoneFetch(queued, queue, "198.51.100.71", envWith(env, spy.db))).status).toBe(200);
    expect(spy.calls.filter((c) => !c.readOnly)).toEqual([]);
    expect(sent).toHaveLength(1);
    expect((await terminal(queued)).provisionedAt).toBeNull();

    expect(await deliver(sent)).toMatchObject({ outcome: "ok", retryBatch: { retry: false } });
    // The same request without the queue, for comparison (what Workers Free writes in waitUntil).
    expect((await phoneFetch(direct, undefined, "198.51.100.71")).status).toBe(200);
    const [a, b] = [await terminal(queued), await terminal(direct)];
    expect(a.provisionedIp).toBe("198.51.100.71");
    expect(a.provisionedUserAgent).toBe(YEALINK_UA(queued));
    expect(Date.now() - Date.parse(a.provisionedAt)).toBeLessThan(60_000);
    expect((await events(queued)).map(({ ip, outcome }) => ({ ip, outcome }))).toEqual((await events(direct)).map(({ ip, outcome }) => ({ ip, outcome })));

    // At least once: the same batch again, and the same messages in a batch of their own.
    const before = { terminal: a, events: await events(queued) };
    await deliver(sent);
    await deliver([...sent, ...sent]);
    expect({ terminal: await terminal(queued), events: await events(queued) }).toEqual(before);
  });

  it("an older fetch delivered after a newer one does not win, in separate batches or in one", async () => {
    const [one, two] = [uniqueMac(), uniqueMac()];
    await createTerminal({ model: "yealink-t46g", mac: one });
    await createTerminal({ model: "yealink-t46g", mac: two });
    for (const [mac, batches] of [
      [one, (older: RecordMessage, newer: RecordMessage) => [[newer], [older]]],
      [two, (older: RecordMessage, newer: RecordMessage) => [[newer, older]]],
    ] as const) {
      const { sent, queue } = capturingQueue();
      await phoneFetch(mac, queue, "192.0.2.1");
      await new Promise((r) => setTimeout(r, 5));
      // The phone moved: another IP, so this fetch is recorded although it is within the minute.
      await phoneFetch(mac, queue, "192.0.2.2");
      expect(sent).toHaveLength(2);
      for (const batch of batches(sent[0]!, sent[1]!)) await deliver(batch);
      const t = await terminal(mac);
      expect(t.provisionedIp).toBe("192.0.2.2");
      expect(Date.parse(t.provisionedAt)).toBe(sent[1]!.fetches![0]!.at);
      // Both events kept (two places), newest first whatever the order they arrived in.
      expect((await events(mac)).map((e) => e.ip)).toEqual(["192.0.2.2", "192.0.2.1"]);
    }
  });

  it("phones served within one window share one message, sent when the window ends", async () => {
    const macs = await yealinks(20);
    const { sent, queue } = capturingQueue();
    const phoneEnv = { ...env, RECORDS_WINDOW_MS: "1000" };
    const served = await Promise.all(macs.map((mac, i) => phoneFetch(mac, queue, `192.0.2.${100 + i}`, phoneEnv)));
    expect(served.map((r) => r.status)).toEqual(macs.map(() => 200));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.fetches!.map((f) => f.ip).sort()).toEqual(macs.map((_, i) => `192.0.2.${100 + i}`).sort());
    expect(sent[0]!.events).toHaveLength(20);
    await deliver(sent);
    for (const mac of macs) expect((await events(mac)).map((e) => e.outcome)).toEqual(["served"]);
  });

  it("records that would take a message past what Queues takes go in the next message", async () => {
    const macs = await yealinks(12);
    const { sent, queue } = capturingQueue();
    // 10 KB User-Agents (the provisioning record keeps all of it): a few phones fill a message.
    const phoneEnv = { ...env, RECORDS_WINDOW_MS: "1000" };
    const served = await Promise.all(macs.map((mac) => phoneFetch(mac, queue, "192.0.2.50", phoneEnv, `${YEALINK_UA(mac)} ${"y".repeat(10_000)}`)));
    expect(served.every((r) => r.status === 200)).toBe(true);
    expect(sent.length).toBeGreaterThanOrEqual(3);
    for (const message of sent) expect(new TextEncoder().encode(JSON.stringify(message)).length).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    expect(sent.flatMap((m) => m.fetches ?? []).map((f) => f.terminalId).sort()).toHaveLength(12);
    await deliver(sent);
    for (const mac of macs) expect((await terminal(mac)).provisionedUserAgent).toHaveLength(YEALINK_UA(mac).length + 10_001);
  });

  it("a phone fetching again before its record has landed is throttled as the record would throttle it", async () => {
    const mac = uniqueMac();
    await createTerminal({ model: "yealink-t46g", mac });
    const { sent, queue } = capturingQueue();
    // Nothing is delivered: the terminal's row in D1 still says it was never served.
    for (let i = 0; i < 5; i++) expect((await phoneFetch(mac, queue, "192.0.2.61")).status).toBe(200);
    expect(sent.flatMap((m) => m.fetches ?? [])).toHaveLength(1);
    expect(sent.flatMap((m) => m.events ?? []).map((e) => e.always)).toEqual([true]);
    // Another place is a change: recorded at once, however late the row is.
    expect((await phoneFetch(mac, queue, "192.0.2.62")).status).toBe(200);
    expect(sent.flatMap((m) => m.fetches ?? []).map((f) => f.ip)).toEqual(["192.0.2.61", "192.0.2.62"]);
    await deliver(sent);
    expect((await events(mac)).map((e) => e.ip)).toEqual(["192.0.2.62", "192.0.2.61"]);
    expect((await terminal(mac)).provisionedIp).toBe("192.0.2.62");
  });

  it("writes a batch of 100 served phones in one D1 statement", async () => {
    const macs = await yealinks(100);
    const { sent, queue } = capturingQueue();
    for (const mac of macs) await phoneFetch(mac, queue);
    const spy = spyD1(env.DB);
    await deliver(sent, envWith(env, spy.db));
    expect(spy.calls).toHaveLength(1);
    expect(spy.calls[0]).toMatchObject({ via: "db", method: "run" });
    // What D1 bills (docs/scale.md): per boot the provisioning record, the event and its index entry; the
    // events' autoincrement counter once for the whole statement.
    expect(spy.calls[0]!.rowsWritten).toBe(3 * 100 + 1);
    for (const mac of macs) {
      expect((await terminal(mac)).provisionedAt).not.toBeNull();
      expect((await events(mac)).map((e) => e.outcome)).toEqual(["served"]);
    }
  });

  it("a batch of phones with huge User-Agents is written in as many statements as D1's bound values need", async () => {
    const macs = await yealinks(30);
    const { sent, queue } = capturingQueue();
    for (const mac of macs) await phoneFetch(mac, queue, "192.0.2.40", env, `${YEALINK_UA(mac)} ${"x".repeat(60_000)}`);
    const spy = spyD1(env.DB);
    expect(await deliver(sent, envWith(env, spy.db))).toMatchObject({ outcome: "ok", retryBatch: { retry: false } });
    // 30 records of 60 KB: a little under 2 MB of JSON, in statements of at most 500,000 characters.
    expect(spy.calls).toHaveLength(4);
    for (const mac of macs) expect((await terminal(mac)).provisionedUserAgent).toHaveLength(YEALINK_UA(mac).length + 60_001);
  });

  it("a refusal is one event, through the queue as directly, however often it is delivered", async () => {
    const company = await createCompany();
    const [queued, direct] = [uniqueMac(), uniqueMac()];
    await createTerminal({ model: "yealink-t46g", mac: queued, companyId: company.id, enabled: false });
    await createTerminal({ model: "yealink-t46g", mac: direct, companyId: company.id, enabled: false });
    const { sent, queue } = capturingQueue();
    // Twice within the minute from one place: the second is throttled, whichever way it is written (here
    // by the isolate, which remembers what it handed off; the database keeps one of each anyway).
    for (let i = 0; i < 2; i++) {
      expect((await phoneFetch(queued, queue, "192.0.2.30")).status).toBe(404);
      expect((await phoneFetch(direct, undefined, "192.0.2.30")).status).toBe(404);
    }
    expect(sent.flatMap((m) => m.events ?? [])).toHaveLength(1);
    await deliver(sent);
    await deliver([...sent, ...sent]);
    const shape = (list: { ip: string; outcome: string }[]) => list.map(({ ip, outcome }) => ({ ip, outcome }));
    expect(shape(await events(queued))).toEqual([{ ip: "192.0.2.30", outcome: "disabled" }]);
    expect(shape(await events(queued))).toEqual(shape(await events(direct)));
    expect((await terminal(queued)).provisionedAt).toBeNull();
  });

  it("keeps a terminal's newest 50 events by time whoever inserts them, in whatever order they arrive (the trigger)", async () => {
    const mac = uniqueMac();
    const { terminal: t } = await createTerminal({ model: "yealink-t46g", mac });
    const base = Date.now() - 3_600_000;
    // Sixty events a minute apart, the newest delivered first, in one batch: one statement, the cap holds.
    const all = Array.from({ length: 60 }, (_, i) => ({ terminalId: t.id, at: base + i * 60_000, ip: "192.0.2.9", userAgent: null, file: `${mac}.cfg`, outcome: "served" }));
    await deliver([{ events: all.slice(30) }]);
    await deliver([{ events: all.slice(0, 30).reverse() }]);
    const kept = await events(mac);
    expect(kept).toHaveLength(EVENTS_PER_TERMINAL);
    expect(Date.parse(kept[0]!.at)).toBe(base + 59 * 60_000);
    expect(Date.parse(kept[49]!.at)).toBe(base + 10 * 60_000);
    const stored = await env.DB.prepare("select count(*) as n from provisioning_events where terminal_id = ?").bind(t.id).first<{ n: number }>();
    expect(stored?.n).toBe(EVENTS_PER_TERMINAL);
  });

  it("a batch the database refuses: one error line, and the batch goes back to Queues to retry, written once when it succeeds", async () => {
    const mac = uniqueMac();
    await createTerminal({ model: "yealink-t46g", mac });
    const { sent, queue } = capturingQueue();
    await phoneFetch(mac, queue, "192.0.2.71");
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((line: unknown) => void lines.push(String(line)));
    // Statements prepare as usual; running one fails, as D1 does when the database cannot be reached.
    const refusing = (statement: D1PreparedStatement): D1PreparedStatement =>
      new Proxy(statement, {
        get: (s, p) => (p === "run" ? () => Promise.reject(new Error("D1_ERROR: database is down")) : p === "bind" ? (...v: unknown[]) => refusing(s.bind(...v)) : Reflect.get(s, p, s)),
      });
    const down = { ...env, DB: { prepare: (sql: string) => refusing(env.DB.prepare(sql)) } };
    const failed = await deliver(sent, down).catch((error: unknown) => ({ threw: String(error) }));
    expect(failed).toMatchObject({ threw: expect.stringContaining("database is down") });
    const logged = lines.map((l) => JSON.parse(l)).filter((l) => l.event === "records_write_failed");
    expect(logged).toEqual([expect.objectContaining({ level: "error", messages: 1, fetches: 1, events: 1, attempts: 1, error: expect.stringContaining("database is down") })]);
    expect((await terminal(mac)).provisionedAt).toBeNull();
    vi.restoreAllMocks();
    // Queues delivers it again: written once.
    await deliver(sent);
    await deliver(sent);
    expect((await events(mac)).map((e) => e.outcome)).toEqual(["served"]);
  });

  it("a terminal deleted before its records arrive: the batch is still written for the others", async () => {
    const company = await createCompany();
    const [gone, kept] = [uniqueMac(), uniqueMac()];
    await createTerminal({ model: "yealink-t46g", mac: gone, companyId: company.id });
    await createTerminal({ model: "yealink-t46g", mac: kept, companyId: company.id });
    const { sent, queue } = capturingQueue();
    await phoneFetch(gone, queue);
    await phoneFetch(kept, queue);
    expect((await api("DELETE", `/terminals/${gone}`)).status).toBe(204);
    expect(await deliver(sent)).toMatchObject({ outcome: "ok", retryBatch: { retry: false } });
    expect((await terminal(kept)).provisionedAt).not.toBeNull();
    expect((await events(kept)).map((e) => e.outcome)).toEqual(["served"]);
  });

  it("an unknown phone's sighting reaches the inbox through the queue, once however often it is delivered", async () => {
    const mac = uniqueMac("0015650c");
    const { sent, queue } = capturingQueue();
    expect((await phoneFetch(mac, queue, "192.0.2.88")).status).toBe(404);
    expect(sent).toEqual([{ sightings: [expect.objectContaining({ mac, ip: "192.0.2.88", path: `${mac}.cfg` })] }]);
    const inbox = async () => ((await api("GET", "/unknown-devices?limit=500")).json.items as { mac: string }[]).filter((d) => d.mac === mac);
    expect(await inbox()).toEqual([]);
    await deliver(sent);
    await deliver([...sent, ...sent]);
    const model = (await api("GET", "/models?iden=yealink-t46g")).json.items[0];
    expect(await inbox()).toEqual([expect.objectContaining({ mac, modelId: model.id, ip: "192.0.2.88", userAgent: YEALINK_UA(mac), count: 1 })]);
  });

  it("keeps the UNKNOWN_DEVICES_MAX most recently seen unknown devices, whoever reports them", async () => {
    const model = (await api("GET", "/models?iden=yealink-t46g")).json.items[0];
    const base = Date.now() - 3_600_000;
    const macs = Array.from({ length: UNKNOWN_DEVICES_MAX + 1 }, (_, i) => `0015650d${i.toString(16).padStart(4, "0")}`);
    // From as many clients as MACs: one client adds at most UNKNOWN_DEVICES_PER_CLIENT (test/admin-hardening.test.ts).
    const sightings = macs.map((mac, i) => {
      const ip = `10.77.${i >> 8}.${i & 255}`;
      return { mac, modelId: model.id, path: `${mac}.cfg`, ip, client: ip, userAgent: YEALINK_UA(mac), at: base + i };
    });
    await deliver([{ sightings }]);
    const count = await env.DB.prepare("select count(*) as n, min(last_seen) as oldest from unknown_devices").first<{ n: number; oldest: number }>();
    expect(count?.n).toBe(UNKNOWN_DEVICES_MAX);
    expect(count?.oldest).toBeGreaterThan(base);
  });

  it("a queue that refuses a window's message: the phones still get their files, and one JSON line says what was lost", async () => {
    const company = await createCompany();
    const macs = [uniqueMac(), uniqueMac(), uniqueMac()];
    for (const mac of macs) await createTerminal({ model: "yealink-t46g", mac, companyId: company.id });
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((line: unknown) => void lines.push(String(line)));
    const refusing = { send: () => Promise.reject(new Error("Too Many Requests")) } as unknown as Queue;
    const served = await Promise.all(macs.map((mac) => phoneFetch(mac, refusing, "198.51.100.70", { ...env, RECORDS_WINDOW_MS: "1000" })));
    for (const r of served) {
      expect(r.status).toBe(200);
      expect(r.body).toContain("account.1.");
    }
    const lost = lines.map((l) => JSON.parse(l)).filter((l) => l.event === "records_lost");
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatchObject({ level: "error", events: 3, fetches: 3, sightings: 0, error: expect.stringContaining("Too Many Requests") });
    // Which requests and terminals: what an operator looks up in the provision log lines.
    expect(lost[0].requestIds).toHaveLength(3);
    expect(new Set(lost[0].requestIds).size).toBe(3);
    expect(lost[0].terminals).toHaveLength(3);
    for (const mac of macs) expect((await terminal(mac)).provisionedAt).toBeNull();
  });
});
