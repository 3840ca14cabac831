// Yealink, Poly, Snom and Gigaset MAC files as their phones read them (each family's phone.ts, written from
// templates/<family>/NOTES.md): DST the vendor's way, the SIP transport and port, the NTP server, the
// language values the firmware knows, and every real User-Agent served with the User-Agent check on.
import { describe, expect, it } from "vitest";
import { gigasetClock, gigasetSip } from "../templates/gigaset/phone";
import { GIGASET_ZONES, gigasetZone } from "../templates/gigaset/zones";
import { polycomClock, polycomSip } from "../templates/polycom/phone";
import { snomClock, snomSip } from "../templates/snom/phone";
import { yealinkClock, yealinkSip } from "../templates/yealink/phone";
import type { Settings } from "../tools/simulator/types";
import { createCompany, createTerminal, db, uniqueMac } from "./fixtures";
import { phoneNetwork, phoneOf, userAgents } from "./phones";
import type { companies } from "../src/db/schema";

const BASE = "https://prov.test/provision";
const network = phoneNetwork(11);

const FAMILIES = {
  yealink: { model: "yealink-t46s", oui: "805ec0", file: (mac: string) => `${mac}.cfg` },
  polycom: { model: "poly-vvx-450", oui: "0004f2", file: (mac: string) => `${mac}-edgeprov.cfg` },
  snom: { model: "snom-d785", oui: "000413", file: (mac: string) => `${mac.toUpperCase()}.xml` },
  gigaset: { model: "gigaset-n870", oui: "7c2f80", file: (mac: string) => `${mac}.xml` },
} as const;
type Family = keyof typeof FAMILIES;
const NAMES = Object.keys(FAMILIES) as Family[];

/** A terminal of the family's model in a company with `values`, and its MAC file as the phone parses it. */
async function macFile(family: Family, values: Partial<typeof companies.$inferInsert> = {}, terminal: { language?: string } = {}) {
  const { model, oui, file } = FAMILIES[family];
  const company = await createCompany(values);
  const { terminal: row } = await createTerminal({ model, mac: uniqueMac(oui), companyId: company.id, language: terminal.language ?? null });
  const res = await network()(`${BASE}/${file(row.mac)}`);
  expect(res.status).toBe(200);
  const text = await res.text();
  return { settings: phoneOf(family).parse(text), text };
}

const zoned = (family: Family, timezone: string) => macFile(family, { timezone });

