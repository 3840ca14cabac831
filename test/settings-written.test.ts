// Settings never make a file the phone may reject (docs/api.md, "Keys, phonebook, settings"): for a family whose
// phones are not known to take a parameter twice, a setting the bundled template or its keys block already
// writes is a 400 naming it, at the terminal and at the company. Where phones take a file's last value (Yealink,
// Cisco) the setting beats the template's (test/settings.test.ts). And a name is refused for the same reason
// whichever level gives it.
import { describe, expect, it } from "vitest";
import { settingRules } from "../src/core/family";
import { settingKeyProblem } from "../src/core/operator";
import { templateSet } from "../templates";
import { parseXml, type XmlElement } from "../tools/simulator/xml";
import { api, expectError } from "./api";
import { uniqueMac } from "./fixtures";

async function company() {
  const res = await api("POST", "/companies", {
    name: "Acme", sipDomain: "sip.acme.example", sipProxy: "proxy.acme.example:5070", timezone: "Europe/Madrid", transport: "tls",
    policy: { auth: { scheme: "basic", username: "prov", password: "prov-secret" } },
  });
  expect(res.status, res.text).toBe(201);
  await api("POST", `/companies/${res.json.id}/contacts`, { name: "Ana", number: "201" });
  return res.json.id as number;
}

/** Every element and attribute of a document, walked depth first with its path of element names. */
function walk(element: XmlElement, visit: (element: XmlElement, path: string[]) => void, path: string[] = []) {
  visit(element, path);
  for (const child of element.children) walk(child, visit, [...path, child.attributes.index ? `${child.name}[${child.attributes.index}]` : child.name]);
}

/** The names a MAC file sets, spelled as the family's settings name them. */
const NAMES: Record<string, (root: XmlElement) => string[]> = {
  snom: (root) => root.children.filter((s) => s.name === "phone-settings").flatMap((s) => s.children.map((c) => `${c.name}${c.attributes.idx ? `.${c.attributes.idx}` : ""}`)),
  polycom: (root) => {
    const names: string[] = [];
    walk(root, (e) => names.push(...Object.keys(e.attributes)));
    return names;
  },
  grandstream: (root) =>
    root.children.filter((c) => c.name === "config").flatMap((config) => config.children.map((item) => (config.attributes.version === "2" ? item.attributes.name! : item.name))),
  fanvil: (root) => {
    const names: string[] = [];
    if (root.name === "VOIP_CONFIG_FILE") for (const module of root.children) for (const item of module.children) names.push(`${module.name}/${item.name}`);
    else walk(root, (e, path) => e.children.length === 0 && path.length >= 2 && path.length <= 3 && names.push(path.join("/")));
    return names;
  },
  gigaset: (root) => {
    const names: string[] = [];
    walk(root, (e) => e.name === "param" && names.push(e.attributes.name!));
    return names;
  },
};

const FORMATS: [string, string, string][] = [
  ["snom", "snom-d785", "snomD785.htm"],
  ["polycom", "poly-vvx-400", "000000000000.cfg"],
  ["grandstream", "grandstream-grp2614", "cfggrp2614.xml"],
  ["grandstream", "grandstream-gxp2170", "cfggxp2170.xml"],
  ["fanvil", "fanvil-x4u", "fanvil/x4u.cfg"],
  ["fanvil", "fanvil-x6", "F0V00X600000.cfg"],
  ["gigaset", "gigaset-n670", "gigaset-n670.xml"],
];

describe("a setting the bundled template already writes", () => {
  for (const [family, model, genericFile] of FORMATS) {
    it(`${model}: every parameter of its MAC file (lines, zone with DST, proxy, auth, keys, phonebook) is refused as a setting`, async () => {
      const found = (await api("GET", `/models?iden=${model}`)).json.items[0];
      const keys = found.keyCount > 1 ? [{ position: 2, type: "speeddial", value: "202" }] : [];
      const mac = uniqueMac();
      const created = await api("POST", "/terminals", { companyId: await company(), model, mac, lines: [{ username: "100" }, { username: "101" }], keys });
      expect(created.status, created.text).toBe(201);
      const names = NAMES[family]!(parseXml((await api("GET", `/terminals/${mac}/config`)).text));
      expect(names.length).toBeGreaterThan(10);
      const rules = settingRules(templateSet(family), found.genericFile ?? genericFile);
      expect(names.filter((name) => settingKeyProblem(rules, name) === null)).toEqual([]);
    });
  }

  it("is a 400 naming it and why, at the terminal and at the company, and nothing is written", async () => {
    const id = await company();
    for (const [model, family, name] of [
      ["snom-d785", "snom", "web_language"],
      ["grandstream-gxp2170", "grandstream", "P1363"],
      ["poly-vvx-400", "polycom", "tcpIpApp.sntp.address"],
      ["gigaset-n670", "gigaset", "DmGlobal.0.TimeZone"],
      ["fanvil-x4u", "fanvil", "phone/date/TimeZone"],
    ] as const) {
      const t = await api("POST", "/terminals", { companyId: id, model, mac: uniqueMac(), lines: [{ username: "100" }] });
      const atTerminal = await api("PATCH", `/terminals/${t.json.id}`, { settings: { [name]: "x" } });
      expectError(atTerminal, 400, "validation_failed", `settings.${name}`);
      expect(atTerminal.json.error.details[0].message).toMatch(/written by this family's template or keys block/);
      expectError(await api("PATCH", `/companies/${id}`, { settings: { [family]: { [name]: "x" } } }), 400, "validation_failed", `settings.${family}.${name}`);
    }
    expect((await api("GET", `/companies/${id}`)).json.settings).toEqual({});
  });
});

describe("the reason a name is refused", () => {
  it("is the same at the company as at the terminal: a company's denied Grandstream P-value reads as written by the template", async () => {
    const id = await company();
    const t = await api("POST", "/terminals", { companyId: id, model: "grandstream-gxp2170", mac: uniqueMac(), lines: [{ username: "100" }] });
    for (const name of ["P2", "P34", "P35", "P36", "P212", "P237"]) {
      const atTerminal = await api("PATCH", `/terminals/${t.json.id}`, { settings: { [name]: "x" } });
      const atCompany = await api("PATCH", `/companies/${id}`, { settings: { grandstream: { [name]: "x" } } });
      expectError(atCompany, 400, "validation_failed", `settings.grandstream.${name}`);
      expect(atCompany.json.error.details[0].message).toBe(atTerminal.json.error.details[0].message);
      expect(atCompany.json.error.details[0].message).toMatch(/credentials or the provisioning server/);
    }
  });

  it("Yealink: the provisioning server and its credentials in both spellings, with and without `static.`", async () => {
    const id = await company();
    const t = await api("POST", "/terminals", { companyId: id, model: "yealink-t46s", mac: uniqueMac(), lines: [{ username: "100" }] });
    for (const name of ["auto_provision.server.url", "auto_provision.server.username", "static.auto_provision.server.url", "static.auto_provision.server.username"]) {
      expectError(await api("PATCH", `/terminals/${t.json.id}`, { settings: { [name]: "x" } }), 400, "validation_failed", `settings.${name}`);
      expectError(await api("PATCH", `/companies/${id}`, { settings: { yealink: { [name]: "x" } } }), 400, "validation_failed", `settings.yealink.${name}`);
    }
  });
});
