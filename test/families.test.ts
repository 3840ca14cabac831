// The vendor families added with the simulator, where their phones differ from the simple "generic file, then
// MAC file": the traps of the families' NOTES.md (Polycom's master files and uploads, Snom's colon MACs, Grandstream's
// fallbacks, Gigaset's bootstrap), checked through the phones' own boot sequences.
import { describe, expect, it } from "vitest";
import { checkTemplate } from "../src/core/template-check";
import { formatReport, simulate } from "../tools/simulator/simulate";
import { TEMPLATE_SET_NAMES, templateSet } from "../templates";
import { PHONE_FAMILIES, phoneOf } from "./phones";
import { catalogs } from "../src/db/catalog";
import { models } from "../src/db/schema";
import { createCompany, createTerminal, db, modelByIden, uniqueMac } from "./fixtures";
import { phoneNetwork } from "./phones";

const ORIGIN = "https://prov.test";
const BASE = `${ORIGIN}/provision`;

/** One client IP per phone, so the misses a boot makes on purpose never add up across tests. */
const network = phoneNetwork(7);

const get = (path: string, init?: RequestInit) => network()(`${BASE}/${path}`, init);

/** What a caller can compare, less the request id every response carries (different by design). */
async function shape(res: Response) {
  const headers = [...res.headers].filter(([name]) => name !== "x-request-id").sort();
  return { status: res.status, headers, body: await res.text() };
}

const theOne404 = async () => shape(await get(`${uniqueMac("02cccc")}.cfg`));

async function boot(iden: string, mac: string, base = BASE, oldFirmware = false) {
  const model = await modelByIden(iden);
  const result = await simulate({ fetch: network(), phone: phoneOf(model.templateSet), model, mac, base, oldFirmware });
  return { result, report: formatReport(result), requests: result.requests.map((r) => [r.url.replace(ORIGIN, "").replace("http://prov.test", "http:"), r.status]) };
}

describe("the catalog", () => {
  it("holds at least 60 models, each of a template set that has templates and a phone behaviour", async () => {
    const models = await db.query.models.findMany();
    expect(models.length).toBeGreaterThanOrEqual(60);
    for (const model of models) {
      expect(TEMPLATE_SET_NAMES, model.iden).toContain(model.templateSet);
      expect(PHONE_FAMILIES, model.iden).toContain(model.templateSet);
    }
    expect(new Set(models.map((m) => m.templateSet))).toEqual(new Set(TEMPLATE_SET_NAMES));
  });

  it("gives every Poly model the same MAC file pattern, the one the shared master names", async () => {
    const poly = (await db.query.models.findMany()).filter((m) => m.templateSet === "polycom");
    expect(poly.length).toBeGreaterThanOrEqual(15);
    expect(new Set(poly.map((m) => m.specificPattern))).toEqual(new Set(["{mac}-edgeprov.cfg"]));
    expect(poly.filter((m) => m.genericFile === "000000000000.cfg").map((m) => m.iden)).toEqual(["polycom-soundpoint"]);
  });
});

describe("every bundled family's templates", () => {
  it.each(TEMPLATE_SET_NAMES)("%s: pass the checks a custom template must pass", async (name) => {
    const model = (await db.query.models.findMany({ with: { manufacturer: true } })).find((m) => m.templateSet === name);
    if (!model) expect.fail(`no catalog model uses the ${name} family: add its models in a migration (docs/families.md)`);
    for (const kind of ["generic", "specific"] as const) {
      expect(checkTemplate(templateSet(name)[kind], model, kind), `${name} ${kind}`).toEqual([]);
    }
  });
});