describe("DST, the vendor's way", () => {
  it("Yealink: standard offset, summer_time 1 by week (Month/Week/Day/Hour, 7 = Sunday), offset in minutes", async () => {
    const madrid = (await zoned("yealink", "Europe/Madrid")).settings;
    expect(pick(madrid, /^local_time\./)).toEqual({
      "local_time.time_zone": "+1",
      "local_time.summer_time": "1",
      "local_time.dst_time_type": "1",
      "local_time.start_time": "3/5/7/2",
      "local_time.end_time": "10/5/7/3",
      "local_time.offset_time": "60",
      "local_time.ntp_server1": "pool.ntp.org",
    });
    const sydney = (await zoned("yealink", "Australia/Sydney")).settings;
    expect(pick(sydney, /^local_time\.(time_zone|start_time|end_time)$/)).toEqual({
      "local_time.time_zone": "+10",
      "local_time.start_time": "10/1/7/2",
      "local_time.end_time": "4/1/7/3",
    });
    for (const [zone, offset] of [["Asia/Kolkata", "+5:30"], ["Asia/Kathmandu", "+5:45"]]) {
      const settings = (await zoned("yealink", zone!)).settings;
      expect(pick(settings, /^local_time\.(time_zone|summer_time|start_time|end_time|dst_time_type)$/), zone).toEqual({
        "local_time.time_zone": offset,
        "local_time.summer_time": "0",
      });
    }
  });

  it("Poly: standard GMT offset in seconds, and the rule as month, first dayOfWeek (1 = Sunday) on or after date, or last in month", async () => {
    const madrid = (await zoned("polycom", "Europe/Madrid")).settings;
    expect(pick(madrid, /^tcpIpApp\.sntp\.(gmtOffset$|daylightSavings\.)/)).toEqual({
      "tcpIpApp.sntp.gmtOffset": "3600",
      "tcpIpApp.sntp.daylightSavings.enable": "1",
      "tcpIpApp.sntp.daylightSavings.fixedDayEnable": "0",
      "tcpIpApp.sntp.daylightSavings.start.month": "3",
      "tcpIpApp.sntp.daylightSavings.start.date": "1",
      "tcpIpApp.sntp.daylightSavings.start.dayOfWeek": "1",
      "tcpIpApp.sntp.daylightSavings.start.dayOfWeek.lastInMonth": "1",
      "tcpIpApp.sntp.daylightSavings.start.time": "2",
      "tcpIpApp.sntp.daylightSavings.stop.month": "10",
      "tcpIpApp.sntp.daylightSavings.stop.date": "1",
      "tcpIpApp.sntp.daylightSavings.stop.dayOfWeek": "1",
      "tcpIpApp.sntp.daylightSavings.stop.dayOfWeek.lastInMonth": "1",
      "tcpIpApp.sntp.daylightSavings.stop.time": "3",
    });
    const sydney = (await zoned("polycom", "Australia/Sydney")).settings;
    expect(pick(sydney, /^tcpIpApp\.sntp\.(gmtOffset|daylightSavings\.(start|stop)\.(month|date|dayOfWeek\.lastInMonth|time))$/)).toEqual({
      "tcpIpApp.sntp.gmtOffset": "36000",
      "tcpIpApp.sntp.daylightSavings.start.month": "10",
      "tcpIpApp.sntp.daylightSavings.start.date": "1",
      "tcpIpApp.sntp.daylightSavings.start.dayOfWeek.lastInMonth": "0",
      "tcpIpApp.sntp.daylightSavings.start.time": "2",
      "tcpIpApp.sntp.daylightSavings.stop.month": "4",
      "tcpIpApp.sntp.daylightSavings.stop.date": "1",
      "tcpIpApp.sntp.daylightSavings.stop.dayOfWeek.lastInMonth": "0",
      "tcpIpApp.sntp.daylightSavings.stop.time": "3",
    });
    // UC Software's DST default is on, with US dates: a zone without DST must say so.
    for (const [zone, seconds] of [["Asia/Kolkata", "19800"], ["Asia/Kathmandu", "20700"]]) {
      const settings = (await zoned("polycom", zone!)).settings;
      expect(pick(settings, /^tcpIpApp\.sntp\.(gmtOffset$|daylightSavings\.)/), zone).toEqual({
        "tcpIpApp.sntp.gmtOffset": seconds,
        "tcpIpApp.sntp.daylightSavings.enable": "0",
      });
    }
  });

  it("Snom: empty timezone, standard utc_offset in seconds, dst as <saving> MM.WW.DD HH:MM:SS (07 = Sunday) twice", async () => {
    const cases = [
      ["Europe/Madrid", "+3600", "3600 03.05.07 02:00:00 10.05.07 03:00:00"],
      ["Australia/Sydney", "+36000", "3600 10.01.07 02:00:00 04.01.07 03:00:00"],
      ["Asia/Kolkata", "+19800", ""],
      ["Asia/Kathmandu", "+20700", ""],
    ];
    for (const [zone, offset, dst] of cases) {
      const settings = (await zoned("snom", zone!)).settings;
      expect(pick(settings, /^(timezone|utc_offset|dst)$/), zone).toEqual({ timezone: "", utc_offset: offset, dst });
    }
  });

  it("Gigaset: a zone from the base's own list, whose DST the base follows", async () => {
    const cases = [
      ["Europe/Madrid", "Europe/Madrid"],
      ["Australia/Sydney", "Australia/Sydney"],
      ["Asia/Kolkata", "Asia/Karachi"],
      ["Asia/Kathmandu", "Asia/Dhaka"],
    ];
    for (const [zone, listed] of cases) {
      const settings = (await zoned("gigaset", zone!)).settings;
      expect(settings.get("DmGlobal.0.TimeZone"), zone).toBe(listed);
      expect(phoneOf("gigaset").timeZone(settings), zone).toBe(listed);
    }
  });

  it("each simulated phone reads back the zone's own rule", async () => {
    const readers: Record<"yealink" | "polycom" | "snom", (s: Settings) => { dst: { start: object; end: object } | null }> = {
      yealink: yealinkClock,
      polycom: polycomClock,
      snom: snomClock,
    };
    const madrid = { start: { month: 3, week: 5, weekday: 0, hour: 2 }, end: { month: 10, week: 5, weekday: 0, hour: 3 } };
    const sydney = { start: { month: 10, week: 1, weekday: 0, hour: 2 }, end: { month: 4, week: 1, weekday: 0, hour: 3 } };
    for (const [family, read] of Object.entries(readers) as [Family, (s: Settings) => { dst: { start: object; end: object } | null }][]) {
      expect(read((await zoned(family, "Europe/Madrid")).settings).dst, family).toMatchObject(madrid);
      expect(read((await zoned(family, "Australia/Sydney")).settings).dst, family).toMatchObject(sydney);
      expect(read((await zoned(family, "Asia/Kolkata")).settings).dst, family).toBeNull();
    }
  });
});

