// Checks a custom template before it is stored: it must parse, and every name it uses must exist in
// the view it will get, so that `{{line.pasword}}` is a 400 instead of a silently empty password.
import Mustache from "mustache";
import type { Format } from "../db/schema";
import type { TerminalWithAll } from "../db/queries";
import { withFamilyView, withOperatorView } from "./render";
import { KEY_TYPES } from "../db/schema";
import { MAX_SETTINGS } from "./operator";
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

/** A view with every optional value filled, so that each name a template may use is present. */
function sampleView(model: ModelLike, kind: FileKind): object {
  // A year in which the sample zone has DST, so that names inside a family's DST sections are checked too.
  const ctx = { baseUrl: "https://provision.example.com/provision", now: new Date("2026-01-15T12:00:00Z") };
  const sampleModel = { updatedAt: new Date(0), ...model } as unknown as TerminalWithAll["model"];
  if (kind === "generic") return withFamilyView(model, kind, genericView(sampleModel, ctx));
  const terminal = {
    mac: "001565aabbcc",
    name: "Sample",
    language: "en",
    timezone: "Europe/Madrid",
    transport: "tls",
    sipPort: 5061,
    model: sampleModel,
    company: {
      name: "Sample",
      sipDomain: "sip.example.com",
      sipProxy: "proxy.example.com:5060",
      language: "en",
      timezone: "Europe/Madrid",
      transport: "tls",
      sipPort: 5061,
      ntpServer: "ntp.example.com",
      policy: { auth: { scheme: "digest", username: "phone", password: "x" } },
      updatedAt: new Date(0),
      settings: {},
    },
    updatedAt: new Date(0),
    lines: [{ position: 1, username: "100", authUsername: "100", password: "x", displayName: "Sample", extension: "100" }],
    keys: KEY_TYPES.map((type, i) => ({ position: i + 1, type, value: "101", label: "Sample", line: 1 })),
    settings: {},
  } as unknown as TerminalWithAll;
  // Also show one unused line and one unused key position, whatever maxLines and keyCount are, so
  // `{{#unusedLines}}` and `{{#unusedKeys}}` sections are checked.
  const sized = { ...sampleModel, maxLines: Math.max(2, model.maxLines), keyCount: Math.max(KEY_TYPES.length + 1, model.keyCount ?? 0) };
  const view = specificView({ ...terminal, model: sized }, ctx);
  // One setting, whatever the family's syntax, so `{{#settings}}` sections are checked too.
  return withOperatorView(model, { ...view, settings: [{ key: "sample", value: "x" }] });
}

type Token = [string, string, number, number, Token[]?, number?];

/** Sections inside sections: the bundled templates use 3; more only multiplies the output. */
export const MAX_SECTION_DEPTH = 4;
/**
 * The largest file a template may produce at its worst (every list at the model's maxLines, every value
 * MAX_VALUE_CHARS long). Sections over lists multiply: `{{#lines}}{{#lines}}{{#lines}}...` in 150
 * bytes rendered 759 KB for every request of that model's phones.
 */
export const MAX_OUTPUT_BYTES = 256 * 1024;
const MAX_VALUE_CHARS = 64;

export function checkTemplate(source: string, model: ModelLike, kind: FileKind): TemplateProblem[] {
  let tokens: Token[];
  try {
    tokens = Mustache.parse(source) as unknown as Token[];
  } catch (err) {
    return [{ message: `does not parse: ${err instanceof Error ? err.message : String(err)}` }];
  }
  const problems: TemplateProblem[] = [];
  const walker: Walker = { source, format: model.format, maxLines: model.maxLines, keyCount: model.keyCount ?? 0, problems };
  const size = walk(tokens, [sampleView(model, kind)], walker, 0);
  if (problems.length === 0 && size > MAX_OUTPUT_BYTES) {
    problems.push({ message: `could render about ${Math.round(size / 1024)} KiB; at most ${MAX_OUTPUT_BYTES / 1024} KiB (sections over lists multiply)` });
  }
  return problems;
}

interface Walker {
  source: string;
  format: Format;
  maxLines: number;
  keyCount: number;
  problems: TemplateProblem[];
}

/** The most items a list of the view can hold, by its name (`settings`, `yealink.keys`, `fanvil.pages`). */
function listBound(name: string, w: Walker): number {
  const last = name.split(".").pop() ?? name;
  if (/settings$/i.test(last)) return 2 * MAX_SETTINGS;
  if (/keys$|^pages$|^attendants$|^speedDials$/i.test(last)) return w.keyCount;
  return w.maxLines;
}

/** Checks the names of `tokens` and returns the most they can render (stops counting past the cap). */
function walk(tokens: Token[], stack: unknown[], w: Walker, depth: number): number {
  const { source, format, problems } = w;
  let size = 0;
  for (const [type, name, start, , children] of tokens) {
    if (size > MAX_OUTPUT_BYTES) break;
    if (type === "text") size += name.length;
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
      // A list renders its section once per item: at most the model's lines (lines, unusedLines), its keys,
      // or the settings a company and a terminal may give.
      const times = list ? Math.max((found.value as unknown[]).length, listBound(name, w)) : 1;
      size += times * walk(children, [...stack, list ? (found.value as unknown[])[0] : found.value], w, depth + 1);
    } else if (type === "^" && children) size += walk(children, stack, w, depth + 1);
    else if (type !== "#" && type !== "^") size += Math.max(String(found.value ?? "").length, MAX_VALUE_CHARS);
  }
  return size;
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
