import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { TerminalWithAll } from "../src/db/queries";
import type { Company, TerminalLine, Transport } from "../src/db/schema";
import { escapeXml, withFamilyView } from "../src/core/render";
import { provisioningBaseUrl } from "../src/core/base-url";
import { offsetMinutes } from "../src/core/timezone";
import { genericView, specificView, type SpecificView } from "../src/core/view";

const JANUARY = new Date("2025-01-15T12:00:00Z");
const JULY = new Date("2025-07-15T12:00:00Z");
const BASE_URL = "https://provision.example.com/provision";

function line(position: number, values: Partial<TerminalLine> = {}): TerminalLine {
  return { id: position, terminalId: 1, position, username: `10${position}`, authUsername: null, password: `pw${position}`, displayName: `Line ${position}`, extension: null, ...values };
}

/** A terminal row as the phone path's lookup returns it, built in memory (no provisioning policy). */
interface TerminalOptions {
  templateSet?: string;
  maxLines?: number;
  language?: string | null;
  timezone?: string | null;
  transport?: Transport | null;
  company?: Partial<Company>;
  lines?: TerminalLine[];
}

function terminal(opts: TerminalOptions = {}): TerminalWithAll {
  const at = new Date(0);
  return <TerminalWithAll>{
    id: 1,
    companyId: 1,
    modelId: 1,
    mac: "001565aabbcc",
    name: "Reception",
    language: opts.language ?? null,
    timezone: opts.timezone ?? null,
    transport: opts.transport ?? null,
    sipPort: null,
    enabled: true,
    locked: false,
    provisionedAt: null,
    provisionedIp: null,
    provisionedUserAgent: null,
    keys: [],
    settings: {},
    createdAt: at,
    updatedAt: at,
    model: {
      id: 1,
      manufacturerId: 1,
      iden: "yealink-t46g",
      name: "Yealink T46G",
      description: "",
      genericFile: "y000000000028.cfg",
      specificPattern: "{mac}.cfg",
      format: "text",
      maxLines: opts.maxLines ?? 16,
      keyCount: 27,
      userAgent: null,
      templateSet: opts.templateSet ?? "yealink",
      genericTemplate: null,
      specificTemplate: null,
      createdAt: at,
      updatedAt: at,
      manufacturer: { id: 1, iden: "yealink", name: "Yealink", description: "" },
    },
    company: {
      id: 1, name: "Acme", sipDomain: "sip.acme.example", sipProxy: null, language: "en", timezone: "UTC",
      transport: "udp", sipPort: null, ntpServer: null, policy: {}, settings: {}, createdAt: at, updatedAt: at, ...opts.company,
    },
    lines: opts.lines ?? [line(1)],
  };
}

function view(row: TerminalWithAll, now = JANUARY) {
  return specificView(row, { baseUrl: BASE_URL, now });
}

/** The view a template of the terminal's family gets, vendor spellings included. */
function familyView(row: TerminalWithAll, now: Date) {
  return withFamilyView(row.model, "specific", view(row, now)) as SpecificView & { yealink?: { timeZone: string }; spa?: { timeZone: string } };
}

describe("language", () => {
  it("is the company's, as a code and its English name", () => {
    expect(view(terminal({ company: { language: "es" } })).language).toEqual({ code: "es", name: "Spanish" });
    expect(view(terminal({ company: { language: "pt" } })).language).toEqual({ code: "pt", name: "Portuguese" });
  });

  it("is the terminal's own when it has one", () => {
    expect(view(terminal({ language: "de", company: { language: "es" } })).language).toEqual({ code: "de", name: "German" });
  });
});

