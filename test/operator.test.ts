// Keys, the company phonebook and operator settings, as a phone reads them (docs/api.md, "Keys, phonebook,
// settings"): set through the API, read back from the MAC file with the simulator's parser of each family.
import { describe, expect, it } from "vitest";
import { api, expectError, phone } from "./api";
import { uniqueMac } from "./fixtures";
import { parseYealinkCfg, phoneOf } from "./phones";
import { parseXml } from "../tools/simulator/xml";

async function company(body: Record<string, unknown> = {}) {
  const res = await api("POST", "/companies", { name: "Acme", sipDomain: "sip.acme.example", ...body });
  expect(res.status, res.text).toBe(201);
  return res.json as { id: number };
}

async function terminal(companyId: number, model: string, body: Record<string, unknown> = {}, prefix = "001565") {
  const mac = uniqueMac(prefix);
  const res = await api("POST", "/terminals", { companyId, model, mac, lines: [{ username: "100" }, { username: "101" }].slice(0, 1), ...body });
  expect(res.status, res.text).toBe(201);
  return res.json as { id: number; mac: string };
}

const BLF_AND_SPEED_DIAL = [
  { position: 2, type: "blf", value: "201", label: "Ana", line: 1 },
  { position: 3, type: "speeddial", value: "+34911222333", label: "Office" },
];

async function config(id: number) {
  const res = await api("GET", `/terminals/${id}/config`);
  expect(res.status, res.text).toBe(200);
  return res.text;
}

describe("Yealink", () => {
  it("writes a BLF key and a speed dial as linekey.N", async () => {
    const { id } = await company();
    const t = await terminal(id, "yealink-t46s", { keys: BLF_AND_SPEED_DIAL });
    const settings = parseYealinkCfg(await config(t.id));
    expect(settings.get("linekey.2.type")).toBe("16");
    expect(settings.get("linekey.2.value")).toBe("201");
    expect(settings.get("linekey.2.label")).toBe("Ana");
    expect(settings.get("linekey.2.line")).toBe("1");
    expect(settings.get("linekey.3.type")).toBe("13");
    expect(settings.get("linekey.3.value")).toBe("+34911222333");
    // The MAC file as the phone fetches it says the same.
    expect(parseYealinkCfg((await phone(`${t.mac}.cfg`)).text).get("linekey.2.type")).toBe("16");
  });

  it("a company setting and a terminal override reach the file, the terminal's winning", async () => {
    const { id } = await company({ settings: { yealink: { "phone_setting.backlight_time": "30", "features.dnd.enable": "1", "lang.gui": "German" } } });
    const t = await terminal(id, "yealink-t46s", { settings: { "phone_setting.backlight_time": "60" } });
    const settings = parseYealinkCfg((await phone(`${t.mac}.cfg`)).text);
    expect(settings.get("phone_setting.backlight_time")).toBe("60");
    expect(settings.get("features.dnd.enable")).toBe("1");
    // Over the template's own value: the later line wins on the phone.
    expect(settings.get("lang.gui")).toBe("German");
  });

  it("a setting of another family is ignored", async () => {
    const { id } = await company({ settings: { "cisco-spa": { Station_Name: "Lobby" } } });
    const t = await terminal(id, "yealink-t46s");
    expect(await config(t.id)).not.toContain("Lobby");
  });
});

