// Terminals through the admin API: CRUD and lists, addressing by id or MAC in any spelling,
// validation, duplicates, write-only passwords, the config preview against the phone path, and
// failed requests leaving everything as it was. Every test makes its own companies and MACs.
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ADMIN_TOKEN, api, BASE, expectError, phone } from "./api";

const RUN = crypto.getRandomValues(new Uint16Array(1))[0]!.toString(16).padStart(4, "0");
let seq = 0;
const next = () => ++seq;

/** A fresh unicast MAC (first octet 02: even, so not multicast). */
function freshMac(): string {
  return `02${RUN}${next().toString(16).padStart(6, "0")}`;
}

/** The spellings operators use for one MAC. */
function spellings(mac: string) {
  const pairs = mac.match(/../g)!;
  return {
    colonUpper: pairs.join(":").toUpperCase(),
    dashLower: pairs.join("-"),
    bare: mac,
    dotted: mac.match(/..../g)!.join("."),
  };
}

const T46G_UA = "Yealink SIP-T46G 28.83.0.50";
const SPA504G_UA = "Cisco/SPA504G-7.6.2";

async function modelId(iden: string): Promise<number> {
  const res = await api("GET", `/models?iden=${iden}`);
  expect(res.json.items, iden).toHaveLength(1);
  return res.json.items[0].id;
}

async function newCompany(extra: Record<string, unknown> = {}) {
  const res = await api("POST", "/companies", { name: `Company ${RUN} ${next()}`, sipDomain: "sip.example.com", ...extra });
  expect(res.status, res.text).toBe(201);
  return res.json as { id: number; name: string };
}

interface Line {
  position?: number;
  username: string;
  authUsername?: string | null;
  password?: string;
  displayName?: string;
  extension?: string | null;
}

async function newTerminal(body: { companyId?: number; model?: string; modelId?: number; mac?: string; name?: string; lines?: Line[]; [k: string]: unknown } = {}) {
  const companyId = body.companyId ?? (await newCompany()).id;
  const payload = {
    mac: freshMac(),
    name: "Desk",
    lines: [{ username: "100", password: `pw-${RUN}-${next()}` }],
    ...(body.modelId === undefined ? { model: "yealink-t46g" } : {}),
    ...body,
    companyId,
  };
  const res = await api("POST", "/terminals", payload);
  expect(res.status, res.text).toBe(201);
  return res.json as {
    id: number;
    mac: string;
    companyId: number;
    modelId: number;
    name: string;
    lines: { position: number; username: string; displayName: string }[];
    updatedAt: string;
  };
}

