// Programmable keys (docs/api.md, "Keys, phonebook, settings"): a BLF key and a speed dial set through
// the API, read back from the MAC file as each family's phone reads it (templates/<family>/phone.ts), in
// every file format of every family; and what the API refuses.
import { describe, expect, it } from "vitest";
import { TEMPLATE_SET_NAMES, templateSet } from "../templates";
import type { Settings } from "../tools/simulator/types";
import { parseXml } from "../tools/simulator/xml";
import { api, apiCompany, apiTerminal as terminal, expectError, phone } from "./api";
import { createModel, uniqueMac } from "./fixtures";
import { phoneOf } from "./phones";

const company = () => apiCompany();
/** Line 1 at position 1, a BLF at 2 and a speed dial at 3, as an operator sends them. */
const KEYS = [
  { position: 1, type: "line" },
  { position: 2, type: "blf", value: "201", label: "Ana" },
  { position: 3, type: "speeddial", value: "+34911222333", label: "Office" },
];

/** The MAC file as the phone fetches it, read by its family's phone. */
async function macFile(family: string, model: string, file: (mac: string) => string) {
  const t = await terminal(await company(), model, { keys: KEYS });
  const res = await phone(file(t.mac));
  expect(res.status, res.text).toBe(200);
  return { settings: phoneOf(family).parse(res.text), mac: t.mac };
}

/**
 * Where each family and file format puts the BLF (position 2) and the speed dial (position 3): the model to
 * test it on, its MAC file, and what its phone must read there.
 */
const FORMATS: Record<string, { family: string; model: string; file: (mac: string) => string; expected: Record<string, string> }> = {
  yealink: {
    family: "yealink", model: "yealink-t46s", file: (mac) => `${mac}.cfg`,
    expected: { "linekey.1.type": "15", "linekey.2.type": "16", "linekey.2.value": "201", "linekey.2.label": "Ana", "linekey.2.line": "1", "linekey.3.type": "13", "linekey.3.value": "+34911222333" },
  },
  "cisco-spa": {
    family: "cisco-spa", model: "cisco-spa504g", file: (mac) => `${mac}.xml`,
    expected: { Extension_1_: "1", Extension_2_: "Disabled", Short_Name_2_: "Ana", Extended_Function_2_: "fnc=sd+blf+cp;sub=201@$PROXY;nme=Ana", Extension_3_: "Disabled", Extended_Function_3_: "fnc=sd;ext=+34911222333@$PROXY;nme=Office" },
  },
  "cisco-mpp": {
    family: "cisco-mpp", model: "cisco-6841-3pcc", file: (mac) => `${mac}.xml`,
    expected: { Extension_2_: "Disabled", Short_Name_2_: "Ana", Extended_Function_2_: "fnc=sd+blf+cp;sub=201@$PROXY;nme=Ana", Extended_Function_3_: "fnc=sd;ext=+34911222333@$PROXY;nme=Office" },
  },
  polycom: {
    family: "polycom", model: "poly-vvx-400", file: (mac) => `${mac}-edgeprov.cfg`,
    expected: { "lineKey.reassignment.enabled": "1", "lineKey.1.category": "Line", "lineKey.2.category": "BLF", "lineKey.2.index": "1", "attendant.resourceList.1.address": "201", "attendant.resourceList.1.label": "Ana", "attendant.resourceList.1.type": "normal", "lineKey.3.category": "SpeedDial", "lineKey.3.index": "3" },
  },
  "grandstream alias XML": {
    family: "grandstream", model: "grandstream-grp2612", file: (mac) => `cfg${mac}.xml`,
    expected: { "pks.vpk.2.keyMode": "BLF", "pks.vpk.2.account": "0", "pks.vpk.2.description": "Ana", "pks.vpk.2.value": "201", "pks.vpk.3.keyMode": "SpeedDial", "pks.vpk.3.value": "+34911222333" },
  },
  "grandstream P-values": {
    family: "grandstream", model: "grandstream-gxp1628", file: (mac) => `cfg${mac}.xml`,
    // Line keys 1-3: mode P1363/P1365/P1367, account P1364/..., description P1465/P1467/..., value P1466/P1468/...
    expected: { P1363: "0", P1365: "11", P1366: "0", P1467: "Ana", P1468: "201", P1367: "10", P1470: "+34911222333" },
  },
  snom: {
    family: "snom", model: "snom-d785", file: (mac) => `${mac}.xml`,
    expected: { fkey0: "line", fkey1: "blf 201", "fkey1.label": "Ana", "fkey1.context": "1", fkey2: "speed +34911222333", "fkey2.label": "Office" },
  },
  "fanvil VOIP_CONFIG_FILE": {
    family: "fanvil", model: "fanvil-x6", file: (mac) => `${mac}.cfg`,
    expected: { "fkey.1.Type": "2", "fkey.1.Value": "SIP1", "fkey.2.Type": "1", "fkey.2.Value": "201@1/ba", "fkey.2.Title": "Ana", "fkey.3.Value": "+34911222333@1/f" },
  },
  "fanvil sysConf": {
    family: "fanvil", model: "fanvil-sysconf-keys", file: (mac) => `${mac}.cfg`,
    expected: { "dsskey.internal.1.Fkey.1.Value": "SIP1", "dsskey.internal.1.Fkey.2.Type": "1", "dsskey.internal.1.Fkey.2.Value": "201@1/ba", "dsskey.internal.1.Fkey.2.Title": "Ana", "dsskey.internal.1.Fkey.3.Value": "+34911222333@1/f" },
  },
};