describe("BLF and speed dial where each vendor expects them", () => {
  const read = async (family: string, model: string) => {
    const { id } = await company();
    const t = await terminal(id, model, { keys: BLF_AND_SPEED_DIAL });
    return phoneOf(family).parse(await config(t.id));
  };

  it("Cisco SPA and MPP: Extension_N_ Disabled and Extended_Function_N_", async () => {
    for (const [family, model] of [["cisco-spa", "cisco-spa504g"], ["cisco-mpp", "cisco-6841-3pcc"]] as const) {
      const settings = await read(family, model);
      expect(settings.get("Extension_2_"), family).toBe("Disabled");
      expect(settings.get("Extended_Function_2_"), family).toBe("fnc=blf+sd+cp;sub=201@$PROXY;nme=Ana");
      expect(settings.get("Extension_3_"), family).toBe("Disabled");
      expect(settings.get("Extended_Function_3_"), family).toBe("fnc=sd;ext=+34911222333@$PROXY;vid=1;nme=Office");
    }
  });

  it("Polycom: lineKey.N, the BLF in the attendant list, the speed dial's number in the directory", async () => {
    const { id } = await company();
    const t = await terminal(id, "poly-vvx-400", { keys: BLF_AND_SPEED_DIAL });
    const settings = phoneOf("polycom").parse(await config(t.id));
    expect(settings.get("lineKey.reassignment.enabled")).toBe("1");
    expect(settings.get("lineKey.2.category")).toBe("BLF");
    expect(settings.get("lineKey.2.index")).toBe("1");
    expect(settings.get("attendant.resourceList.1.address")).toBe("201");
    expect(settings.get("attendant.resourceList.1.label")).toBe("Ana");
    expect(settings.get("attendant.resourceList.1.type")).toBe("normal");
    expect(settings.get("lineKey.3.category")).toBe("SpeedDial");
    expect(settings.get("lineKey.3.index")).toBe("3");
    const directory = parseXml((await phone(`${t.mac}-directory.xml`)).text);
    const items = directory.children[0]!.children.map((item) => Object.fromEntries(item.children.map((c) => [c.name, c.text])));
    expect(items).toContainEqual({ fn: "Office", ct: "+34911222333", sd: "3" });
  });

  it("Grandstream: pks.vpk.N", async () => {
    const settings = await read("grandstream", "grandstream-grp2612");
    expect(settings.get("pks.vpk.2.keyMode")).toBe("BLF");
    expect(settings.get("pks.vpk.2.value")).toBe("201");
    expect(settings.get("pks.vpk.2.account")).toBe("Account1");
    expect(settings.get("pks.vpk.2.description")).toBe("Ana");
    expect(settings.get("pks.vpk.3.keyMode")).toBe("SpeedDial");
    expect(settings.get("pks.vpk.3.value")).toBe("+34911222333");
  });

  it("Snom: fkey, counted from 0", async () => {
    const settings = await read("snom", "snom-d785");
    expect(settings.get("fkey1")).toBe("blf 201");
    expect(settings.get("fkey1.label")).toBe("Ana");
    expect(settings.get("fkey1.context")).toBe("1");
    expect(settings.get("fkey2")).toBe("speed +34911222333");
  });

  it("Fanvil: memory keys of the first DSS page", async () => {
    const settings = await read("fanvil", "fanvil-x6");
    expect(settings.get("dsskey.internal.1.Fkey.2.Type")).toBe("1");
    expect(settings.get("dsskey.internal.1.Fkey.2.Value")).toBe("201@1/ba");
    expect(settings.get("dsskey.internal.1.Fkey.2.Title")).toBe("Ana");
    expect(settings.get("dsskey.internal.1.Fkey.3.Value")).toBe("+34911222333@1/f");
  });

  it("Fanvil settings: a sysConf path, nested as the phone reads it", async () => {
    const { id } = await company({ settings: { fanvil: { "sip/line[1]/DTMFMode": "1", "phone/LcdBacklight": "30" } } });
    const t = await terminal(id, "fanvil-x6");
    const settings = phoneOf("fanvil").parse(await config(t.id));
    expect(settings.get("sip.line.1.DTMFMode")).toBe("1");
    expect(settings.get("phone.LcdBacklight")).toBe("30");
  });
});

