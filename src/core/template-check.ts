// Checks a custom template before it is stored: it must parse, and every name it uses must exist in
// the view it will get, so that `{{line.pasword}}` is a 400 instead of a silently empty password.
import Mustache from "mustache";
import type { Format } from "../db/schema";
import type { TerminalWithAll } from "../db/queries";
import { escapeXml, MAX_OUTPUT_BYTES, utf8Bytes, withFamilyView, withOperatorView } from "./render";
import { KEY_TYPES } from "../db/schema";
import { MAX_SETTING_VALUE, MAX_SETTINGS } from "./operator";
import type { FileKind } from "./view";
import { genericView, specificView } from "./view";

export interface TemplateProblem {
  message: string;
}

interface ModelLike {
  iden: string;
  name: string;
  format: Format;
  maxLines: number;
  /** Programmable keys (0 when the model has none, or an old row without the column). */
  keyCount?: number;
  specificPattern: string;
  templateSet: string;
  genericFile: string;
  genericTemplate: string | null;
  specificTemplate: string | null;
  manufacturer: { name: string };
}

/**
 * The costliest character of a value for a file format: `"` is 6 bytes once XML-escaped (`&quot;`), a
 * character such as `€` 3 bytes of UTF-8 (9 once percent-encoded into a URL by a family's view). Each
 * view is built with every value the API takes at its longest, made of one of them.
 */
const COSTLIEST_CHARS = ['"', "\u20ac"] as const;
/** The longest host name (RFC 1035): SIP domain, proxy, NTP server, the provisioning host. */
const LONGEST_HOST = `${"h".repeat(63)}.${"h".repeat(63)}.${"h".repeat(63)}.${"h".repeat(61)}`;

/**
 * A view with every optional value filled, so that each name a template may use is present. With
 * `worst`, each value the API takes is as long as it allows (src/admin/schemas.ts, terminal-input.ts,
 * companies.ts) and made of `worst`, so that the view's values, and what a family's view derives from
 * them, are the longest a terminal can have.
 */
function sampleView(model: ModelLike, kind: FileKind, worst?: string): object {
  const fill = (max: number, sample: string) => (worst ? worst.repeat(max) : sample);
  const host = (sample: string) => (worst ? LONGEST_HOST : sample);
  // Provisioning credentials are printable ASCII; `%` is the one percent-encoding makes 3 bytes.
  const auth = (max: number, sample: string) => (worst ? "%".repeat(max) : sample);
  // A year in which the sample zone has DST, so that names inside a family's DST sections are checked too.
  const ctx = { baseUrl: `https://${host("provision.example.com")}/provision`, now: new Date("2026-01-15T12:00:00Z") };
  const sampleModel = { updatedAt: new Date(0), ...model } as unknown as TerminalWithAll["model"];
  if (kind === "generic") return withFamilyView(model, kind, genericView(sampleModel, ctx));
  const terminal = {
    mac: "001565aabbcc",
    name: fill(100, "Sample"),
    language: "en",
    timezone: "Europe/Madrid",
    transport: "tls",
    sipPort: 5061,
    model: sampleModel,
    company: {
      name: fill(100, "Sample"),
      sipDomain: host("sip.example.com"),
      sipProxy: `${host("proxy.example.com")}:5060`,
      language: "en",
      timezone: "Europe/Madrid",
      transport: "tls",
      sipPort: 5061,
      ntpServer: host("ntp.example.com"),
      policy: { auth: { scheme: "digest", username: auth(64, "phone"), password: auth(64, "x") } },
      updatedAt: new Date(0),
      settings: {},
    },
    updatedAt: new Date(0),
    // At its worst, as many lines as a terminal of the model can have, each at its longest.
    lines: Array.from({ length: worst ? Math.min(model.maxLines, MAX_LINES_PER_TERMINAL) : 1 }, (_, i) => ({
      position: i + 1,
      username: fill(128, "100"),
      authUsername: fill(128, "100"),
      password: fill(128, "x"),
      displayName: fill(100, "Sample"),
      extension: fill(32, "100"),
    })),
    // Every key type once; at its worst every key the model has, each at its longest.
    keys: Array.from({ length: worst ? Math.max(model.keyCount ?? 0, KEY_TYPES.length) : KEY_TYPES.length }, (_, i) => ({
      position: i + 1,
      type: KEY_TYPES[i % KEY_TYPES.length],
      value: fill(128, "101"),
      label: fill(64, "Sample"),
      line: 1,
    })),
    settings: {},
  } as unknown as TerminalWithAll;
  // Also show one unused line and one unused key position, whatever maxLines and keyCount are, so
  // `{{#unusedLines}}` and `{{#unusedKeys}}` sections are checked.
  const sized = { ...sampleModel, maxLines: Math.max(2, model.maxLines), keyCount: Math.max(KEY_TYPES.length + 1, model.keyCount ?? 0) };
  const view = specificView({ ...terminal, model: sized }, ctx);
  // At its worst every position may be unused too (a terminal with fewer lines or keys): counted in full.
  if (worst) {
    view.unusedLines = Array.from({ length: model.maxLines }, (_, i) => ({ position: i + 1 }));
    view.unusedKeys = Array.from({ length: sized.keyCount }, (_, i) => ({ position: i + 1, line: i + 1 }));
  }
  // One setting, whatever the family's syntax, so `{{#settings}}` sections are checked too; at its worst
  // as many as a company and a terminal may give, each at its longest. Counted in plain ASCII: what a
  // setting adds is the operator's own and only adds (a template that repeats settings inside another
  // list still multiplies here); the render's own limit holds whatever the values are made of.
  const settings = Array.from({ length: worst ? 2 * MAX_SETTINGS : 1 }, (_, i) => ({
    key: `sample${i}`.padEnd(worst ? 128 : 0, "x"),
    value: worst ? "x".repeat(MAX_SETTING_VALUE) : "x",
  }));
  return withOperatorView(model, { ...view, settings });
}

