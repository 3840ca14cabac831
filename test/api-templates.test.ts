// Custom templates of a model (GET /models/{id}/templates, PUT and DELETE .../templates/{kind}), as
// an operator sees them: what is stored, what the preview and the phone then get, what is refused.
// Catalog models are shared by every test of this file: each test restores the defaults it changed.
import { afterEach, describe, expect, it } from "vitest";
import { templateSet } from "../templates";
import { api, phone } from "./api";
import { createCompany, createTerminal, modelByIden } from "./fixtures";

const touched = new Set<number>();

// After the test of every catalog model this restores two templates per model: over a hundred writes
// (each with its audit entry), more than the default 10 s on a busy machine.
afterEach(async () => {
  for (const id of touched) {
    for (const kind of ["generic", "specific"]) expect((await api("DELETE", `/models/${id}/templates/${kind}`)).status).toBe(200);
  }
  touched.clear();
}, 60_000);

/** PUT a template as text/plain (the default) or as JSON; remembers the model for restoring. */
async function putTemplate(modelId: number, kind: string, source: string, as: "text" | "json" = "text") {
  touched.add(modelId);
  return as === "text"
    ? api("PUT", `/models/${modelId}/templates/${kind}`, source, { type: "text/plain" })
    : api("PUT", `/models/${modelId}/templates/${kind}`, { template: source });
}

async function preview(mac: string) {
  const res = await api("GET", `/terminals/${mac}/config`);
  expect(res.status).toBe(200);
  return res;
}

/** A terminal of `iden` with a MAC of its own prefix, a name and a password worth escaping. */
async function terminalOf(iden: string, mac: string, name = "Reception") {
  const company = await createCompany({ name: "Templates & Co", sipDomain: "sip.templates.example" });
  await createTerminal({
    model: iden,
    mac,
    companyId: company.id,
    name,
    lines: [{ username: "1001", password: "p&ss<1>", displayName: "Front desk" }],
  });
  return { company, mac };
}

describe("GET /models/{id}/templates", () => {
  it("shows the bundled defaults of every catalog family", async () => {
    for (const [iden, set] of [["yealink-t21p", "yealink"], ["cisco-spa502g", "cisco-spa"]] as const) {
      const model = await modelByIden(iden);
      const res = await api("GET", `/models/${model.id}/templates`);
      expect(res.status).toBe(200);
      expect(res.json).toEqual({
        generic: { source: templateSet(set).generic, isDefault: true },
        specific: { source: templateSet(set).specific, isDefault: true },
      });
    }
  });

  it("answers 404 for a model that does not exist, and 400 for a kind that does not", async () => {
    expect((await api("GET", "/models/99999999/templates")).status).toBe(404);
    expect((await api("PUT", "/models/99999999/templates/specific", "x", { type: "text/plain" })).status).toBe(404);
    expect((await api("DELETE", "/models/99999999/templates/specific")).status).toBe(404);
    const model = await modelByIden("yealink-t21p");
    const bad = await api("PUT", `/models/${model.id}/templates/common`, "x", { type: "text/plain" });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details[0].path).toBe("kind");
  });

  it("accepts every bundled default back as a custom template (the checker knows the whole view)", async () => {
    const models = (await api("GET", "/models?limit=500")).json.items as { id: number; iden: string; templateSet: string }[];
    expect(models.length).toBeGreaterThanOrEqual(12);
    for (const model of models) {
      for (const kind of ["generic", "specific"] as const) {
        const res = await putTemplate(model.id, kind, templateSet(model.templateSet)[kind]);
        expect(res.status, `${model.iden} ${kind}: ${res.text}`).toBe(200);
      }
    }
    // Two PUTs per model of the whole catalog.
  }, 120_000);
});

