// The documented commands exist as written. Runs in plain Node (`npm run test:docs`,
// .ci/run, ci.yml), because the workerd tests cannot read files. It fails when the docs drift from
// package.json, wrangler.toml, the workflows or .ci/run: a script renamed, an environment added or
// renamed, a secret or database named differently, a workflow left out of validation, a broken link.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { experimental_readRawConfig } from "wrangler";

const root = resolve(process.env.EDGEPROV_ROOT ?? join(dirname(fileURLToPath(import.meta.url)), ".."));
const read = (path) => readFileSync(join(root, path), "utf8");

const pkg = JSON.parse(read("package.json"));
const scripts = pkg.scripts ?? {};
const { rawConfig: toml } = experimental_readRawConfig({ config: join(root, "wrangler.toml") });
const envs = toml.env ?? {};
/** The admin API's Worker (src/admin/worker.ts), behind the phone Worker's ADMIN service binding. */
const { rawConfig: adminToml } = experimental_readRawConfig({ config: join(root, "wrangler.admin.toml") });
const adminEnvs = adminToml.env ?? {};
const envNames = Object.keys(envs);
const workflowDir = ".github/workflows";
const workflows = Object.fromEntries(
  readdirSync(join(root, workflowDir))
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => [`${workflowDir}/${f}`, read(`${workflowDir}/${f}`)]),
);
const docs = Object.fromEntries(
  ["README.md", ...readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)].map((f) => [f, read(f)]),
);
const ciRun = read(".ci/run");
/** Everything that tells a person or a machine which command to run. */
const texts = { ...docs, ...workflows, ".ci/run": ciRun, "package.json scripts": Object.values(scripts).join("\n") };

let passed = 0;
let failed = 0;
function check(name, problems) {
  if (problems.length === 0) {
    passed += 1;
    console.log(`  ok    ${name}`);
  } else {
    failed += 1;
    console.log(`  FAIL  ${name}`);
    for (const p of problems) console.log(`        - ${p}`);
  }
}
const matches = (text, re) => [...text.matchAll(re)];
/** Lines of fenced code blocks (where commands are written to be copied). */
const codeLines = (md) => md.split(/^```/m).filter((_, i) => i % 2 === 1).flatMap((block) => block.split("\n"));

// --- npm scripts ---------------------------------------------------------------------------------

check("every `npm run <script>` written anywhere exists in package.json", Object.entries(texts).flatMap(([file, text]) =>
  matches(text, /\bnpm run ([a-z][\w:.-]*)/g)
    .map((m) => m[1].replace(/[.:]$/, ""))
    .filter((name) => !(name in scripts))
    .map((name) => `${file}: npm run ${name}`),
));

check("`npm test` and `npm start` (README quick start) have their scripts", ["test", "start"].flatMap((name) => {
  const used = Object.values(docs).some((md) => new RegExp(`\\bnpm ${name}\\b`).test(md));
  return used && !(name in scripts) ? [`npm ${name} is documented but package.json has no "${name}" script`] : [];
}));

check("README quick start: every command of its code block runs a script that exists", (() => {
  const readme = docs["README.md"];
  const section = readme.slice(readme.indexOf("## Quick start"), readme.indexOf("\n## ", readme.indexOf("## Quick start") + 3));
  const commands = codeLines(section).flatMap((l) => l.replace(/#.*/, "").split("&&")).map((c) => c.trim()).filter(Boolean);
  if (commands.length === 0) return ["README.md has no Quick start code block"];
  return commands.flatMap((c) => {
    const m = /^npm (?:run )?([\w:.-]+)/.exec(c);
    if (!m) return [];
    if (m[1] === "install" || m[1] === "ci") return [];
    return m[1] in scripts ? [] : [`quick start runs "${c}" but there is no "${m[1]}" script`];
  });
})());

check("the deploy scripts exist and name every environment of wrangler.toml", (() => {
  const problems = [];
  for (const name of ["deploy", "deploy:dry-run", "lint:workflows", "test:docs"]) if (!(name in scripts)) problems.push(`no "${name}" script`);
  for (const env of envNames) {
    const script = scripts[`deploy:${env}`];
    if (!script) problems.push(`no "deploy:${env}" script`);
    else {
      if (!script.includes(`wrangler d1 migrations apply DB --remote --env ${env}`)) problems.push(`deploy:${env} does not apply migrations to ${env}`);
      if (!script.includes(`wrangler deploy --env ${env}`)) problems.push(`deploy:${env} does not deploy ${env}`);
      const admin = script.indexOf(`wrangler deploy -c wrangler.admin.toml --env ${env}`);
      if (admin < 0) problems.push(`deploy:${env} does not deploy the admin API's Worker`);
      else if (admin > script.indexOf(`wrangler deploy --env ${env}`)) problems.push(`deploy:${env} deploys the phone Worker before the admin Worker its binding needs`);
      if (script.indexOf("migrations apply") > script.indexOf("wrangler deploy")) problems.push(`deploy:${env} deploys before migrating`);
    }
    if (!(scripts.deploy ?? "").includes(`npm run deploy:${env}`)) problems.push(`"deploy" does not run deploy:${env}`);
    if (!(scripts["deploy:dry-run"] ?? "").includes(`--dry-run --env ${env}`)) problems.push(`"deploy:dry-run" does not build ${env}`);
    if (!(scripts["deploy:dry-run"] ?? "").includes(`wrangler deploy -c wrangler.admin.toml --dry-run --env ${env}`)) problems.push(`"deploy:dry-run" does not build the admin Worker of ${env}`);
  }
  return problems;
})());