describe("a BLF key and a speed dial where each vendor expects them", () => {
  it("every family and every file format of it has a case here (DECT Gigaset has no keys)", () => {
    const formats = TEMPLATE_SET_NAMES.flatMap((name) => [name, ...(templateSet(name).variants ?? []).map((v) => v.name)]);
    const covered = new Set(Object.keys(FORMATS).flatMap((name) => [name, ...name.split(" ")]));
    expect(formats.filter((format) => !covered.has(format) && format !== "gigaset")).toEqual([]);
  });

  for (const [name, { family, model, file, expected }] of Object.entries(FORMATS)) {
    it(name, async () => {
      // A <sysConf> Fanvil with keys: no built-in one has a public key count, so an operator's model of the family.
      if (model === "fanvil-sysconf-keys") {
        await createModel({ iden: model, genericFile: "fanvil/sysconf-keys.cfg", specificPattern: "{mac}.cfg", format: "xml", maxLines: 4, keyCount: 24, templateSet: "fanvil" }).catch(() => undefined);
      }
      const { settings } = await macFile(family, model, file);
      expect(Object.fromEntries(Object.keys(expected).map((key) => [key, settings.get(key)]))).toEqual(expected);
    });
  }

  it("Polycom: the speed dial's number is in the directory the phone asks for, at the index its key names", async () => {
    const t = await terminal(await company(), "poly-vvx-400", { keys: KEYS });
    const directory = parseXml((await phone(`${t.mac}-directory.xml`)).text);
    const items = directory.children[0]!.children.map((item) => Object.fromEntries(item.children.map((c) => [c.name, c.text])));
    expect(items).toContainEqual({ fn: "Office", ct: "+34911222333", sd: "3" });
  });

  it("park and intercom keys get each family's own code", async () => {
    const keys = [{ position: 2, type: "park", value: "700" }, { position: 3, type: "intercom", value: "202" }];
    const read = async (family: string, model: string, file: (mac: string) => string): Promise<Settings> => {
      const t = await terminal(await company(), model, { keys });
      return phoneOf(family).parse((await phone(file(t.mac))).text);
    };
    const yealink = await read("yealink", "yealink-t46s", (mac) => `${mac}.cfg`);
    expect([yealink.get("linekey.2.type"), yealink.get("linekey.3.type")]).toEqual(["10", "14"]);
    // Snom: `orbit` only on the models wazo's plugin writes it for (an operator's snom-d765 here), a speed dial elsewhere.
    const snom = await read("snom", "snom-d785", (mac) => `${mac}.xml`);
    expect([snom.get("fkey1"), snom.get("fkey2")]).toEqual(["speed 700", "icom 202"]);
    await createModel({ iden: "snom-d765", genericFile: "snomD765.htm", specificPattern: "{mac}.xml", format: "xml", maxLines: 4, keyCount: 16, templateSet: "snom" }).catch(() => undefined);
    expect((await read("snom", "snom-d765", (mac) => `${mac}.xml`)).get("fkey1")).toBe("orbit 700");
    const gxp = await read("grandstream", "grandstream-gxp1628", (mac) => `cfg${mac}.xml`);
    expect([gxp.get("P1365"), gxp.get("P1367")]).toEqual(["19", "20"]);
  });
});

