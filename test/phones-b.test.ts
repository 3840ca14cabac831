// Cisco SPA and MPP, Grandstream and Fanvil files as their phones read them (each family's phone.ts, written
// from the vendors' guides, templates/<family>/NOTES.md): daylight saving the vendor's way in both hemispheres
// and for zones without DST, SIP transport and port per line, the NTP server (the real User-Agents under
// checkUserAgent: test/user-agents.test.ts), the SPA's plain-HTTP policy, Grandstream's binary cfg<mac>, and a
// Fanvil version that rises with every change made through the API.
import { exports } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { ciscoRegional, ciscoSipOf } from "../templates/cisco-spa/phone";
import { fanvilApplies, fanvilSipOf, fanvilTime, fanvilVersionOf } from "../templates/fanvil/phone";
import { grandstreamSipOf, grandstreamTime } from "../templates/grandstream/phone";
import { terminals, type Policy } from "../src/db/schema";
import { api } from "./api";
import { createCompany, createTerminal, db, modelByIden, uniqueMac } from "./fixtures";
import { phoneOf } from "./phones";

let clients = 0;
/** GET a file as one phone would, from a client IP of its own unless told. */
async function get(url: string, opts: { ua?: string; ip?: string } = {}) {
  const headers: Record<string, string> = { "cf-connecting-ip": opts.ip ?? `2001:db8:b0:${(++clients).toString(16)}::1` };
  if (opts.ua) headers["user-agent"] = opts.ua;
  const res = await exports.default.fetch(url, { headers });
  return { status: res.status, body: await res.text() };
}

const HTTPS = "https://prov.test/provision";

/** The MAC file of a new terminal of `model` in a company with `company` settings, read by the family's phone. */
async function macFile(model: string, company: Parameters<typeof createCompany>[0] = {}, lines?: { username: string; password: string; position?: number }[]) {
  const { id } = await createCompany(company);
  const { terminal, model: row } = await createTerminal({ model, companyId: id, mac: uniqueMac("0c383e"), lines });
  const res = await get(`${HTTPS}/${row.specificPattern.replace("{mac}", terminal.mac)}`);
  expect(res.status, res.body).toBe(200);
  return { settings: phoneOf(row.templateSet).parse(res.body), body: res.body, terminal };
}

// One model of each file format of the four families.
const CISCO = ["cisco-spa504g", "cisco-8851-3pcc"];
const GRANDSTREAM = ["grandstream-gxp2170", "grandstream-grp2614"];
const FANVIL = ["fanvil-x4", "fanvil-x4u"];

describe("daylight saving, the vendor's way", () => {
  // Weekday 1 Monday .. 7 Sunday, day -1 the last, local times (cisco-spa/NOTES.md).
  it.each(CISCO)("%s: Time_Zone is the standard offset, the rule when DST starts and ends", async (model) => {
    const madrid = ciscoRegional((await macFile(model, { timezone: "Europe/Madrid" })).settings);
    expect(madrid.timeZone).toBe("GMT+01:00");
    expect(madrid.dst).toEqual({ start: { month: 3, day: -1, weekday: 7, time: "2:0:0" }, end: { month: 10, day: -1, weekday: 7, time: "3:0:0" }, save: "1:0:0" });
    const sydney = ciscoRegional((await macFile(model, { timezone: "Australia/Sydney" })).settings);
    expect(sydney.timeZone).toBe("GMT+10:00");
    expect(sydney.dst).toEqual({ start: { month: 10, day: 1, weekday: 7, time: "2:0:0" }, end: { month: 4, day: 1, weekday: 7, time: "3:0:0" }, save: "1:0:0" });
    for (const [zone, offset] of [["Asia/Kolkata", "GMT+05:30"], ["Asia/Kathmandu", "GMT+05:45"], ["UTC", "GMT"]]) {
      const { settings } = await macFile(model, { timezone: zone });
      expect(ciscoRegional(settings), zone).toMatchObject({ timeZone: offset, dst: null });
      expect(settings.get("Daylight_Saving_Time_Enable")).toBe("No");
    }
  });

  it.each(GRANDSTREAM)("%s: a self-defined POSIX zone with its DST rule, not overridden by DHCP", async (model) => {
    const zoneOf = async (timezone: string) => grandstreamTime((await macFile(model, { timezone })).settings);
    expect(await zoneOf("Europe/Madrid")).toEqual({ zone: "STD-1DST-2,M3.5.0/02:00:00,M10.5.0/03:00:00", dhcpMayOverride: false, ntpServer: "pool.ntp.org" });
    expect((await zoneOf("Australia/Sydney")).zone).toBe("STD-10DST-11,M10.1.0/02:00:00,M4.1.0/03:00:00");
    expect((await zoneOf("Asia/Kolkata")).zone).toBe("STD-5:30");
    expect((await zoneOf("Asia/Kathmandu")).zone).toBe("STD-5:45");
    expect((await zoneOf("America/New_York")).zone).toBe("STD+5DST+4,M3.2.0/02:00:00,M11.1.0/02:00:00");
  });

  it.each(FANVIL)("%s: TimeZone in standard quarter hours, EnableDST 2 with the rule (week -1 the last, weekday 0 Sunday)", async (model) => {
    const madrid = fanvilTime((await macFile(model, { timezone: "Europe/Madrid" })).settings);
    expect(madrid).toMatchObject({ quarterHours: 4, name: "UTC+1" });
    expect(madrid.dst).toEqual({ savingMinutes: 60, start: { month: 3, week: -1, weekday: 0, hour: 2, minute: 0 }, end: { month: 10, week: -1, weekday: 0, hour: 3, minute: 0 } });
    const sydney = fanvilTime((await macFile(model, { timezone: "Australia/Sydney" })).settings);
    expect(sydney).toMatchObject({ quarterHours: 40, name: "UTC+10" });
    expect(sydney.dst).toEqual({ savingMinutes: 60, start: { month: 10, week: 1, weekday: 0, hour: 2, minute: 0 }, end: { month: 4, week: 1, weekday: 0, hour: 3, minute: 0 } });
    expect(fanvilTime((await macFile(model, { timezone: "Asia/Kolkata" })).settings)).toMatchObject({ quarterHours: 22, name: "UTC+5:30", dst: null });
    expect(fanvilTime((await macFile(model, { timezone: "Asia/Kathmandu" })).settings)).toMatchObject({ quarterHours: 23, name: "UTC+5:45", dst: null });
    expect(fanvilTime((await macFile(model, { timezone: "America/Sao_Paulo" })).settings)).toMatchObject({ quarterHours: -12, name: "UTC-03", dst: null });
  });
});

