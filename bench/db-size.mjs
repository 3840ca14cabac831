// `node bench/db-size.mjs [N]`: bytes per terminal and per provisioning event in SQLite, with the
// project's migrations (docs/scale.md). N terminals (default 100,000) in the bench's shape: models in
// turn, up to two lines; then five served events each. Sizes are whole pages, indexes included.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";

const ROOT = path.resolve(import.meta.dirname, "..");
const N = Number(process.argv[2] ?? 100_000);
const EVENTS = 5;
const dir = mkdtempSync(path.join(os.tmpdir(), "edgeprov-size-"));
const db = new DatabaseSync(path.join(dir, "db.sqlite"));
const journal = JSON.parse(readFileSync(path.join(ROOT, "drizzle/meta/_journal.json"), "utf8"));
for (const { tag } of journal.entries) {
  for (const statement of readFileSync(path.join(ROOT, "drizzle", `${tag}.sql`), "utf8").split("--> statement-breakpoint")) {
    if (statement.replace(/^\s*--.*$/gm, "").trim()) db.exec(statement);
  }
}
db.exec("insert into companies (name, sip_domain) values ('Bench Co', 'sip.bench.example')");
const models = db.prepare("select id, max_lines from models").all();
const size = () => db.prepare("select page_count * page_size as s from pragma_page_count(), pragma_page_size()").get().s;

const empty = size();
db.exec("begin");
const terminal = db.prepare("insert into terminals (company_id, model_id, mac, name) values (1, ?, ?, ?)");
const line = db.prepare("insert into terminal_lines (terminal_id, position, username, password, display_name) values (?, ?, ?, ?, ?)");
for (let i = 0; i < N; i++) {
  const model = models[i % models.length];
  const mac = "00156" + i.toString(16).padStart(7, "0");
  const { lastInsertRowid: id } = terminal.run(model.id, mac, `Desk ${i}`);
  for (let p = 1; p <= Math.min(2, model.max_lines); p++) line.run(id, p, `${100000 + i}${p}`, `pw-${mac}-${p}-Secret-0123456789`, `Desk ${i} line ${p}`);
}
db.exec("commit");
const withTerminals = size();
db.exec("begin");
const event = db.prepare("insert into provisioning_events (terminal_id, at, ip, user_agent, file, outcome) values (?, ?, ?, ?, ?, 'served')");
for (let id = 1; id <= N; id++) {
  for (let k = 0; k < EVENTS; k++) event.run(id, 1767225600000 + k * 86_400_000, "198.51.100.23", "Yealink SIP-T46G 28.83.0.50 00:15:65:aa:bb:cc", "001565aabbcc.cfg");
}
db.exec("commit");
db.exec("vacuum");
const withEvents = size();
db.close();
rmSync(dir, { recursive: true, force: true });
const result = {
  terminals: N,
  bytesPerTerminal: Math.round((withTerminals - empty) / N),
  bytesPerEvent: Math.round((withEvents - withTerminals) / (N * EVENTS)),
};
console.log(JSON.stringify(result));