describe("time zone", () => {
  // [zone, instant, utcOffset, Yealink local_time.time_zone, Cisco SPA Time_Zone: the standard offset, DST being its rule]
  it.each([
    ["Europe/Madrid", JANUARY, "+01:00", "+1", "GMT+01:00"],
    ["Europe/Madrid", JULY, "+02:00", "+1", "GMT+01:00"],
    // The EU switches at 01:00 UTC on the last Sunday of March and of October.
    ["Europe/Madrid", new Date("2025-03-30T00:59:59Z"), "+01:00", "+1", "GMT+01:00"],
    ["Europe/Madrid", new Date("2025-03-30T01:00:00Z"), "+02:00", "+1", "GMT+01:00"],
    ["Europe/Madrid", new Date("2025-10-26T00:59:59Z"), "+02:00", "+1", "GMT+01:00"],
    ["Europe/Madrid", new Date("2025-10-26T01:00:00Z"), "+01:00", "+1", "GMT+01:00"],
    ["America/St_Johns", JANUARY, "-03:30", "-3:30", "GMT-03:30"],
    ["America/St_Johns", JULY, "-02:30", "-3:30", "GMT-03:30"],
    ["America/New_York", JANUARY, "-05:00", "-5", "GMT-05:00"],
    ["Asia/Kolkata", JANUARY, "+05:30", "+5:30", "GMT+05:30"],
    ["Asia/Kolkata", JULY, "+05:30", "+5:30", "GMT+05:30"],
    ["Asia/Kathmandu", JULY, "+05:45", "+5:45", "GMT+05:45"],
    // Southern hemisphere: summer time in January, and Lord Howe moves by half an hour only.
    ["Australia/Lord_Howe", JANUARY, "+11:00", "+10:30", "GMT+10:30"],
    ["Australia/Lord_Howe", JULY, "+10:30", "+10:30", "GMT+10:30"],
    ["Pacific/Chatham", JANUARY, "+13:45", "+12:45", "GMT+12:45"],
    ["Pacific/Kiritimati", JULY, "+14:00", "+14", "GMT+14:00"],
    ["Etc/GMT+12", JULY, "-12:00", "-12", "GMT-12:00"],
    ["UTC", JANUARY, "+00:00", "0", "GMT"],
    ["Europe/London", JANUARY, "+00:00", "0", "GMT"],
    ["Europe/London", JULY, "+01:00", "0", "GMT"],
    // Yealink and Cisco get the standard offset and follow DST by themselves (templates/*/NOTES.md).
  ])("%s at %s is %s (Yealink standard offset %s, Cisco %s)", (zone, at, utcOffset, yealink, spa) => {
    const minutes = (utcOffset.startsWith("-") ? -1 : 1) * (Number(utcOffset.slice(1, 3)) * 60 + Number(utcOffset.slice(4)));
    expect(view(terminal({ company: { timezone: zone } }), at).timezone).toMatchObject({ name: zone, utcOffset, offsetMinutes: minutes });
    expect(familyView(terminal({ company: { timezone: zone } }), at).yealink?.timeZone).toBe(yealink);
    expect(familyView(terminal({ templateSet: "cisco-spa", company: { timezone: zone } }), at).spa?.timeZone).toBe(spa);
  });

  it("is the terminal's own when it has one", () => {
    const row = terminal({ timezone: "America/St_Johns", company: { timezone: "Europe/Madrid" } });
    expect(view(row, JANUARY).timezone.name).toBe("America/St_Johns");
    expect(view(row, JANUARY).timezone.utcOffset).toBe("-03:30");
  });
});

describe("lines", () => {
  it("fall back to the username when there is no auth username, and keep everything else verbatim", () => {
    const tricky = `p&ss<1>"'ñ`;
    const row = terminal({ lines: [line(1, { password: tricky }), line(3, { authUsername: "auth-3", extension: "203" })] });
    const v = view(row);
    expect(v.lines).toEqual([
      { position: 1, username: "101", authUsername: "101", password: tricky, displayName: "Line 1", extension: null },
      { position: 3, username: "103", authUsername: "auth-3", password: "pw3", displayName: "Line 3", extension: "203" },
    ]);
    expect(v.line).toEqual(v.lines[0]);
  });

  it("list every position up to the model's maxLines that the terminal leaves unused", () => {
    expect(view(terminal({ maxLines: 4, lines: [line(1), line(3)] })).unusedLines).toEqual([{ position: 2 }, { position: 4 }]);
    expect(view(terminal({ maxLines: 1, lines: [line(1)] })).unusedLines).toEqual([]);
    const empty = view(terminal({ maxLines: 2, lines: [] }));
    expect(empty.line).toBeNull();
    expect(empty.unusedLines).toEqual([{ position: 1 }, { position: 2 }]);
  });
});

