// Vendor spellings that differ within a family, read back by the family's phone (templates/<family>/phone.ts,
// from the public templates named in each NOTES.md): Grandstream's Android alias products (GXV33xx, WP820),
// Czech per P-value product, sip: URIs over TLS; Fanvil's download protocol, DST rule type and the X210-V2 and
// X210 Pro common files; Cisco units with a company's HTTP auth, staged, and the API's warning about them.
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ruleTarget } from "../templates/cisco-spa/phone";
import { fanvilTime } from "../templates/fanvil/phone";
import { grandstreamTime, grandstreamUriScheme } from "../templates/grandstream/phone";
import { createCompany, createTerminal, modelByIden, uniqueMac } from "./fixtures";
import { phoneOf, phoneNetwork, userAgents } from "./phones";
import { api } from "./api";
import { phoneHttp } from "../tools/simulator/http";
import { simulate } from "../tools/simulator/simulate";

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

describe("Cisco with a company's HTTP auth", () => {
  const auth = { scheme: "digest" as const, username: "prov-user", password: "Prov-Secret-1" };
  const network = phoneNetwork(0xc1);
  // The SPA fetches its MAC file over plain HTTP, which its company allows beside Digest (SECURITY.md).
  const cases = [
    { iden: "cisco-8851-3pcc", root: "https://prov.test/provision", policy: { auth } },
    { iden: "cisco-spa504g", root: "http://prov.test/provision", policy: { auth, allowHttpFor: ["cisco-spa"] } },
  ];

  it.each(cases)("$iden: out of the box it stops at its MAC file's 401; staged with that file's rule it boots and stays", async ({ iden, root, policy }) => {
    const { id } = await createCompany({ policy });
    const { terminal, model } = await createTerminal({ model: iden, companyId: id, mac: uniqueMac("c46413"), lines: [{ username: "601", password: "line-pass" }] });
    const phone = phoneOf(model.templateSet);

    const fresh = await simulate({ fetch: network(), phone, model, mac: terminal.mac, base: "http://prov.test/provision" });
    expect(fresh.ok).toBe(false);
    expect(fresh.requests.at(-1)!.status).toBe(401);
    expect(fresh.problems.join(" ")).toContain("names no --uid/--pwd");

    const staged = await simulate({ fetch: network(), phone, model, mac: terminal.mac, base: root, credentials: auth });
    expect(staged.problems).toEqual([]);
    // Its first request is its MAC file: challenged, then answered with the rule's credentials.
    expect(staged.requests.map((r) => [r.url, r.status])).toEqual([[`${root}/${terminal.mac}.xml`, 401], [`${root}/${terminal.mac}.xml`, 200]]);
    expect(staged.requests[1]!.auth).toMatch(/^digest/);
    expect(staged.account!.lines.map((l) => l.username)).toEqual(["601"]);
    // The next resync goes by the Profile_Rule the MAC file set, which carries the credentials itself.
    const rule = staged.settings!.get("Profile_Rule")!;
    expect(rule.startsWith("[--uid prov-user --pwd Prov-Secret-1]")).toBe(true);
    const again = await phoneHttp(network(), staged.userAgent, null).get(ruleTarget(rule, terminal.mac, root), "the next resync");
    expect(again.status).toBe(200);
  });

  it("the API keeps the terminals and the policy, and says which units need staging, as long as they do", async () => {
    const company = (await api("POST", "/companies", { name: "Cisco Co", sipDomain: "sip.cisco.example" })).json;
    const mpp = (await modelByIden("cisco-8851-3pcc")).id;
    const mac = uniqueMac("c46413");
    const plain = await api("POST", "/terminals", { companyId: company.id, modelId: mpp, mac, lines: [{ username: "602", password: "line-pass" }] });
    expect(plain.status, plain.text).toBe(201);
    expect(plain.json.warnings).toBeUndefined();

    const withAuth = await api("PATCH", `/companies/${company.id}`, { policy: { auth: { scheme: "digest", username: "prov", password: "Prov-Secret-2" } } });
    expect(withAuth.status, withAuth.text).toBe(200);
    expect(withAuth.json.warnings).toEqual([{ code: "stage_for_auth", companyId: company.id, family: "cisco-mpp", message: expect.stringContaining("[--uid <user> --pwd <password>]https://") }]);
    expect((await api("GET", `/terminals/${mac}`)).json.warnings).toHaveLength(1);
    // A phone that takes the credentials from its URL is not named.
    const yealink = await api("POST", "/terminals", { companyId: company.id, model: "yealink-t46s", mac: uniqueMac("001565"), lines: [{ username: "603", password: "line-pass" }] });
    expect(yealink.status, yealink.text).toBe(201);
    expect(yealink.json.warnings).toBeUndefined();
    const imported = await api("POST", "/terminals/import", [{ companyId: company.id, model: "cisco-spa504g", mac: uniqueMac("c46413"), lines: [{ username: "604", password: "line-pass" }] }]);
    expect(imported.status, imported.text).toBe(201);
    expect(imported.json.warnings.map((w: { family: string }) => w.family)).toEqual(["cisco-mpp", "cisco-spa"]);

    const withoutAuth = await api("PATCH", `/companies/${company.id}`, { policy: { auth: null } });
    expect(withoutAuth.json.warnings).toBeUndefined();
    expect((await api("GET", `/terminals/${mac}`)).json.warnings).toBeUndefined();
  });

  it("refuses a provisioning password with $, which a Cisco phone would expand as a macro", async () => {
    const company = (await api("POST", "/companies", { name: "Dollar Co", sipDomain: "sip.dollar.example" })).json;
    const res = await api("PATCH", `/companies/${company.id}`, { policy: { auth: { scheme: "basic", username: "prov", password: "pa$MAword" } } });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.json.error.details)).toContain("policy.auth.password");
  });
});
