// The phone path's load on D1, counted: at most one D1 round trip per request, read
// through the replica-friendly session, and a phone that polls again within a minute writes nothing.
// Generic files come from the isolate's catalog snapshot (src/db/catalog.ts): no D1 call once it is
// held. Not a timing: the D1 binding is wrapped (test/d1-spy.ts) and every call that reaches D1 is
// counted, the ones made for waitUntil work included (the execution context is awaited before counting).
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import worker from "./worker";
import { CATALOG_MAX_AGE_MS, CATALOG_TTL_MS, catalogs, terminalByMac } from "../src/db/catalog";
import { inArray, sql } from "drizzle-orm";
import type { Db } from "../src/db/client";
import { lookupMacs, type ModelWithManufacturer, type TerminalWithAll } from "../src/db/queries";
import { models, terminals } from "../src/db/schema";
import { block } from "../src/phone/rate-limit";
import { envWith, spyD1 } from "./d1-spy";
import { createCompany, createModel, createTerminal, db, modelByIden, uniqueMac } from "./fixtures";

// The phone path's lookups written with Drizzle's relational queries: what its hand-written SQL
// (src/db/queries.ts) must return, row for row.
const modelWithManufacturer = { with: { manufacturer: true } } as const;

async function relationalLookup(db: Db, path: string, macs: string[]): Promise<{ generic: ModelWithManufacturer | undefined; terminals: TerminalWithAll[] }> {
  const [generic, found] = await Promise.all([
    db.query.models.findMany({ where: sql`lower(${models.genericFile}) = ${path.toLowerCase()}`, limit: 1, ...modelWithManufacturer }),
    macs.length === 0
      ? []
      : db.query.terminals.findMany({
          where: inArray(terminals.mac, macs),
          columns: { createdAt: false },
          with: {
            model: modelWithManufacturer,
            company: { columns: { createdAt: false } },
            lines: { columns: { id: false, terminalId: false }, orderBy: (line, { asc }) => [asc(line.position)] },
          },
        }),
  ]);
  return { generic: generic[0], terminals: found };
}


const BASE = "https://provision.example.com/provision/";
const IP = "198.51.100.40";
const yealinkUa = (mac: string) => `Yealink SIP-T46G 28.83.0.50 ${mac.match(/../g)!.join(":")}`;

/** One phone request with a counting D1, waiting for everything it left in waitUntil. */
async function counted(path: string, headers: Record<string, string> = {}) {
  const spy = spyD1(env.DB);
  const ctx = createExecutionContext();
  const request = new Request(BASE + path, { headers: { "cf-connecting-ip": IP, ...headers } });
  const response = await worker.fetch(request, envWith(env, spy.db), ctx);
  const body = await response.text();
  await waitOnExecutionContext(ctx);
  const calls = [...spy.calls];
  return {
    status: response.status,
    body,
    calls,
    reads: calls.filter((c) => c.readOnly),
    writes: calls.filter((c) => !c.readOnly),
    rowsWritten: calls.reduce((sum, c) => sum + c.rowsWritten, 0),
  };
}

async function provisioningEvents(terminalId: number): Promise<number> {
  const row = await env.DB.prepare("select count(*) as n from provisioning_events where terminal_id = ?").bind(terminalId).first<{ n: number }>();
  return row!.n;
}

/** Makes sure the isolate holds a catalog snapshot, so the request counted next is a warm one. */
async function warm() {
  await counted("warm-up-nothing.cfg");
}

