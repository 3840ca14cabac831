// Vendor spellings that differ within a family, read back by the family's phone (templates/<family>/phone.ts,
// from the public templates named in each NOTES.md): Grandstream's Android alias products (GXV33xx, WP820),
// Czech per P-value product, sip: URIs over TLS; Fanvil's download protocol, DST rule type and the X210-V2 and
// X210 Pro common files.
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { fanvilTime } from "../templates/fanvil/phone";
import { grandstreamTime, grandstreamUriScheme } from "../templates/grandstream/phone";
import { createCompany, createTerminal, modelByIden, uniqueMac } from "./fixtures";
import { phoneOf, userAgents } from "./phones";

let clients = 0;
async function get(url: string, ua?: string) {
  const headers: Record<string, string> = { "cf-connecting-ip": `2001:db8:c0:${(++clients).toString(16)}::1` };
  if (ua) headers["user-agent"] = ua;
  const res = await exports.default.fetch(url, { headers });
  return { status: res.status, body: await res.text() };
}

/** A new terminal's MAC file, read by a unit of the model. */
async function macFile(iden: string, company: Parameters<typeof createCompany>[0] = {}, lines?: { username: string; password: string; position?: number; authUsername?: string }[]) {
  const { id } = await createCompany(company);
  const { terminal, model } = await createTerminal({ model: iden, companyId: id, mac: uniqueMac("c074ad"), lines });
  const res = await get(`https://prov.test/provision/${model.specificPattern.replace("{mac}", terminal.mac)}`);
  expect(res.status, res.body).toBe(200);
  return { settings: phoneOf(model.templateSet).parse(res.body, model), body: res.body };
}

const lines = [{ username: "501", password: "a-secret", authUsername: "auth-501" }, { position: 2, username: "502", password: "b-secret" }];

describe("Grandstream GXV33xx and WP820: their own alias spellings", () => {
  it.each(["grandstream-gxv3350", "grandstream-gxv3380"])("%s: the zone by name, the auth id as userId, CheckbyPeriod, Swedish sv", async (iden) => {
    const { settings, body } = await macFile(iden, { timezone: "Australia/Sydney", language: "sv" }, lines);
    expect(grandstreamTime(settings).zone).toBe("Australia/Sydney");
    expect(body).not.toContain("customize");
    expect(body).not.toContain("dateTime.timezone.custom");
    expect(phoneOf("grandstream").line(settings, 1).authUsername).toBe("auth-501");
    expect(body).not.toContain("sip.subscriber.userid");
    expect(settings.get("provisioning.auto.mode")).toBe("CheckbyPeriod");
    expect(phoneOf("grandstream").recheckMinutes(settings)).toBe(1440);
    expect(phoneOf("grandstream").languages(settings)).toEqual(["Swedish"]);
    // Its list spells Kolkata the older way.
    expect(grandstreamTime((await macFile(iden, { timezone: "Asia/Kolkata" })).settings).zone).toBe("Asia/Calcutta");
  });

  it("WP820: the POSIX rule itself, locale names for languages, English for one it lacks", async () => {
    const { settings, body } = await macFile("grandstream-wp820", { timezone: "Europe/Madrid", language: "de" }, lines);
    expect(grandstreamTime(settings).zone).toBe("STD-1DST-2,M3.5.0/02:00:00,M10.5.0/03:00:00");
    expect(body).not.toContain("customize");
    expect(settings.get("language.gui")).toBe("de_DE");
    expect(phoneOf("grandstream").line(settings, 1).authUsername).toBe("auth-501");
    expect(phoneOf("grandstream").recheckMinutes(settings)).toBe(1440);
    expect((await macFile("grandstream-wp820", { language: "es" })).settings.get("language.gui")).toBe("es_ES");
    expect((await macFile("grandstream-wp820", { language: "cs" })).settings.get("language.gui")).toBe("en_US");
  });

  it("their generic files re-check with CheckbyPeriod; the GRP261x keeps YesUpgradeMin and its self-defined zone", async () => {
    for (const [file, mode] of [["cfggxv3350.xml", "CheckbyPeriod"], ["cfgwp820.xml", "CheckbyPeriod"], ["cfggrp2614.xml", "YesUpgradeMin"]]) {
      expect(phoneOf("grandstream").parse((await get(`http://prov.test/provision/${file}`)).body).get("provisioning.auto.mode"), file).toBe(mode);
    }
    const grp = await macFile("grandstream-grp2614", { timezone: "Europe/Madrid" }, lines);
    expect(grp.settings.get("dateTime.timezone")).toBe("customize");
    expect(grandstreamTime(grp.settings).zone).toBe("STD-1DST-2,M3.5.0/02:00:00,M10.5.0/03:00:00");
    expect(grp.body).toContain('<item name="account.1.sip.subscriber.userid">auth-501</item>');
  });
});

