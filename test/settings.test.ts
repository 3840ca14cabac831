// Settings an operator adds (docs/api.md, "Keys, phonebook, settings"): a company's per family and a
// terminal's, written into the MAC file in the family's syntax and read back by its phone; the terminal's
// beat the company's, which beat the template's; what the API refuses.
import { describe, expect, it } from "vitest";
import { api, apiCompany as company, apiTerminal as terminal, expectError, phone } from "./api";
import { uniqueMac } from "./fixtures";
import { phoneOf } from "./phones";

const preview = async (id: number) => (await api("GET", `/terminals/${id}/config`)).text;

describe("Yealink", () => {
  it("a company setting and a terminal override reach the MAC file, the terminal's winning over the company's and both over the template's", async () => {
    const id = await company({ settings: { yealink: { "phone_setting.backlight_time": "30", "features.dnd.enable": "1", "lang.gui": "German" } } });
    const t = await terminal(id, "yealink-t46s", { settings: { "phone_setting.backlight_time": "60" } });
    const file = parseYealink((await phone(`${t.mac}.cfg`)).text);
    expect(file.get("phone_setting.backlight_time")).toBe("60");
    expect(file.get("features.dnd.enable")).toBe("1");
    // The template writes lang.gui (the company's language) earlier in the file: the later line wins on the phone.
    expect(file.get("lang.gui")).toBe("German");
    // The preview is the same file.
    expect(parseYealink(await preview(t.id)).get("phone_setting.backlight_time")).toBe("60");
    // The company changes: the terminal's override still wins, the rest follows the company.
    await api("PATCH", `/companies/${id}`, { settings: { yealink: { "phone_setting.backlight_time": "45" } } });
    const after = parseYealink(await preview(t.id));
    expect([after.get("phone_setting.backlight_time"), after.get("features.dnd.enable")]).toEqual(["60", undefined]);
  });

  it("a company's settings of another family are not in this family's files", async () => {
    const id = await company({ settings: { "cisco-spa": { Station_Name: "Lobby" }, snom: { date_us_format: "off" } } });
    const t = await terminal(id, "yealink-t46s");
    const file = await preview(t.id);
    expect(file).not.toContain("Lobby");
    expect(file).not.toContain("date_us_format");
  });
});

describe("a company's settings in a PATCH", () => {
  it("replace the families named, keep the others; null removes a family; {} changes nothing", async () => {
    const id = await company({ settings: { yealink: { "features.dnd.enable": "1" }, "cisco-spa": { Station_Name: "Lobby" }, snom: { date_us_format: "off" } } });
    const settings = async () => (await api("GET", `/companies/${id}`)).json.settings;
    expect((await api("PATCH", `/companies/${id}`, { settings: { yealink: { "phone_setting.backlight_time": "30" } } })).json.settings).toEqual({
      yealink: { "phone_setting.backlight_time": "30" }, "cisco-spa": { Station_Name: "Lobby" }, snom: { date_us_format: "off" },
    });
    expect((await api("PATCH", `/companies/${id}`, { settings: { "cisco-spa": null } })).status).toBe(200);
    expect(await settings()).toEqual({ yealink: { "phone_setting.backlight_time": "30" }, snom: { date_us_format: "off" } });
    expect((await api("PATCH", `/companies/${id}`, { settings: {} })).json.settings).toEqual(await settings());
    // Two operators changing two families at once both keep their change.
    await Promise.all([
      api("PATCH", `/companies/${id}`, { settings: { snom: { date_us_format: "on" } } }),
      api("PATCH", `/companies/${id}`, { settings: { polycom: { "voice.volume.persist.handset": "1" } } }),
    ]);
    expect(await settings()).toEqual({ yealink: { "phone_setting.backlight_time": "30" }, snom: { date_us_format: "on" }, polycom: { "voice.volume.persist.handset": "1" } });
  });

  it("a family that does not exist is a 400 even to remove, and a bad family's setting changes none of them", async () => {
    const id = await company({ settings: { yealink: { "features.dnd.enable": "1" } } });
    expectError(await api("PATCH", `/companies/${id}`, { settings: { nokia: null } }), 400, "validation_failed", "settings.nokia");
    expectError(await api("PATCH", `/companies/${id}`, { settings: { yealink: null, snom: { "<x>": "1" } } }), 400, "validation_failed", "settings.snom.<x>");
    expect((await api("GET", `/companies/${id}`)).json.settings).toEqual({ yealink: { "features.dnd.enable": "1" } });
  });
});

