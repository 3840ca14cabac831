// End-to-end check: a real `wrangler dev` of both Workers (the phone Worker, and the admin API's Worker
// behind its ADMIN service binding) on a free loopback port with a fresh local D1. curl acts as the
// operator (creates a company and two terminals through the admin API) and then as a Yealink T21P E2
// and a Cisco SPA504G: generic file, follow its URL, MAC file; then `npm run simulate` boots the Yealink.
import { mkdtempSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bindingsOf, env, freePort, scratchCheckout, startWranglerDev, stopGroup } from "./scratch.mjs";

// At least 32 characters, or the admin API stays closed (503).
const ADMIN_TOKEN = `e2e-${randomBytes(24).toString("hex")}`;
// As `npm start` writes it (scripts/dev-vars.mjs): one file for both Workers.
const work = scratchCheckout(`ADMIN_TOKEN=${ADMIN_TOKEN}\nDIGEST_SIGNING_KEY=${randomBytes(24).toString("hex")}\nREQUIRE_HTTPS=false\n`);
const state = mkdtempSync(join(tmpdir(), "edgeprov-e2e-"));
const wrangler = (...args) =>
  execFileSync("npx", ["wrangler", ...args, "--persist-to", state], { cwd: work, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

function curl(url, userAgent, ...args) {
  const out = execFileSync("curl", ["-sS", "-A", userAgent, ...args, "-w", "\n%{http_code} %{content_type}", url], { encoding: "utf8" });
  const cut = out.lastIndexOf("\n");
  const [status, ...type] = out.slice(cut + 1).split(" ");
  return { status: Number(status), contentType: type.join(" "), body: out.slice(0, cut) };
}

function expect(condition, what) {
  if (!condition) throw new Error(`e2e: ${what}`);
  console.log(`  ok  ${what}`);
}

const keyValues = (text) =>
  Object.fromEntries(text.split("\n").filter((l) => l.includes(" = ")).map((l) => [l.slice(0, l.indexOf(" = ")), l.slice(l.indexOf(" = ") + 3)]));
const element = (xml, name) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

let dev;
try {
  console.log(`e2e: fresh local D1 in ${state}`);
  wrangler("d1", "migrations", "apply", "DB", "--local");
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let log;
  ({ child: dev, log } = await startWranglerDev(work, port, state));
  console.log(`e2e: wrangler dev on ${base}`);
  // Both Workers read that one .dev.vars; the phone Worker takes only what wrangler.toml's `secrets` lists.
  const phoneBindings = bindingsOf(log(), "edgeprov");
  expect(phoneBindings.includes("DIGEST_SIGNING_KEY") && !phoneBindings.includes("ADMIN_TOKEN"), `the phone Worker gets DIGEST_SIGNING_KEY from .dev.vars, not ADMIN_TOKEN (${phoneBindings.join(", ")})`);
  expect(bindingsOf(log(), "edgeprov-admin").includes("ADMIN_TOKEN"), "the admin API's Worker gets ADMIN_TOKEN");

  const admin = (method, path, body) => {
    const args = ["-X", method, "-H", `Authorization: Bearer ${ADMIN_TOKEN}`];
    if (body !== undefined) args.push("-H", "Content-Type: application/json", "--data-binary", JSON.stringify(body));
    const res = curl(`${base}/api/v1${path}`, "e2e-operator", ...args);
    return { ...res, json: res.contentType.startsWith("application/json") ? JSON.parse(res.body) : null };
  };
  expect(curl(`${base}/api/v1/terminals`, "e2e").status === 401, "the admin API refuses a request without a token");
  const company = admin("POST", "/companies", { name: "E2E Ltd", sipDomain: "sip.e2e.example", language: "es", timezone: "Europe/Madrid" });
  expect(company.status === 201, "operator creates a company");
  const demo = {
    "yealink-t21p-e2": { mac: "001565e2e001", username: "2001", password: 'y&l<1>"x' },
    "cisco-spa504g": { mac: "c46413e2e002", username: "2002", password: "c&s<2>'x" },
  };
  for (const [iden, t] of Object.entries(demo)) {
    const model = admin("GET", `/models?iden=${iden}`).json.items[0];
    const created = admin("POST", "/terminals", {
      companyId: company.json.id, modelId: model.id, mac: t.mac.match(/../g).join(":").toUpperCase(), name: `Desk ${iden}`,
      lines: [{ username: t.username, password: t.password, displayName: "Front Desk" }],
    });
    expect(created.status === 201 && !created.body.includes(t.password), `operator creates a ${iden} terminal (no password echoed)`);
    const preview = admin("GET", `/terminals/${t.mac}/config`);
    t.preview = preview.body;
    expect(preview.status === 200, `operator previews the ${iden} MAC file`);
  }

  const yealink = demo["yealink-t21p-e2"];
  const yealinkUa = `Yealink SIP-T21P_E2 52.84.0.15 ${yealink.mac.match(/../g).join(":")}`;
  const common = curl(`${base}/provision/y000000000052.cfg`, yealinkUa);
  expect(common.status === 200 && common.contentType.startsWith("text/plain"), "Yealink common file served as text");
  const next = keyValues(common.body)["static.auto_provision.server.url"];
  expect(next === `${base}/provision/`, `common file points the phone at ${next}`);
  expect(!common.body.includes(yealink.password), "common file carries no credentials");
  const yealinkRaw = curl(`${next}${yealink.mac}.cfg`, yealinkUa).body;
  expect(yealinkRaw === yealink.preview, "the Yealink gets exactly the preview");
  const yealinkFile = keyValues(yealinkRaw);
  expect(yealinkFile["account.1.user_name"] === yealink.username, "Yealink MAC file has the line's user");
  expect(yealinkFile["account.1.password"] === yealink.password, "Yealink MAC file has the line's password");
  expect(yealinkFile["lang.gui"] === "Spanish", "Yealink MAC file has the company's language");

  const cisco = demo["cisco-spa504g"];
  const ciscoUa = `Cisco/SPA504G-7.6.2 (${cisco.mac.toUpperCase()})(CBT1234567A)`;
  const spa = curl(`${base}/provision/spa504G.cfg`, ciscoUa);
  expect(spa.status === 200 && spa.contentType.startsWith("application/xml"), "SPA504G generic file served as XML");
  // The SPA fetches the MAC file in the same resync through Profile_Rule_B (templates/cisco-spa/NOTES.md).
  const rule = element(spa.body, "Profile_Rule_B");
  const expanded = rule.replaceAll("$MA", cisco.mac);
  expect(expanded === `${base}/provision/${cisco.mac}.xml`, `Profile_Rule_B expands to ${expanded}`);
  const spaFile = curl(expanded, ciscoUa).body;
  expect(spaFile === cisco.preview, "the SPA gets exactly the preview");
  expect(element(spaFile, "User_ID_1_") === cisco.username, "SPA MAC file has the line's user");
  const unescape = (v) => v.replace(/&(lt|gt|quot|apos|amp);/g, (_, e) => ({ lt: "<", gt: ">", quot: '"', apos: "'", amp: "&" })[e]);
  expect(unescape(element(spaFile, "Password_1_")) === cisco.password, "SPA MAC file has the line's password (XML-escaped)");

  // What the Yealink's fetch left behind goes through the RECORDS queue (wrangler.toml) to the phone
  // Worker's own consumer, a few seconds later (its batch timeout): the operator sees it in the API.
  // Checked before the simulator boots the same MAC below: its other firmware's User-Agent makes a
  // fetch, and an event, of its own.
  let recorded;
  for (const until = Date.now() + 30_000; Date.now() < until; await new Promise((r) => setTimeout(r, 500))) {
    recorded = admin("GET", `/terminals/${yealink.mac}`).json;
    if (recorded?.provisionedAt) break;
  }
  expect(recorded?.provisionedUserAgent === yealinkUa, "the Yealink's fetch is recorded through the RECORDS queue");
  const events = admin("GET", `/terminals/${yealink.mac}/events`).json.items;
  expect(events.length === 1 && events[0].outcome === "served", "and its served event with it");

  // The simulator's command line (docs/families.md) boots the same phone against the running Workers.
  const simulated = JSON.parse(
    execFileSync("npm", ["run", "--silent", "simulate", "--", "--base", `${base}/provision`, "--model", "yealink-t21p-e2", "--mac", yealink.mac, "--json"], { cwd: work, env, encoding: "utf8" }),
  );
  expect(simulated.ok === true && simulated.account.user === yealink.username, "npm run simulate boots the Yealink and reads its account");

  const miss = curl(`${base}/provision/${yealink.mac}-local.cfg`, yealinkUa);
  expect(miss.status === 404, "<mac>-local.cfg is a 404");

  // The catalog is held by the phone Worker's isolate; a change through the admin Worker reaches it at once.
  const t21 = admin("GET", "/models?iden=yealink-t21p-e2").json.items[0];
  expect(admin("PATCH", `/models/${t21.id}`, { genericFile: "e2e-renamed.cfg" }).status === 200, "operator renames the T21P E2 generic file");
  expect(curl(`${base}/provision/e2e-renamed.cfg`, yealinkUa).status === 200, "the phone Worker serves the new name at once");
  expect(curl(`${base}/provision/y000000000052.cfg`, yealinkUa).status === 404, "and no longer the old one");

  // Keys, a setting and the company phonebook, through the API to the phone (docs/api.md, "Keys, phonebook, settings").
  const contact = 'Ana "García" & <Hijos>';
  expect(admin("POST", `/companies/${company.json.id}/contacts`, { name: contact, number: "201" }).status === 201, "operator adds a contact");
  const keyed = admin("PATCH", `/terminals/${yealink.mac}`, { keys: [{ position: 2, type: "blf", value: "201", label: "Ana" }], settings: { "features.dnd.enable": "1" } });
  expect(keyed.status === 200, "operator sets a BLF key and a setting");
  const withKeys = keyValues(curl(`${base}/provision/${yealink.mac}.cfg`, yealinkUa).body);
  expect(withKeys["linekey.2.type"] === "16" && withKeys["linekey.2.value"] === "201", "the Yealink MAC file has the BLF key");
  expect(withKeys["features.dnd.enable"] === "1", "the Yealink MAC file has the setting");
  const bookUrl = withKeys["remote_phonebook.data.1.url"];
  expect(bookUrl === `${base}/provision/${yealink.mac}-directory.xml`, `the MAC file points to its phonebook (${bookUrl})`);
  const book = curl(bookUrl, yealinkUa);
  expect(book.status === 200 && book.contentType.startsWith("application/xml"), "the phonebook is served as XML");
  expect(unescape(element(book.body, "Name")) === contact, "the contact's name arrives exactly");
  expect(curl(`${base}/provision/001565e2e0ff-directory.xml`, yealinkUa).status === 404, "an unknown MAC's phonebook is a 404");
  console.log("e2e: passed");
} finally {
  await stopGroup(dev);
  rmSync(state, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
}
