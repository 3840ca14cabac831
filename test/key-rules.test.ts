// What each family's key syntax cannot carry (templates/<family>/operator.ts, `keyRules`): a 400 naming the
// field, nothing written; and a key stored before a rule changed never reaches the file.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { terminals } from "../src/db/schema";
import { api, expectError, phone } from "./api";
import { createModel, createTerminal, db, uniqueMac } from "./fixtures";
import { phoneOf } from "./phones";

async function terminal(model: string, lines = [{ username: "100" }]) {
  const company = await api("POST", "/companies", { name: "Acme", sipDomain: "sip.acme.example" });
  const res = await api("POST", "/terminals", { companyId: company.json.id, model, mac: uniqueMac(), lines });
  expect(res.status, res.text).toBe(201);
  return res.json as { id: number; mac: string };
}

async function refused(model: string, key: Record<string, unknown>, path: string, lines?: { username: string }[]) {
  const t = await terminal(model, lines);
  expectError(await api("PATCH", `/terminals/${t.id}`, { keys: [key] }), 400, "validation_failed", path);
  expect((await api("GET", `/terminals/${t.id}`)).json.keys).toEqual([]);
  return t;
}

describe("Cisco: Extended_Function_N_ carries no separator of its syntax", () => {
  it("a value or label with ; = (or @ $ in a value) is refused, in both Cisco families", async () => {
    await refused("cisco-spa504g", { position: 2, type: "blf", value: "201@evil.example;fnc=sd;ext=900" }, "keys.0.value");
    await refused("cisco-spa504g", { position: 2, type: "speeddial", value: "$MA" }, "keys.0.value");
    await refused("cisco-spa504g", { position: 2, type: "blf", value: "201", label: "A;fnc=prk;sub=1" }, "keys.0.label");
    await refused("cisco-8841-3pcc", { position: 2, type: "blf", value: "201", label: "Smith; John" }, "keys.0.label");
    await refused("cisco-8841-3pcc", { position: 2, type: "park", value: "700=1" }, "keys.0.value");
  });

  it("a function key names no line; a line key shows any line the model has", async () => {
    await refused("cisco-spa504g", { position: 2, type: "speeddial", value: "201", line: 2 }, "keys.0.line", [{ username: "100" }, { username: "101" }]);
    const t = await terminal("cisco-spa504g", [{ username: "100" }, { username: "101" }]);
    const res = await api("PATCH", `/terminals/${t.id}`, { keys: [{ position: 3, type: "line", line: 2 }, { position: 4, type: "blf", value: "201", label: "Smith, John" }] });
    expect(res.status, res.text).toBe(200);
    const file = phoneOf("cisco-spa").parse((await phone(`${t.mac}.xml`)).text);
    expect([file.get("Extension_3_"), file.get("Extended_Function_4_")]).toEqual(["2", "fnc=sd+blf+cp;sub=201@$PROXY;nme=Smith, John"]);
  });
});

describe("Grandstream P-values: what the GXP16xx keys take", () => {
  it("no BLF or call park on a GXP1610/1620/1625; the GXP1628 takes both", async () => {
    await refused("grandstream-gxp1620", { position: 2, type: "blf", value: "201" }, "keys.0.type");
    await refused("grandstream-gxp1610", { position: 2, type: "park", value: "700" }, "keys.0.type");
    const t = await terminal("grandstream-gxp1628");
    expect((await api("PATCH", `/terminals/${t.id}`, { keys: [{ position: 2, type: "blf", value: "201" }, { position: 3, type: "park", value: "700" }] })).status).toBe(200);
  });

  it("a multi-purpose key has no line mode, and no key goes past MPK 8: refused, not left out", async () => {
    await createModel({ iden: "grandstream-gxp1628-mpk", name: "GXP1628 with MPKs", genericFile: "cfggxp1628mpk.xml", specificPattern: "cfg{mac}.xml", format: "xml", maxLines: 2, keyCount: 16, templateSet: "grandstream" }).catch(() => undefined);
    await refused("grandstream-gxp1628-mpk", { position: 11, type: "line" }, "keys.0.type");
    await refused("grandstream-gxp1628-mpk", { position: 12, type: "speeddial", value: "201" }, "keys.0.position");
    const t = await terminal("grandstream-gxp1628-mpk");
    expect((await api("PATCH", `/terminals/${t.id}`, { keys: [{ position: 11, type: "speeddial", value: "211" }] })).status).toBe(200);
    const file = phoneOf("grandstream").parse((await phone(`cfg${t.mac}.xml`)).text);
    // MPK 8 is P353-P356; MPK 1 (position 4), not set, is disabled (-1).
    expect([file.get("P353"), file.get("P356"), file.get("P323")]).toEqual(["0", "211", "-1"]);
  });
});

describe("Fanvil: a memory key's value carries no @ or /", () => {
  it("refused in both dialects; <VOIP_CONFIG_FILE> takes a BLF on keys 1-12 only", async () => {
    await refused("fanvil-x4u", { position: 4, type: "speeddial", value: "201@2/ba" }, "keys.0.value");
    await refused("fanvil-x6", { position: 2, type: "blf", value: "201/c" }, "keys.0.value");
    await createModel({ iden: "fanvil-voip-many", genericFile: "F0V00X30000000.cfg", specificPattern: "{mac}.cfg", format: "xml", maxLines: 4, keyCount: 30, templateSet: "fanvil" }).catch(() => undefined);
    await refused("fanvil-voip-many", { position: 13, type: "blf", value: "213" }, "keys.0.type");
    const t = await terminal("fanvil-voip-many");
    expect((await api("PATCH", `/terminals/${t.id}`, { keys: [{ position: 12, type: "blf", value: "212" }, { position: 13, type: "speeddial", value: "213" }] })).status).toBe(200);
  });
});

describe("a key stored before its family's rule", () => {
  it("is left out of the file and its position cleared, the others kept", async () => {
    const { terminal: t } = await createTerminal({ model: "cisco-spa504g", lines: [{ username: "100", password: "pw-0123456789" }] });
    await db.update(terminals).set({ keys: [
      { position: 2, type: "blf", value: "201;fnc=prk", label: "", line: 1 },
      { position: 3, type: "blf", value: "203", label: "Ok", line: 1 },
    ] }).where(eq(terminals.id, t.id));
    const file = phoneOf("cisco-spa").parse((await phone(`${t.mac}.xml`)).text);
    expect([file.get("Extension_2_"), file.get("Extended_Function_2_"), file.get("Extended_Function_3_")]).toEqual(["Disabled", "", "fnc=sd+blf+cp;sub=203@$PROXY;nme=Ok"]);
  });
});