describe("transport, port and NTP", () => {
  const lines = [{ username: "501", password: "a-secret" }, { position: 2, username: "502", password: "b-secret" }];
  const sipOf = (model: string) =>
    model.startsWith("cisco") ? ciscoSipOf : model.startsWith("grandstream") ? grandstreamSipOf : fanvilSipOf;
  const tls = (model: string) => (model.startsWith("cisco") ? "TLS" : model.startsWith("grandstream") ? "TlsOrTcp" : "tls");
  const udp = (model: string) => (model.startsWith("cisco") ? "UDP" : model.startsWith("grandstream") ? "UDP" : "udp");

  it.each([...CISCO, ...GRANDSTREAM, ...FANVIL])("%s: a TLS company's lines are on TLS 5061, a UDP one's on 5060; its NTP server", async (model) => {
    const secure = await macFile(model, { transport: "tls", ntpServer: "ntp.acme.example" }, lines);
    expect(sipOf(model)(secure.settings, 1)).toEqual({ transport: tls(model), port: "5061" });
    expect(sipOf(model)(secure.settings, 2)).toEqual({ transport: tls(model), port: "5061" });
    const ntp = model.startsWith("cisco") ? ciscoRegional(secure.settings).ntpServer : model.startsWith("grandstream") ? grandstreamTime(secure.settings).ntpServer : fanvilTime(secure.settings).ntpServer;
    expect(ntp).toBe("ntp.acme.example");
    const plain = await macFile(model, {}, lines);
    expect(sipOf(model)(plain.settings, 1)).toEqual({ transport: udp(model), port: "5060" });
    // The registrar is still the SIP domain, as the phone reads it.
    expect(phoneOf(model.split("-")[0] === "cisco" ? (model.includes("3pcc") ? "cisco-mpp" : "cisco-spa") : model.split("-")[0]!).line(secure.settings, 1).registrar).toBe("sip.acme.example");
  });

  it("a terminal's own transport and port win over its company's", async () => {
    const { id } = await createCompany({ transport: "tls" });
    const { terminal } = await createTerminal({ model: "grandstream-gxp1630", companyId: id, mac: uniqueMac("c074ad") });
    await db.update(terminals).set({ transport: "tcp", sipPort: 5070 }).where(eq(terminals.id, terminal.id));
    const res = await get(`${HTTPS}/cfg${terminal.mac}.xml`);
    expect(grandstreamSipOf(phoneOf("grandstream").parse(res.body), 1)).toEqual({ transport: "TCP", port: "5070" });
  });

  it("Grandstream P-value files use the numbers of Grandstream's own template: account 1 irregular, account 2 P4NN", async () => {
    const { body } = await macFile("grandstream-gxp2170", { transport: "tls", sipDomain: "sip.gs.example" }, lines);
    for (const element of ["<P271>1</P271>", "<P47>sip.gs.example:5061</P47>", "<P130>2</P130>", "<P35>501</P35>", "<P34>a-secret</P34>",
      "<P401>1</P401>", "<P402>sip.gs.example:5061</P402>", "<P448>2</P448>", "<P404>502</P404>", "<P406>b-secret</P406>",
      "<P64>customize</P64>", "<P143>0</P143>", "<P30>pool.ntp.org</P30>", "<P501>0</P501>"]) {
      expect(body).toContain(element);
    }
    expect(body).toContain('<config version="1">');
    // GRP261x reads alias names.
    expect((await macFile("grandstream-grp2614")).body).toContain('<config version="2">');
  });
});

