// The phone path's load on D1, counted (issue 5, SPEC 3.5): one D1 round trip per request, read through
// the replica-friendly session, and a phone that polls again within a minute writes nothing. Not a
// timing: the D1 binding is wrapped (test/d1-spy.ts) and every call that reaches D1 is counted,
// the ones made for waitUntil work included (the execution context is awaited before counting).
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import worker from "../src/index";
import { lookupPath, relationalLookup, terminalByMac } from "../src/db/queries";
import { envWith, spyD1 } from "./d1-spy";
import { createCompany, createTerminal, db, modelByIden, uniqueMac } from "./fixtures";

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

describe("D1 calls of the phone path", () => {
  it("a generic file with no MAC-looking run is one read, through the unconstrained session", async () => {
    const model = await modelByIden("cisco-spa504g");
    const r = await counted(model.genericFile, { "user-agent": "Cisco/SPA504G-7.6.2" });
    expect(r.status).toBe(200);
    expect(r.calls).toHaveLength(1);
    expect(r.calls[0]).toMatchObject({ via: "session:first-unconstrained", readOnly: true });
  });

  it("a generic file that looks like a MAC (y000000000028.cfg) is still one call: a batch of the two lookups", async () => {
    const model = await modelByIden("yealink-t46g");
    const r = await counted(model.genericFile, { "user-agent": "Yealink SIP-T46G 28.83.0.50" });
    expect(r.status).toBe(200);
    expect(r.calls).toHaveLength(1);
    expect(r.calls[0]).toMatchObject({ via: "session:first-unconstrained", method: "batch", readOnly: true });
    expect(r.calls[0]!.sql).toHaveLength(2);
  });

  it("a MAC file is one read; its first fetch records in waitUntil, a poll within the minute writes no row", async () => {
    const mac = uniqueMac();
    const { terminal } = await createTerminal({ model: "yealink-t46g", mac }); // the default (empty) company policy
    const headers = { "user-agent": yealinkUa(mac) };

    const first = await counted(`${mac}.cfg`, headers);
    expect(first.status).toBe(200);
    expect(first.reads).toHaveLength(1);
    expect(first.reads[0]).toMatchObject({ via: "session:first-unconstrained", method: "batch" });
    // After the response: the provisioning record and the event, one batch to the primary.
    expect(first.writes).toHaveLength(1);
    expect(first.writes[0]).toMatchObject({ via: "db", method: "batch" });
    expect(first.rowsWritten).toBeGreaterThan(0);
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

  it("an unknown MAC without a User-Agent is exactly one read", async () => {
    const r = await counted(`${uniqueMac("0015ff")}.cfg`);
    expect(r.status).toBe(404);
    expect(r.calls).toHaveLength(1);
    expect(r.calls[0]).toMatchObject({ via: "session:first-unconstrained", readOnly: true });
    expect(r.rowsWritten).toBe(0);
  });

  it("an unknown MAC with a User-Agent that is no phone's writes nothing, but reads the catalog once more", async () => {
    // Recording unknown devices (waitUntil) loads the models to match the User-Agent against them
    // before it can tell that a scanner is no phone: a second read, never a write.
    const r = await counted(`${uniqueMac("0015ff")}.cfg`, { "user-agent": "curl/8.5.0" });
    expect(r.status).toBe(404);
    expect(r.reads).toHaveLength(2);
    expect(r.reads[0]).toMatchObject({ via: "session:first-unconstrained" });
    expect(r.writes).toHaveLength(0);
    expect(r.rowsWritten).toBe(0);
  });

  it("an unknown MAC from a phone is noted once; a retry within the minute writes no row", async () => {
    const mac = uniqueMac("0015ff");
    const first = await counted(`${mac}.cfg`, { "user-agent": yealinkUa(mac) });
    expect(first.status).toBe(404);
    expect(first.writes).toHaveLength(1);
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
    for (const [path, macs] of cases) {
      const mine = await lookupPath(db, path, macs);
      const drizzle = await relationalLookup(db, path, macs);
      mine.terminals.sort((a, b) => a.id - b.id);
      drizzle.terminals.sort((a, b) => a.id - b.id);
      expect(mine, path).toStrictEqual(drizzle);
    }
    const found = await lookupPath(db, `${full}.cfg`, [full]);
    expect(found.terminals[0]!.lines.map((l) => l.position)).toEqual([1, 3]);
    expect(found.terminals[0]!.enabled).toBe(false);
    expect(found.terminals[0]!.provisionedAt).toEqual(new Date(1767225600000));
    expect(await terminalByMac(db, full)).toStrictEqual((await relationalLookup(db, "", [full])).terminals[0]);
    expect(await terminalByMac(db, "0015ff000000")).toBeUndefined();
  });
});