describe("Poly", () => {
  it("boots as UC Software does: its own master (absent), the default master, then the file CONFIG_FILES names", async () => {
    const { terminal } = await createTerminal({ model: "poly-vvx-450", mac: uniqueMac("0004f2"), lines: [{ username: "7001", password: "poly-secret" }] });
    const { result, report, requests } = await boot("poly-vvx-450", terminal.mac);
    expect(result.ok, report).toBe(true);
    expect(requests).toEqual([
      [`/provision/${terminal.mac}.cfg`, 404],
      ["/provision/000000000000.cfg", 200],
      [`/provision/${terminal.mac}-edgeprov.cfg`, 200],
    ]);
    expect(result.account!.lines.map((l) => [l.username, l.password])).toEqual([["7001", "poly-secret"]]);
  });

  it("000000000000.cfg is the default master (a generic file), even when a terminal has that MAC", async () => {
    await createTerminal({ model: "poly-vvx-250", mac: "000000000000", lines: [{ username: "7002", password: "secret-of-000000000000" }] });
    const res = await get("000000000000.cfg");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).not.toContain("no-store");
    const master = phoneOf("polycom").parse(await res.text());
    expect(master.get("CONFIG_FILES")).toBe(`${BASE}/[PHONE_MAC_ADDRESS]-edgeprov.cfg`);
    expect([...master.values()].join(" ")).not.toContain("secret-of-000000000000");
    expect(phoneOf("polycom").credentials(master)).toEqual([]);
    // Every model's own name for the master serves the same file.
    for (const name of ["polycom/vvx450.cfg", "polycom/edge-e450.cfg", "POLYCOM/VVX101.CFG"]) {
      const own = await get(name);
      expect(own.status, name).toBe(200);
      expect(phoneOf("polycom").parse(await own.text()).get("CONFIG_FILES"), name).toBe(master.get("CONFIG_FILES"));
    }
  });

  // <mac>-directory.xml is the company phonebook (test/contacts.test.ts), not a miss.
  it("<mac>.cfg, <mac>-phone.cfg, <mac>-boot.log and other uploads are not its MAC file: the one 404", async () => {
    const { terminal } = await createTerminal({ model: "poly-edge-e450", mac: uniqueMac("0004f2"), lines: [{ username: "7003", password: "x" }] });
    const reference = await theOne404();
    for (const name of [".cfg", "-phone.cfg", "-boot.log", "-app.log", "-web.cfg", "-license.cfg"]) {
      expect(await shape(await get(`${terminal.mac}${name}`)), name).toEqual(reference);
    }
    expect(await shape(await get(`${terminal.mac}-phone.cfg`, { method: "PUT", body: "<polycomConfig/>" })), "PUT").toMatchObject({ status: 404 });
    expect((await get(`${terminal.mac}-edgeprov.cfg`)).status).toBe(200);
    // Nor for a Yealink terminal.
    const yealink = await createTerminal({ model: "yealink-t46s", mac: uniqueMac("805ec0") });
    expect(await shape(await get(`${yealink.terminal.mac}-phone.cfg`))).toEqual(reference);
  });

  it("<mac>-phone.cfg is a MAC file when a model's pattern says exactly that", async () => {
    const poly = await db.query.manufacturers.findFirst({ where: (m, { eq }) => eq(m.iden, "poly") });
    await db.insert(models).values({
      manufacturerId: poly!.id, iden: "test-poly-phone-cfg", name: "Test Poly", genericFile: "test-poly/000000000000.cfg",
      specificPattern: "{mac}-phone.cfg", format: "xml", maxLines: 2, templateSet: "polycom",
    });
    // Written past the API: forget the catalog as a write through it does (a file pattern no snapshot
    // knows names no MAC, src/phone/resolve.ts).
    catalogs.forget();
    const { terminal } = await createTerminal({ model: "test-poly-phone-cfg", mac: uniqueMac("0004f2"), lines: [{ username: "7004", password: "x" }] });
    const res = await get(`${terminal.mac}-phone.cfg`);
    expect(res.status).toBe(200);
    expect(phoneOf("polycom").line(phoneOf("polycom").parse(await res.text()), 1).username).toBe("7004");
  });
});

describe("Snom", () => {
  it("follows setting_server's {mac} URL from snom<model>.htm; its own -<MAC>.htm is not served", async () => {
    const { terminal } = await createTerminal({ model: "snom-d785", mac: uniqueMac("000413"), lines: [{ username: "8001", password: "snom-secret" }] });
    const generic = phoneOf("snom").parse(await (await get("snomD785.htm")).text());
    expect(generic.get("setting_server")).toBe(`${BASE}/{mac}.xml`);
    const { result, report, requests } = await boot("snom-d785", terminal.mac, "http://prov.test/provision");
    expect(result.ok, report).toBe(true);
    const upper = terminal.mac.toUpperCase();
    expect(requests).toEqual([
      ["http:/provision/snomD785.htm", 200],
      [`http:/provision/snomD785-${upper}.htm`, 404],
      [`/provision/${upper}.xml`, 200],
    ]);
  });

  it("old firmware fills {mac} with colons, and gets the same MAC file", async () => {
    const { terminal } = await createTerminal({ model: "snom-d345", mac: uniqueMac("000413"), lines: [{ username: "8002", password: "colons" }] });
    const { result, report, requests } = await boot("snom-d345", terminal.mac, BASE, true);
    expect(result.ok, report).toBe(true);
    const colons = terminal.mac.toUpperCase().match(/../g)!.join(":");
    expect(requests.at(-1)).toEqual([`/provision/${colons}.xml`, 200]);
    expect(result.account!.lines.map((l) => [l.username, l.password])).toEqual([["8002", "colons"]]);
    const bodies = new Set<string>();
    for (const spelling of [colons, colons.toLowerCase(), terminal.mac.toUpperCase(), terminal.mac.match(/../g)!.join("-")]) {
      const res = await get(`${spelling}.xml`);
      expect(res.status, spelling).toBe(200);
      bodies.add(await res.text());
    }
    expect(bodies.size).toBe(1);
  });
});