describe("language values", () => {
  it("Grandstream: Czech is cs in P-values and cz in alias files, Swedish se in both", async () => {
    expect((await macFile("grandstream-gxp1630", { language: "cs" })).body).toContain("<P1362>cs</P1362>");
    expect((await macFile("grandstream-grp2614", { language: "cs" })).settings.get("language.gui")).toBe("cz");
    expect((await macFile("grandstream-gxp1630", { language: "sv" })).body).toContain("<P1362>se</P1362>");
    expect(phoneOf("grandstream").languages((await macFile("grandstream-grp2614", { language: "sv" })).settings)).toEqual(["Swedish"]);
  });

  it("Fanvil: numbers on the X2-X6, codes on the X7, X7C and X-U", async () => {
    expect((await macFile("fanvil-x4", { language: "fr" })).settings.get("phone.display.DefaultLanguage")).toBe("4");
    expect((await macFile("fanvil-x7c", { language: "fr" })).settings.get("phone.display.DefaultLanguage")).toBe("fr");
    expect((await macFile("fanvil-x6u", { language: "cs" })).settings.get("phone.display.DefaultLanguage")).toBe("cz");
  });
});

describe("Cisco SPA over plain HTTP", () => {
  async function spaTerminal(policy: Policy) {
    const { id } = await createCompany({ policy });
    return (await createTerminal({ model: "cisco-spa508g", companyId: id, mac: uniqueMac("0002fd") })).terminal;
  }

  it("its generic file names the MAC file over plain HTTP in Profile_Rule_B, leaving Profile_Rule alone", async () => {
    const generic = phoneOf("cisco-spa").parse((await get("http://prov.test/provision/spa508G.cfg")).body);
    expect(generic.get("Profile_Rule_B")).toBe("http://prov.test/provision/$MA.xml");
    expect(generic.has("Profile_Rule")).toBe(false);
    expect(generic.get("Resync_Error_Retry_Delay")).not.toBe("0");
  });

  it("is refused without the policy, served with it, and only to the listed family", async () => {
    const plain = (mac: string) => get(`http://prov.test/provision/${mac}.xml`, { ip: "2001:db8:b1::1" });
    expect((await plain((await spaTerminal({})).mac)).status).toBe(404);
    const allowed = await spaTerminal({ allowHttpFor: ["cisco-spa"], allowedNetworks: ["2001:db8:b1::/48"] });
    const res = await plain(allowed.mac);
    expect(res.status).toBe(200);
    // From then on the phone resyncs straight to its MAC file over the same plain HTTP.
    const own = phoneOf("cisco-spa").parse(res.body);
    expect(own.get("Profile_Rule")).toBe("http://prov.test/provision/$MA.xml");
    expect(own.get("Profile_Rule_B")).toBe("");
    // Outside the allowed network, refused.
    expect((await get(`http://prov.test/provision/${allowed.mac}.xml`, { ip: "2001:db8:b2::1" })).status).toBe(404);
    // An MPP of the same company is not an SPA: HTTPS only.
    const company = (await db.query.terminals.findFirst({ where: eq(terminals.id, allowed.id) }))!.companyId;
    const mpp = await createTerminal({ model: "cisco-8851-3pcc", companyId: company, mac: uniqueMac("00562b") });
    expect((await plain(mpp.terminal.mac)).status).toBe(404);
  });

  it("the API takes the policy only beside Digest auth or allowedNetworks, and keeps it that way", async () => {
    const bare = await api("POST", "/companies", { name: "SPA", sipDomain: "sip.spa.example", policy: { allowHttpFor: ["cisco-spa"] } });
    expect(bare.status).toBe(400);
    expect(bare.json.error.details[0].path).toBe("policy.allowHttpFor");
    const basic = await api("POST", "/companies", { name: "SPA", sipDomain: "sip.spa.example", policy: { allowHttpFor: ["cisco-spa"], auth: { scheme: "basic", username: "prov", password: "Basic-Pass-1" } } });
    expect(basic.status).toBe(400);
    const unknown = await api("POST", "/companies", { name: "SPA", sipDomain: "sip.spa.example", policy: { allowHttpFor: ["cisco-spb"], allowedNetworks: ["10.1.0.0/16"] } });
    expect(unknown.status).toBe(400);
    const digest = await api("POST", "/companies", { name: "SPA", sipDomain: "sip.spa.example", policy: { allowHttpFor: ["cisco-spa"], auth: { scheme: "digest", username: "prov", password: "Digest-Pass-1" } } });
    expect(digest.status, digest.text).toBe(201);
    expect(digest.json.policy.allowHttpFor).toEqual(["cisco-spa"]);
    // Removing the auth that makes it safe is refused, and nothing changes.
    const removed = await api("PATCH", `/companies/${digest.json.id}`, { policy: { auth: null } });
    expect(removed.status).toBe(400);
    expect((await api("GET", `/companies/${digest.json.id}`)).json.policy.auth).toEqual({ scheme: "digest", username: "prov" });
    const networks = await api("POST", "/companies", { name: "SPA", sipDomain: "sip.spa.example", policy: { allowHttpFor: ["cisco-spa"], allowedNetworks: ["192.0.2.0/24"] } });
    expect(networks.status, networks.text).toBe(201);
  });
});