describe("Grandstream Czech per P-value product", () => {
  it("cz on the GXP21xx (T-21xx), cs on the GXP16xx (T-16xx), each read as Czech by its own unit", async () => {
    const gxp21 = await macFile("grandstream-gxp2170", { language: "cs" });
    expect(gxp21.body).toContain("<P1362>cz</P1362>");
    expect(phoneOf("grandstream").languages(gxp21.settings)).toEqual(["Czech"]);
    const gxp16 = await macFile("grandstream-gxp1630", { language: "cs" });
    expect(gxp16.body).toContain("<P1362>cs</P1362>");
    expect(phoneOf("grandstream").languages(gxp16.settings)).toEqual(["Czech"]);
  });
});

describe("Grandstream over TLS", () => {
  it.each(["grandstream-gxp2170", "grandstream-grp2614", "grandstream-gxp1630"])("%s: every line uses sip: URIs, not the template's default sips:", async (iden) => {
    const tls = await macFile(iden, { transport: "tls" }, lines);
    expect(grandstreamUriScheme(tls.settings, 1)).toBe("sip");
    expect(grandstreamUriScheme(tls.settings, 2)).toBe("sip");
    // Over UDP nothing is written: the setting applies to TLS only.
    const udp = await macFile(iden, {}, lines);
    expect(udp.body).not.toMatch(/uriSchemeWhenUsingTls|<P2[3-8]29>/);
  });

  it("the P-value numbers are the account's: P2329, then P2429 (T-21xx)", async () => {
    const { body } = await macFile("grandstream-gxp2170", { transport: "tls" }, lines);
    expect(body).toContain("<P2329>0</P2329>");
    expect(body).toContain("<P2429>0</P2429>");
  });
});

describe("Fanvil <VOIP_CONFIG_FILE>: the download protocol and the DST rule's type", () => {
  it("the common file and the MAC file fetch over HTTPS (Download_Protocol 5), the URL's scheme", async () => {
    const common = phoneOf("fanvil").parse((await get("http://prov.test/provision/f0X4hw1.100.cfg")).body);
    expect(common.get("ap.DownloadProtocol")).toBe("5");
    expect(phoneOf("fanvil").next(common, "0c383eaabbcc")).toBe("https://prov.test/provision/0c383eaabbcc.cfg");
    const { settings } = await macFile("fanvil-x4");
    expect(settings.get("ap.DownloadProtocol")).toBe("5");
  });

  it.each(["fanvil-x4", "fanvil-x4u"])("%s: the week rule is typed as one (DST_Fixed_Type / DSTFixedType 2)", async (iden) => {
    const { settings } = await macFile(iden, { timezone: "Europe/Madrid" });
    expect(settings.get("phone.date.DSTFixedType")).toBe("2");
    expect(fanvilTime(settings).dst?.start).toEqual({ month: 3, week: -1, weekday: 0, hour: 2, minute: 0 });
    // A zone without DST writes no rule and no type.
    expect((await macFile(iden, { timezone: "Asia/Kolkata" })).settings.get("phone.date.DSTFixedType")).toBeUndefined();
  });
});

describe("Fanvil X210-V2 and X210 Pro", () => {
  it.each([
    ["fanvil-x210-v2", "fanvil_x210_v2_hwv2_0.txt"],
    ["fanvil-x210-pro", "fanvil_x210_pro_hwv2_0.txt"],
  ])("%s: its common file %s is served in <sysConf>, to its units only", async (iden, file) => {
    const model = await modelByIden(iden);
    expect(model.genericFile).toBe(file);
    const ua = userAgents(iden, "0c383eaabbcc")[0]!;
    const common = await get(`http://prov.test/provision/${file}`, ua);
    expect(common.status).toBe(200);
    expect(common.body).toContain("<sysConf>");
    expect(phoneOf("fanvil").next(phoneOf("fanvil").parse(common.body), "0c383eaabbcc")).toBe("https://prov.test/provision/0c383eaabbcc.cfg");
    // The first X210's pattern no longer takes them.
    expect(new RegExp((await modelByIden("fanvil-x210")).userAgent!, "i").test(ua)).toBe(false);
    expect(new RegExp(model.userAgent!, "i").test(ua)).toBe(true);
  });
});