describe("D1 calls of the phone path", () => {
  it("a generic file costs one read of the catalog in a cold isolate, and no D1 call after", async () => {
    const model = await modelByIden("cisco-spa504g");
    catalogs.forget();
    const cold = await counted(model.genericFile, { "user-agent": "Cisco/SPA504G-7.6.2" });
    expect(cold.status).toBe(200);
    expect(cold.calls).toHaveLength(1);
    expect(cold.calls[0]).toMatchObject({ via: "session:first-unconstrained", method: "all", readOnly: true });
    expect(cold.calls[0]!.sql[0]).toMatch(/from models m join manufacturers/);

    const warmed = await counted(model.genericFile, { "user-agent": "Cisco/SPA504G-7.6.2" });
    expect(warmed.status).toBe(200);
    expect(warmed.body).toBe(cold.body);
    expect(warmed.calls).toHaveLength(0);
  });

  it("a generic file that looks like a MAC (y000000000028.cfg), and a path that is nothing, cost no D1 call", async () => {
    await warm();
    const model = await modelByIden("yealink-t46g");
    const generic = await counted(model.genericFile, { "user-agent": "Yealink SIP-T46G 28.83.0.50" });
    expect(generic.status).toBe(200);
    expect(generic.body).toContain("static.auto_provision.server.url");
    expect(generic.calls).toHaveLength(0);
    const nothing = await counted("readme.txt");
    expect(nothing.status).toBe(404);
    expect(nothing.calls).toHaveLength(0);
  });

  it("a MAC file is one read; its first fetch records in waitUntil, a poll within the minute writes no row", async () => {
    const mac = uniqueMac();
    const { terminal } = await createTerminal({ model: "yealink-t46g", mac }); // the default (empty) company policy
    const headers = { "user-agent": yealinkUa(mac) };

    await warm();
    const first = await counted(`${mac}.cfg`, headers);
    expect(first.status).toBe(200);
    expect(first.reads).toHaveLength(1);
    expect(first.reads[0]).toMatchObject({ via: "session:first-unconstrained", method: "raw" });
    expect(first.reads[0]!.sql[0]).toMatch(/from terminals|join terminals/);
    // After the response: the provisioning record and the event, one statement to the primary (no RECORDS
    // queue here: test/worker.ts writes directly, as on Workers Free).
    expect(first.writes).toHaveLength(1);
    expect(first.writes[0]).toMatchObject({ via: "db", method: "run" });
    expect(first.writes[0]!.sql).toHaveLength(1);
    // The provisioning record, the event, its index entry, the events' autoincrement counter (docs/scale.md).
    expect(first.rowsWritten).toBe(4);
    const recorded = (await db.query.terminals.findFirst({ where: (t, { eq }) => eq(t.id, terminal.id) }))!;
    expect(recorded.provisionedAt).not.toBeNull();
    const events = await provisioningEvents(terminal.id);

    const again = await counted(`${mac}.cfg`, headers);
    expect(again.status).toBe(200);
    expect(again.body).toBe(first.body);
    expect(again.reads).toHaveLength(1);
    // Same IP and User-Agent within the minute: the provisioning record and the served event are both
    // throttled in code, so not even a throttled statement is sent. One read, nothing else.
    expect(again.calls).toHaveLength(1);
    expect(again.writes).toHaveLength(0);
    expect(again.rowsWritten).toBe(0);
    expect(await provisioningEvents(terminal.id)).toBe(events);
    const after = (await db.query.terminals.findFirst({ where: (t, { eq }) => eq(t.id, terminal.id) }))!;
    expect(after.provisionedAt).toEqual(recorded.provisionedAt);
  });

  it("a phonebook costs one more read than the MAC file: the contacts, and it writes nothing", async () => {
    const mac = uniqueMac();
    await createTerminal({ model: "yealink-t46g", mac });
    await warm();
    const directory = await counted(`${mac}-directory.xml`, { "user-agent": yealinkUa(mac) });
    expect(directory.status).toBe(200);
    expect(directory.reads).toHaveLength(2);
    expect(directory.reads[1]!.sql[0]).toMatch(/from contacts/);
    expect(directory.writes).toHaveLength(0);
  });

  it("a MAC file in a cold isolate is still one round trip: the catalog and the lookup in one batch", async () => {
    const mac = uniqueMac();
    await createTerminal({ model: "yealink-t46g", mac });
    catalogs.forget();
    const r = await counted(`${mac}.cfg`, { "user-agent": yealinkUa(mac) });
    expect(r.status).toBe(200);
    expect(r.reads).toHaveLength(1);
    expect(r.reads[0]).toMatchObject({ via: "session:first-unconstrained", method: "batch" });
    expect(r.reads[0]!.sql[0]).toMatch(/from models m join manufacturers/);
    expect(r.reads[0]!.sql[1]).toMatch(/join terminals t/);
  });

  it("an unknown MAC without a User-Agent is exactly one read", async () => {
    await warm();
    const r = await counted(`${uniqueMac("0015ff")}.cfg`);
    expect(r.status).toBe(404);
    expect(r.calls).toHaveLength(1);
    expect(r.calls[0]).toMatchObject({ via: "session:first-unconstrained", readOnly: true });
    expect(r.rowsWritten).toBe(0);
  });

  it("an unknown MAC with a User-Agent that is no phone's is one read and writes nothing", async () => {
    // Whether the User-Agent is a phone's is decided against the catalog snapshot, not a second read.
    await warm();
    const r = await counted(`${uniqueMac("0015ff")}.cfg`, { "user-agent": "curl/8.5.0" });
    expect(r.status).toBe(404);
    expect(r.calls).toHaveLength(1);
    expect(r.reads[0]).toMatchObject({ via: "session:first-unconstrained" });
    expect(r.rowsWritten).toBe(0);
  });

  it("a blocked client is refused by the same one read, for known and unknown MACs alike", async () => {
    const mac = uniqueMac();
    await createTerminal({ model: "yealink-t46g", mac });
    const client = "198.51.100.41";
    await block(db, client, new Date());
    await warm();
    const known = await counted(`${mac}.cfg`, { "cf-connecting-ip": client, "user-agent": yealinkUa(mac) });
    expect(known.status).toBe(429);
    expect(known.reads).toHaveLength(1);
    const unknown = await counted(`${uniqueMac("0015ff")}.cfg`, { "cf-connecting-ip": client });
    expect(unknown.status).toBe(429);
    expect(unknown.calls).toHaveLength(1);
    expect(unknown.body).toBe(known.body);
    // Another client is served by the same single read.
    const other = await counted(`${mac}.cfg`, { "cf-connecting-ip": "198.51.100.42", "user-agent": yealinkUa(mac) });
    expect(other.status).toBe(200);
    expect(other.reads).toHaveLength(1);
  });

  it("an unknown MAC from a phone is noted once; a retry within the minute writes no row", async () => {
    const mac = uniqueMac("0015ff");
    const first = await counted(`${mac}.cfg`, { "user-agent": yealinkUa(mac) });
    expect(first.status).toBe(404);
    expect(first.writes).toHaveLength(1);
    expect(first.writes[0]!.sql).toHaveLength(1);
    expect(first.rowsWritten).toBeGreaterThan(0);

    const again = await counted(`${mac}.cfg`, { "user-agent": yealinkUa(mac) });
    expect(again.status).toBe(404);
    expect(again.rowsWritten).toBe(0);
  });
});