// --- environments ----------------------------------------------------------------------------------

check("wrangler.toml has the environments staging and production", ["staging", "production"].filter((e) => !envNames.includes(e)).map((e) => `no [env.${e}]`));

check("every --env / -e written anywhere is an environment of wrangler.toml", Object.entries(texts).flatMap(([file, text]) =>
  matches(text, /(?:--env[ =]|\s-e[ =])([A-Za-z][\w-]*)/g)
    .map((m) => m[1])
    .filter((name) => !envNames.includes(name))
    .map((name) => `${file}: --env ${name}`),
));

check("every GitHub environment of the workflows is an environment of wrangler.toml", Object.entries(workflows).flatMap(([file, text]) =>
  matches(text, /^\s*environment:\s*(?:name:\s*)?["']?([\w-]+)/gm)
    .map((m) => m[1])
    .filter((name) => !envNames.includes(name))
    .map((name) => `${file}: environment ${name}`),
));

check("deploy.yml deploys every environment, staging before production, production behind its environment", (() => {
  const text = workflows[`${workflowDir}/deploy.yml`];
  if (!text) return ["no .github/workflows/deploy.yml"];
  const problems = [];
  for (const env of envNames) {
    if (!text.includes(`d1 migrations apply DB --remote --env ${env}`)) problems.push(`does not migrate ${env}`);
    if (!text.includes(`command: deploy --env ${env}`)) problems.push(`does not deploy ${env}`);
    if (text.indexOf(`d1 migrations apply DB --remote --env ${env}`) > text.indexOf(`command: deploy --env ${env}`)) problems.push(`deploys ${env} before migrating it`);
    const admin = text.indexOf(`command: deploy -c wrangler.admin.toml --env ${env}`);
    if (admin < 0) problems.push(`does not deploy the admin API's Worker of ${env}`);
    else if (admin > text.indexOf(`command: deploy --env ${env}`)) problems.push(`deploys the phone Worker of ${env} before the admin Worker its binding needs`);
    if (!new RegExp(`^\\s*environment:\\s*${env}\\s*$`, "m").test(text)) problems.push(`no job runs in the GitHub environment "${env}"`);
  }
  if (text.indexOf("--env staging") > text.indexOf("--env production")) problems.push("production comes before staging");
  if (!/production:[\s\S]*needs:\s*staging/.test(text)) problems.push("the production job does not need the staging job");
  if (!/on:\s*\n\s*push:\s*\n\s*branches:\s*\[main\]/.test(text)) problems.push("does not run on push to main");
  return problems;
})());

check("docs/deploy.md covers every environment: its database, its secrets, its deploy", (() => {
  const md = docs["docs/deploy.md"] ?? "";
  if (!md) return ["no docs/deploy.md"];
  return envNames.flatMap((env) => {
    const problems = [];
    const db = envs[env].d1_databases?.find((d) => d.binding === "DB");
    if (db && !md.includes(`npx wrangler d1 create ${db.database_name}`)) problems.push(`${env}: "npx wrangler d1 create ${db.database_name}" is not documented`);
    for (const command of [
      `npx wrangler secret put ADMIN_TOKEN -c wrangler.admin.toml --env ${env}`,
      `npx wrangler secret put DIGEST_SIGNING_KEY -c wrangler.admin.toml --env ${env}`,
      `npx wrangler secret put DIGEST_SIGNING_KEY --env ${env}`,
    ]) {
      if (!md.includes(command)) problems.push(`${env}: "${command}" is not documented`);
    }
    if (!md.includes(`npm run deploy:${env}`)) problems.push(`${env}: "npm run deploy:${env}" is not documented`);
    return problems;
  });
})());

// --- wrangler.toml ---------------------------------------------------------------------------------

check("wrangler.toml: the top level stays the local default (DB, MISS_LIMITER, vars, Text rule for *.mustache)", (() => {
  const problems = [];
  const db = toml.d1_databases?.find((d) => d.binding === "DB");
  if (!db) problems.push("no top-level D1 binding DB");
  else if (db.migrations_dir !== "drizzle") problems.push('top-level DB migrations_dir is not "drizzle"');
  if (!toml.ratelimits?.some((r) => r.name === "MISS_LIMITER")) problems.push("no top-level MISS_LIMITER");
  for (const v of ["REQUIRE_HTTPS", "PUBLIC_BASE_URL"]) if (!(v in (toml.vars ?? {}))) problems.push(`no top-level var ${v}`);
  if (!toml.rules?.some((r) => r.type === "Text" && r.globs?.includes("**/*.mustache"))) problems.push("no Text rule for **/*.mustache");
  return problems;
})());

check("wrangler.toml: each environment has its own DB, MISS_LIMITER, vars, custom domain and observability", envNames.flatMap((env) => {
  const e = envs[env];
  const problems = [];
  const db = e.d1_databases?.find((d) => d.binding === "DB");
  if (!db) problems.push(`${env}: no D1 binding DB`);
  else {
    if (db.migrations_dir !== "drizzle") problems.push(`${env}: DB migrations_dir is not "drizzle"`);
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(db.database_id ?? "")) problems.push(`${env}: database_id is not a UUID`);
  }
  if (!e.ratelimits?.some((r) => r.name === "MISS_LIMITER")) problems.push(`${env}: no MISS_LIMITER rate limit`);
  if (e.vars?.REQUIRE_HTTPS !== "true") problems.push(`${env}: REQUIRE_HTTPS is not "true"`);
  if (!/^https:\/\/[^/]+\/provision$/.test(e.vars?.PUBLIC_BASE_URL ?? "")) problems.push(`${env}: PUBLIC_BASE_URL is not https://<host>/provision`);
  const route = e.routes?.find((r) => typeof r === "object" && r.custom_domain);
  if (!route) problems.push(`${env}: no custom-domain route`);
  else if (e.vars?.PUBLIC_BASE_URL && new URL(e.vars.PUBLIC_BASE_URL).host !== route.pattern) problems.push(`${env}: PUBLIC_BASE_URL host is not the route's ${route.pattern}`);
  if (e.observability?.enabled !== true) problems.push(`${env}: observability is not enabled`);
  // The code sees one Env type: every top-level binding must exist in every environment.
  const names = (c) => [...(c.d1_databases ?? []).map((d) => d.binding), ...(c.ratelimits ?? []).map((r) => r.name), ...(c.services ?? []).map((b) => b.binding), ...(c.queues?.producers ?? []).map((q) => q.binding), ...Object.keys(c.vars ?? {}), c.version_metadata?.binding].filter(Boolean);
  for (const n of names(toml)) if (!names(e).includes(n)) problems.push(`${env}: binding ${n} of the top level is missing`);
  return problems;
}));

check("wrangler.toml: environments do not share a database, a rate-limit namespace or a hostname", (() => {
  const problems = [];
  const all = [["top level", toml], ...envNames.map((n) => [n, envs[n]])];
  for (const key of ["database_id", "database_name"]) {
    const values = all.map(([n, c]) => [n, c.d1_databases?.find((d) => d.binding === "DB")?.[key]]);
    for (const [n, v] of values) if (values.filter(([, w]) => w === v).length > 1) problems.push(`${n}: ${key} ${v} is shared`);
  }
  const ns = envNames.map((n) => [n, envs[n].ratelimits?.find((r) => r.name === "MISS_LIMITER")?.namespace_id]);
  for (const [n, v] of ns) if (ns.filter(([, w]) => w === v).length > 1) problems.push(`${n}: MISS_LIMITER namespace_id ${v} is shared`);
  const hosts = envNames.map((n) => [n, envs[n].routes?.[0]?.pattern]);
  for (const [n, v] of hosts) if (hosts.filter(([, w]) => w === v).length > 1) problems.push(`${n}: hostname ${v} is shared`);
  return [...new Set(problems)];
})());

check("wrangler.toml: the RECORDS queue is consumed by the phone Worker itself, per environment, and docs/deploy.md creates it", (() => {
  const problems = [];
  const queues = [];
  for (const [label, c] of [["top level", toml], ...envNames.map((n) => [n, envs[n]])]) {
    const producer = c.queues?.producers?.find((q) => q.binding === "RECORDS");
    if (!producer) {
      problems.push(`${label}: no RECORDS queue producer`);
      continue;
    }
    queues.push([label, producer.queue]);
    const consumer = c.queues?.consumers?.find((q) => q.queue === producer.queue);
    if (!consumer) problems.push(`${label}: nothing consumes ${producer.queue} (src/phone/records-queue.ts is the consumer)`);
    else if ((consumer.max_batch_size ?? 10) > 100) problems.push(`${label}: max_batch_size over the 100 Queues allows`);
    if (label !== "top level" && !docs["docs/deploy.md"]?.includes(`npx wrangler queues create ${producer.queue}`)) problems.push(`${label}: "npx wrangler queues create ${producer.queue}" is not documented`);
  }
  for (const [label, q] of queues) if (queues.filter(([, r]) => r === q).length > 1) problems.push(`${label}: queue ${q} is shared`);
  // The admin Worker must not consume it too: Queues allows one consumer Worker per queue.
  for (const c of [adminToml, ...Object.values(adminEnvs)]) for (const q of c.queues?.consumers ?? []) problems.push(`wrangler.admin.toml consumes ${q.queue}`);
  return problems;
})());

check("wrangler.admin.toml mirrors wrangler.toml: environments, database, vars; ADMIN names it; no public address", (() => {
  const problems = [];
  const adminNames = Object.keys(adminEnvs);
  if (adminNames.join() !== envNames.join()) problems.push(`environments ${adminNames.join(", ")} are not wrangler.toml's ${envNames.join(", ")}`);
  if (adminToml.main !== "src/admin/worker.ts") problems.push("main is not src/admin/worker.ts");
  if (!adminToml.rules?.some((r) => r.type === "Text" && r.globs?.includes("**/*.mustache"))) problems.push("no Text rule for **/*.mustache");
  if (adminToml.compatibility_date !== toml.compatibility_date) problems.push("compatibility_date differs from wrangler.toml's");
  const workerName = (config, env) => (env ? config.env[env].name ?? `${config.name}-${env}` : config.name);
  for (const env of [undefined, ...envNames]) {
    const label = env ?? "top level";
    const phone = env ? envs[env] : toml;
    const admin = env ? adminEnvs[env] : adminToml;
    if (!admin) continue;
    const db = (c) => c.d1_databases?.find((d) => d.binding === "DB");
    for (const key of ["database_name", "database_id"]) {
      if (db(admin)?.[key] !== db(phone)?.[key]) problems.push(`${label}: the admin Worker's DB ${key} is not the phone Worker's`);
    }
    for (const v of ["REQUIRE_HTTPS", "PUBLIC_BASE_URL"]) {
      if (admin.vars?.[v] !== phone.vars?.[v]) problems.push(`${label}: var ${v} differs (the config preview must write what phones get)`);
    }
    const binding = phone.services?.find((b) => b.binding === "ADMIN");
    if (binding?.service !== workerName(adminToml, env)) problems.push(`${label}: ADMIN binds ${binding?.service}, not ${workerName(adminToml, env)}`);
    if (admin.workers_dev !== false) problems.push(`${label}: the admin Worker is on workers.dev`);
    if (admin.preview_urls !== false) problems.push(`${label}: the admin Worker has preview URLs`);
    if ((admin.routes ?? []).length > 0 || admin.route) problems.push(`${label}: the admin Worker has a route`);
    if (env && admin.observability?.enabled !== true) problems.push(`${label}: the admin Worker's observability is not enabled`);
  }
  return problems;
})());

// --- secrets ---------------------------------------------------------------------------------------

// Each Worker's env type lists its secrets between `Bindings:` and `Variables:`.
const ENV_FILES = ["src/phone/env.ts", "src/admin/env.ts"];
const workerSecrets = [...new Set(ENV_FILES.flatMap((file) => {
  const env = read(file);
  const bindings = env.slice(env.indexOf("Bindings:"), env.indexOf("Variables:"));
  return matches(bindings, /^\s*([A-Z][A-Z0-9_]+)\?:\s*string;/gm).map((m) => m[1]);
}))];

check("Worker secrets (src/phone/env.ts, src/admin/env.ts) are documented: .dev.vars.example and docs/deploy.md", (() => {
  if (workerSecrets.length === 0) return ["found no secrets in the Workers' env types"];
  const example = read(".dev.vars.example");
  return workerSecrets.flatMap((s) => [
    ...(example.includes(s) ? [] : [`${s} is not in .dev.vars.example`]),
    ...(docs["docs/deploy.md"]?.includes(`wrangler secret put ${s}`) ? [] : [`docs/deploy.md does not say "wrangler secret put ${s}"`]),
  ]);
})());

check("every `wrangler secret put X` written anywhere is a secret the Worker reads", Object.entries(texts).flatMap(([file, text]) =>
  matches(text, /wrangler secret put ([A-Z][A-Z0-9_]+)/g).map((m) => m[1]).filter((s) => !workerSecrets.includes(s)).map((s) => `${file}: ${s}`),
));

check("no secret value in wrangler.toml or wrangler.admin.toml vars (only REQUIRE_HTTPS, PUBLIC_BASE_URL, RECORDS_WINDOW_MS)", [toml, ...Object.values(envs), adminToml, ...Object.values(adminEnvs)].flatMap((c) =>
  Object.keys(c.vars ?? {}).filter((k) => !["REQUIRE_HTTPS", "PUBLIC_BASE_URL", "RECORDS_WINDOW_MS"].includes(k)).map((k) => `var ${k}`),
));

check("workflows use only the CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID secrets, and docs/deploy.md names both", (() => {
  const expected = ["CLOUDFLARE_API_TOKEN", "CLOUDFLARE_ACCOUNT_ID"];
  const problems = [];
  for (const [file, text] of Object.entries(workflows)) {
    for (const m of matches(text, /secrets\.([A-Za-z_][\w]*)/g)) if (!expected.includes(m[1])) problems.push(`${file}: secrets.${m[1]}`);
  }
  for (const s of expected) if (!docs["docs/deploy.md"]?.includes(s)) problems.push(`docs/deploy.md does not name ${s}`);
  return problems;
})());

check("every wrangler-action step is the official action with the token and account id", Object.entries(workflows).flatMap(([file, text]) => {
  const problems = [];
  const steps = text.split(/\n\s*- (?=name:|uses:|run:)/);
  for (const step of steps) {
    if (!/wrangler-action/.test(step)) continue;
    if (!/uses:\s*cloudflare\/wrangler-action@v\d+/.test(step)) problems.push(`${file}: a step uses an unofficial or unpinned wrangler action`);
    if (!/apiToken:\s*\$\{\{\s*secrets\.CLOUDFLARE_API_TOKEN\s*\}\}/.test(step)) problems.push(`${file}: a wrangler-action step without apiToken`);
    if (!/accountId:\s*\$\{\{\s*secrets\.CLOUDFLARE_ACCOUNT_ID\s*\}\}/.test(step)) problems.push(`${file}: a wrangler-action step without accountId`);
  }
  return problems;
}));

// --- D1 --------------------------------------------------------------------------------------------

const dbNames = [toml, ...Object.values(envs)].flatMap((c) => (c.d1_databases ?? []).map((d) => d.database_name));
check("every D1 database named in a command is one of wrangler.toml", Object.entries(texts).flatMap(([file, text]) => [
  ...matches(text, /wrangler d1 (?:create|export|execute|migrations (?:apply|list)|time-travel (?:info|restore)) ([\w-]+)/g)
    .map((m) => m[1])
    .filter((name) => name !== "DB" && !dbNames.includes(name))
    .map((name) => `${file}: database ${name}`),
]));

// --- /healthz and secrets as the docs show them ----------------------------------------------------

check("docs/deploy.md's /healthz example names the migrations drizzle/ has (count and latest)", (() => {
  const md = docs["docs/deploy.md"] ?? "";
  const example = /### `GET \/healthz`[\s\S]*?```json\n([\s\S]*?)```/.exec(md)?.[1];
  if (!example) return ["docs/deploy.md has no GET /healthz JSON example"];
  let shown;
  try {
    shown = JSON.parse(example.replace(/…/g, "")).database?.migrations;
  } catch (err) {
    return [`the /healthz example is not JSON: ${err.message}`];
  }
  const files = readdirSync(join(root, "drizzle")).filter((f) => /^\d{4}_.*\.sql$/.test(f)).sort();
  const problems = [];
  if (shown?.applied !== files.length) problems.push(`"applied": ${shown?.applied}, drizzle/ has ${files.length} migrations`);
  if (shown?.expected !== files.length) problems.push(`"expected": ${shown?.expected}, drizzle/ has ${files.length} migrations`);
  if (shown?.latest !== files.at(-1)) problems.push(`"latest": ${shown?.latest}, drizzle/'s latest is ${files.at(-1)}`);
  return problems;
})());

check("every `wrangler secret put` in docs/ and SECURITY.md names its environment (--env)", [
  ...Object.entries(docs).filter(([file]) => file.startsWith("docs/")),
  ["SECURITY.md", read("SECURITY.md")],
].flatMap(([file, md]) =>
  md.split("\n").flatMap((line, i) => (/wrangler secret put/.test(line) && !/--env\b/.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
));

// --- CI --------------------------------------------------------------------------------------------

check("lint:workflows validates every workflow file", Object.keys(workflows).filter((f) => !(scripts["lint:workflows"] ?? "").includes(f)).map((f) => `${f} is not validated`));

check("workflows take Node from package.json (engines.node)", (() => {
  const problems = pkg.engines?.node ? [] : ["package.json has no engines.node"];
  for (const [file, text] of Object.entries(workflows)) {
    const setups = matches(text, /uses:\s*actions\/setup-node@[^\n]+\n\s*with:\n((?:\s{8,}.*\n)+)/g);
    if (setups.length === 0 && /npm /.test(text)) problems.push(`${file}: runs npm without actions/setup-node`);
    for (const s of setups) if (!/node-version-file:\s*package\.json/.test(s[1])) problems.push(`${file}: setup-node without node-version-file: package.json`);
  }
  return problems;
})());

check(".ci/run runs what ci.yml runs (so a local run is the CI run)", (() => {
  const ci = workflows[`${workflowDir}/ci.yml`];
  if (!ci) return ["no .github/workflows/ci.yml"];
  const steps = matches(ci, /run:\s*(npm (?:run [\w:.-]+|test|ci))/g).map((m) => m[1]);
  return steps.filter((s) => !ciRun.includes(s)).map((s) => `ci.yml runs "${s}" but .ci/run does not`);
})());

// --- links ---------------------------------------------------------------------------------------

check("relative links in README.md and docs/ point at files that exist", Object.entries(docs).flatMap(([file, md]) =>
  matches(md, /\]\(([^)#\s]+)(#[^)\s]*)?\)/g)
    .map((m) => m[1])
    .filter((target) => !/^[a-z]+:/.test(target))
    .filter((target) => !existsSync(resolve(root, dirname(file), target)))
    .map((target) => `${file}: ${target}`),
));

check("anchors of links into docs/*.md exist", Object.entries(docs).flatMap(([file, md]) =>
  matches(md, /\]\(([^)#\s]*\.md)?#([^)\s]+)\)/g).flatMap((m) => {
    const target = m[1] ? relative(root, resolve(root, dirname(file), m[1])) : file;
    const text = docs[target];
    if (!text) return [];
    const anchors = matches(text, /^#+ (.+)$/gm).map((h) => h[1].toLowerCase().replace(/[^\w\- ]/g, "").replace(/ /g, "-"));
    return anchors.includes(m[2]) ? [] : [`${file}: #${m[2]} is not a heading of ${target}`];
  }),
));

// Scrollback, screen shares and CI logs outlive a dev session: `npm start` shows how to load the token,
// never the token itself.
check("npm start prints $TOKEN, never the admin token's value", (() => {
  const start = read("scripts/start.mjs");
  const printed = matches(start, /console\.log\((.*)\);/g).map((m) => m[1]);
  return [
    ...printed.filter((line) => /\$\{token\}/.test(line)).map((line) => `scripts/start.mjs prints the token: ${line}`),
    ...(printed.some((line) => /curl .*Bearer \$TOKEN/.test(line)) ? [] : ["scripts/start.mjs prints no curl line with $TOKEN"]),
  ];
})());

// The bounds SECURITY.md and docs/tokens.md promise are the ones the code keeps.
check("the audit log's and the inbox's bounds in the docs are the code's", (() => {
  const number = (file, name) => Number(new RegExp(`export const ${name} = ([\\d_]+);`).exec(read(file))?.[1]?.replaceAll("_", ""));
  const auditMax = number("src/db/audit.ts", "AUDIT_MAX_ROWS");
  const perClient = number("src/db/phone-log.ts", "UNKNOWN_DEVICES_PER_CLIENT");
  const security = read("SECURITY.md");
  const problems = [];
  if (!auditMax) problems.push("src/db/audit.ts has no AUDIT_MAX_ROWS");
  for (const [file, text] of [["SECURITY.md", security], ["docs/tokens.md", docs["docs/tokens.md"] ?? ""]]) {
    if (!text.includes(`newest ${auditMax.toLocaleString("en-US")} entries`)) problems.push(`${file} does not say the audit log keeps the newest ${auditMax.toLocaleString("en-US")} entries`);
  }
  if (!security.includes(`adds at most ${perClient} new MACs`)) problems.push(`SECURITY.md does not say one client adds at most ${perClient} new MACs to the inbox`);
  return problems;
})());

// What code cannot fix, SECURITY.md must say: a site's shared address and the miss limit, and a local
// wrangler dev that believes the client's own CF-Connecting-IP and MF-CF-Blob headers.
check("SECURITY.md documents the site-address miss-limit caveat (with its mitigation) and local dev's trusted headers", (() => {
  const security = read("SECURITY.md");
  const problems = [];
  if (!/site's own public address/i.test(security) || !/Mitigate it/.test(security)) problems.push("no paragraph on a site's own public address and how to mitigate it");
  for (const header of ["CF-Connecting-IP", "MF-CF-Blob"]) if (!new RegExp(`wrangler dev[\\s\\S]{0,200}${header}`).test(security)) problems.push(`no warning that wrangler dev trusts ${header}`);
  if (!/Never expose `wrangler dev`/.test(security)) problems.push("no \"Never expose `wrangler dev`\"");
  return problems;
})());

// The admin API refuses an ADMIN_TOKEN under 32 characters: every token the tests and examples set must pass.
check("every ADMIN_TOKEN the tests and docs set is at least 32 characters", (() => {
  const files = ["vitest.config.ts", "test/api.ts", ...Object.keys(docs), "SECURITY.md", ".dev.vars.example"];
  return files.flatMap((file) =>
    [...matches(read(file), /ADMIN_TOKEN\s*=\s*"([^"]*)"/g), ...matches(read(file), /^ADMIN_TOKEN=([^\s$]+)$/gm)]
      .map((m) => m[1])
      .filter((value) => value.length < 32)
      .map((value) => `${file}: ADMIN_TOKEN ${value} is under 32 characters`),
  );
})());

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
