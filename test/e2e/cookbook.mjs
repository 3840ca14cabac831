// npm run test:cookbook: docs/api.md is a script. Its fenced `sh` blocks run top to bottom, as one bash
// session, in a scratch checkout served by `npm start` (fresh local D1, demo data, both Workers), and
// every command marked `# expect NNN` must get that HTTP status. A `curl` without a mark, or a status
// other than the page's, fails the check; so does the admin token showing up in anything printed.
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { env, freePort, root, scratchCheckout, startUntilReady, stopGroup } from "./scratch.mjs";

const PAGE = join(root, "docs", "api.md");
const EXPECT = /#\s*expect\s+(\d{3})\s*$/;

/** The page's `sh` blocks as a bash script, a status check after each marked command. */
function cookbookScript(markdown) {
  const blocks = [...markdown.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => ({
    text: m[1],
    line: markdown.slice(0, m.index).split("\n").length + 1,
  }));
  if (blocks.length === 0) throw new Error("docs/api.md has no ```sh blocks");
  const out = [];
  const problems = [];
  let heredoc = null;
  for (const block of blocks) {
    let command = "";
    let where = "";
    block.text.split("\n").forEach((line, i) => {
      if (command === "") where = `docs/api.md:${block.line + i}`;
      out.push(line);
      if (heredoc) {
        if (line === heredoc) heredoc = null;
        return;
      }
      heredoc = /<<-?'?(\w+)'?/.exec(line)?.[1] ?? null;
      command += line + "\n";
      if (/\\$/.test(line)) return; // continued on the next line
      const expected = EXPECT.exec(line)?.[1];
      if (expected) out.push(`__check ${expected} ${shellQuote(`${where}: ${command.trim().split("\n")[0].slice(0, 100)}`)}`);
      else if (/(^|[\s(|;&])curl\s/.test(command.replace(/#.*$/gm, ""))) problems.push(`${where}: a curl without "# expect <status>"`);
      command = "";
    });
  }
  if (problems.length > 0) throw new Error(problems.join("\n"));
  return out.join("\n");
}

const shellQuote = (text) => `'${text.replaceAll("'", "'\\''")}'`;

// Runs the page's commands with `curl` wrapped: each response's status goes to a file, the body to
// stdout as usual, so `$(curl ...)` and pipes work as an operator's shell runs them.
const PRELUDE = `set -euo pipefail
trap 'echo "cookbook: FAILED: a command exited with $? (docs/api.md, see the output above)" >&2' ERR
__status="$(mktemp)"
curl() { command curl -sS -w '%{stderr}%{http_code}\\n' "$@" 2>>"$__status"; }
__check() {
  local got
  got="$(tail -n 1 "$__status")"
  if [ "$got" != "$1" ]; then echo "cookbook: FAILED $2: expected $1, got $got" >&2; exit 1; fi
  echo "  ok  $1  $2" >&2
  : > "$__status"
}
`;

{
  for (const tool of ["bash", "curl", "jq"]) {
    if (spawnSync(tool, ["--version"], { stdio: "ignore" }).status !== 0) throw new Error(`the cookbook needs ${tool}`);
  }
  const script = PRELUDE + cookbookScript(readFileSync(PAGE, "utf8"));
  const token = randomBytes(24).toString("hex");
  const work = scratchCheckout(`ADMIN_TOKEN=${token}\nDIGEST_SIGNING_KEY=${randomBytes(24).toString("hex")}\nREQUIRE_HTTPS=false\n`);
  const port = await freePort();
  let dev;
  try {
    console.log("cookbook: npm start (fresh local D1 and demo data) in a scratch checkout");
    ({ child: dev } = await startUntilReady("npm", ["start"], { cwd: work, env: { ...env, PORT: String(port) }, detached: true }));
    writeFileSync(join(work, "cookbook.sh"), script);
    // COOKBOOK_KEEP=<file>: keep the script run and what it printed, to read after.
    if (process.env.COOKBOOK_KEEP) writeFileSync(process.env.COOKBOOK_KEEP, script);
    const result = spawnSync("bash", ["cookbook.sh"], {
      cwd: work,
      env: { ...env, EDGEPROV: `http://localhost:${port}` },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    process.stderr.write(result.stderr);
    if (process.env.COOKBOOK_KEEP) writeFileSync(`${process.env.COOKBOOK_KEEP}.out`, result.stdout);
    const printed = result.stdout + result.stderr;
    if (result.status !== 0) {
      console.log(result.stdout.split("\n").slice(-30).join("\n"));
      throw new Error("cookbook: a command of docs/api.md failed (see above)");
    }
    if (printed.includes(token)) throw new Error("cookbook: the admin token was printed");
    console.log("cookbook: passed");
  } finally {
    await stopGroup(dev);
    rmSync(work, { recursive: true, force: true });
  }
}
