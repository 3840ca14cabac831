// Removing keys reaches the phone (docs/api.md, "Keys, phonebook, settings"): phones keep a parameter a file
// does not name, so every MAC file writes every key position up to the model's keyCount. Read as the phone
// holds its settings: the file it had, then the new one over it (tools/simulator/read.ts `merge`).
import { describe, expect, it } from "vitest";
import { TEMPLATE_SET_NAMES, templateSet } from "../templates";
import { merge } from "../tools/simulator/read";
import type { Settings } from "../tools/simulator/types";
import { api, apiCompany, phone } from "./api";
import { createModel, uniqueMac } from "./fixtures";
import { phoneOf } from "./phones";

const KEYS = [
  { position: 1, type: "line" },
  { position: 2, type: "blf", value: "201", label: "Ana" },
  { position: 3, type: "speeddial", value: "+34911222333", label: "Office" },
];

const company = () => apiCompany();
/** The settings the phone holds after it read its MAC file with `KEYS`, then again after `then` changed the terminal. */
async function phoneAfter(family: string, model: string, file: (mac: string) => string, then: Record<string, unknown>, lines = [{ username: "100" }]) {
  const mac = uniqueMac();
  const created = await api("POST", "/terminals", { companyId: await company(), model, mac, lines, keys: KEYS });
  expect(created.status, created.text).toBe(201);
  const read = async (): Promise<Settings> => {
    const res = await phone(file(mac));
    expect(res.status, res.text).toBe(200);
    return phoneOf(family).parse(res.text);
  };
  const before = await read();
  const patched = await api("PATCH", `/terminals/${mac}`, then);
  expect(patched.status, patched.text).toBe(200);
  return { before, after: merge(before, await read()) };
}

/** Where each format keeps keys 2 (the BLF) and 3 (the speed dial), and what the phone reads there once they are removed. */
const CLEARED: Record<string, { family: string; model: string; file: (mac: string) => string; set: Record<string, string>; cleared: Record<string, string> }> = {
  yealink: {
    family: "yealink", model: "yealink-t46s", file: (mac) => `${mac}.cfg`,
    set: { "linekey.2.type": "16", "linekey.3.type": "13" },
    cleared: { "linekey.2.type": "0", "linekey.2.value": "", "linekey.2.label": "", "linekey.3.type": "0", "linekey.3.value": "" },
  },
  "cisco-spa": {
    family: "cisco-spa", model: "cisco-spa504g", file: (mac) => `${mac}.xml`,
    set: { Extension_2_: "Disabled", Short_Name_2_: "Ana" },
    cleared: { Extension_2_: "Disabled", Extended_Function_2_: "", Short_Name_2_: "", Extended_Function_3_: "" },
  },
  "cisco-mpp": {
    family: "cisco-mpp", model: "cisco-6841-3pcc", file: (mac) => `${mac}.xml`,
    set: { Extended_Function_2_: "fnc=sd+blf+cp;sub=201@$PROXY;nme=Ana" },
    cleared: { Extended_Function_2_: "", Short_Name_2_: "", Extended_Function_3_: "" },
  },
  polycom: {
    family: "polycom", model: "poly-vvx-400", file: (mac) => `${mac}-edgeprov.cfg`,
    set: { "lineKey.2.category": "BLF", "attendant.resourceList.1.address": "201" },
    cleared: { "lineKey.2.category": "Unassigned", "lineKey.3.category": "Unassigned", "attendant.resourceList.1.address": "", "attendant.resourceList.1.label": "" },
  },
  "grandstream alias XML": {
    family: "grandstream", model: "grandstream-grp2612", file: (mac) => `cfg${mac}.xml`,
    set: { "pks.vpk.2.keyMode": "BLF" },
    cleared: { "pks.vpk.2.keyMode": "None", "pks.vpk.2.value": "", "pks.vpk.2.description": "", "pks.vpk.3.keyMode": "None" },
  },
  "grandstream P-values": {
    family: "grandstream", model: "grandstream-gxp1628", file: (mac) => `cfg${mac}.xml`,
    // Line keys 2 and 3: mode P1365/P1367, account P1366/P1368, description P1467/P1469, value P1468/P1470.
    set: { P1365: "11", P1468: "201" },
    cleared: { P1365: "0", P1366: "0", P1467: "", P1468: "", P1367: "0", P1470: "" },
  },
  snom: {
    family: "snom", model: "snom-d785", file: (mac) => `${mac}.xml`,
    set: { fkey1: "blf 201" },
    cleared: { fkey1: "none", "fkey1.label": "", "fkey1.context": "active", fkey2: "none" },
  },
  "fanvil VOIP_CONFIG_FILE": {
    family: "fanvil", model: "fanvil-x6", file: (mac) => `${mac}.cfg`,
    set: { "fkey.2.Value": "201@1/ba" },
    cleared: { "fkey.2.Type": "0", "fkey.2.Value": "", "fkey.2.Title": "", "fkey.3.Type": "0" },
  },
  "fanvil sysConf": {
    family: "fanvil", model: "fanvil-x4u", file: (mac) => `${mac}.cfg`,
    // The X4U's first three keys are the side keys (<dssSide>).
    set: { "dsskey.dssSide.1.Fkey.2.Value": "201@1/ba" },
    cleared: { "dsskey.dssSide.1.Fkey.2.Type": "0", "dsskey.dssSide.1.Fkey.2.Value": "", "dsskey.dssSide.1.Fkey.3.Type": "0" },
  },
};

