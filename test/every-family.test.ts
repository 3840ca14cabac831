// One check across every family and file format at once, read back by each family's own phone (the
// simulator's templates/<family>/phone.ts, written from its NOTES.md): a company's zone, north or south,
// on the hour or between hours, with DST or without, reaches the phone as its standard offset plus the
// months its clocks change in; and a TLS company's line 1 is on TLS, port 5061. A family or file format
// added without a reader here fails the first test.
import { describe, expect, it } from "vitest";
import { defaultTemplates } from "../src/core/family";
import { zoneRules } from "../src/core/zone-rules";
import { TEMPLATE_SET_NAMES, templateSet } from "../templates";
import { ciscoRegional, ciscoSipOf } from "../templates/cisco-spa/phone";
import { fanvilSipOf, fanvilTime } from "../templates/fanvil/phone";
import { gigasetClock, gigasetSip } from "../templates/gigaset/phone";
import { grandstreamSipOf, grandstreamTime } from "../templates/grandstream/phone";
import { polycomClock, polycomSip } from "../templates/polycom/phone";
import { snomClock, snomSip } from "../templates/snom/phone";
import { yealinkClock, yealinkSip } from "../templates/yealink/phone";
import type { Settings } from "../tools/simulator/types";
import { createCompany, createTerminal, modelByIden, uniqueMac } from "./fixtures";
import { phoneNetwork, phoneOf } from "./phones";

const BASE = "https://prov.test/provision";
const network = phoneNetwork(0x7e);

/** What a phone's clock does, in one vocabulary: its standard offset and the months DST starts and ends. */
interface Clock {
  /** Minutes east of UTC; undefined where the family writes a zone name instead (Gigaset's list). */
  standardMinutes: number | undefined;
  dst: { start: number; end: number } | null;
}

/** `+5:30`, `-3`, `GMT+05:45`, `GMT`: signed hours and minutes east of UTC. */
function minutesOf(text: string | undefined): number {
  if (text === "0") return 0;
  const match = /^(?:GMT)?(?:([+-])(\d{1,2})(?::(\d{2}))?)?$/.exec(text ?? "");
  if (!match) throw new Error(`no offset: ${text}`);
  if (!match[1]) return 0;
  return (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3] ?? 0));
}

const months = (dst: { start: { month: number }; end: { month: number } } | null) => (dst ? { start: dst.start.month, end: dst.end.month } : null);

/** Each family's reader: the simulator's own functions, brought to one vocabulary. */
const READERS: Record<string, { clock: (s: Settings) => Clock; line1: (s: Settings) => { transport: string | undefined; port: string | undefined } }> = {
  yealink: {
    clock: (s) => ({ standardMinutes: minutesOf(yealinkClock(s).standardOffset), dst: months(yealinkClock(s).dst) }),
    line1: (s) => yealinkSip(s, 1),
  },
  polycom: {
    clock: (s) => ({ standardMinutes: Number(polycomClock(s).standardOffset) / 60, dst: months(polycomClock(s).dst) }),
    line1: (s) => polycomSip(s, 1),
  },
  snom: {
    clock: (s) => ({ standardMinutes: Number(snomClock(s).standardOffset) / 60, dst: months(snomClock(s).dst) }),
    line1: (s) => snomSip(s, 1),
  },
  // The base follows the DST of the listed zone it is given; the list has no zone for some offsets, so
  // only the DST months are compared (test/phones-a.test.ts checks which zone is chosen).
  gigaset: {
    clock: (s) => ({ standardMinutes: undefined, dst: months(zoneRules(gigasetClock(s).zone!, new Date()).dst) }),
    line1: (s) => gigasetSip(s, 1),
  },
  "cisco-spa": { clock: ciscoClock, line1: (s) => lower(ciscoSipOf(s, 1)) },
  "cisco-mpp": { clock: ciscoClock, line1: (s) => lower(ciscoSipOf(s, 1)) },
  grandstream: {
    clock: (s) => posixClock(grandstreamTime(s).zone!),
    // Grandstream's TLS choice is "TLS/TCP" (TlsOrTcp, NOTES.md).
    line1: (s) => {
      const { transport, port } = grandstreamSipOf(s, 1);
      return { transport: transport === "TlsOrTcp" ? "tls" : transport?.toLowerCase(), port };
    },
  },
  fanvil: {
    clock: (s) => ({ standardMinutes: fanvilTime(s).quarterHours * 15, dst: months(fanvilTime(s).dst) }),
    line1: (s) => fanvilSipOf(s, 1),
  },
};

function ciscoClock(s: Settings): Clock {
  const regional = ciscoRegional(s);
  return { standardMinutes: minutesOf(regional.timeZone), dst: months(regional.dst) };
}

