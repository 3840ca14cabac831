// npm run simulate -- --base http://localhost:8787/provision --model yealink-t46s --mac 00:15:65:aa:bb:cc
// A phone of a catalog model boots against any provisioning root (wrangler dev, a deployment) the way the
// real unit does, printing each request with its status and the account it ends up with. Exits 1 when the
// phone would not register, 2 on a usage error. Run through tsx (no build step).
import { parseArgs } from "node:util";
import { phoneOf } from "./simulator/phones";
import { normalizeMac } from "../src/core/mac";
import { formatReport, simulate } from "./simulator/simulate";
import { loadCatalog } from "../scripts/catalog.mjs";

const USAGE = `usage: npm run simulate -- --base <url> --model <iden> --mac <mac> [options]

  --base <url>         provisioning root the phone is given (DHCP option 66), e.g. http://localhost:8787/provision
  --model <iden>       catalog model (see the README table), e.g. yealink-t46s, poly-vvx-450... --list shows all
  --mac <mac>          the unit's MAC in any spelling
  --user <name>        HTTP credentials already on the phone, for a company with Basic/Digest auth
  --password <pass>    (or EDGEPROV_PHONE_PASSWORD)
  --user-agent <ua>    send this User-Agent instead of the model's
  --old-firmware       behave as old firmware where the vendor changed (Snom writes {mac} with colons)
  --json               print the result as JSON
  --list               list the catalog models`;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        base: { type: "string" },
        model: { type: "string" },
        mac: { type: "string" },
        user: { type: "string" },
        password: { type: "string" },
        "user-agent": { type: "string" },
        "old-firmware": { type: "boolean", default: false },
        json: { type: "boolean", default: false },
        list: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err));
  }
})();

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const catalog = await loadCatalog();
if (values.list) {
  for (const m of catalog) console.log(`${m.iden.padEnd(24)} ${m.name.padEnd(44)} ${m.genericFile.padEnd(22)} ${m.specificPattern}`);
  process.exit(0);
}
if (!values.base || !values.model || !values.mac) fail("--base, --model and --mac are required");
const model = catalog.find((m) => m.iden === values.model);
if (!model) fail(`no model ${values.model} in the catalog (--list shows them)`);
if (!normalizeMac(values.mac)) fail(`${values.mac} is not a MAC address`);
try {
  new URL(values.base);
} catch {
  fail(`${values.base} is not an absolute URL`);
}
const password = values.password ?? process.env.EDGEPROV_PHONE_PASSWORD;
if (values.user && password === undefined) fail("--user needs --password (or EDGEPROV_PHONE_PASSWORD)");

const result = await simulate({
  fetch: (url, init) => fetch(url, init),
  phone: await phoneOf(model.templateSet),
  model,
  mac: values.mac,
  base: values.base,
  credentials: values.user ? { username: values.user, password: password! } : null,
  userAgent: values["user-agent"],
  oldFirmware: values["old-firmware"],
});

if (values.json) {
  console.log(JSON.stringify({ ...result, settings: result.settings && Object.fromEntries(result.settings) }, null, 2));
} else {
  console.log(formatReport(result));
}
process.exit(result.ok ? 0 : 1);
