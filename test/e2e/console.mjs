// The web console in a real browser (`npm run test:browser`): headless Chromium (Debian's `chromium`,
// driven by playwright-core) against a real `wrangler dev` of both Workers. An operator signs in,
// creates a company (its policy: a client certificate with its issuer, plain HTTP for a family, each refused
// first) and a terminal, reads its preview, assigns a phone that asked unconfigured, imports
// a CSV with a bad row, and signs out; then a company's read token sees that company only, without
// config previews or the unknown-devices list. `-- --screenshots` writes each page's picture to docs/console/.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { bootWorkers, expect } from "./boot.mjs";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const shots = process.argv.includes("--screenshots") ? join(import.meta.dirname, "..", "..", "docs", "console") : mkdtempSync(join(tmpdir(), "edgeprov-shots-"));
mkdirSync(shots, { recursive: true });
const files = mkdtempSync(join(tmpdir(), "edgeprov-import-"));

/** The value of the select's option whose label contains `text`. */
async function optionLabelled(select, text) {
  const options = await select.locator("option").evaluateAll((os) => os.map((o) => ({ value: o.value, label: o.textContent })));
  return options.find((o) => o.label.includes(text)).value;
}

const { base, token, stop } = await bootWorkers();

/**
 * What phone requests leave behind is written after the response by the RECORDS queue's consumer, within
 * its batch timeout (wrangler.toml, 5 seconds): waits until the API's `path` shows it.
 */