describe("what the API refuses", () => {
  it("positions beyond the model's keys, twice, on a line it lacks, or without a value: a 400 naming the field, nothing written", async () => {
    const t = await terminal(await company(), "yealink-t46s");
    const key = { type: "blf", value: "201" };
    expectError(await api("PATCH", `/terminals/${t.id}`, { keys: [{ ...key, position: 28 }] }), 400, "validation_failed", "keys.0.position");
    expectError(await api("PATCH", `/terminals/${t.id}`, { keys: [{ ...key, position: 2 }, { ...key, position: 2 }] }), 400, "validation_failed", "keys.1.position");
    expectError(await api("PATCH", `/terminals/${t.id}`, { keys: [{ ...key, position: 2, line: 17 }] }), 400, "validation_failed", "keys.0.line");
    expectError(await api("PATCH", `/terminals/${t.id}`, { keys: [{ position: 2, type: "blf" }] }), 400, "validation_failed", "keys.0.value");
    expectError(await api("PATCH", `/terminals/${t.id}`, { keys: [{ position: 2, type: "macro", value: "1" }] }), 400, "validation_failed", "keys.0.type");
    expect((await api("GET", `/terminals/${t.id}`)).json.keys).toEqual([]);
    // Valid: stored in position order, shown by GET and in the config preview.
    const patched = await api("PATCH", `/terminals/${t.id}`, { keys: [{ ...key, position: 27 }, { position: 1, type: "line" }] });
    expect(patched.json.keys).toEqual([{ position: 1, type: "line", value: "", label: "", line: 1 }, { position: 27, type: "blf", value: "201", label: "", line: 1 }]);
    expect(phoneOf("yealink").parse((await api("GET", `/terminals/${t.id}/config`)).text).get("linekey.27.type")).toBe("16");
  });

  it("a DECT handset has no programmable keys, and a model change keeps keys only within the new model's", async () => {
    const id = await company();
    const dect = await terminal(id, "yealink-w60b");
    expectError(await api("PATCH", `/terminals/${dect.id}`, { keys: [{ position: 1, type: "blf", value: "201" }] }), 400, "validation_failed", "keys.0.position");
    const t = await terminal(id, "yealink-t46s", { keys: [{ position: 20, type: "blf", value: "201" }] });
    const before = (await api("GET", `/terminals/${t.id}`)).json;
    expectError(await api("PATCH", `/terminals/${t.id}`, { model: "yealink-t41s" }), 400, "validation_failed", "keys.0.position");
    expect((await api("GET", `/terminals/${t.id}`)).json).toEqual(before);
  });

  it("the models API shows keyCount and refuses to go below a key in use", async () => {
    const model = (await api("GET", "/models?iden=yealink-t41s")).json.items[0];
    expect(model.keyCount).toBe(15);
    await terminal(await company(), "yealink-t41s", { keys: [{ position: 10, type: "speeddial", value: "200" }] });
    expectError(await api("PATCH", `/models/${model.id}`, { keyCount: 9 }), 409, "in_use", "keyCount");
    expect((await api("GET", `/models/${model.id}`)).json.keyCount).toBe(15);
  });
});

