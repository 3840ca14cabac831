// Mustache templates compiled once into closures, rendered with mustache.js's own semantics (4.2:
// its Writer.renderTokens, renderSection, renderInverted, escapedValue, unescapedValue and
// Context.lookup). Mustache parses a template once but walks its tokens for every render, allocating
// a context with a lookup cache for every section it enters; a MAC file is rendered on every boot, so
// the walk is done once here and a render only runs the closures.
// Parsing stays mustache.js's (Mustache.parse), and what this does not implement renders through
// mustache.js itself: partials (edgeprov passes none, so they render nothing there) and higher-order
// sections (a view function that returns a function). test/compiled-template.test.ts holds the two to the
// same output over every bundled template and over random templates and views.
import Mustache from "mustache";

type Escape = (value: unknown) => string;

/** A context stack entry: the view a section pushed, and the one it was pushed on. */
interface Frame {
  view: unknown;
  parent: Frame | null;
}

/** A compiled token: its output for a frame, or undefined for none (mustache.js appends nothing then). */
type Part = (frame: Frame, escape: Escape) => unknown;

export type CompiledTemplate = (view: object, escape: Escape) => string;

/** Thrown at render time where mustache.js would call a lambda section: that render goes to mustache.js. */
const HIGHER_ORDER = Symbol("higher-order section");

/** Compiled templates by source. Bounded: custom templates come and go with the catalog. */
const compiled = new Map<string, CompiledTemplate | null>();
const MAX_COMPILED = 500;

/** `Mustache.render(template, view, {}, { escape })`, the same output, faster for a template rendered often. */
export function renderMustache(template: string, view: object, escape: Escape): string {
  let render = compiled.get(template);
  if (render === undefined) {
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(template, (render = compile(template)));
  }
  if (render) {
    try {
      return render(view, escape);
    } catch (error) {
      if (error !== HIGHER_ORDER) throw error;
    }
  }
  return Mustache.render(template, view, {}, { escape });
}

type Token = [symbol: string, value: string, start: number, end: number, children?: Token[], ...rest: unknown[]];

/** The template's closures, or null when it holds a partial (rendered by mustache.js, as nothing). */
function compile(template: string): CompiledTemplate | null {
  const parts = compileTokens(Mustache.parse(template) as unknown as Token[]);
  if (!parts) return null;
  return (view, escape) => run(parts, { view, parent: null }, escape);
}

function compileTokens(tokens: Token[]): Part[] | null {
  const parts: Part[] = [];
  for (const token of tokens) {
    const [symbol, value] = token;
    if (symbol === "text") parts.push(() => value);
    else if (symbol === "name") {
      const lookup = lookupOf(value);
      parts.push((frame, escape) => {
        const found = lookup(frame);
        return found == null ? undefined : escape(found);
      });
    } else if (symbol === "&") {
      const lookup = lookupOf(value);
      parts.push((frame) => {
        const found = lookup(frame);
        return found == null ? undefined : found;
      });
    } else if (symbol === "#" || symbol === "^") {
      const children = compileTokens(token[4] ?? []);
      if (!children) return null;
      parts.push(symbol === "#" ? section(lookupOf(value), children) : inverted(lookupOf(value), children));
    } else if (symbol === ">") return null;
    // "!" (comment) and "=" (delimiters, applied by the parser) write nothing.
  }
  return parts;
}

function run(parts: Part[], frame: Frame, escape: Escape): string {
  let out = "";
  for (const part of parts) {
    const value = part(frame, escape);
    if (value !== undefined) out += value;
  }
  return out;
}

function section(lookup: (frame: Frame) => unknown, children: Part[]): Part {
  return (frame, escape) => {
    const value = lookup(frame);
    if (!value) return undefined;
    if (Array.isArray(value)) {
      let out = "";
      for (const item of value) out += run(children, { view: item, parent: frame }, escape);
      return out;
    }
    if (typeof value === "object" || typeof value === "string" || typeof value === "number") return run(children, { view: value, parent: frame }, escape);
    if (typeof value === "function") throw HIGHER_ORDER;
    return run(children, frame, escape);
  };
}

function inverted(lookup: (frame: Frame) => unknown, children: Part[]): Part {
  return (frame, escape) => {
    const value = lookup(frame);
    return !value || (Array.isArray(value) && value.length === 0) ? run(children, frame, escape) : undefined;
  };
}

/** mustache.js's Context.lookup for one name: up the stack to the first view that has it; a function is called. */
function lookupOf(name: string): (frame: Frame) => unknown {
  const called = (frame: Frame, value: unknown) => (typeof value === "function" ? (value as () => unknown).call(frame.view) : value);
  if (name === ".") return (frame) => called(frame, frame.view);
  if (name.indexOf(".") > 0) {
    const names = name.split(".");
    const last = names.length - 1;
    return (frame) => {
      for (let context: Frame | null = frame; context; context = context.parent) {
        let value = context.view as Record<string, unknown> | null | undefined;
        let hit = false;
        for (let i = 0; value != null && i <= last; i++) {
          if (i === last) hit = hasProperty(value, names[i]!) || primitiveHasOwnProperty(value, names[i]!);
          value = value[names[i]!] as Record<string, unknown> | null | undefined;
        }
        if (hit) return called(frame, value);
      }
      return undefined;
    };
  }
  return (frame) => {
    for (let context: Frame | null = frame; context; context = context.parent) {
      const view = context.view as Record<string, unknown>;
      // Read before the check, as mustache.js does: a null pushed by a list throws there, so here too.
      const value = view[name];
      if (hasProperty(view, name)) return called(frame, value);
    }
    return undefined;
  };
}

function hasProperty(value: unknown, name: string): boolean {
  return value != null && typeof value === "object" && name in value;
}

function primitiveHasOwnProperty(value: unknown, name: string): boolean {
  return value != null && typeof value !== "object" && Object.prototype.hasOwnProperty.call(value, name);
}