describe("Gigaset's zone list", () => {
  it.each([
    // Listed: as it is.
    ["Europe/Berlin", "Europe/Berlin"],
    // Same rules as a listed zone (offset, DST dates and times).
    ["Africa/Ceuta", "Europe/Amsterdam"],
    ["America/Toronto", "America/New_York"],
    ["Australia/Melbourne", "Australia/Sydney"],
    ["Atlantic/Canary", "Europe/Belfast"],
    // No listed zone with its rules: the nearest January and July offsets.
    ["Australia/Perth", "Asia/Hong_Kong"],
    ["Asia/Kolkata", "Asia/Karachi"],
    ["America/Phoenix", "America/Denver"],
    ["Asia/Kathmandu", "Asia/Dhaka"],
  ])("%s is written as %s", (zone, listed) => {
    const chosen = gigasetZone(zone, new Date());
    expect(GIGASET_ZONES).toContain(chosen);
    expect(chosen).toBe(listed);
  });
});

describe("SIP transport and port", () => {
  it("a TLS company puts line 1 on TLS, port 5061, on every family", async () => {
    const readers = { yealink: yealinkSip, polycom: polycomSip, snom: snomSip, gigaset: gigasetSip };
    for (const family of NAMES) {
      const { settings } = await macFile(family, { transport: "tls" });
      expect(readers[family](settings, 1), family).toEqual({ transport: "tls", port: "5061" });
    }
  });

  it("the vendors' own spellings, and a company's own port over TCP", async () => {
    const yealink = (await macFile("yealink", { transport: "tls" })).settings;
    expect(pick(yealink, /^account\.1\.sip_server\.1\.(port|transport_type)$/)).toEqual({ "account.1.sip_server.1.port": "5061", "account.1.sip_server.1.transport_type": "2" });
    const poly = (await macFile("polycom", { transport: "tcp", sipPort: 5080 })).settings;
    expect(pick(poly, /^reg\.1\.server\.1\.(port|transport)$/)).toEqual({ "reg.1.server.1.port": "5080", "reg.1.server.1.transport": "TCPOnly" });
    // Snom carries port and transport in user_outbound: through the proxy when there is one, else the SIP domain.
    const snom = (await macFile("snom", { transport: "tls", sipDomain: "sip.tls.example" })).settings;
    expect(snom.get("user_outbound1")).toBe("sip.tls.example:5061;transport=tls");
    expect(phoneOf("snom").line(snom, 1).outboundProxy).toBeNull();
    const proxied = (await macFile("snom", { transport: "tcp", sipProxy: "proxy.acme.example" })).settings;
    expect(proxied.get("user_outbound1")).toBe("proxy.acme.example:5060;transport=tcp");
    const gigaset = (await macFile("gigaset", { transport: "tls" })).settings;
    expect(pick(gigaset, /^SipProvider\.0\.(TransportProtocol|UseSIPS|RegServerPort|ProxyServerPort)$/)).toEqual({
      "SipProvider.0.TransportProtocol": "3",
      "SipProvider.0.UseSIPS": "0",
      "SipProvider.0.RegServerPort": "5061",
      "SipProvider.0.ProxyServerPort": "5061",
    });
  });

  it("UDP on 5060 by default; Snom then leaves user_outbound empty, so the phone still looks the domain up", async () => {
    const readers = { yealink: yealinkSip, polycom: polycomSip, snom: snomSip, gigaset: gigasetSip };
    for (const family of NAMES) {
      const { settings } = await macFile(family);
      expect(readers[family](settings, 1), family).toEqual({ transport: "udp", port: "5060" });
    }
    expect((await macFile("snom")).settings.get("user_outbound1")).toBe("");
  });
});