describe("PUT and DELETE /models/{id}/templates/{kind}", () => {
  it("stores a text/plain template; preview and phone use it, byte for byte; DELETE restores the default", async () => {
    const model = await modelByIden("yealink-t21p");
    const { mac } = await terminalOf("yealink-t21p", "027000000001");
    const original = await preview(mac);
    expect(original.text).toContain("account.1.password = p&ss<1>");

    const custom = "## custom {{model.name}} {{macColon}}\n{{#lines}}account.{{position}}.password = {{password}}\n{{/lines}}first = {{line.username}}\n";
    const res = await putTemplate(model.id, "specific", custom);
    expect(res.status).toBe(200);
    expect(res.json.specific).toEqual({ source: custom, isDefault: false });
    expect(res.json.generic.isDefault).toBe(true);
    expect((await api("GET", `/models/${model.id}/templates`)).json.specific).toEqual({ source: custom, isDefault: false });

    const expected = "## custom Yealink T21P 02:70:00:00:00:01\naccount.1.password = p&ss<1>\nfirst = 1001\n";
    const shown = await preview(mac);
    expect(shown.text).toBe(expected);
    expect(shown.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    const served = await phone(`${mac}.cfg`, "Yealink SIP-T21P 34.72.0.1 02:70:00:00:00:01");
    expect(served.status).toBe(200);
    expect(served.text).toBe(expected);
    expect(served.headers.get("content-type")).toBe(shown.headers.get("content-type"));

    const restored = await api("DELETE", `/models/${model.id}/templates/specific`);
    expect(restored.status).toBe(200);
    expect(restored.json.specific).toEqual({ source: templateSet("yealink").specific, isDefault: true });
    expect((await preview(mac)).text).toBe(original.text);
    expect((await phone(`${mac}.cfg`)).text).toBe(original.text);
  });

  it("reads text/plain in any case and with a charset", async () => {
    const model = await modelByIden("yealink-t21p");
    for (const type of ["Text/Plain", "text/plain; charset=utf-8"]) {
      touched.add(model.id);
      const res = await api("PUT", `/models/${model.id}/templates/specific`, `# ${type} {{mac}}\n`, { type });
      expect(res.status, res.text).toBe(200);
      expect(res.json.specific).toEqual({ source: `# ${type} {{mac}}\n`, isDefault: false });
    }
  });

  it("stores a template sent as JSON { template } on an XML model", async () => {
    const model = await modelByIden("cisco-spa502g");
    const { mac } = await terminalOf("cisco-spa502g", "027100000001");
    const original = await preview(mac);
    expect(original.headers.get("content-type")).toBe("application/xml; charset=utf-8");

    const custom = '<?xml version="1.0" encoding="UTF-8"?>\n<flat-profile><User_ID_1_>{{line.username}}</User_ID_1_><Password_1_>{{line.password}}</Password_1_></flat-profile>\n';
    const res = await putTemplate(model.id, "specific", custom, "json");
    expect(res.status).toBe(200);
    expect(res.json.specific).toEqual({ source: custom, isDefault: false });

    const expected = '<?xml version="1.0" encoding="UTF-8"?>\n<flat-profile><User_ID_1_>1001</User_ID_1_><Password_1_>p&amp;ss&lt;1&gt;</Password_1_></flat-profile>\n';
    expect((await preview(mac)).text).toBe(expected);
    expect((await phone(`${mac}.xml`)).text).toBe(expected);

    await api("DELETE", `/models/${model.id}/templates/specific`);
    expect((await preview(mac)).text).toBe(original.text);
  });

  it("a custom generic template changes what /provision/<genericFile> serves, for every unit; DELETE restores it", async () => {
    const model = await modelByIden("yealink-t23p");
    const before = await phone(model.genericFile);
    expect(before.status).toBe(200);
    expect(before.text).toBe(
      templateSet("yealink")
        .generic.replace(/\{\{!.*?\}\}\n/s, "")
        .replace("{{model.name}}", "Yealink T23P")
        .replace("{{provisioning.baseUrl}}", "https://provision.example.com/provision"),
    );

    const custom = "#!version:1.0.0.1\n## {{model.manufacturer}} {{model.iden}}\nstatic.auto_provision.server.url = {{provisioning.baseUrl}}/custom/\n";
    expect((await putTemplate(model.id, "generic", custom)).status).toBe(200);
    const after = await phone(model.genericFile);
    expect(after.status).toBe(200);
    expect(after.text).toBe("#!version:1.0.0.1\n## Yealink yealink-t23p\nstatic.auto_provision.server.url = https://provision.example.com/provision/custom/\n");
    // The generic file is looked up ignoring case, and gets the same custom body.
    expect((await phone(model.genericFile.toUpperCase())).text).toBe(after.text);
    // Another model of the same family keeps its default.
    expect((await phone((await modelByIden("yealink-t27p")).genericFile)).text).toContain("Yealink T27P");

    expect((await api("DELETE", `/models/${model.id}/templates/generic`)).json.generic.isDefault).toBe(true);
    expect((await phone(model.genericFile)).text).toBe(before.text);
  });

  it("DELETE of a default that was never changed is harmless", async () => {
    const model = await modelByIden("yealink-t48g");
    touched.add(model.id);
    const res = await api("DELETE", `/models/${model.id}/templates/generic`);
    expect(res.status).toBe(200);
    expect(res.json.generic.isDefault).toBe(true);
  });
});

describe("templates that are refused", () => {
  /** PUTs `source`, expects a 400 naming `needle`, and checks that nothing was stored. */
  async function refused(iden: string, kind: "generic" | "specific", source: string, needle: string | RegExp) {
    const model = await modelByIden(iden);
    const res = await putTemplate(model.id, kind, source);
    expect(res.status, res.text).toBe(400);
    expect(res.json.error.code).toBe("validation_failed");
    expect(res.json.error.details).toHaveLength(1);
    expect(res.json.error.details[0].path).toBe("template");
    expect(res.json.error.details[0].message).toMatch(needle);
    const stored = await api("GET", `/models/${model.id}/templates`);
    expect(stored.json[kind].isDefault).toBe(true);
    return res;
  }

  it("refuses a typo in a name, naming it and its line", async () => {
    const res = await refused("yealink-t21p", "specific", "user = {{line.username}}\npassword = {{line.pasword}}\n", "line.pasword");
    expect(res.json.error.details[0].message).toBe("unknown name {{line.pasword}} at line 2");
  });

  it("refuses a typo inside a section", async () => {
    await refused("yealink-t21p", "specific", "{{#lines}}\nuser = {{usernme}}\n{{/lines}}\n", "{{usernme}}");
    await refused("yealink-t21p", "specific", "{{#line}}{{pasword}}{{/line}}", "{{pasword}}");
    await refused("yealink-t21p", "specific", "{{#linez}}{{username}}{{/linez}}", "{{linez}}");
    await refused("yealink-t21p", "specific", "{{^company.sipProxx}}none{{/company.sipProxx}}", "company.sipProxx");
    // A name of another family's view does not exist for this model.
    await refused("yealink-t21p", "specific", "tz = {{spa.timeZone}}", "spa.timeZone");
  });

  it("refuses an unclosed section, a stray closing tag and an unclosed tag", async () => {
    await refused("yealink-t21p", "specific", "{{#lines}}user = {{username}}\n", /does not parse.*Unclosed section "lines"/);
    await refused("yealink-t21p", "specific", "{{/lines}}", /does not parse/);
    await refused("yealink-t21p", "specific", "user = {{line.username\n", /does not parse/);
  });

  it("refuses partials", async () => {
    await refused("yealink-t21p", "specific", "{{> header}}\nuser = {{line.username}}", /partials are not supported/);
  });

  it("refuses unescaped output in an XML model, and allows it in a text model", async () => {
    await refused("cisco-spa502g", "specific", "<Password_1_>{{{line.password}}}</Password_1_>", /unescaped \{\{\{line\.password\}\}\} would break the XML/);
    await refused("cisco-spa502g", "specific", "<Password_1_>{{&line.password}}</Password_1_>", /unescaped/);
    await refused("cisco-spa502g", "generic", "<Profile_Rule>{{{provisioning.baseUrl}}}/$MA.xml</Profile_Rule>", /unescaped/);

    const model = await modelByIden("yealink-t21p");
    const { mac } = await terminalOf("yealink-t21p", "027200000001");
    const res = await putTemplate(model.id, "specific", "password = {{{line.password}}}\n");
    expect(res.status).toBe(200);
    expect((await preview(mac)).text).toBe("password = p&ss<1>\n");
  });

  it("refuses credentials and per-unit values in a generic template (it is the same for every unit)", async () => {
    await refused("yealink-t21p", "generic", "password = {{line.password}}\n", "line.password");
    await refused("yealink-t21p", "generic", "{{#lines}}{{password}}{{/lines}}", "{{lines}}");
    await refused("yealink-t21p", "generic", "mac = {{mac}}\n", "{{mac}}");
    await refused("cisco-spa502g", "generic", "<Station_Name>{{terminal.name}}</Station_Name>", "terminal.name");
  });

  it("refuses an empty or oversized template, a JSON body of the wrong shape, and other content types", async () => {
    const model = await modelByIden("yealink-t21p");
    touched.add(model.id);
    const path = `/models/${model.id}/templates/specific`;
    for (const [body, type, field] of [
      ["", "text/plain", "template"],
      ["x".repeat(65537), "text/plain", "template"],
      [{ template: "" }, undefined, "template"],
      [{ template: "ok", extra: 1 }, undefined, "extra"],
      [{ source: "ok" }, undefined, "template"],
      [["ok"], undefined, "(body)"],
    ] as const) {
      const res = await api("PUT", path, body, { type });
      expect(res.status, JSON.stringify(body).slice(0, 40)).toBe(400);
      expect(res.json.error.details.map((d: any) => d.path)).toContain(field);
    }
    const notJson = await api("PUT", path, "not json", { type: "application/json" });
    expect(notJson.status).toBe(400);
    const xml = await api("PUT", path, "<x/>", { type: "application/xml" });
    expect(xml.status).toBe(415);
    expect(xml.json.error.message).toContain("text/plain");
    expect((await api("GET", `/models/${model.id}/templates`)).json.specific.isDefault).toBe(true);
  });
});

describe("escaping in custom templates", () => {
  const name = `A&B <"x"> 'y'`;

  it("escapes XML special characters in an XML model", async () => {
    const model = await modelByIden("cisco-spa504g");
    const { mac } = await terminalOf("cisco-spa504g", "027300000001", name);
    const custom = "<flat-profile><Station_Name>{{terminal.name}}</Station_Name><Company>{{company.name}}</Company></flat-profile>";
    expect((await putTemplate(model.id, "specific", custom)).status).toBe(200);
    const expected = "<flat-profile><Station_Name>A&amp;B &lt;&quot;x&quot;&gt; &apos;y&apos;</Station_Name><Company>Templates &amp; Co</Company></flat-profile>";
    expect((await preview(mac)).text).toBe(expected);
    expect((await phone(`${mac}.xml`)).text).toBe(expected);
  });

  it("takes values verbatim in a text model", async () => {
    const model = await modelByIden("yealink-t27p");
    const { mac } = await terminalOf("yealink-t27p", "027400000001", name);
    const custom = "name = {{terminal.name}}\ncompany = {{company.name}}\npassword = {{line.password}}\n";
    expect((await putTemplate(model.id, "specific", custom)).status).toBe(200);
    const expected = `name = A&B <"x"> 'y'\ncompany = Templates & Co\npassword = p&ss<1>\n`;
    expect((await preview(mac)).text).toBe(expected);
    expect((await phone(`${mac}.cfg`)).text).toBe(expected);
  });
});

describe("changing a model under its custom template", () => {
  it("refuses a format or family change the stored template would not pass, and changes nothing", async () => {
    const yealinkManufacturer = (await modelByIden("yealink-t46g")).manufacturerId;
    const created = await api("POST", "/models", {
      manufacturerId: yealinkManufacturer,
      iden: `tpl-format-${Date.now()}`,
      name: "Format test",
      genericFile: `tpl-format-${Date.now()}.cfg`,
      specificPattern: "tplformat/{mac}.cfg",
      format: "text",
      maxLines: 2,
      templateSet: "yealink",
    });
    expect(created.status, created.text).toBe(201);
    const id = created.json.id;
    expect((await putTemplate(id, "specific", "pw={{{line.password}}} tz={{yealink.timeZone}}\n")).status).toBe(200);

    const toXml = await api("PATCH", `/models/${id}`, { format: "xml" });
    expect(toXml.status).toBe(400);
    expect(toXml.json.error.details[0]).toMatchObject({ path: "specificTemplate" });
    const toSpa = await api("PATCH", `/models/${id}`, { templateSet: "cisco-spa" });
    expect(toSpa.status).toBe(400);
    expect(toSpa.json.error.details.map((d: { message: string }) => d.message).join(" ")).toContain("yealink.timeZone");
    expect((await api("GET", `/models/${id}`)).json).toMatchObject({ format: "text", templateSet: "yealink" });

    // With the default restored, the same change goes through.
    expect((await api("DELETE", `/models/${id}/templates/specific`)).status).toBe(200);
    expect((await api("PATCH", `/models/${id}`, { templateSet: "cisco-spa", format: "xml" })).status).toBe(200);
    touched.delete(id);
  });
});