describe("Grandstream's binary cfg<mac>", () => {
  it("is the one 404, for a known MAC and an unknown one, and never counts toward the miss limit", { timeout: 120_000 }, async () => {
    const { terminal } = await createTerminal({ model: "grandstream-gxp2135", mac: uniqueMac("c074ad") });
    // An address no other test file uses: the miss limiter is shared by all of them.
    const ip = "2001:db8:fbb3:1::1";
    const reference = await get(`${HTTPS}/cfg${uniqueMac("c074ad")}.xml`, { ip: "2001:db8:fbb4:1::1" });
    expect(reference.status).toBe(404);
    expect(await get(`${HTTPS}/cfg${terminal.mac}`, { ip })).toEqual(reference);
    expect(await get(`${HTTPS}/cfg${terminal.mac}.bin`, { ip })).toEqual(reference);
    // Far more binary requests than the limit allows misses (100 a minute): none is refused with 429 ...
    for (let i = 0; i < 110; i++) expect((await get(`${HTTPS}/cfg${uniqueMac("c074ad")}`, { ip })).status).toBe(404);
    // ... and the real misses of that client still have their whole budget. (Up to 250: the limiter's
    // minute may turn over once during the loop on a busy machine.)
    let first429 = -1;
    for (let i = 0; i < 250 && first429 < 0; i++) if ((await get(`${HTTPS}/cfg${uniqueMac("c074ad")}.xml`, { ip })).status === 429) first429 = i;
    expect(first429).toBeGreaterThanOrEqual(90);
  });
});

describe("Fanvil's configuration version", () => {
  it("rises after every change through the API, and stays put when nothing changed", async () => {
    const company = (await api("POST", "/companies", { name: "Fanvil Co", sipDomain: "sip.fanvil.example", timezone: "Europe/Madrid" })).json;
    const model = await modelByIden("fanvil-x4u");
    const mac = uniqueMac("0c383e");
    const created = await api("POST", "/terminals", { companyId: company.id, modelId: model.id, mac, lines: [{ username: "701", password: "first-pass" }] });
    expect(created.status, created.text).toBe(201);
    const version = async () => {
      const res = await get(`${HTTPS}/${mac}.cfg`);
      expect(res.status).toBe(200);
      return fanvilVersionOf(phoneOf("fanvil").parse(res.body))!;
    };
    const first = await version();
    expect(first).toMatch(/^2\.\d{13}$/);
    expect(await version()).toBe(first);

    const changes: [string, string, unknown][] = [
      ["PATCH", `/terminals/${mac}`, { lines: [{ username: "701", password: "second-pass" }] }],
      ["PATCH", `/companies/${company.id}`, { ntpServer: "ntp.fanvil.example" }],
      ["PATCH", `/terminals/${mac}`, { name: "Front desk" }],
    ];
    let running = first;
    for (const [method, path, body] of changes) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      const res = await api(method, path, body);
      expect(res.status, res.text).toBe(200);
      const next = await version();
      expect(Number(next), `${method} ${path}`).toBeGreaterThan(Number(running));
      expect(fanvilApplies(next, running)).toBe(true);
      running = next;
    }
    expect(fanvilApplies(running, running)).toBe(false);
  });

  it("the common file carries a version too, that of the model", async () => {
    const common = phoneOf("fanvil").parse((await get("http://prov.test/provision/f0X4hw1.100.cfg")).body);
    expect(fanvilVersionOf(common)).toMatch(/^2\.\d{13}$/);
  });
});