describe("the phone path's hand-written lookup", () => {
  it("returns exactly what Drizzle's relational query returns", async () => {
    const company = await createCompany({
      name: "Oracle & Co",
      sipProxy: "proxy.oracle.example:5061",
      language: "fr",
      timezone: "America/Sao_Paulo",
      policy: { allowedNetworks: ["192.0.2.0/24"], checkUserAgent: true, lockAfterFirstFetch: true },
    });
    const full = uniqueMac();
    await createTerminal({
      model: "yealink-t46g",
      mac: full,
      companyId: company.id,
      name: "Front <desk> & co",
      language: "de",
      timezone: "Asia/Kolkata",
      enabled: false,
      // Positions out of order on purpose: both must sort them.
      lines: [
        { position: 3, username: "1003", password: "p&ss<3>", displayName: "Third", authUsername: "auth-3", extension: "203" },
        { position: 1, username: "1001", password: "s3cret", displayName: "First" },
      ],
    });
    const bare = uniqueMac("c46413");
    await createTerminal({ model: "cisco-spa504g", mac: bare, companyId: company.id, lines: [] });
    await db.run(sql`update terminals set provisioned_at = 1767225600000, provisioned_ip = '198.51.100.1', locked = 1 where mac = ${full}`);

    const cases: [string, string[]][] = [
      [`${full}.cfg`, [full]],
      [`${bare}.xml`, [bare]],
      [`${full}/${bare}.xml`, [full, bare]],
      [`${uniqueMac("0015ff")}.cfg`, ["0015ff000000"]],
      [(await modelByIden("yealink-t46g")).genericFile, ["000000000028"]],
      [(await modelByIden("cisco-spa504g")).genericFile.toUpperCase(), []],
      ["nothing.cfg", []],
    ];
    const catalog = await catalogs.load(env.DB, Date.now());
    for (const [path, macs] of cases) {
      const found = await lookupMacs(env.DB, macs, IP);
      const mine = { generic: catalog.genericModel(path), terminals: catalog.withModels(found.terminals) };
      const drizzle = await relationalLookup(db, path, macs);
      mine.terminals.sort((a, b) => a.id - b.id);
      drizzle.terminals.sort((a, b) => a.id - b.id);
      expect(mine, path).toStrictEqual(drizzle);
      expect(found.blockedUntil).toBeNull();
    }
    expect(catalog.models).toStrictEqual(await db.query.models.findMany({ with: { manufacturer: true } }));
    const found = catalog.withModels((await lookupMacs(env.DB, [full], IP)).terminals);
    expect(found[0]!.lines.map((l) => l.position)).toEqual([1, 3]);
    expect(found[0]!.enabled).toBe(false);
    expect(found[0]!.provisionedAt).toEqual(new Date(1767225600000));
    expect(await terminalByMac(env.DB, full, Date.now())).toStrictEqual((await relationalLookup(db, "", [full])).terminals[0]);
    expect(await terminalByMac(env.DB, "0015ff000000", Date.now())).toBeUndefined();
  });
});