describe("keys in CSV import, export and upsert", () => {
  const header = "companyId,model,mac,username,key2.type,key2.value,key2.label,key2.line,key5.type,key5.value";

  it("key N as keyN.type, .value, .label, .line: imported, exported, and a bad one named by its column", async () => {
    const id = await company();
    const mac = uniqueMac();
    const bad = await api("POST", "/terminals/import", `${header}\n${id},yealink-t46s,${mac},100,blf,201,Ana,1,speeddial,\n`, { type: "text/csv" });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details).toContainEqual(expect.objectContaining({ row: 1, field: "key5.value" }));
    expect((await api("GET", `/terminals/${mac}`)).status).toBe(404);

    const res = await api("POST", "/terminals/import", `${header}\n${id},yealink-t46s,${mac},100,blf,201,Ana,1,speeddial,+3491\n`, { type: "text/csv" });
    expect(res.status, res.text).toBe(201);
    const t = (await api("GET", `/terminals/${mac}`)).json;
    expect(t.keys).toEqual([
      { position: 2, type: "blf", value: "201", label: "Ana", line: 1 },
      { position: 5, type: "speeddial", value: "+3491", label: "", line: 1 },
    ]);
    const exported = (await api("GET", `/terminals/export?companyId=${id}`)).text.split("\r\n");
    expect(exported[0]).toContain("key2.type,key2.value,key2.label,key2.line,key5.type,key5.value,key5.label,key5.line");
    // A value a spreadsheet would take for a formula (`+3491`) is exported guarded, and imported back as it was.
    expect(exported[1]).toContain("blf,201,Ana,1,speeddial,'+3491,,1");
  });

  it("upsert: keys a row gives replace the terminal's, a row without keys keeps them, the export re-imports unchanged", async () => {
    const id = await company();
    const t = await terminal(id, "yealink-t46s", { keys: [{ position: 4, type: "blf", value: "204" }] });
    const csv = await api("GET", `/terminals/export?companyId=${id}`);
    const again = await api("POST", "/terminals/import?mode=upsert", csv.text, { type: "text/csv" });
    expect(again.json).toMatchObject({ created: 0, updated: 0, unchanged: 1 });

    const json = (await api("GET", `/terminals/export?format=json&companyId=${id}`)).text;
    expect((await api("POST", "/terminals/import?mode=upsert", json)).json).toMatchObject({ unchanged: 1 });

    const withoutKeys = `companyId,model,mac,name\n${id},yealink-t46s,${t.mac},Lobby\n`;
    expect((await api("POST", "/terminals/import?mode=upsert", withoutKeys, { type: "text/csv" })).json).toMatchObject({ updated: 1 });
    expect((await api("GET", `/terminals/${t.mac}`)).json.keys).toEqual([{ position: 4, type: "blf", value: "204", label: "", line: 1 }]);

    const newKeys = `companyId,model,mac,key6.type,key6.value\n${id},yealink-t46s,${t.mac},speeddial,600\n`;
    expect((await api("POST", "/terminals/import?mode=upsert", newKeys, { type: "text/csv" })).json).toMatchObject({ updated: 1 });
    expect((await api("GET", `/terminals/${t.mac}`)).json.keys).toEqual([{ position: 6, type: "speeddial", value: "600", label: "", line: 1 }]);
    // `key6.type` and `key06.type` are one column: given both, the later would silently win.
    const twice = await api("POST", "/terminals/import?mode=upsert", `mac,key6.type,key6.value,key06.type\n${t.mac},speeddial,600,blf\n`, { type: "text/csv" });
    expect([twice.status, twice.json.error.code, twice.json.error.details]).toEqual([400, "invalid_csv", [{ path: "key06.type", message: "column given twice" }]]);
    const tooFar = `companyId,model,mac,key28.type,key28.value\n${id},yealink-t46s,${t.mac},speeddial,600\n`;
    const refused = await api("POST", "/terminals/import?mode=upsert", tooFar, { type: "text/csv" });
    expect(refused.status).toBe(400);
    expect(refused.json.error.details).toContainEqual(expect.objectContaining({ row: 1, field: "key28.type" }));
  });
});
