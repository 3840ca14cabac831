// `npm run bench:console`: how many bytes the web console sends (raw and gzip), per asset and per
// page (the shell every URL answers, and the view the script then loads), from a real `wrangler dev`
// with one company and one terminal. Prints a Markdown table (bench/README.md quotes it).
import { gzipSync } from "node:zlib";
import { bootWorkers } from "../test/e2e/boot.mjs";

const { base, token, stop } = await bootWorkers();
try {
  const auth = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const post = (path, body) => fetch(`${base}/api/v1${path}`, { method: "POST", headers: auth, body: JSON.stringify(body) }).then((r) => r.json());
  const company = await post("/companies", { name: "Size Co", sipDomain: "sip.size.example", language: "es", timezone: "Europe/Madrid" });
  await post("/terminals", { companyId: company.id, model: "yealink-t46g", mac: "001565000001", name: "Desk", lines: [{ username: "1001" }] });

  const rows = [
    ["script", "/console/assets/console.js", false],
    ["stylesheet", "/console/assets/console.css", false],
    ["shell (any page)", "/console/terminals", false],
    ["sign-in page", "/console/signin", false],
    ["import page", "/console/import", false],
    ["view: fleet", "/console/view/fleet", true],
    ["view: terminals (1)", "/console/view/terminals", true],
    ["view: a terminal", "/console/view/terminals/001565000001", true],
    ["view: companies (1)", "/console/view/companies", true],
  ];
  console.log("| what | path | bytes | gzip |\n| --- | --- | ---: | ---: |");
  for (const [what, path, withToken] of rows) {
    const res = await fetch(base + path, { headers: withToken ? { authorization: `Bearer ${token}` } : {} });
    if (!res.ok) throw new Error(`${path}: ${res.status}`);
    const body = Buffer.from(await res.arrayBuffer());
    console.log(`| ${what} | \`${path}\` | ${body.length.toLocaleString("en")} | ${gzipSync(body, { level: 9 }).length.toLocaleString("en")} |`);
  }
} finally {
  stop();
}