async function recordsShow(path, done) {
  for (const until = Date.now() + 30_000; Date.now() < until; await new Promise((r) => setTimeout(r, 500))) {
    const res = await fetch(`${base}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (done(await res.json())) return;
  }
  throw new Error(`e2e: ${path} did not show what the phone's request left behind`);
}
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  // Anything the CSP blocked, or any script error, fails the run: the console must need nothing inline.
  const problems = [];
  page.on("console", (m) => m.type() === "error" && !/Failed to load resource/.test(m.text()) && problems.push(m.text()));
  page.on("pageerror", (e) => problems.push(String(e)));
  const shoot = (name) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  const view = () => page.locator("main:not([aria-busy])");

  // Sign in: without a token every page sends the operator to the sign-in page, a wrong token is refused at its field.
  await page.goto(`${base}/console/terminals`);
  await page.waitForURL(/\/console\/signin\?next=/);
  expect(true, "a page without a token goes to the sign-in page");
  await page.getByLabel("API token", { exact: true }).fill("not-the-token");
  await page.getByRole("button", { name: "Sign in" }).click();
  const tokenError = page.locator(".field:has(#token) .field-error");
  await tokenError.waitFor();
  expect((await page.getByLabel("API token", { exact: true }).getAttribute("aria-invalid")) === "true", `a wrong token is refused next to its field ("${await tokenError.textContent()}")`);
  await shoot("sign-in");
  await page.getByLabel("API token", { exact: true }).fill(token);
  await page.keyboard.press("Enter");
  await page.waitForURL(`${base}/console/terminals`);
  expect(await page.evaluate(() => sessionStorage.getItem("edgeprov.token")) === token, "signed in: the token is in the tab's sessionStorage");
  expect((await context.cookies()).length === 0, "and no cookie was set");

  // A company, through the console.
  await page.getByRole("link", { name: "Companies" }).click();
  await view().waitFor();
  await page.locator("summary", { hasText: "New company" }).click();
  const newCompany = page.getByRole("form", { name: "New company" });
  await newCompany.getByLabel("Name", { exact: true }).fill("Acme <Desks> & Co");
  await newCompany.getByLabel("SIP domain", { exact: true }).fill("not a host");
  await newCompany.getByRole("button", { name: "Create company" }).click();
  await newCompany.locator(".field-error").first().waitFor();
  expect(await newCompany.locator(".field:has([name=sipDomain]) .field-error").isVisible(), "a bad SIP domain is refused next to its field");
  await newCompany.getByLabel("SIP domain", { exact: true }).fill("sip.acme.example");
  await newCompany.getByLabel("Time zone", { exact: true }).fill("Europe/Madrid");
  await newCompany.getByLabel("Language", { exact: true }).fill("es");
  await newCompany.getByRole("button", { name: "Create company" }).click();
  await page.waitForURL(/\/console\/companies\/\d+$/);
  await view().waitFor();
  expect((await page.locator("h1").textContent()) === "Acme <Desks> & Co", "the company page shows its name as text");
  // Its policy: a network with host bits set is refused next to the list, naming the item.
  const policyForm = page.getByRole("form", { name: "Company settings" });
  await policyForm.getByLabel("Allowed networks", { exact: true }).fill("203.0.113.0/24\n10.0.0.1/8");
  await policyForm.getByLabel("Lock after the first fetch", { exact: true }).check();
  await policyForm.getByRole("button", { name: "Save" }).click();
  const networkError = policyForm.locator(".field:has([name='policy.allowedNetworks']) .field-error");
  await networkError.waitFor();
  expect((await networkError.textContent()).startsWith("item 2:"), `a bad network is refused next to the list ("${await networkError.textContent()}")`);
  await policyForm.getByLabel("Allowed networks", { exact: true }).fill("203.0.113.0/24\n10.20.0.0/16");
  await policyForm.getByRole("button", { name: "Save" }).click();
  await page.locator("#flash", { hasText: "Saved." }).waitFor();
  expect(await page.getByLabel("Lock after the first fetch", { exact: true }).isChecked(), "the policy is saved and read back");
  await page.getByLabel("Lock after the first fetch", { exact: true }).uncheck();
  await page.getByLabel("Allowed networks", { exact: true }).fill("");
  await page.getByRole("form", { name: "Company settings" }).getByRole("button", { name: "Save" }).click();
  await page.locator("#flash", { hasText: "Saved." }).waitFor();

  // A client certificate needs its issuer: without one the API's refusal is shown at the issuer's field,
  // which gets the focus, and nothing is written.
  const acmePolicy = async () => (await (await fetch(`${base}/api/v1/companies/${/\/companies\/(\d+)$/.exec(page.url())[1]}`, { headers: { authorization: `Bearer ${token}` } })).json()).policy;
  const companyForm = () => page.getByRole("form", { name: "Company settings" });
  const issuer = "CN=Acme Phones Issuing CA,O=Acme,C=ES";
  await companyForm().getByLabel("Require a client certificate", { exact: true }).check();
  await companyForm().getByRole("button", { name: "Save" }).click();
  const issuerError = companyForm().locator(".field:has([name='policy.clientCertificateIssuer']) .field-error");
  await issuerError.waitFor();
  const focused = await page.evaluate(() => document.activeElement?.getAttribute("name"));
  expect((await companyForm().getByLabel("Client certificate issuer", { exact: true }).getAttribute("aria-invalid")) === "true" && focused === "policy.clientCertificateIssuer", `a certificate without an issuer is refused at the issuer's field ("${await issuerError.textContent()}")`);
  expect((await acmePolicy()).requireClientCertificate === false, "and nothing is written");
  await companyForm().getByLabel("Client certificate issuer", { exact: true }).fill(issuer);
  await companyForm().getByRole("button", { name: "Save" }).click();
  await page.locator("#flash", { hasText: "Saved." }).waitFor();
  expect((await companyForm().getByLabel("Client certificate issuer", { exact: true }).inputValue()) === issuer && (await acmePolicy()).clientCertificateIssuer === issuer, "with its issuer it is saved and read back");

  // Plain HTTP for a family needs Digest auth or an allowed network: with neither, the refusal is under the
  // group of checkboxes and nothing is written; with a network it is saved, and shown ticked.
  await companyForm().getByLabel("cisco-spa", { exact: true }).check();
  await companyForm().getByRole("button", { name: "Save" }).click();
  const httpError = companyForm().locator("fieldset.choices:has([name='policy.allowHttpFor']) > .field-error");
  await httpError.waitFor();
  const boxes = companyForm().locator("[name='policy.allowHttpFor']");
  const invalid = await boxes.evaluateAll((els) => els.every((el) => el.getAttribute("aria-invalid") === "true"));
  expect(invalid && (await boxes.count()) > 1, `plain HTTP without Digest or a network is refused under the checkboxes ("${await httpError.textContent()}")`);
  expect((await acmePolicy()).allowHttpFor.length === 0, "and nothing is written");
  await companyForm().getByLabel("Allowed networks", { exact: true }).fill("203.0.113.0/24");
  await companyForm().getByRole("button", { name: "Save" }).click();
  await page.locator("#flash", { hasText: "Saved." }).waitFor();
  const checked = await boxes.evaluateAll((els) => els.filter((el) => el.checked).map((el) => el.value));
  expect(checked.join() === "cisco-spa" && (await acmePolicy()).allowHttpFor.join() === "cisco-spa", "with an allowed network it is saved and shown ticked");
  await shoot("company");

  // All cleared again (the phones below fetch from 127.0.0.1, with no certificate).
  await companyForm().getByLabel("Require a client certificate", { exact: true }).uncheck();
  await companyForm().getByLabel("Client certificate issuer", { exact: true }).fill("");
  await companyForm().getByLabel("cisco-spa", { exact: true }).uncheck();
  await companyForm().getByLabel("Allowed networks", { exact: true }).fill("");
  await companyForm().getByRole("button", { name: "Save" }).click();
  await page.locator("#flash", { hasText: "Saved." }).waitFor();
  const cleared = await acmePolicy();
  expect(!cleared.requireClientCertificate && cleared.clientCertificateIssuer === null && cleared.allowHttpFor.length === 0 && cleared.allowedNetworks.length === 0, "unticked and emptied, the policy is cleared");

  // A terminal: a bad MAC first (its error next to the field), then the right one; its preview is the MAC file.
  await page.goto(`${base}/console/terminals`);
  await view().waitFor();
  const newTerminal = page.getByRole("form", { name: "New terminal" });
  await newTerminal.getByLabel("Company", { exact: true }).selectOption(await optionLabelled(newTerminal.getByLabel("Company", { exact: true }), "Acme"));
  await newTerminal.getByLabel("Model", { exact: true }).selectOption({ label: "Yealink T46G" });
  await newTerminal.getByLabel("MAC address", { exact: true }).fill("00:15:65:zz");
  await newTerminal.getByLabel("Name", { exact: true }).fill("Reception");
  await newTerminal.getByLabel("SIP user name", { exact: true }).fill("1001");
  await newTerminal.getByLabel("Password", { exact: true }).fill("s3cret&<pw>");
  await newTerminal.getByRole("button", { name: "Create terminal" }).click();
  const macError = newTerminal.locator(".field:has([name=mac]) .field-error");
  await macError.waitFor();
  expect(/MAC address/.test(await macError.textContent()), `a bad MAC is refused next to its field ("${await macError.textContent()}")`);
  await newTerminal.getByLabel("MAC address", { exact: true }).fill("00:15:65:E2:E0:01");
  await newTerminal.getByRole("button", { name: "Create terminal" }).click();
  await page.waitForURL(`${base}/console/terminals/001565e2e001`);
  await view().waitFor();
  const preview = await page.locator("pre.config").textContent();
  expect(preview.includes("account.1.user_name = 1001") && preview.includes("account.1.password = s3cret&<pw>"), "the terminal page shows its MAC file");
  expect(preview.includes("lang.gui = Spanish"), "with the company's language");

  // Edit its lines: a second line, saved through PATCH.
  const settings = page.getByRole("form", { name: "Terminal settings" });
  await settings.locator("fieldset", { hasText: "Line 2" }).getByLabel("SIP user name", { exact: true }).fill("1002");
  await settings.getByRole("button", { name: "Save" }).click();
  await page.locator("pre.config", { hasText: "account.2.user_name = 1002" }).waitFor();
  expect(true, "a second line is added and shows in the preview");

  // An unknown phone asks for its MAC file; the operator assigns it in one step.
  const res = await fetch(`${base}/provision/001565e2e0aa.cfg`, { headers: { "user-agent": "Yealink SIP-T46G 28.83.0.50 00:15:65:e2:e0:aa" } });
  expect(res.status === 404, "an unconfigured phone gets 404");
  // Its sighting is written by the RECORDS queue's consumer within its batch timeout (5 seconds).
  await recordsShow("/unknown-devices", (body) => body.items.some((d) => d.mac === "001565e2e0aa"));
  await page.getByRole("link", { name: "Unknown devices" }).click();
  await view().waitFor();
  const card = page.locator("li.card", { hasText: "00:15:65:e2:e0:aa" });
  await card.waitFor();
  expect((await card.textContent()).includes("Yealink T46G"), "it is listed with its guessed model");
  await shoot("unknown-devices");
  const assign = card.getByRole("form", { name: /^Assign/ });
  await assign.getByLabel("Company", { exact: true }).selectOption(await optionLabelled(assign.getByLabel("Company", { exact: true }), "Acme"));
  await assign.getByLabel("SIP user name (line 1)", { exact: true }).fill("1003");
  await assign.getByRole("button", { name: "Assign" }).click();
  await page.waitForURL(`${base}/console/terminals/001565e2e0aa`);
  await view().waitFor();
  expect((await page.locator("pre.config").textContent()).includes("account.1.user_name = 1003"), "assigned: it is a terminal with its preview");
  const phone = await fetch(`${base}/provision/001565e2e0aa.cfg`, { headers: { "user-agent": "Yealink SIP-T46G 28.83.0.50 00:15:65:e2:e0:aa" } });
  expect(phone.status === 200, "and the phone gets its MAC file");
  // Disabled, its next request is refused; the terminal page lists both with the reason.
  await page.getByLabel("Enabled", { exact: true }).uncheck();
  await page.getByRole("form", { name: "Terminal settings" }).getByRole("button", { name: "Save" }).click();
  await page.locator(".tag.off", { hasText: "disabled" }).first().waitFor();
  const refused = await fetch(`${base}/provision/001565e2e0aa.cfg`, { headers: { "user-agent": "Yealink SIP-T46G 28.83.0.50 00:15:65:e2:e0:aa" } });
  expect(refused.status === 404, "disabled, the phone gets 404");
  await recordsShow("/terminals/001565e2e0aa/events", (body) => body.items.length === 2);
  await page.reload();
  await view().waitFor();
  const outcomes = await page.locator("section[aria-labelledby=events-h] tbody tr td:nth-child(2)").allTextContents();
  expect(outcomes.join(",") === "disabled,served", `its events say why: ${outcomes.join(", ")}`);
  await shoot("terminal");

  // Import: a CSV with a bad row is checked (dry run) and shows the row; nothing is written; a good one imports.
  const companyId = (await page.evaluate(() => fetch("/api/v1/companies?q=Acme", { headers: { authorization: `Bearer ${sessionStorage.getItem("edgeprov.token")}` } }).then((r) => r.json()))).items[0].id;
  const bad = join(files, "terminals.csv");
  writeFileSync(bad, `companyId,model,mac,name,username\n${companyId},yealink-t46g,001565e2e101,Desk 1,2001\n${companyId},yealink-t46g,not-a-mac,Desk 2,2002\n`);
  await page.getByRole("link", { name: "Import" }).click();
  await page.getByLabel("File (CSV or JSON)", { exact: true }).setInputFiles(bad);
  await page.getByRole("button", { name: "Check file" }).click();
  const errorRow = page.locator("#import-errors tbody tr");
  await errorRow.first().waitFor();
  const cells = await errorRow.first().locator("td").allTextContents();
  expect(cells[0] === "2" && cells[1] === "mac", `the bad row is shown: row ${cells[0]}, ${cells[1]}: ${cells[2]}`);
  expect(await page.locator("#import-now").isHidden(), "and it cannot be imported");
  await shoot("import");
  const written = await fetch(`${base}/api/v1/terminals/001565e2e101`, { headers: { authorization: `Bearer ${token}` } });
  expect(written.status === 404, "nothing was written");
  writeFileSync(bad, `companyId,model,mac,name,username\n${companyId},yealink-t46g,001565e2e101,Desk 1,2001\n${companyId},cisco-spa504g,c46413e2e102,Desk 2,2002\n`);
  await page.getByLabel("File (CSV or JSON)", { exact: true }).setInputFiles(bad);
  await page.getByRole("button", { name: "Check file" }).click();
  await page.getByRole("button", { name: "Import 2 terminal(s)" }).click();
  await page.locator(".form-status", { hasText: "Created 2 terminal(s)." }).waitFor();
  expect(true, "the corrected file imports 2 terminals");

  // The fleet and the list, with what was made above.
  await page.getByRole("link", { name: "Terminals" }).click();
  await view().waitFor();
  expect((await page.locator("table.list tbody tr").count()) === 4, "the terminal list has the 4 terminals");
  await page.getByLabel("Search name or MAC", { exact: true }).fill("recep");
  await page.keyboard.press("Enter");
  await page.waitForURL(/q=recep/);
  await view().waitFor();
  expect((await page.locator("table.list tbody tr").count()) === 1, "searching finds the one terminal");
  await page.goto(`${base}/console/terminals`);
  await view().waitFor();
  await shoot("terminals");
  await page.getByRole("link", { name: "Fleet" }).click();
  await view().waitFor();
  const stats = await page.locator(".stats").textContent();
  expect(/4\s*terminals/.test(stats) && /1\s*provisioned in the last 24 h/.test(stats), "the fleet page counts them");
  const refusals = page.locator("figure", { hasText: "Refused in the last 24 h" });
  expect(/disabled\s*1/.test(await refusals.textContent()), "and charts the refusal by its reason");
  await shoot("fleet");

  // Keyboard: the first Tab reaches the skip link, which moves to the content.
  await page.keyboard.press("Tab");
  expect((await page.evaluate(() => document.activeElement?.textContent)) === "Skip to content", "Tab reaches the skip link first");

  // Phone width.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await view().waitFor();
  expect((await page.evaluate(() => document.documentElement.scrollWidth)) <= 390, "at 390 px nothing scrolls sideways");
  await shoot("fleet-390");
  await page.goto(`${base}/console/terminals/001565e2e001`);
  await view().waitFor();
  await shoot("terminal-390");

  // Delete with a confirmation, then sign out.
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: "Delete terminal" }).click();
  await page.waitForURL(`${base}/console/terminals`);
  expect((await fetch(`${base}/api/v1/terminals/001565e2e001`, { headers: { authorization: `Bearer ${token}` } })).status === 404, "a confirmed delete removes the terminal");
  await view().waitFor();
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(`${base}/console/signin`);
  expect(await page.evaluate(() => sessionStorage.length) === 0, "signed out: the tab holds no token");
  await page.goto(`${base}/console/`);
  await page.waitForURL(/\/console\/signin/);
  expect(true, "and the console asks for it again");

  // A company's read token (docs/tokens.md): the console shows that company only, and no config preview.
  const admin = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const post = (path, body) => fetch(`${base}/api/v1${path}`, { method: "POST", headers: admin, body: JSON.stringify(body) }).then((r) => r.json());
  const other = await post("/companies", { name: "Other Co", sipDomain: "sip.other.example" });
  await post("/terminals", { companyId: other.id, model: "yealink-t46g", mac: "001565e2e0f0", name: "Other desk" });
  const reader = await post("/tokens", { name: "Acme dashboard", companyId, role: "read" });
  await page.goto(`${base}/console/terminals`);
  await page.waitForURL(/\/console\/signin\?next=/);
  await page.getByLabel("API token", { exact: true }).fill(reader.token);
  await page.keyboard.press("Enter");
  await page.waitForURL(`${base}/console/terminals`);
  await view().waitFor();
  const listed = await page.locator("main").textContent();
  expect(!listed.includes("Other desk") && (await page.locator("table.list tbody tr").count()) > 0, "a company's token lists its own terminals only");
  await page.goto(`${base}/console/terminals/001565e2e0f0`);
  await view().waitFor();
  expect(/Not found/.test(await page.locator("main").textContent()), "another company's terminal is not found");
  await page.goto(`${base}/console/terminals/001565e2e101`);
  await view().waitFor();
  expect(/needs an admin token/.test(await page.locator("main").textContent()) && (await page.locator("pre.config").count()) === 0, "a read token sees a terminal without its config preview");
  await page.goto(`${base}/console/unknown-devices`);
  await view().waitFor();
  expect(/may not do this/.test(await page.locator("main").textContent()), "and not the unknown-devices list");
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(`${base}/console/signin`);

  expect(problems.length === 0, `no script error and nothing blocked by the CSP${problems.length ? `: ${problems.join("; ")}` : ""}`);
  console.log(`e2e: console passed (screenshots in ${shots})`);
} finally {
  await browser.close();
  stop();
  rmSync(files, { recursive: true, force: true });
}