describe("MAC and company", () => {
  it("spell the MAC three ways", () => {
    const v = view(terminal());
    expect([v.mac, v.macUpper, v.macColon]).toEqual(["001565aabbcc", "001565AABBCC", "00:15:65:aa:bb:cc"]);
  });

  it.each([
    ["proxy.acme.example:5062", "proxy.acme.example", "5062"],
    ["proxy.acme.example", "proxy.acme.example", null],
    ["192.0.2.10:5060", "192.0.2.10", "5060"],
    // An IPv6 literal without a port: its last group is not a port.
    ["2001:db8::1", "2001:db8::1", null],
    ["[2001:db8::1]:5062", "[2001:db8::1]", "5062"],
    [null, null, null],
  ])("split the SIP proxy %j into host %j and port %j", (sipProxy, host, port) => {
    const { company } = view(terminal({ company: { sipProxy } }));
    expect(company).toMatchObject({ sipProxy, sipProxyHost: host, sipProxyPort: port });
  });
});

describe("generic view", () => {
  it("carries the model and where the phone goes next, and nothing of a terminal", () => {
    const v = genericView(terminal().model, { baseUrl: BASE_URL, now: JANUARY });
    expect(v).toEqual({ model: { iden: "yealink-t46g", name: "Yealink T46G", manufacturer: "Yealink" }, provisioning: { baseUrl: BASE_URL }, changedAt: terminal().model.updatedAt });
  });
});

describe("provisioningBaseUrl", () => {
  const env = (vars: { REQUIRE_HTTPS?: string; PUBLIC_BASE_URL?: string }) => ({ REQUIRE_HTTPS: "true", PUBLIC_BASE_URL: "", ...vars }) as PhoneBindings;

  it.each([
    [{}, "http://prov.test/provision/x.cfg", "https://prov.test/provision"],
    [{}, "https://prov.test:8443/provision/x.cfg", "https://prov.test:8443/provision"],
    [{ REQUIRE_HTTPS: "false" }, "http://localhost:8787/provision/x.cfg", "http://localhost:8787/provision"],
    [{ PUBLIC_BASE_URL: "https://edge.example.net/prov/" }, "http://prov.test/provision/x.cfg", "https://edge.example.net/prov"],
    [{ PUBLIC_BASE_URL: "https://edge.example.net:8443/p" }, "https://prov.test/provision/x.cfg", "https://edge.example.net:8443/p"],
  ])("with %j, a request to %s sends the phone to %s", (vars, url, baseUrl) => {
    expect(provisioningBaseUrl(env(vars), new URL(url))).toBe(baseUrl);
  });
});

describe("offsetMinutes (remembered per quarter hour)", () => {
  it.each(["Europe/Madrid", "America/St_Johns", "Australia/Lord_Howe", "Pacific/Chatham", "America/Santiago", "America/Havana", "Africa/Casablanca", "Antarctica/Troll", "Asia/Gaza"])(
    "%s: every instant of 2026 has the offset Intl gives for it",
    (zone) => {
      const reference = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" });
      const intl = (at: Date) => {
        const m = /GMT(?:([+-])(\d{2}):(\d{2}))?/.exec(reference.formatToParts(at).find((p) => p.type === "timeZoneName")!.value)!;
        return m[1] ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
      };
      const quarter = 15 * 60_000;
      const start = Date.UTC(2026, 0, 1);
      let changes = 0;
      for (let t = start, last = intl(new Date(start)); t < Date.UTC(2027, 0, 1); t += quarter) {
        // The first and the last millisecond of each quarter hour, and one in between.
        for (const at of [t, t + 7 * 60_000 + 123, t + quarter - 1]) {
          const expected = intl(new Date(at));
          expect(offsetMinutes(zone, new Date(at))).toBe(expected);
          if (expected !== last) (changes++, (last = expected));
        }
      }
      expect(changes).toBeGreaterThan(0);
    },
    // 105,000 Intl calls: seconds on a loaded CI machine.
    30_000,
  );
});