describe("the catalog snapshot", () => {
  /** currentCatalog at a given instant, with its D1 calls and the reloads it left for waitUntil. */
  async function at(now: number) {
    const spy = spyD1(env.DB);
    const background: Promise<unknown>[] = [];
    const { catalog } = await catalogs.current(spy.db, { now, waitUntil: (p) => background.push(p) });
    await Promise.all(background);
    return { catalog, calls: spy.calls.length, via: spy.calls.map((c) => c.via), reloads: background.length };
  }

  it("is reused while fresh, reloaded in the background once CATALOG_TTL_MS old, and before use when very old", async () => {
    catalogs.forget();
    const t0 = Date.now();
    const first = await at(t0);
    expect(first).toMatchObject({ calls: 1, reloads: 0 });
    expect(await at(t0 + CATALOG_TTL_MS - 1)).toMatchObject({ catalog: first.catalog, calls: 0, reloads: 0 });

    // Stale: this request still gets the held snapshot; the reload runs after it (waitUntil).
    const stale = await at(t0 + CATALOG_TTL_MS);
    expect(stale).toMatchObject({ catalog: first.catalog, calls: 1, reloads: 1 });
    const reloaded = await at(t0 + CATALOG_TTL_MS + 1);
    expect(reloaded.catalog).not.toBe(first.catalog);
    expect(reloaded.catalog.loadedAt).toBe(t0 + CATALOG_TTL_MS);
    expect(reloaded).toMatchObject({ calls: 0, reloads: 0 });

    // An isolate that sat idle past CATALOG_MAX_AGE_MS reads the catalog before answering.
    const idle = await at(t0 + CATALOG_TTL_MS + CATALOG_MAX_AGE_MS);
    expect(idle).toMatchObject({ calls: 1, reloads: 0 });
    expect(idle.catalog.loadedAt).toBe(t0 + CATALOG_TTL_MS + CATALOG_MAX_AGE_MS);
  });

  it("keeps serving the held snapshot, however old, when D1 fails to reload it, and backs off; without one the failure shows", async () => {
    catalogs.forget();
    const t0 = Date.now();
    const { catalog: held } = await catalogs.current(env.DB, { now: t0, waitUntil: () => {} });
    let attempts = 0;
    const broken = {
      withSession: () => broken,
      prepare: () => {
        attempts++;
        throw new Error("D1 is down");
      },
    } as unknown as D1Database;
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const ask = async (now: number) => {
      const background: Promise<unknown>[] = [];
      const { catalog } = await catalogs.current(broken, { now, waitUntil: (p) => background.push(p) });
      await Promise.all(background); // a failed background reload settles quietly
      return catalog;
    };
    try {
      expect(await ask(t0 + CATALOG_TTL_MS)).toBe(held); // the background reload fails
      expect(attempts).toBe(1);
      expect(await ask(t0 + CATALOG_TTL_MS + 1)).toBe(held); // backing off: D1 is not asked
      expect(attempts).toBe(1);
      expect(await ask(t0 + 2 * CATALOG_TTL_MS + CATALOG_MAX_AGE_MS)).toBe(held); // too old: asked before answering, fails
      expect(attempts).toBe(2);
      expect(await ask(t0 + 2 * CATALOG_TTL_MS + CATALOG_MAX_AGE_MS + 1)).toBe(held); // backing off again
      expect(attempts).toBe(2);
      expect(warn.mock.calls.map((c) => JSON.parse(String(c[0])).event)).toEqual(["catalog_reload_failed", "catalog_reload_failed"]);
      catalogs.forget();
      await expect(ask(t0)).rejects.toThrow("D1 is down");
    } finally {
      warn.mockRestore();
      catalogs.forget();
    }
  });

  it("after a catalog write, reads the next catalog at least as new as the write's bookmark, then unconstrained", async () => {
    const session = env.DB.withSession("first-primary");
    await session.prepare("update models set name = name where iden = 'yealink-t46g'").run();
    const bookmark = session.getBookmark()!;
    catalogs.forget(bookmark);
    const t0 = Date.now();
    expect(await at(t0)).toMatchObject({ calls: 1, via: [`session:${bookmark}`] });
    catalogs.forget();
    expect(await at(t0)).toMatchObject({ calls: 1, via: ["session:first-unconstrained"] });
  });

  it("phones keep getting generic files while D1 is down, from the held snapshot", async () => {
    await warm();
    const broken = { prepare: () => { throw new Error("D1 is down"); }, withSession: () => broken } as unknown as D1Database;
    const model = await modelByIden("yealink-t46g");
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const ctx = createExecutionContext();
      const generic = await worker.fetch(new Request(BASE + model.genericFile), envWith(env, broken), ctx);
      expect(generic.status).toBe(200);
      const mac = await worker.fetch(new Request(BASE + `${uniqueMac()}.cfg`), envWith(env, broken), ctx);
      expect(mac.status).toBe(500);
      expect(await mac.text()).not.toContain("D1 is down");
      await waitOnExecutionContext(ctx);
    } finally {
      error.mockRestore();
    }
  });

  it("the config preview reads the model from D1 (the operator's own writes), not from the snapshot", async () => {
    const iden = `test-preview-${uniqueMac().slice(6)}`;
    await createModel({ iden, genericFile: `${iden}.cfg`, specificPattern: `${iden}-{mac}.cfg`, specificTemplate: "first {{mac}}\n" });
    const { terminal } = await createTerminal({ model: iden });
    const file = `${iden}-${terminal.mac}.cfg`;
    expect((await counted(file, { "user-agent": yealinkUa(terminal.mac) })).body).toBe(`first ${terminal.mac}\n`); // the snapshot holds "first"
    // Changed past the API (so nothing forgets the snapshot): the preview sees it, the phone path not yet.
    await env.DB.prepare("update models set specific_template = ? where iden = ?").bind("second {{mac}}\n", iden).run();
    try {
      const preview = await worker.fetch(
        new Request(`https://provision.example.com/api/v1/terminals/${terminal.mac}/config`, { headers: { authorization: "Bearer test-admin-token-0123456789-abcdefghij" } }),
        env,
        createExecutionContext(),
      );
      expect(await preview.text()).toBe(`second ${terminal.mac}\n`);
      expect((await counted(file, { "user-agent": yealinkUa(terminal.mac) })).body).toBe(`first ${terminal.mac}\n`);
    } finally {
      catalogs.forget();
    }
    expect((await counted(file, { "user-agent": yealinkUa(terminal.mac) })).body).toBe(`second ${terminal.mac}\n`);
  });

  it("a load that a catalog write overtakes does not become the snapshot", async () => {
    catalogs.forget();
    const loading = catalogs.load(env.DB, Date.now());
    catalogs.forget();
    const stale = await loading;
    const next = await at(Date.now());
    expect(next.calls).toBe(1);
    expect(next.catalog).not.toBe(stale);
  });

  it("serves a model change made through the API on the next request", async () => {
    const iden = `test-fresh-${uniqueMac().slice(6)}`;
    const auth = { authorization: "Bearer test-admin-token-0123456789-abcdefghij", "content-type": "application/json" };
    const yealink = await modelByIden("yealink-t46g");
    await warm();
    const created = await worker.fetch(
      new Request("https://provision.example.com/api/v1/models", {
        method: "POST",
        headers: auth,
        body: JSON.stringify({
          manufacturerId: yealink.manufacturerId, iden, name: "Fresh", genericFile: `${iden}.cfg`,
          specificPattern: `${iden}-{mac}.cfg`, format: "text", maxLines: 1, templateSet: "yealink",
        }),
      }),
      env,
      createExecutionContext(),
    );
    expect(created.status).toBe(201);
    expect((await counted(`${iden}.cfg`)).status).toBe(200);

    const { id } = (await created.json()) as { id: number };
    const renamed = await worker.fetch(
      new Request(`https://provision.example.com/api/v1/models/${id}`, { method: "PATCH", headers: auth, body: JSON.stringify({ genericFile: `${iden}-v2.cfg` }) }),
      env,
      createExecutionContext(),
    );
    expect(renamed.status).toBe(200);
    expect((await counted(`${iden}.cfg`)).status).toBe(404);
    expect((await counted(`${iden}-v2.cfg`)).status).toBe(200);
  });
});