function lower({ transport, port }: { transport: string | undefined; port: string | undefined }) {
  return { transport: transport?.toLowerCase(), port };
}

/** `STD-5:30`, `STD-1DST-2,M3.5.0/02:00:00,M10.5.0/03:00:00`: POSIX signs (east is negative). */
function posixClock(zone: string): Clock {
  const match = /^STD([+-]\d{1,2}(?::\d{2})?)(?:DST[+-]\d{1,2}(?::\d{2})?,M(\d{1,2})\.\d\.\d\/[\d:]+,M(\d{1,2})\.\d\.\d\/[\d:]+)?$/.exec(zone);
  if (!match) throw new Error(`not a POSIX zone of ours: ${zone}`);
  return { standardMinutes: 0 - minutesOf(match[1]) || 0, dst: match[2] ? { start: Number(match[2]), end: Number(match[3]) } : null };
}

// One model of each family and, where a family has more than one file format (`variants`), of each.
const MODELS = [
  "yealink-t46s",
  "poly-vvx-450",
  "snom-d785",
  "gigaset-n870",
  "cisco-spa504g",
  "cisco-8851-3pcc",
  "grandstream-gxp2170",
  "grandstream-grp2614",
  "fanvil-x4",
  "fanvil-x4u",
];

async function macFile(iden: string, company: Parameters<typeof createCompany>[0]): Promise<Settings> {
  const { id } = await createCompany(company);
  const { terminal, model } = await createTerminal({ model: iden, companyId: id, mac: uniqueMac("0c383e") });
  const res = await network()(`${BASE}/${model.specificPattern.replace("{mac}", terminal.mac)}`);
  expect(res.status, iden).toBe(200);
  return phoneOf(model.templateSet).parse(await res.text());
}

describe("every family", () => {
  it("has a reader here, and each of its file formats a model here", async () => {
    const covered = new Map<string, Set<string>>();
    for (const iden of MODELS) {
      const model = await modelByIden(iden);
      const format = templateSet(model.templateSet).variants?.find((v) => defaultTemplates(templateSet(model.templateSet), model.genericFile) === v)?.name ?? "default";
      covered.set(model.templateSet, (covered.get(model.templateSet) ?? new Set()).add(format));
    }
    expect([...covered.keys()].sort()).toEqual([...TEMPLATE_SET_NAMES].sort());
    expect(Object.keys(READERS).sort()).toEqual([...TEMPLATE_SET_NAMES].sort());
    for (const family of TEMPLATE_SET_NAMES) {
      const formats = ["default", ...(templateSet(family).variants ?? []).map((v) => v.name)];
      expect([...covered.get(family)!].sort(), family).toEqual(formats.sort());
    }
  });

  // [zone, standard minutes east of UTC, months DST starts and ends, or null]
  it.each([
    ["Europe/Madrid", 60, { start: 3, end: 10 }],
    ["America/New_York", -300, { start: 3, end: 11 }],
    ["America/St_Johns", -210, { start: 3, end: 11 }],
    ["Australia/Sydney", 600, { start: 10, end: 4 }],
    ["Australia/Adelaide", 570, { start: 10, end: 4 }],
    ["Asia/Kolkata", 330, null],
    ["Asia/Kathmandu", 345, null],
    ["America/Sao_Paulo", -180, null],
    ["UTC", 0, null],
  ] as const)("%s: each family's phone keeps standard offset %s and changes its clock by itself (%o)", async (zone, standard, dst) => {
    for (const iden of MODELS) {
      const family = (await modelByIden(iden)).templateSet;
      // The base's list has no zone of Newfoundland's rules: it gets the nearest offsets, without DST
      // (templates/gigaset/zones.ts, test/phones-a.test.ts).
      if (family === "gigaset" && zone === "America/St_Johns") continue;
      const clock = READERS[family]!.clock(await macFile(iden, { timezone: zone }));
      expect(clock.dst, `${iden} in ${zone}`).toEqual(dst);
      if (clock.standardMinutes !== undefined) expect(clock.standardMinutes, `${iden} in ${zone}`).toBe(standard);
    }
  });

  it("a TLS company puts line 1 on TLS, port 5061, and a UDP one on UDP 5060", async () => {
    for (const iden of MODELS) {
      const family = (await modelByIden(iden)).templateSet;
      expect(READERS[family]!.line1(await macFile(iden, { transport: "tls" })), iden).toEqual({ transport: "tls", port: "5061" });
      expect(READERS[family]!.line1(await macFile(iden, {})), iden).toMatchObject({ transport: "udp" });
    }
  });
});