describe("a key removed through the API is cleared on the phone", () => {
  it("every family and every file format of it has a case here (DECT Gigaset has no keys)", () => {
    const formats = TEMPLATE_SET_NAMES.flatMap((name) => [name, ...(templateSet(name).variants ?? []).map((v) => v.name)]);
    const covered = new Set(Object.keys(CLEARED).flatMap((name) => [name, ...name.split(" ")]));
    expect(formats.filter((format) => !covered.has(format) && format !== "gigaset")).toEqual([]);
  });

  for (const [name, { family, model, file, set, cleared }] of Object.entries(CLEARED)) {
    it(name, async () => {
      const { before, after } = await phoneAfter(family, model, file, { keys: [KEYS[0]] });
      const read = (settings: Settings, names: Record<string, string>) => Object.fromEntries(Object.keys(names).map((key) => [key, settings.get(key)]));
      expect(read(before, set)).toEqual(set);
      expect(read(after, cleared)).toEqual(cleared);
    });
  }
});

describe("what a position without a key becomes", () => {
  it("its line's key where the terminal has a line of that number, else no key, up to the model's last key", async () => {
    const { after } = await phoneAfter("yealink", "yealink-t46s", (mac) => `${mac}.cfg`, { keys: [] }, [{ username: "100" }, { username: "101" }]);
    expect(["1", "2", "3", "27"].map((n) => [after.get(`linekey.${n}.type`), after.get(`linekey.${n}.line`)])).toEqual([["15", "1"], ["15", "2"], ["0", ""], ["0", ""]]);
    expect(after.has("linekey.28.type")).toBe(false);
  });

  it("a shorter list of keys clears the positions it no longer names, all keys removed clears them all", async () => {
    const { after } = await phoneAfter("snom", "snom-d785", (mac) => `${mac}.xml`, { keys: [{ position: 3, type: "speeddial", value: "300" }] });
    expect([after.get("fkey0"), after.get("fkey1"), after.get("fkey2"), after.get("fkey11")]).toEqual(["line", "none", "speed 300", "none"]);
    const none = await phoneAfter("polycom", "poly-vvx-400", (mac) => `${mac}-edgeprov.cfg`, { keys: [] });
    expect(Array.from({ length: 12 }, (_, i) => none.after.get(`lineKey.${i + 1}.category`))).toEqual(["Line", ...Array(11).fill("Unassigned")]);
  });

  it("a Fanvil <sysConf> model pages its keys: side keys, then one <internal> per page", async () => {
    const keys = [{ position: 3, type: "blf", value: "203" }, { position: 4, type: "blf", value: "204" }, { position: 10, type: "speeddial", value: "210" }, { position: 33, type: "speeddial", value: "233" }];
    const mac = uniqueMac();
    expect((await api("POST", "/terminals", { companyId: await company(), model: "fanvil-x4u", mac, lines: [{ username: "100" }], keys })).status).toBe(201);
    const settings = phoneOf("fanvil").parse((await phone(`${mac}.cfg`)).text);
    expect([
      settings.get("dsskey.FuncKeyPageNum"),
      settings.get("dsskey.dssSide.1.Fkey.3.Value"),
      settings.get("dsskey.internal.1.Fkey.1.Value"),
      settings.get("dsskey.internal.2.Fkey.1.Value"),
      settings.get("dsskey.internal.5.Fkey.6.Value"),
      settings.has("dsskey.internal.6.Fkey.1.Type"),
    ]).toEqual(["5", "203@1/ba", "204@1/ba", "210@1/f", "233@1/f", false]);
  });

  it("an operator's <sysConf> model without a known layout pages 12 keys from the first", async () => {
    await createModel({ iden: "fanvil-sysconf-paged", genericFile: "fanvil/sysconf-paged.cfg", specificPattern: "{mac}.cfg", format: "xml", maxLines: 4, keyCount: 24, templateSet: "fanvil" }).catch(() => undefined);
    const mac = uniqueMac();
    expect((await api("POST", "/terminals", { companyId: await company(), model: "fanvil-sysconf-paged", mac, lines: [{ username: "100" }], keys: [{ position: 13, type: "blf", value: "213" }] })).status).toBe(201);
    const settings = phoneOf("fanvil").parse((await phone(`${mac}.cfg`)).text);
    expect([settings.get("dsskey.FuncKeyPageNum"), settings.get("dsskey.internal.2.Fkey.1.Value"), settings.get("dsskey.internal.1.Fkey.12.Type")]).toEqual(["2", "213@1/ba", "0"]);
  });
});
