// Mustache templates compiled once into closures, rendered with mustache.js's own semantics (4.2:
// its Writer.renderTokens, renderSection, renderInverted, escapedValue, unescapedValue and
// Context.lookup). Mustache parses a template once but walks its tokens for every render, allocating
// a context with a lookup cache for every section it enters; a MAC file is rendered on every boot, so
// the walk is done once here and a render only runs the closures.
// Parsing stays mustache.js's (Mustache.parse), and what this does not implement renders through
// mustache.js itself: partials (edgeprov passes none, so they render nothing there) and higher-order
// sections (a view function that returns a function). test/compiled-template.test.ts holds the two to the
// same output over every bundled template and over random templates and views.
// Views are plain data (src/core/view.ts and the families' view helpers): mustache.js's per-section lookup
// cache is not reproduced, so a view whose getters or functions answer differently on each call could
// render differently here; edgeprov builds none.
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

/**
 * Compiled templates by source, bounded by their tokens (a compiled token is a few hundred bytes): custom
 * templates come and go with the catalog, and one may be 64 KiB of tags. The bundled templates are a few
 * thousand tokens between them. A template over MAX_TEMPLATE_TOKENS is not compiled (mustache.js renders
 * it); past MAX_CACHED_TOKENS the cache starts again, mustache.js's own parse cache with it.
 */
const compiled = new Map<string, { render: CompiledTemplate | null; tokens: number }>();
export const MAX_TEMPLATE_TOKENS = 5_000;
export const MAX_CACHED_TOKENS = 30_000;
let cachedTokens = 0;

/** What the cache holds (for tests): templates, and their tokens counted against MAX_CACHED_TOKENS. */
export function compiledCache(): { templates: number; tokens: number } {
  return { templates: compiled.size, tokens: cachedTokens };
}

/** `Mustache.render(template, view, {}, { escape })`, the same output, faster for a template rendered often. */
export function renderMustache(template: string, view: object, escape: Escape): string {
  let entry = compiled.get(template);
  if (entry === undefined) {
    entry = compile(template);
    if (cachedTokens + entry.tokens > MAX_CACHED_TOKENS) {
      compiled.clear();
      Mustache.clearCache();
      cachedTokens = 0;
    }
    compiled.set(template, entry);
    cachedTokens += entry.tokens;
  }
  const render = entry.render;
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

/**
 * The template's closures and its token count; no closures (render with mustache.js) when it holds a
 * partial, has more than MAX_TEMPLATE_TOKENS tokens, or nests deeper than this stack can compile (the
 * template check allows 4 levels; one stored before it could hold thousands).
 */
function compile(template: string): { render: CompiledTemplate | null; tokens: number } {
  // mustache.js keeps the parsed tokens in its own cache either way: they count against the bound too.
  const tokens = Mustache.parse(template) as unknown as Token[];
  let count = tokens.length;
  let parts: Part[] | null = null;
  try {
    count = countTokens(tokens);
    if (count <= MAX_TEMPLATE_TOKENS) parts = compileTokens(tokens, new Map());
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
  }
  const compiledParts = parts;
  return { render: compiledParts && ((view, escape) => run(compiledParts, { view, parent: null }, escape)), tokens: count };
}

function countTokens(tokens: Token[]): number {
  let count = tokens.length;
  for (const token of tokens) if (token[4]) count += countTokens(token[4]);
  return count;
}

/** `lookups`: one lookup per name for the whole template (a template may name `mac` thousands of times). */
function compileTokens(tokens: Token[], lookups: Map<string, (frame: Frame) => unknown>): Part[] | null {
  const lookupOf = (name: string) => {
    let lookup = lookups.get(name);
    if (!lookup) lookups.set(name, (lookup = lookupFor(name)));
    return lookup;
  };
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
      const children = compileTokens(token[4] ?? [], lookups);
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
      // Its length read once, as mustache.js does.
      let out = "";
      for (let i = 0, length = value.length; i < length; i++) out += run(children, { view: value[i], parent: frame }, escape);
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
function lookupFor(name: string): (frame: Frame) => unknown {
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