/** The most lines a terminal has: the API takes positions 1 to 64 (src/admin/terminal-input.ts). */
const MAX_LINES_PER_TERMINAL = 64;

type Token = [string, string, number, number, Token[]?, number?];

/** Sections inside sections: the bundled templates use 3; more only multiplies the output. */
export const MAX_SECTION_DEPTH = 4;
/**
 * A template may not produce more than MAX_OUTPUT_BYTES (src/core/render.ts) at its worst: every list
 * at its longest (as many lines as the model and the API allow), every value at its longest and
 * costliest (sampleView). Sections over lists multiply: `{{#lines}}{{#lines}}{{#lines}}...` in 150
 * bytes rendered 759 KB for every request of that model's phones. What the estimate cannot foresee (a
 * template stored before this check, a long PUBLIC_BASE_URL) the render itself refuses.
 */
export function checkTemplate(source: string, model: ModelLike, kind: FileKind): TemplateProblem[] {
  let tokens: Token[];
  try {
    tokens = Mustache.parse(source) as unknown as Token[];
  } catch (err) {
    return [{ message: `does not parse: ${err instanceof Error ? err.message : String(err)}` }];
  }
  const problems: TemplateProblem[] = [];
  const walker: Walker = { source, format: model.format, problems };
  walk(tokens, [sampleView(model, kind)], walker, 0);
  // The same names in every view: only the sizes differ, so problems are reported once.
  const sizes = COSTLIEST_CHARS.map((worst) => walk(tokens, [sampleView(model, kind, worst)], { ...walker, problems: [] }, 0));
  const size = Math.max(...sizes);
  if (problems.length === 0 && size > MAX_OUTPUT_BYTES) {
    problems.push({ message: `could render about ${Math.round(size / 1024)} KiB; at most ${MAX_OUTPUT_BYTES / 1024} KiB (sections over lists multiply)` });
  }
  return problems;
}

interface Walker {
  source: string;
  format: Format;
  problems: TemplateProblem[];
}

/** Checks the names of `tokens` and returns the most they can render (stops counting past the cap). */
function walk(tokens: Token[], stack: unknown[], w: Walker, depth: number): number {
  const { source, format, problems } = w;
  let size = 0;
  for (const [type, name, start, , children] of tokens) {
    if (size > MAX_OUTPUT_BYTES) break;
    if (type === "text") size += utf8Bytes(name);
    const where = `line ${lineOf(source, start)}`;
    if (type === ">") {
      problems.push({ message: `partials are not supported ({{>${name}}} at ${where})` });
      continue;
    }
    if ((type === "&" || type === "{") && format === "xml") {
      problems.push({ message: `unescaped {{{${name}}}} would break the XML at ${where}: use {{${name}}}` });
      continue;
    }
    if (type !== "name" && type !== "&" && type !== "{" && type !== "#" && type !== "^") continue;
    const found = lookup(stack, name);
    if (!found.ok) {
      problems.push({ message: `unknown name {{${name}}} at ${where}` });
      continue;
    }
    if ((type === "#" || type === "^") && depth >= MAX_SECTION_DEPTH) {
      problems.push({ message: `sections nest more than ${MAX_SECTION_DEPTH} deep ({{${type}${name}}} at ${where})` });
      continue;
    }
    if (type === "#" && children) {
      const list = Array.isArray(found.value);
      // A list renders its section once per item: in the worst view each list is at its longest
      // (lines, unusedLines and what a family's view makes of them), its items alike.
      const times = list ? (found.value as unknown[]).length : 1;
      size += times * walk(children, [...stack, list ? (found.value as unknown[])[0] : found.value], w, depth + 1);
    } else if (type === "^" && children) size += walk(children, stack, w, depth + 1);
    else if (type !== "#" && type !== "^") size += valueBytes(found.value, type === "name" ? format : "text");
  }
  return size;
}

/** The bytes a value renders to: escaped as the format escapes `{{name}}` (never `{{{name}}}`), in UTF-8. */
function valueBytes(value: unknown, format: Format): number {
  const text = value === null || value === undefined ? "" : String(value);
  return utf8Bytes(format === "xml" ? escapeXml(text) : text);
}

/**
 * Mustache's own resolution, the first part up the context stack, then the dotted rest on it, but on
 * the view's own properties only: `{{constructor}}` or `{{lines.map}}` would otherwise be "found" on
 * Object.prototype and render the function's source text.
 */
function lookup(stack: unknown[], name: string): { ok: true; value: unknown } | { ok: false } {
  if (name === ".") return { ok: true, value: stack[stack.length - 1] };
  const [first, ...rest] = name.split(".");
  for (let i = stack.length - 1; i >= 0; i--) {
    const context = stack[i];
    if (context !== null && typeof context === "object" && Object.hasOwn(context, first!)) {
      let value: unknown = (context as Record<string, unknown>)[first!];
      for (const part of rest) {
        if (value === null || typeof value !== "object" || !Object.hasOwn(value, part)) return { ok: false };
        value = (value as Record<string, unknown>)[part];
      }
      return { ok: true, value };
    }
  }
  return { ok: false };
}

function lineOf(source: string, offset: number): number {
  return source.slice(0, offset).split("\n").length;
}
