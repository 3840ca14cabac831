// Checks a custom template before it is stored: it must parse, and every name it uses must exist in
// the view it will get, so that `{{line.pasword}}` is a 400 instead of a silently empty password.
import Mustache from "mustache";
import type { Format } from "../db/schema";
import type { TerminalWithAll } from "../db/queries";
import { withFamilyView, withOperatorView } from "./render";
import { KEY_TYPES } from "../db/schema";
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
  // Also show one unused position, whatever maxLines is, so `{{#unusedLines}}` sections are checked.
  const view = specificView({ ...terminal, model: { ...sampleModel, maxLines: Math.max(2, model.maxLines) } }, ctx);
  // One setting, whatever the family's syntax, so `{{#settings}}` sections are checked too.
  return withOperatorView(model, { ...view, settings: [{ key: "sample", value: "x" }] });
}

type Token = [string, string, number, number, Token[]?, number?];

export function checkTemplate(source: string, model: ModelLike, kind: FileKind): TemplateProblem[] {
  let tokens: Token[];
  try {
    tokens = Mustache.parse(source) as unknown as Token[];
  } catch (err) {
    return [{ message: `does not parse: ${err instanceof Error ? err.message : String(err)}` }];
  }
  const problems: TemplateProblem[] = [];
  walk(tokens, [sampleView(model, kind)], source, model.format, problems);
  return problems;
}

function walk(tokens: Token[], stack: unknown[], source: string, format: Format, problems: TemplateProblem[]) {
  for (const [type, name, start, , children] of tokens) {
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
    if (type === "#" && children) walk(children, [...stack, Array.isArray(found.value) ? found.value[0] : found.value], source, format, problems);
    if (type === "^" && children) walk(children, stack, source, format, problems);
  }
}

/** Mustache's own resolution: the first part up the context stack, then the dotted rest on it. */
function lookup(stack: unknown[], name: string): { ok: true; value: unknown } | { ok: false } {
  if (name === ".") return { ok: true, value: stack[stack.length - 1] };
  const [first, ...rest] = name.split(".");
  for (let i = stack.length - 1; i >= 0; i--) {
    const context = stack[i];
    if (context !== null && typeof context === "object" && first! in context) {
      let value: unknown = (context as Record<string, unknown>)[first!];
      for (const part of rest) {
        if (value === null || typeof value !== "object" || !(part in value)) return { ok: false };
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