describe("refusals", () => {
  it("a setting value with a line break is a 400 naming it, and nothing is written", async () => {
    const { id } = await company();
    const mac = uniqueMac();
    expectError(await api("POST", "/terminals", { companyId: id, model: "yealink-t46s", mac, settings: { "features.dnd.enable": "1\naccount.1.password = x" } }), 400, "validation_failed", "settings.features.dnd.enable");
    expect((await api("GET", `/terminals/${mac}`)).status).toBe(404);
    expectError(await api("PATCH", `/companies/${id}`, { settings: { yealink: { "features.dnd.enable": "1\r" } } }), 400, "validation_failed", "settings.yealink.features.dnd.enable");
  });

  it("credentials the template writes cannot be overridden; names must be in the family's syntax", async () => {
    const { id } = await company();
    const t = await terminal(id, "yealink-t46s");
    expectError(await api("PATCH", `/terminals/${t.id}`, { settings: { "account.1.password": "x" } }), 400, "validation_failed", "settings.account.1.password");
    expectError(await api("PATCH", `/terminals/${t.id}`, { settings: { "Not A Key": "x" } }), 400, "validation_failed", "settings.Not A Key");
    expectError(await api("PATCH", `/companies/${id}`, { settings: { nokia: { a: "b" } } }), 400, "validation_failed", "settings.nokia");
    expectError(await api("PATCH", `/companies/${id}`, { settings: { yealink: { "static.auto_provision.server.url": "http://evil.example" } } }), 400, "validation_failed", "settings.yealink.static.auto_provision.server.url");
  });

  it("key positions beyond the model's keys, twice, or on a line it lacks are a 400 naming the field", async () => {
    const { id } = await company();
    const t = await terminal(id, "yealink-t46s");
    const key = { type: "blf", value: "201" };
    expectError(await api("PATCH", `/terminals/${t.id}`, { keys: [{ ...key, position: 28 }] }), 400, "validation_failed", "keys.0.position");
    expectError(await api("PATCH", `/terminals/${t.id}`, { keys: [{ ...key, position: 2 }, { ...key, position: 2 }] }), 400, "validation_failed", "keys.1.position");
    expectError(await api("PATCH", `/terminals/${t.id}`, { keys: [{ ...key, position: 2, line: 17 }] }), 400, "validation_failed", "keys.0.line");
    expectError(await api("PATCH", `/terminals/${t.id}`, { keys: [{ position: 2, type: "blf" }] }), 400, "validation_failed", "keys.0.value");
    expect((await api("GET", `/terminals/${t.id}`)).json.keys).toEqual([]);
    // The same keys, valid, through a PATCH: stored in position order and written into the file.
    const patched = await api("PATCH", `/terminals/${t.id}`, { keys: [{ ...key, position: 27 }, { position: 1, type: "line" }] });
    expect(patched.json.keys).toEqual([{ position: 1, type: "line", value: "", label: "", line: 1 }, { position: 27, type: "blf", value: "201", label: "", line: 1 }]);
    expect(parseYealinkCfg(await config(t.id)).get("linekey.27.type")).toBe("16");
    // A DECT handset has no programmable keys at all.
    const dect = await terminal(id, "yealink-w60b");
    expectError(await api("PATCH", `/terminals/${dect.id}`, { keys: [{ ...key, position: 1 }] }), 400, "validation_failed", "keys.0.position");
  });

  it("the models API shows keyCount and refuses to go below a key in use", async () => {
    const { id } = await company();
    const model = (await api("GET", "/models?q=yealink-t41s")).json.items.find((m: { iden: string }) => m.iden === "yealink-t41s");
    expect(model.keyCount).toBe(15);
    await terminal(id, "yealink-t41s", { keys: [{ position: 10, type: "speeddial", value: "200" }] });
    expectError(await api("PATCH", `/models/${model.id}`, { keyCount: 9 }), 409, "in_use", "keyCount");
  });
});

describe("keys in CSV import and export", () => {
  it("key N as keyN.type, .value, .label, .line: imported, exported, and a bad one named by its column", async () => {
    const { id } = await company();
    const mac = uniqueMac();
    const header = "companyId,model,mac,username,key2.type,key2.value,key2.label,key2.line,key5.type,key5.value";
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
    expect(parseYealinkCfg(await config(t.id)).get("linekey.5.value")).toBe("+3491");
    const exported = (await api("GET", `/terminals/export?companyId=${id}`)).text.split("\r\n");
    expect(exported[0]).toContain("key2.type,key2.value,key2.label,key2.line,key5.type,key5.value,key5.label,key5.line");
    expect(exported[1]).toContain("blf,201,Ana,1,speeddial,+3491,,1");
  });
});

describe("the OpenAPI document", () => {
  it("describes keys, settings, keyCount and the phonebook routes", async () => {
    const { json } = await api("GET", "/openapi.json");
    expect(Object.keys(json.paths)).toEqual(expect.arrayContaining(["/companies/{id}/contacts", "/companies/{id}/contacts/{contactId}", "/companies/{id}/contacts/import", "/companies/{id}/contacts/export"]));
    expect(json.components.schemas.TerminalCreate.properties).toHaveProperty("keys");
    expect(json.components.schemas.TerminalCreate.properties).toHaveProperty("settings");
    expect(json.components.schemas.Key.properties.type.enum).toEqual(["line", "blf", "speeddial", "park", "intercom"]);
    expect(json.components.schemas.Model.properties).toHaveProperty("keyCount");
    expect(json.components.schemas.Company.properties).toHaveProperty("settings");
  });
});