describe("NTP", () => {
  it("the company's server, else pool.ntp.org, on every family", async () => {
    const readers = { yealink: yealinkClock, polycom: polycomClock, snom: snomClock, gigaset: gigasetClock };
    for (const family of NAMES) {
      expect(readers[family]((await macFile(family, { ntpServer: "ntp.acme.example" })).settings).ntpServer, family).toBe("ntp.acme.example");
      expect(readers[family]((await macFile(family)).settings).ntpServer, family).toBe("pool.ntp.org");
    }
  });
});

describe("languages", () => {
  it("Yealink: the screen and the web page name Chinese differently; a language the firmware lacks is English", async () => {
    const chinese = (await macFile("yealink", {}, { language: "zh" })).settings;
    expect(pick(chinese, /^lang\./)).toEqual({ "lang.gui": "Chinese Simplified", "lang.wui": "Chinese_S" });
    expect(phoneOf("yealink").languages(chinese)).toEqual(["Chinese", "Chinese"]);
    const czech = (await macFile("yealink", {}, { language: "cs" })).settings;
    expect(pick(czech, /^lang\./)).toEqual({ "lang.gui": "English", "lang.wui": "English" });
  });

  it("Poly: only UC Software dictionaries; Czech and Finnish get US English", async () => {
    for (const [code, value] of [["pt", "Portuguese_Portugal"], ["cs", "English_United_States"], ["fi", "English_United_States"]]) {
      expect((await macFile("polycom", {}, { language: code })).settings.get("lcl.ml.lang"), code).toBe(value);
    }
  });
});

describe("Poly device settings", () => {
  it("no device.* parameter in a file polled daily, so a re-poll can never reboot the phone", async () => {
    const { model, oui, file } = FAMILIES.polycom;
    const company = await createCompany({ policy: { auth: { scheme: "basic", username: "prov", password: "Pr0v-pass" } } });
    const { terminal } = await createTerminal({ model, mac: uniqueMac(oui), companyId: company.id });
    const headers = { authorization: `Basic ${btoa("prov:Pr0v-pass")}` };
    const first = await (await network()(`${BASE}/${file(terminal.mac)}`, { headers })).text();
    const settings = phoneOf("polycom").parse(first);
    expect([...settings.keys()].filter((key) => key.startsWith("device."))).toEqual([]);
    expect(await (await network()(`${BASE}/${file(terminal.mac)}`, { headers })).text()).toBe(first);
  });
});

// Every model under the User-Agent check: test/user-agents.test.ts.
describe("real User-Agents", () => {
  const models = db.query.models.findMany().then((rows) => rows.filter((m) => (NAMES as string[]).includes(m.templateSet)));

  it("Poly Edge E units say PolyEdge, and their model's pattern takes it", async () => {
    const edge = (await models).find((m) => m.iden === "poly-edge-e450")!;
    const [ua] = userAgents(edge.iden, "0004f2000001");
    expect(ua).toBe("FileTransport PolyEdge-Edge_E450-UA/8.0.0.15602 Type/Application");
    expect(new RegExp(edge.userAgent!, "i").test(ua!)).toBe(true);
  });
});

/** The settings whose names match, as an object. */
function pick(settings: Settings, names: RegExp): Record<string, string> {
  return Object.fromEntries([...settings].filter(([name]) => names.test(name)));
}