describe("each family's syntax, read back by its phone", () => {
  const cases: { family: string; model: string; file: (mac: string) => string; settings: Record<string, string>; read: Record<string, string> }[] = [
    { family: "cisco-spa", model: "cisco-spa504g", file: (m) => `${m}.xml`, settings: { Station_Name: "Lobby", Dial_Plan_1_: "(xxxx|9x.)" }, read: { Station_Name: "Lobby", Dial_Plan_1_: "(xxxx|9x.)" } },
    { family: "cisco-mpp", model: "cisco-8841-3pcc", file: (m) => `${m}.xml`, settings: { Screen_Saver_Enable: "Yes" }, read: { Screen_Saver_Enable: "Yes" } },
    { family: "polycom", model: "poly-vvx-400", file: (m) => `${m}-edgeprov.cfg`, settings: { "voice.volume.persist.handset": "1" }, read: { "voice.volume.persist.handset": "1" } },
    { family: "grandstream", model: "grandstream-grp2614", file: (m) => `cfg${m}.xml`, settings: { "phone.backlight.timeout": "5" }, read: { "phone.backlight.timeout": "5" } },
    { family: "grandstream", model: "grandstream-gxp2170", file: (m) => `cfg${m}.xml`, settings: { P8356: "5" }, read: { P8356: "5" } },
    { family: "snom", model: "snom-d785", file: (m) => `${m}.xml`, settings: { date_us_format: "off", "user_ringer.1": "Ringer2" }, read: { date_us_format: "off", user_ringer1: "Ringer2" } },
    { family: "fanvil", model: "fanvil-x4u", file: (m) => `${m}.cfg`, settings: { "sip/line[1]/DTMFMode": "1", "phone/LcdBacklight": "30" }, read: { "sip.line.1.DTMFMode": "1", "phone.LcdBacklight": "30" } },
    { family: "fanvil", model: "fanvil-x4", file: (m) => `${m}.cfg`, settings: { "TELE_CONFIG_MODULE/Dial_by_Pound": "0" }, read: { "TELE_CONFIG_MODULE.Dial_by_Pound": "0" } },
    { family: "gigaset", model: "gigaset-n670", file: (m) => `${m}.xml`, settings: { "SipProvider.0.DTMFTransmission": "1" }, read: { "SipProvider.0.DTMFTransmission": "1" } },
  ];
  for (const { family, model, file, settings, read } of cases) {
    it(`${family} (${model})`, async () => {
      const t = await terminal(await company(), model, { settings });
      const res = await phone(file(t.mac));
      expect(res.status, res.text).toBe(200);
      const parsed = phoneOf(family).parse(res.text);
      expect(Object.fromEntries(Object.keys(read).map((key) => [key, parsed.get(key)]))).toEqual(read);
    });
  }

  it("Grandstream: a company's alias settings reach its alias files, its P-values its P-value files, neither the other", async () => {
    const id = await company({ settings: { grandstream: { "phone.backlight.timeout": "5", P8356: "7" } } });
    const alias = await preview((await terminal(id, "grandstream-grp2614")).id);
    const pValues = await preview((await terminal(id, "grandstream-gxp2170")).id);
    expect([alias.includes('name="phone.backlight.timeout">5<'), alias.includes("P8356")]).toEqual([true, false]);
    expect([pValues.includes("<P8356>7</P8356>"), pValues.includes("phone.backlight.timeout")]).toEqual([true, false]);
    // A terminal takes only its own format's names.
    const gxp = await terminal(id, "grandstream-gxp2170");
    expectError(await api("PATCH", `/terminals/${gxp.id}`, { settings: { "phone.backlight.timeout": "5" } }), 400, "validation_failed", "settings.phone.backlight.timeout");
  });

  it("XML families escape a value: markup in it adds no setting", async () => {
    const sneaky = '</Station_Name><Password_1_>x</Password_1_><Station_Name>"&';
    const t = await terminal(await company(), "cisco-spa504g", { settings: { Station_Name: sneaky } });
    const file = phoneOf("cisco-spa").parse(await preview(t.id));
    expect(file.get("Station_Name")).toBe(sneaky);
    expect(file.get("Password_1_")).not.toBe("x");
    const poly = await terminal(await company(), "poly-vvx-400", { settings: { "voice.volume.persist.handset": '1" reg.1.auth.password="x' } });
    expect(phoneOf("polycom").parse(await preview(poly.id)).get("reg.1.auth.password")).not.toBe("x");
  });
});