/** The config preview, raw. */
async function preview(idOrMac: string | number) {
  const res = await exports.default.fetch(`${BASE}/api/v1/terminals/${idOrMac}/config`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}

async function previewText(idOrMac: string | number): Promise<string> {
  const res = await api("GET", `/terminals/${idOrMac}/config`);
  expect(res.status, res.text).toBe(200);
  return res.text;
}

/** What the phone gets, raw. */
async function phoneFile(path: string, userAgent: string) {
  const res = await exports.default.fetch(`${BASE}/provision/${path}`, { headers: { "user-agent": userAgent } });
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}

/** Line `position`'s password in a Yealink (key = value) or Cisco SPA (XML) MAC file. */
function passwordIn(config: string, position: number): string | undefined {
  return (
    new RegExp(`^account\\.${position}\\.password = (.*)$`, "m").exec(config)?.[1] ??
    new RegExp(`<Password_${position}_>(.*)</Password_${position}_>`).exec(config)?.[1]
  );
}

/** The stored lines, passwords included, straight from D1. */
async function storedLines(terminalId: number) {
  const { results } = await env.DB.prepare("select * from terminal_lines where terminal_id = ? order by position").bind(terminalId).all();
  return results.map(({ id: _, ...line }) => line);
}

describe("create, get, list, delete", () => {
  it("create answers 201 with the terminal as stored: MAC normalised, lines without passwords", async () => {
    const company = await newCompany();
    const mac = freshMac();
    const res = await api("POST", "/terminals", {
      companyId: company.id,
      model: "yealink-t46g",
      mac: spellings(mac).colonUpper,
      name: "Front desk",
      language: "fr",
      timezone: "Europe/Paris",
      enabled: true,
      lines: [
        { username: "2001", authUsername: "auth2001", password: "pw-front-1", displayName: "Front 1", extension: "201" },
        { position: 3, username: "2003", password: "pw-front-3" },
      ],
    });
    expect(res.status, res.text).toBe(201);
    expect(res.text).not.toMatch(/password|pw-front/i);
    for (const line of res.json.lines) expect(Object.keys(line).sort()).toEqual(["authUsername", "displayName", "extension", "position", "username"]);
    expect(res.json).toMatchObject({
      id: expect.any(Number),
      companyId: company.id,
      modelId: await modelId("yealink-t46g"),
      mac,
      name: "Front desk",
      language: "fr",
      timezone: "Europe/Paris",
      enabled: true,
      lines: [
        { position: 1, username: "2001", authUsername: "auth2001", displayName: "Front 1", extension: "201" },
        { position: 3, username: "2003", authUsername: null, displayName: "", extension: null },
      ],
      provisionedAt: null,
      provisionedIp: null,
      provisionedUserAgent: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(Date.parse(res.json.createdAt)).not.toBeNaN();
    const got = await api("GET", `/terminals/${res.json.id}`);
    expect(got.status).toBe(200);
    expect(got.json).toEqual(res.json);
  });

  it("defaults: no name, no language or time zone of its own, enabled, no lines", async () => {
    const company = await newCompany();
    const res = await api("POST", "/terminals", { companyId: company.id, modelId: await modelId("cisco-spa504g"), mac: freshMac() });
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({ name: "", language: null, timezone: null, enabled: true, lines: [] });
  });

  it("lists filter by companyId, modelId, mac in any spelling and q", async () => {
    const a = await newCompany();
    const b = await newCompany();
    const tag = `Lobby${RUN}x${next()}`;
    const t1 = await newTerminal({ companyId: a.id, model: "yealink-t46g", name: `${tag} one` });
    const t2 = await newTerminal({ companyId: a.id, model: "yealink-t46g", name: "Kitchen" });
    const t3 = await newTerminal({ companyId: a.id, model: "cisco-spa504g", name: `${tag} three` });
    const t4 = await newTerminal({ companyId: b.id, model: "yealink-t46g", name: `${tag} four` });
    const ids = async (query: string) => {
      const res = await api("GET", `/terminals?${query}`);
      expect(res.status, res.text).toBe(200);
      return res.json.items.map((t: { id: number }) => t.id);
    };

    expect(await ids(`companyId=${a.id}`)).toEqual([t1.id, t2.id, t3.id]);
    expect(await ids(`companyId=${b.id}`)).toEqual([t4.id]);
    expect(await ids(`companyId=${a.id}&modelId=${await modelId("yealink-t46g")}`)).toEqual([t1.id, t2.id]);
    expect(await ids(`companyId=${a.id}&modelId=${await modelId("cisco-spa504g")}`)).toEqual([t3.id]);
    for (const spelling of Object.values(spellings(t2.mac))) {
      expect(await ids(`mac=${encodeURIComponent(spelling)}`), spelling).toEqual([t2.id]);
    }
    expect(await ids(`mac=${freshMac()}`)).toEqual([]);
    expect(await ids(`q=${tag}`)).toEqual([t1.id, t3.id, t4.id]);
    expect(await ids(`q=${tag}&companyId=${a.id}`)).toEqual([t1.id, t3.id]);
    // q also finds a MAC by a part of it, in the spelling the operator has at hand.
    const part = spellings(t3.mac).colonUpper.slice(6); // "XX:XX:XX:XX:XX" tail
    expect(await ids(`q=${encodeURIComponent(part)}&companyId=${a.id}`)).toEqual([t3.id]);
    expect(await ids(`q=${t3.mac.slice(4)}`)).toEqual([t3.id]);

    expectError(await api("GET", "/terminals?mac=not-a-mac"), 400, "validation_failed", "query.mac");
    expectError(await api("GET", "/terminals?mac=01:00:5e:00:00:01"), 400, "validation_failed", "query.mac");
    expectError(await api("GET", "/terminals?companyId=abc"), 400, "validation_failed", "query.companyId");
    expectError(await api("GET", "/terminals?limit=501"), 400, "validation_failed", "query.limit");
  });

  it("cursor pagination walks every terminal once: no duplicates, no gaps", async () => {
    const company = await newCompany();
    const created: number[] = [];
    for (let i = 0; i < 12; i++) created.push((await newTerminal({ companyId: company.id, name: `Paged ${i}` })).id);

    const walk = async (query: string, limit: number) => {
      const pages: number[][] = [];
      let cursor: string | null = null;
      do {
        const res = await api("GET", `/terminals?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`);
        expect(res.status, res.text).toBe(200);
        pages.push(res.json.items.map((t: { id: number }) => t.id));
        cursor = res.json.nextCursor;
        expect(pages.length).toBeLessThan(1000);
      } while (cursor !== null);
      return pages;
    };

    const pages = await walk(`companyId=${company.id}`, 5);
    expect(pages.map((p) => p.length)).toEqual([5, 5, 2]);
    expect(pages.flat()).toEqual(created);

    const exact = await walk(`companyId=${company.id}`, 6);
    expect(exact.map((p) => p.length)).toEqual([6, 6]);

    const all = (await walk("enabled=true", 7)).flat();
    expect(new Set(all).size).toBe(all.length);
    expect([...all].sort((x, y) => x - y)).toEqual(all);
    for (const id of created) expect(all).toContain(id);
  });

  it("delete answers 204, then the terminal, its lines and its MAC file are gone", async () => {
    const t = await newTerminal();
    expect((await phone(`${t.mac}.cfg`, T46G_UA)).status).toBe(200);
    const res = await api("DELETE", `/terminals/${t.id}`);
    expect(res.status).toBe(204);
    expect(res.text).toBe("");
    expectError(await api("GET", `/terminals/${t.id}`), 404, "not_found");
    expectError(await api("GET", `/terminals/${t.mac}/config`), 404, "not_found");
    expectError(await api("DELETE", `/terminals/${t.id}`), 404, "not_found");
    expect(await storedLines(t.id)).toEqual([]);
    expect((await phone(`${t.mac}.cfg`, T46G_UA)).status).toBe(404);
  });

  it("PATCH changes what it is given and keeps the rest", async () => {
    const t = await newTerminal({ name: "Old name", lines: [{ username: "300", password: "pw-patch-300", displayName: "Three" }] });
    const other = await newCompany({ sipDomain: "sip.other.example" });
    const res = await api("PATCH", `/terminals/${t.id}`, {
      name: "New name",
      language: "de",
      timezone: "Europe/Berlin",
      companyId: other.id,
      model: "yealink-t48g",
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({
      id: t.id,
      mac: t.mac,
      name: "New name",
      language: "de",
      timezone: "Europe/Berlin",
      companyId: other.id,
      modelId: await modelId("yealink-t48g"),
      lines: t.lines,
    });
    expect(Date.parse(res.json.updatedAt)).toBeGreaterThanOrEqual(Date.parse(t.updatedAt));
    expect((await api("GET", `/terminals/${t.id}`)).json).toEqual(res.json);
    const config = await previewText(t.id);
    expect(config).toContain("sip.other.example");
    expect(config).toContain("lang.gui = German");
    expect(passwordIn(config, 1)).toBe("pw-patch-300");

    // Back to the company's own language and time zone.
    const cleared = await api("PATCH", `/terminals/${t.id}`, { language: null, timezone: null });
    expect(cleared.json).toMatchObject({ language: null, timezone: null, name: "New name" });

    // Disabled: the phone gets nothing; enabled again: it does.
    expect((await api("PATCH", `/terminals/${t.id}`, { enabled: false })).json.enabled).toBe(false);
    expect((await phone(`${t.mac}.cfg`, T46G_UA)).status).toBe(404);
    expect((await api("PATCH", `/terminals/${t.id}`, { enabled: true })).json.enabled).toBe(true);
    expect((await phone(`${t.mac}.cfg`, T46G_UA)).status).toBe(200);
  });

  it("PATCH moves a terminal to another MAC, given in any spelling, with or without new lines", async () => {
    const t = await newTerminal({ lines: [{ username: "400", password: "pw-move-400" }] });
    const to = freshMac();
    const res = await api("PATCH", `/terminals/${t.mac}`, { mac: spellings(to).dotted });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ id: t.id, mac: to, lines: t.lines });
    expectError(await api("GET", `/terminals/${t.mac}`), 404, "not_found");
    expect((await phone(`${t.mac}.cfg`, T46G_UA)).status).toBe(404);
    expect((await phone(`${to}.cfg`, T46G_UA)).status).toBe(200);

    const again = freshMac();
    const moved = await api("PATCH", `/terminals/${spellings(to).colonUpper}`, { mac: again, lines: [{ username: "401" }] });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.json).toMatchObject({ id: t.id, mac: again, lines: [{ position: 1, username: "401" }] });
    const config = await previewText(again);
    expect(config).toContain("account.1.user_name = 401");
    expect(passwordIn(config, 1)).toBe("pw-move-400");
  });
});

describe("by id or by MAC in every spelling", () => {
  it("get, PATCH and config find the same terminal", async () => {
    const t = await newTerminal();
    const config = await previewText(t.id);
    for (const [kind, idOrMac] of [["id", String(t.id)], ...Object.entries(spellings(t.mac))]) {
      const got = await api("GET", `/terminals/${idOrMac}`);
      expect(got.status, kind).toBe(200);
      expect(got.json.id, kind).toBe(t.id);

      const patched = await api("PATCH", `/terminals/${idOrMac}`, { name: `via ${kind}` });
      expect(patched.status, kind).toBe(200);
      expect(patched.json).toMatchObject({ id: t.id, name: `via ${kind}` });

      const res = await api("GET", `/terminals/${idOrMac}/config`);
      expect(res.status, kind).toBe(200);
      expect(res.text, kind).toBe(config.replace(/Desk|via \w+/, `via ${kind}`));
    }
  });

  it("delete by each spelling", async () => {
    for (const kind of Object.keys(spellings(freshMac())) as (keyof ReturnType<typeof spellings>)[]) {
      const t = await newTerminal();
      const res = await api("DELETE", `/terminals/${spellings(t.mac)[kind]}`);
      expect(res.status, kind).toBe(204);
      expectError(await api("GET", `/terminals/${t.id}`), 404, "not_found");
    }
  });

  it("an unknown id or MAC, or something that is neither, is a 404 in the error shape", async () => {
    const unknown = freshMac();
    for (const idOrMac of ["999999999", unknown, spellings(unknown).colonUpper, "not-a-terminal", "0", "-1", "1e3", "00:15:65:aa:bb"]) {
      for (const [method, suffix] of [["GET", ""], ["PATCH", ""], ["DELETE", ""], ["GET", "/config"]] as const) {
        const res = await api(method, `/terminals/${encodeURIComponent(idOrMac)}${suffix}`, method === "PATCH" ? { name: "x" } : undefined);
        expectError(res, 404, "not_found");
      }
    }
  });
});

describe("validation names the field", () => {
  async function expectRefused(body: Record<string, unknown>, path: string, status = 400) {
    const res = await api("POST", "/terminals", body);
    expectError(res, status, status === 400 ? "validation_failed" : undefined, path);
    return res;
  }

  it("a MAC that is not a unicast 12-hex address", async () => {
    const company = await newCompany();
    for (const mac of [
      "",
      "00:15:65:aa:bb",
      "00:15:65:aa:bb:cc:dd",
      "001565aabbc",
      "001565aabbccd",
      "gg1565aabbcc",
      "00:15-65:aa:bb:cc",
      "0015.65aa.bbc",
      "0015:65aa:bbcc",
      "00 15 65 aa bb cc",
      // Multicast: the first octet is odd.
      "01:00:5e:00:00:01",
      "03-15-65-aa-bb-cc",
      "331565aabbcc",
      "ff:ff:ff:ff:ff:ff",
      // All zeros.
      "000000000000",
      "00:00:00:00:00:00",
      "0000.0000.0000",
    ]) {
      await expectRefused({ companyId: company.id, model: "yealink-t46g", mac, lines: [{ username: "1" }] }, "mac");
    }
    await expectRefused({ companyId: company.id, model: "yealink-t46g", mac: 0x1565aabbcc }, "mac");
    await expectRefused({ companyId: company.id, model: "yealink-t46g" }, "mac");
    expect((await api("GET", `/terminals?companyId=${company.id}`)).json.items).toEqual([]);
  });

  it("unknown fields, at the top and in a line", async () => {
    const company = await newCompany();
    const base = { companyId: company.id, model: "yealink-t46g", mac: freshMac() };
    await expectRefused({ ...base, colour: "red" }, "colour");
    await expectRefused({ ...base, provisionedAt: "2020-01-01T00:00:00Z" }, "provisionedAt");
    await expectRefused({ ...base, id: 5 }, "id");
    await expectRefused({ ...base, lines: [{ username: "1", secret: "x" }] }, "lines.0.secret");
    expectError(await api("GET", `/terminals/${base.mac}`), 404, "not_found");
  });

  it("CR, LF, NUL and other control characters, which never reach a template", async () => {
    const company = await newCompany();
    const injected = "account.1.sip_server.1.address = evil.example";
    const cases: [(v: string) => Record<string, unknown>, string][] = [
      [(v) => ({ name: v }), "name"],
      [(v) => ({ lines: [{ username: "1", displayName: v }] }), "lines.0.displayName"],
      [(v) => ({ lines: [{ username: "1", password: v }] }), "lines.0.password"],
      [(v) => ({ lines: [{ username: "1" }, { username: "2", password: v }] }), "lines.1.password"],
      [(v) => ({ lines: [{ username: v }] }), "lines.0.username"],
      [(v) => ({ lines: [{ username: "1", authUsername: v }] }), "lines.0.authUsername"],
      [(v) => ({ lines: [{ username: "1", extension: v }] }), "lines.0.extension"],
    ];
    const t = await newTerminal({ companyId: company.id });
    const before = await previewText(t.id);
    for (const bad of [`x\n${injected}`, `x\r\n${injected}`, `x\r${injected}`, `x\u0000${injected}`, `x\u0085y`, `x\u2028y`, `x\ty`, `x\u001by`]) {
      for (const [make, path] of cases) {
        const mac = freshMac();
        await expectRefused({ companyId: company.id, model: "yealink-t46g", mac, ...make(bad) }, path);
        expectError(await api("GET", `/terminals/${mac}`), 404, "not_found");
        expect((await phone(`${mac}.cfg`, T46G_UA)).status).toBe(404);

        // The same values through PATCH of an existing terminal: refused, and its file is unchanged.
        expectError(await api("PATCH", `/terminals/${t.id}`, make(bad)), 400, "validation_failed", path);
      }
    }
    const after = await previewText(t.id);
    expect(after).toBe(before);
    expect(after).not.toContain("evil.example");
  });

  it("spaces in SIP identities; empty and over-long values", async () => {
    const company = await newCompany();
    const base = { companyId: company.id, model: "yealink-t46g", mac: freshMac() };
    await expectRefused({ ...base, lines: [{ username: "10 01" }] }, "lines.0.username");
    await expectRefused({ ...base, lines: [{ username: "" }] }, "lines.0.username");
    await expectRefused({ ...base, lines: [{ displayName: "No user" }] }, "lines.0.username");
    await expectRefused({ ...base, lines: [{ username: "1", password: "" }] }, "lines.0.password");
    await expectRefused({ ...base, lines: [{ username: "1", password: "p".repeat(129) }] }, "lines.0.password");
    await expectRefused({ ...base, name: "n".repeat(101) }, "name");
    await expectRefused({ ...base, lines: [{ username: "1", displayName: "d".repeat(101) }] }, "lines.0.displayName");
  });

  it("time zone, language, enabled and companyId of the wrong kind", async () => {
    const company = await newCompany();
    const base = { companyId: company.id, model: "yealink-t46g", mac: freshMac() };
    for (const timezone of ["Mars/Olympus", "Europe/Madird", "GMT+25", ""]) await expectRefused({ ...base, timezone }, "timezone");
    for (const language of ["xx", "english", "e", ""]) await expectRefused({ ...base, language }, "language");
    await expectRefused({ ...base, enabled: "yes" }, "enabled");
    await expectRefused({ ...base, companyId: String(company.id) }, "companyId");
    await expectRefused({ ...base, companyId: -1 }, "companyId");
  });

  it("model: a bad slug, both modelId and model, neither, or one that does not exist", async () => {
    const company = await newCompany();
    const base = { companyId: company.id, mac: freshMac() };
    await expectRefused({ ...base, model: "Yealink T46G" }, "model");
    await expectRefused({ ...base, model: "yealink_t46g" }, "model");
    await expectRefused({ ...base, model: "yealink-t46g", modelId: await modelId("yealink-t46g") }, "modelId");
    await expectRefused({ ...base, model: "yealink-t46g", modelId: await modelId("yealink-t48g") }, "modelId");
    await expectRefused({ ...base }, "modelId");
    await expectRefused({ ...base, modelId: 999999999 }, "modelId");
    await expectRefused({ ...base, model: "no-such-model" }, "model");
    await expectRefused({ ...base, modelId: "yealink-t46g" }, "modelId");
    expectError(await api("GET", `/terminals/${base.mac}`), 404, "not_found");
  });

  it("a company that does not exist", async () => {
    const mac = freshMac();
    await expectRefused({ companyId: 999999999, model: "yealink-t46g", mac }, "companyId");
    // Both problems at once when both are wrong.
    const both = await expectRefused({ companyId: 999999999, model: "no-such-model", mac }, "companyId");
    expect(both.json.error.details.map((d: { path: string }) => d.path)).toContain("model");
    expectError(await api("GET", `/terminals/${mac}`), 404, "not_found");
  });

  it("line positions above the model's maxLines, or given twice", async () => {
    const company = await newCompany();
    const base = { companyId: company.id, model: "yealink-t21p", mac: freshMac() }; // 2 lines
    await expectRefused({ ...base, lines: [{ username: "1", position: 3 }] }, "lines.0.position");
    await expectRefused({ ...base, lines: [{ username: "1" }, { username: "2" }, { username: "3" }] }, "lines.2.position");
    await expectRefused({ ...base, lines: [{ username: "1", position: 0 }] }, "lines.0.position");
    await expectRefused({ ...base, lines: [{ username: "1", position: 65 }] }, "lines.0.position");
    await expectRefused({ ...base, lines: [{ username: "1", position: 1.5 }] }, "lines.0.position");
    await expectRefused({ ...base, lines: [{ username: "1" }, { username: "2", position: 1 }] }, "lines.1.position");
    await expectRefused({ ...base, lines: [{ username: "1", position: 2 }, { username: "2", position: 2 }] }, "lines.1.position");
    const tooMany = Array.from({ length: 65 }, (_, i) => ({ username: String(i) }));
    await expectRefused({ ...base, model: "yealink-t46g", lines: tooMany }, "lines");
    expectError(await api("GET", `/terminals/${base.mac}`), 404, "not_found");

    // The model's own limit is fine, in any order.
    const ok = await api("POST", "/terminals", { ...base, lines: [{ username: "2", position: 2 }, { username: "1", position: 1 }] });
    expect(ok.status, ok.text).toBe(201);
    expect(ok.json.lines.map((l: { position: number }) => l.position)).toEqual([1, 2]);
  });
});

describe("409 on a MAC already in use", () => {
  it("given again in any spelling, on create", async () => {
    const original = await newTerminal({ lines: [{ username: "500", password: "pw-dup-500" }] });
    const before = await api("GET", `/terminals/${original.id}`);
    const other = await newCompany();
    for (const spelling of Object.values(spellings(original.mac))) {
      const res = await api("POST", "/terminals", {
        companyId: other.id,
        model: "cisco-spa504g",
        mac: spelling,
        lines: [{ username: "999", password: "pw-dup-999" }],
      });
      expectError(res, 409, "conflict", "mac");
    }
    expect((await api("GET", `/terminals?mac=${original.mac}`)).json.items).toHaveLength(1);
    expect((await api("GET", `/terminals?companyId=${other.id}`)).json.items).toEqual([]);
    expect((await api("GET", `/terminals/${original.id}`)).json).toEqual(before.json);
    expect(passwordIn(await previewText(original.mac), 1)).toBe("pw-dup-500");
  });

  it("given to another terminal by PATCH, in any spelling", async () => {
    const taken = await newTerminal();
    const mover = await newTerminal({ name: "Mover" });
    const before = await api("GET", `/terminals/${mover.id}`);
    for (const spelling of Object.values(spellings(taken.mac))) {
      expectError(await api("PATCH", `/terminals/${mover.id}`, { mac: spelling, name: "Moved" }), 409, "conflict", "mac");
    }
    expect((await api("GET", `/terminals/${mover.id}`)).json).toEqual(before.json);
    // Its own MAC in another spelling is no conflict.
    expect((await api("PATCH", `/terminals/${mover.id}`, { mac: spellings(mover.mac).colonUpper })).status).toBe(200);
  });
});

describe("SIP passwords are write-only", () => {
  it("no response of any route holds a password given on create or PATCH", async () => {
    const company = await newCompany();
    const secrets = [`Alpha${RUN}q7Zr`, `Bravo${RUN}m3Xk`, `Charlie${RUN}w9Pv`, `Delta${RUN}t2Ln`] as const;
    const seen: { what: string; text: string }[] = [];
    const record = <R extends { text: string; headers: Headers }>(what: string, res: R): R => {
      seen.push({ what, text: res.text + JSON.stringify([...res.headers]) });
      return res;
    };

    const created = record(
      "create",
      await api("POST", "/terminals", {
        companyId: company.id,
        model: "yealink-t46g",
        mac: freshMac(),
        name: "Secretive",
        lines: [
          { username: "600", password: secrets[0], displayName: "Six hundred" },
          { username: "601", password: secrets[1] },
        ],
      }),
    );
    expect(created.status).toBe(201);
    const t = created.json;
    const cisco = record(
      "create cisco",
      await api("POST", "/terminals", { companyId: company.id, model: "cisco-spa504g", mac: freshMac(), lines: [{ username: "602", password: secrets[2] }] }),
    );
    expect(cisco.status).toBe(201);

    record("get by id", await api("GET", `/terminals/${t.id}`));
    for (const spelling of Object.values(spellings(t.mac))) record(`get ${spelling}`, await api("GET", `/terminals/${spelling}`));
    record("list company", await api("GET", `/terminals?companyId=${company.id}`));
    record("list mac", await api("GET", `/terminals?mac=${t.mac}`));
    record("list q", await api("GET", "/terminals?q=Secretive"));
    record("list all", await api("GET", "/terminals?limit=500"));
    record("patch name", await api("PATCH", `/terminals/${t.id}`, { name: "Still secretive" }));
    record("patch lines", await api("PATCH", `/terminals/${t.id}`, { lines: [{ username: "600" }, { username: "601", password: secrets[3] }] }));
    record("export csv", await api("GET", `/terminals/export?format=csv&companyId=${company.id}`));
    record("export json", await api("GET", `/terminals/export?format=json&companyId=${company.id}`));
    record("export all", await api("GET", "/terminals/export"));

    // Failing requests that carry a password.
    const failing = [
      { companyId: company.id, model: "yealink-t46g", mac: t.mac, lines: [{ username: "1", password: secrets[0] }] }, // 409
      { companyId: company.id, model: "yealink-t46g", mac: "01:00:5e:00:00:01", lines: [{ username: "1", password: secrets[0] }] },
      { companyId: 999999999, model: "yealink-t46g", mac: freshMac(), lines: [{ username: "1", password: secrets[0] }] },
      { companyId: company.id, model: "yealink-t21p", mac: freshMac(), lines: [{ username: "1", position: 9, password: secrets[0] }] },
      { companyId: company.id, model: "yealink-t46g", mac: freshMac(), lines: [{ username: "1", password: `${secrets[0]}\n` }] },
      { companyId: company.id, model: "yealink-t46g", mac: freshMac(), lines: [{ username: "1", password: secrets[0].repeat(20) }] },
      { companyId: company.id, model: "yealink-t46g", mac: freshMac(), lines: [{ username: "1", password: secrets[0], pin: secrets[1] }] },
      { companyId: company.id, model: "yealink-t46g", mac: freshMac(), sipPassword: secrets[0] },
    ];
    for (const [i, body] of failing.entries()) {
      const res = record(`failing create ${i}`, await api("POST", "/terminals", body));
      expect(res.status, res.text).toBeGreaterThanOrEqual(400);
    }
    record("failing json", await api("POST", "/terminals", `{"lines":[{"password":"${secrets[0]}"`));
    record("failing patch", await api("PATCH", `/terminals/${t.id}`, { lines: [{ username: "600", password: `${secrets[0]}\r` }] }));
    record("failing patch 409", await api("PATCH", `/terminals/${t.id}`, { mac: cisco.json.mac, lines: [{ username: "1", password: secrets[1] }] }));
    record("failing import", await api("POST", "/terminals/import", [{ companyId: company.id, model: "yealink-t46g", mac: "nope", lines: [{ username: "1", password: secrets[0] }] }]));

    for (const { what, text } of seen) {
      for (const secret of secrets) expect(text, `${what} holds ${secret}`).not.toContain(secret);
      expect(text, what).not.toMatch(/"password"\s*:/);
    }

    // The passwords are stored: the config preview, and only it, shows them.
    const config = await previewText(t.mac);
    expect(passwordIn(config, 1)).toBe(secrets[0]);
    expect(passwordIn(config, 2)).toBe(secrets[3]);
    expect(passwordIn(await previewText(cisco.json.id), 1)).toBe(secrets[2]);
    record("delete", await api("DELETE", `/terminals/${t.id}`));
    for (const secret of secrets) expect(seen.at(-1)!.text).not.toContain(secret);
  });

  it("a line without a password gets a generated one: 20+ characters, different every time", async () => {
    const company = await newCompany();
    const a = await newTerminal({ companyId: company.id, lines: [{ username: "700" }, { username: "701" }] });
    const b = await newTerminal({ companyId: company.id, lines: [{ username: "700" }] });
    const c = await newTerminal({ companyId: company.id, model: "cisco-spa504g", lines: [{ username: "702" }] });
    const configA = await previewText(a.mac);
    const generated = [passwordIn(configA, 1), passwordIn(configA, 2), passwordIn(await previewText(b.mac), 1), passwordIn(await previewText(c.mac), 1)];
    for (const password of generated) {
      expect(password).toBeDefined();
      expect(password!.length).toBeGreaterThanOrEqual(20);
      // Nothing a keypad, a key = value file or an XML element would trip over.
      expect(password).toMatch(/^[A-Za-z0-9]+$/);
    }
    expect(new Set(generated).size).toBe(generated.length);
    // Not shown by the API itself.
    const got = await api("GET", `/terminals/${a.id}`);
    for (const password of generated) expect(got.text).not.toContain(password!);
  });

  it("PATCH lines without a password keep the old one; with one, change it", async () => {
    const t = await newTerminal({
      lines: [
        { username: "800", password: "pw-keep-800" },
        { username: "801", password: "pw-keep-801" },
      ],
    });
    const passwords = async () => {
      const config = await previewText(t.id);
      return [passwordIn(config, 1), passwordIn(config, 2)];
    };

    // No lines: nothing about them changes.
    expect((await api("PATCH", `/terminals/${t.id}`, { name: "Renamed" })).status).toBe(200);
    expect(await passwords()).toEqual(["pw-keep-800", "pw-keep-801"]);

    // Lines without passwords: new names, the old passwords at their positions.
    const kept = await api("PATCH", `/terminals/${t.id}`, {
      lines: [
        { username: "810", displayName: "Ten" },
        { username: "811", displayName: "Eleven" },
      ],
    });
    expect(kept.status, kept.text).toBe(200);
    expect(kept.json.lines.map((l: { username: string }) => l.username)).toEqual(["810", "811"]);
    expect(await passwords()).toEqual(["pw-keep-800", "pw-keep-801"]);
    const config = await previewText(t.id);
    expect(config).toContain("account.1.user_name = 810");
    expect(config).toContain("account.2.display_name = Eleven");

    // A new password for line 2 only.
    const changed = await api("PATCH", `/terminals/${t.id}`, { lines: [{ username: "810" }, { username: "811", password: "pw-new-811" }] });
    expect(changed.status, changed.text).toBe(200);
    expect(await passwords()).toEqual(["pw-keep-800", "pw-new-811"]);

    // Positions given explicitly, in another order, still keep theirs.
    const reordered = await api("PATCH", `/terminals/${t.id}`, { lines: [{ position: 2, username: "811" }, { position: 1, username: "810" }] });
    expect(reordered.status, reordered.text).toBe(200);
    expect(await passwords()).toEqual(["pw-keep-800", "pw-new-811"]);

    // A position that had no line gets a fresh generated password, not another line's.
    const added = await api("PATCH", `/terminals/${t.id}`, { lines: [{ username: "810" }, { username: "811" }, { username: "812" }] });
    expect(added.status, added.text).toBe(200);
    const third = passwordIn(await previewText(t.id), 3)!;
    expect(third.length).toBeGreaterThanOrEqual(20);
    expect(["pw-keep-800", "pw-new-811"]).not.toContain(third);
  });
});

describe("the config preview is what the phone gets", () => {
  async function expectSameAsPhone(idOrMac: string | number, phonePath: string, userAgent: string, contentType: string) {
    const shown = await preview(idOrMac);
    expect(shown.status).toBe(200);
    expect(shown.headers.get("content-type")).toBe(contentType);
    const served = await phoneFile(phonePath, userAgent);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe(contentType);
    expect(shown.bytes.length).toBeGreaterThan(0);
    expect(shown.bytes).toEqual(served.bytes);
    return new TextDecoder().decode(shown.bytes);
  }

  /** provisionedAt is written in the background (waitUntil): give it a moment to arrive. */
  async function eventualProvisionedAt(id: number) {
    for (let i = 0; i < 40; i++) {
      const value = (await api("GET", `/terminals/${id}`)).json.provisionedAt;
      if (value !== null) return value;
      await new Promise((r) => setTimeout(r, 25));
    }
    return null;
  }

  it("Yealink: <mac>.cfg byte for byte, text/plain, and the preview does not count as provisioning", async () => {
    const company = await newCompany({ sipDomain: "sip.yealink.example", sipProxy: "proxy.yealink.example:5070", language: "es", timezone: "Europe/Madrid" });
    const t = await newTerminal({
      companyId: company.id,
      model: "yealink-t46g",
      name: "Reception & Co",
      lines: [
        { username: "900", authUsername: "auth900", password: "pw-preview-900", displayName: "Reception", extension: "900" },
        { position: 4, username: "904", password: "pw-preview-904", displayName: "Back office" },
      ],
    });
    for (const idOrMac of [t.id, t.mac, spellings(t.mac).colonUpper, spellings(t.mac).dotted]) {
      const text = await expectSameAsPhone(idOrMac, `${t.mac}.cfg`, T46G_UA, "text/plain; charset=utf-8");
      expect(text).toContain("account.1.password = pw-preview-900");
      expect(text).toContain("account.4.user_name = 904");
      expect(text).toContain("account.1.outbound_proxy.1.port = 5070");
      expect(text).toContain("lang.gui = Spanish");
    }
    // The phone's own spellings of its file name get the same bytes.
    const served = await phoneFile(`${t.mac.toUpperCase()}.cfg`, T46G_UA);
    expect(served.bytes).toEqual((await preview(t.mac)).bytes);

    // Previews alone do not count as provisioning (the phone fetches above did, so a fresh terminal).
    const fresh = await newTerminal({ companyId: company.id, lines: [{ username: "910", password: "pw-preview-910" }] });
    for (let i = 0; i < 3; i++) expect((await preview(fresh.mac)).status).toBe(200);
    expect((await preview(fresh.id)).status).toBe(200);
    const afterPreview = await api("GET", `/terminals/${fresh.id}`);
    expect(afterPreview.json).toMatchObject({ provisionedAt: null, provisionedIp: null, provisionedUserAgent: null });
    expect(afterPreview.json.updatedAt).toBe(fresh.updatedAt);

    // Whereas a real fetch does (so the check above can fail).
    expect((await phone(`${fresh.mac}.cfg`, T46G_UA)).status).toBe(200);
    expect(await eventualProvisionedAt(fresh.id)).not.toBeNull();
  });

  it("Cisco SPA: <mac>.xml byte for byte, application/xml, values XML-escaped", async () => {
    const company = await newCompany({ sipDomain: "sip.cisco.example", language: "fr", timezone: "America/New_York" });
    const t = await newTerminal({
      companyId: company.id,
      model: "cisco-spa504g",
      name: `Sales <"&'> floor`,
      lines: [
        { username: "950", password: `pw<&>"'950`, displayName: "Sales & Support" },
        { position: 3, username: "953", displayName: "<Three>" },
      ],
    });
    for (const idOrMac of [t.id, t.mac, spellings(t.mac).dashLower]) {
      const text = await expectSameAsPhone(idOrMac, `${t.mac}.xml`, SPA504G_UA, "application/xml; charset=utf-8");
      expect(text).toContain("<Station_Name>Sales &lt;&quot;&amp;&apos;&gt; floor</Station_Name>");
      expect(text).toContain("<Password_1_>pw&lt;&amp;&gt;&quot;&apos;950</Password_1_>");
      expect(text).toContain("<Display_Name_3_>&lt;Three&gt;</Display_Name_3_>");
      expect(text).toContain("<Language_Selection>French</Language_Selection>");
      expect(text).toContain("<Line_Enable_2_>No</Line_Enable_2_>");
    }
  });

  it("a model outside the catalog, with its own pattern and a custom template", async () => {
    const manufacturers = await api("GET", "/manufacturers?q=yealink");
    const yealink = manufacturers.json.items.find((m: { iden: string }) => m.iden === "yealink");
    const iden = `custom-${RUN}-${next()}`;
    const model = await api("POST", "/models", {
      manufacturerId: yealink.id,
      iden,
      name: "Custom",
      genericFile: `${iden}.cfg`,
      specificPattern: "phones/cfg-{mac}.cfg",
      format: "text",
      maxLines: 2,
      templateSet: "yealink",
    });
    expect(model.status, model.text).toBe(201);
    const template = "#!version:1.0.0.1\nmac = {{mac}}\n{{#lines}}user.{{position}} = {{username}}\npass.{{position}} = {{password}}\n{{/lines}}";
    const put = await api("PUT", `/models/${model.json.id}/templates/specific`, { template });
    expect(put.status, put.text).toBe(200);
    const t = await newTerminal({ modelId: model.json.id, lines: [{ username: "960", password: "pw-custom-960" }] });
    const text = await expectSameAsPhone(t.mac, `phones/cfg-${t.mac}.cfg`, "Yealink SIP-T46G 28.83.0.50", "text/plain; charset=utf-8");
    expect(text).toBe(`#!version:1.0.0.1\nmac = ${t.mac}\nuser.1 = 960\npass.1 = pw-custom-960\n`);
  });

  it("a disabled terminal: the phone gets a 404; an unknown one is a 404 in the API's error shape", async () => {
    const t = await newTerminal({ enabled: false });
    expect((await phone(`${t.mac}.cfg`, T46G_UA)).status).toBe(404);
    expect((await preview(t.mac)).status).toBe(200);
    expectError(await api("GET", `/terminals/${freshMac()}/config`), 404, "not_found");
  });
});

describe("a failed request changes nothing", () => {
  it("PATCHes refused by validation, by a conflict or by the body leave the terminal and its lines as they were", async () => {
    const company = await newCompany();
    const t = await newTerminal({
      companyId: company.id,
      model: "yealink-t46g",
      name: "Untouchable",
      language: "it",
      timezone: "Europe/Rome",
      lines: [
        { username: "1000", password: "pw-keep-1000", displayName: "One" },
        { username: "1001", password: "pw-keep-1001", displayName: "Two" },
        { username: "1002", password: "pw-keep-1002", displayName: "Three" },
      ],
    });
    const other = await newTerminal({ companyId: company.id });
    const snapshot = async () => ({
      json: (await api("GET", `/terminals/${t.id}`)).json,
      config: await previewText(t.id),
      lines: await storedLines(t.id),
    });
    const before = await snapshot();
    expect(before.lines).toHaveLength(3);

    const newLines = [{ username: "2000", password: "pw-changed" }];
    const attempts: [unknown, number, string | undefined][] = [
      [{ name: "Changed", lines: [{ username: "x", displayName: "a\nb" }] }, 400, "lines.0.displayName"],
      [{ name: "Changed\r\n" }, 400, "name"],
      [{ name: "Changed", lines: [...newLines, { username: "2001", position: 17 }] }, 400, "lines.1.position"],
      [{ name: "Changed", lines: [...newLines, { username: "2001", position: 1 }] }, 400, "lines.1.position"],
      [{ name: "Changed", companyId: 999999999, lines: newLines }, 400, "companyId"],
      [{ name: "Changed", modelId: 999999999, lines: newLines }, 400, "modelId"],
      [{ name: "Changed", model: "no-such-model" }, 400, "model"],
      [{ name: "Changed", model: "yealink-t46g", modelId: t.modelId }, 400, "modelId"],
      // A model with fewer lines than the terminal uses (line 3 on a 2-line T21P).
      [{ name: "Changed", model: "yealink-t21p" }, 400, "model"],
      [{ name: "Changed", modelId: await modelId("yealink-t21p") }, 400, "modelId"],
      [{ name: "Changed", mac: "01:00:5e:00:00:01" }, 400, "mac"],
      [{ name: "Changed", mac: "000000000000" }, 400, "mac"],
      [{ name: "Changed", timezone: "Nowhere/City" }, 400, "timezone"],
      [{ name: "Changed", language: "klingon" }, 400, "language"],
      [{ name: "Changed", enabled: "no" }, 400, "enabled"],
      [{ name: "Changed", favourite: true }, 400, "favourite"],
      [{ name: "Changed", lines: [{ username: "x", password: "a\u0000b" }] }, 400, "lines.0.password"],
      [{ name: "Changed", mac: spellings(other.mac).dotted, lines: newLines }, 409, "mac"],
    ];
    for (const [body, status, path] of attempts) {
      const res = await api("PATCH", `/terminals/${t.mac}`, body);
      expectError(res, status, undefined, path);
      expect(await snapshot(), JSON.stringify(body)).toEqual(before);
    }

    expectError(await api("PATCH", `/terminals/${t.id}`, '{"name": "Changed"'), 400);
    expectError(await api("PATCH", `/terminals/${t.id}`, "name=Changed", { type: "application/x-www-form-urlencoded" }), 415, "unsupported_media_type");
    expectError(await api("PATCH", `/terminals/${t.id}`, { name: "Changed", pad: "x".repeat(1024 * 1024) }), 413, "payload_too_large");
    expect(await snapshot()).toEqual(before);

    // And the phone still gets exactly the old file.
    const served = await phone(`${t.mac}.cfg`, T46G_UA);
    expect(served.text).toBe(before.config);
  });

  it("a refused create leaves no terminal and no lines behind", async () => {
    const company = await newCompany();
    const mac = freshMac();
    const res = await api("POST", "/terminals", {
      companyId: company.id,
      model: "yealink-t21p",
      mac,
      lines: [{ username: "1" }, { username: "2" }, { username: "3" }],
    });
    expectError(res, 400, "validation_failed", "lines.2.position");
    expectError(await api("GET", `/terminals/${mac}`), 404, "not_found");
    const orphans = await env.DB.prepare(
      "select count(*) as n from terminal_lines where terminal_id not in (select id from terminals)",
    ).first<number>("n");
    expect(orphans).toBe(0);
  });
});