describe("the time zone's DST rule (phones that follow DST themselves)", () => {
  const NOW = new Date("2026-06-01T12:00:00Z");
  const rules = (zone: string) => view(terminal({ timezone: zone }), NOW).timezone;

  it("a northern zone: last Sunday of March at 02:00 to last Sunday of October at 03:00", () => {
    const madrid = rules("Europe/Madrid");
    expect(madrid).toMatchObject({ standardOffsetMinutes: 60, standardUtcOffset: "+01:00", offsetMinutes: 120, posix: "<+01>-1<+02>,M3.5.0/2,M10.5.0/3" });
    expect(madrid.dst).toEqual({
      savingMinutes: 60,
      start: { month: 3, week: 5, weekday: 0, hour: 2, minute: 0, day: 29 },
      end: { month: 10, week: 5, weekday: 0, hour: 3, minute: 0, day: 25 },
    });
  });

  it("a zone west of UTC with an Nth-Sunday rule", () => {
    const ny = rules("America/New_York");
    expect(ny.posix).toBe("<-05>5<-04>,M3.2.0/2,M11.1.0/2");
    expect(ny.dst?.start).toMatchObject({ month: 3, week: 2, weekday: 0, hour: 2, day: 8 });
  });

  it("a southern zone: DST starts in October and ends in April", () => {
    const sydney = rules("Australia/Sydney");
    expect(sydney).toMatchObject({ standardOffsetMinutes: 600, offsetMinutes: 600, posix: "<+10>-10<+11>,M10.1.0/2,M4.1.0/3" });
    expect(sydney.dst?.start.month).toBe(10);
    expect(sydney.dst?.end).toMatchObject({ month: 4, week: 1, weekday: 0, hour: 3 });
  });

  it("half-hour DST (Lord Howe) and quarter-hour offsets without DST", () => {
    const lordHowe = rules("Australia/Lord_Howe");
    expect(lordHowe.dst?.savingMinutes).toBe(30);
    expect(lordHowe.posix).toBe("<+1030>-10:30<+11>-11,M10.1.0/2,M4.1.0/2");
    expect(rules("Asia/Kathmandu")).toMatchObject({ dst: null, standardOffsetMinutes: 345, posix: "<+0545>-5:45" });
    expect(rules("Asia/Kolkata")).toMatchObject({ dst: null, standardUtcOffset: "+05:30", posix: "<+0530>-5:30" });
    expect(rules("UTC")).toMatchObject({ dst: null, standardOffsetMinutes: 0, posix: "<+00>0" });
  });
});

describe("transport, SIP port and NTP server", () => {
  it("defaults to UDP on 5060 and the public pool", () => {
    expect(view(terminal())).toMatchObject({ sip: { transport: "udp", port: 5060, isUdp: true, isTls: false }, ntp: { server: "pool.ntp.org" } });
  });

  it("TLS means 5061 unless a port is set; the terminal's choice beats the company's", () => {
    expect(view(terminal({ company: { transport: "tls" } })).sip).toMatchObject({ transport: "tls", port: 5061, isTls: true });
    expect(view(terminal({ company: { transport: "tls", sipPort: 5071 } })).sip.port).toBe(5071);
    expect(view(terminal({ company: { transport: "tls" }, transport: "tcp" })).sip).toMatchObject({ transport: "tcp", port: 5060, isTcp: true });
    expect(view(terminal({ company: { ntpServer: "ntp.acme.example" } })).ntp.server).toBe("ntp.acme.example");
  });
});

describe("XML escaping", () => {
  const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };
  const byCharacter = (text: string) => [...text].map((c) => ENTITIES[c] ?? c).join("");

  it("replaces the five characters XML reserves and nothing else, in any string", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("&", "<", ">", '"', "'", "a", "é", "\u{1F600}", " ", ";") }), (text) => {
        expect(escapeXml(text)).toBe(byCharacter(text));
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        expect(escapeXml(text)).toBe(byCharacter(text));
      }),
    );
  });

  it("writes other values as text", () => {
    expect(escapeXml(5060)).toBe("5060");
    expect(escapeXml(true)).toBe("true");
    expect(escapeXml("p&ss")).toBe("p&amp;ss");
    expect(escapeXml("plain")).toBe("plain");
  });
});