describe("Grandstream", () => {
  it("over plain HTTP: cfg<mac> and cfg<mac>.xml refused, cfg<model>.xml moves it to HTTPS, where cfg<mac>.xml answers", async () => {
    const { terminal } = await createTerminal({ model: "grandstream-gxp2170", mac: uniqueMac("c074ad"), lines: [{ username: "9001", password: "gs-secret" }] });
    const { result, report, requests } = await boot("grandstream-gxp2170", terminal.mac, "http://prov.test/provision");
    expect(result.ok, report).toBe(true);
    expect(requests).toEqual([
      [`http:/provision/cfg${terminal.mac}`, 404],
      [`http:/provision/cfg${terminal.mac}.xml`, 404],
      ["http:/provision/cfggxp2170.xml", 200],
      [`/provision/cfg${terminal.mac}`, 404],
      [`/provision/cfg${terminal.mac}.xml`, 200],
    ]);
    expect(result.settings!.get("#mac")).toBe(terminal.mac);
  });

  it("over HTTPS asks the bare cfg<mac> (binary format, refused) then cfg<mac>.xml; cfg.xml is refused", async () => {
    const { terminal } = await createTerminal({ model: "grandstream-grp2614", mac: uniqueMac("c074ad"), lines: [{ username: "9002", password: "x" }] });
    const { result, requests } = await boot("grandstream-grp2614", terminal.mac);
    expect(result.ok).toBe(true);
    expect(requests).toEqual([[`/provision/cfg${terminal.mac}`, 404], [`/provision/cfg${terminal.mac}.xml`, 200]]);
    const reference = await theOne404();
    expect(await shape(await get(`cfg${terminal.mac}`))).toEqual(reference);
    expect((await get("cfg.xml")).status).toBe(404);
    // The model file carries no MAC header: a phone rejects a file whose header names another unit.
    expect(phoneOf("grandstream").parse(await (await get("cfggrp2614.xml")).text()).has("#mac")).toBe(false);
  });

  it("without a terminal, ends on its model file, which keeps it where it is, and says so", async () => {
    const { result } = await boot("grandstream-gxp1630", uniqueMac("c074ad"));
    expect(result.ok).toBe(false);
    expect(result.requests.map((r) => r.status)).toEqual([404, 404, 200]);
    expect(result.problems.join(" ")).toContain("does not move the phone");
  });
});

describe("Gigaset Nx70", () => {
  it("at a server URL asks provisioning.xml (not served) then <mac>.xml", async () => {
    const { terminal } = await createTerminal({ model: "gigaset-n870", mac: uniqueMac("7c2f80"), lines: [{ username: "6001", password: "x" }, { position: 250, username: "6250", password: "y" }] });
    const { result, report, requests } = await boot("gigaset-n870", terminal.mac);
    expect(result.ok, report).toBe(true);
    expect(requests).toEqual([["/provision/provisioning.xml", 404], [`/provision/${terminal.mac}.xml`, 200]]);
    expect(result.account!.lines.map((l) => l.position)).toEqual([1, 250]);
  });

  it("given a plain-HTTP server URL it cannot get its MAC file; its bootstrap profile moves it to HTTPS", async () => {
    const { terminal } = await createTerminal({ model: "gigaset-n670", mac: uniqueMac("7c2f80") });
    const plain = await boot("gigaset-n670", terminal.mac, "http://prov.test/provision");
    expect(plain.result.ok).toBe(false);
    expect(plain.result.problems.join(" ")).toMatch(/MAC file .* answered 404/);
    const bootstrap = await boot("gigaset-n670", terminal.mac, "http://prov.test/provision/gigaset/n670.xml");
    expect(bootstrap.result.ok, bootstrap.report).toBe(true);
    expect(bootstrap.requests).toEqual([
      ["http:/provision/gigaset/n670.xml", 200],
      ["/provision/provisioning.xml", 404],
      [`/provision/${terminal.mac}.xml`, 200],
    ]);
  });
});

describe("Cisco MPP", () => {
  it("asks $PSN.xml as it names itself, then the $MA.xml its Profile_Rule gives", async () => {
    const { terminal } = await createTerminal({ model: "cisco-8851-3pcc", mac: uniqueMac("00562b"), lines: [{ username: "5001", password: "x" }] });
    const { result, report, requests } = await boot("cisco-8851-3pcc", terminal.mac, "http://prov.test/provision");
    expect(result.ok, report).toBe(true);
    expect(requests).toEqual([["http:/provision/8851-3PCC.xml", 200], [`/provision/${terminal.mac}.xml`, 200]]);
  });
});

describe("a company that sends no proxy", () => {
  it.each(["cisco-mpp", "polycom", "grandstream", "snom", "fanvil", "gigaset"])("%s: gets no outbound proxy", async (set) => {
    const model = (await db.query.models.findMany()).find((m) => m.templateSet === set)!;
    const company = await createCompany({ sipProxy: null });
    const { terminal } = await createTerminal({ model: model.iden, mac: uniqueMac("0c383e"), companyId: company.id });
    const base = set === "gigaset" ? BASE : "http://prov.test/provision";
    const { result, report } = await boot(model.iden, terminal.mac, base);
    expect(result.ok, report).toBe(true);
    expect(result.account!.outboundProxy).toBeNull();
  });
});