describe("what the API refuses", () => {
  it("a setting value with a line break is a 400 naming it, and nothing is written", async () => {
    const id = await company();
    const mac = uniqueMac();
    const body = { companyId: id, model: "yealink-t46s", mac, settings: { "features.dnd.enable": "1\naccount.1.password = x" } };
    expectError(await api("POST", "/terminals", body), 400, "validation_failed", "settings.features.dnd.enable");
    expect((await api("GET", `/terminals/${mac}`)).status).toBe(404);
    for (const breaking of ["1\r", "1\u2028x", "1\u0000"]) {
      expectError(await api("PATCH", `/companies/${id}`, { settings: { yealink: { "features.dnd.enable": breaking } } }), 400, "validation_failed", "settings.yealink.features.dnd.enable");
    }
    expect((await api("GET", `/companies/${id}`)).json.settings).toEqual({});
  });

  it("the credentials and provisioning server a template writes cannot be overridden, in any family", async () => {
    const id = await company();
    const denied: [string, string, string][] = [
      ["yealink-t46s", "yealink", "account.1.password"],
      ["yealink-t46s", "yealink", "static.auto_provision.server.url"],
      ["cisco-spa504g", "cisco-spa", "Password_1_"],
      ["cisco-spa504g", "cisco-spa", "Profile_Rule"],
      ["cisco-8841-3pcc", "cisco-mpp", "XML_Password"],
      ["poly-vvx-400", "polycom", "reg.1.auth.password"],
      ["poly-vvx-400", "polycom", "device.prov.serverName"],
      ["grandstream-grp2614", "grandstream", "account.1.sip.subscriber.password"],
      ["grandstream-grp2614", "grandstream", "provisioning.config.serverPath"],
      ["grandstream-gxp2170", "grandstream", "P34"],
      ["grandstream-gxp2170", "grandstream", "P237"],
      ["snom-d785", "snom", "user_pass"],
      ["snom-d785", "snom", "setting_server"],
      ["fanvil-x4u", "fanvil", "sip/line[1]/RegisterPswd"],
      ["fanvil-x4u", "fanvil", "ap/FlashServerIP"],
      ["fanvil-x4", "fanvil", "AUTOUPDATE_CONFIG_MODULE/Download_Server_IP"],
      ["gigaset-n670", "gigaset", "SipAccount.00001.AuthPassword"],
    ];
    for (const [model, family, key] of denied) {
      const t = await terminal(id, model);
      expectError(await api("PATCH", `/terminals/${t.id}`, { settings: { [key]: "x" } }), 400, "validation_failed", `settings.${key}`);
      expectError(await api("PATCH", `/companies/${id}`, { settings: { [family]: { [key]: "x" } } }), 400, "validation_failed", `settings.${family}.${key}`);
      // In any case: not every firmware is known to compare names case-sensitively.
      const shouted = key.toUpperCase();
      if (shouted !== key) expectError(await api("PATCH", `/companies/${id}`, { settings: { [family]: { [shouted]: "x" } } }), 400, "validation_failed", `settings.${family}.${shouted}`);
    }
  });

  it("names outside the family's syntax and families that do not exist are a 400", async () => {
    const id = await company();
    const t = await terminal(id, "yealink-t46s");
    expectError(await api("PATCH", `/terminals/${t.id}`, { settings: { "Not A Key": "x" } }), 400, "validation_failed", "settings.Not A Key");
    expectError(await api("PATCH", `/terminals/${t.id}`, { settings: { Station_Name: "x" } }), 400, "validation_failed", "settings.Station_Name");
    expectError(await api("PATCH", `/companies/${id}`, { settings: { nokia: { a: "b" } } }), 400, "validation_failed", "settings.nokia");
    expectError(await api("PATCH", `/companies/${id}`, { settings: { snom: { "<x>": "b" } } }), 400, "validation_failed", "settings.snom.<x>");
    // At most 32 settings a scope, values of at most 256 characters: a MAC file stays a MAC file.
    const many = Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`features.setting_${i}.enable`, "1"]));
    expectError(await api("PATCH", `/terminals/${t.id}`, { settings: many }), 400, "validation_failed", "settings");
    expectError(await api("PATCH", `/terminals/${t.id}`, { settings: { "features.dnd.enable": "x".repeat(257) } }), 400, "validation_failed", "settings.features.dnd.enable");
    expect((await api("GET", `/terminals/${t.id}`)).json.settings).toEqual({});
  });
});

function parseYealink(text: string) {
  return phoneOf("yealink").parse(text);
}
