// The compiled renderer (src/core/compiled-template.ts) against mustache.js itself: the same output for
// every bundled template of every catalog model with a terminal's full view, and for random templates over
// random views (sections, inverted sections, dotted names, `.`, lists of primitives, functions, comments,
// delimiter changes, partials), including where mustache.js throws.
import fc from "fast-check";
import Mustache from "mustache";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { catalogOf, catalogStatement } from "../src/db/queries";
import { terminalByMac } from "../src/db/catalog";
import { terminals, KEY_TYPES, type Key } from "../src/db/schema";
import { compiledCache, MAX_CACHED_TOKENS, MAX_TEMPLATE_TOKENS, renderMustache } from "../src/core/compiled-template";
import { effectiveTemplate, escapeXml, specificFamilyView, withFamilyView } from "../src/core/render";
import { genericView, specificView } from "../src/core/view";
import { env } from "cloudflare:workers";
import { createCompany, createTerminal, db, uniqueMac } from "./fixtures";

const ctx = { baseUrl: "https://provision.example.com/provision", now: new Date("2026-07-15T12:00:00Z") };
const verbatim = (value: unknown) => String(value);
const bracketed = (value: unknown) => `[${String(value)}]`;

/** What each renderer gives, or the error it throws. */
function outcome(render: () => string): { out: string } | { threw: string } {
  try {
    return { out: render() };
  } catch (error) {
    return { threw: error instanceof Error ? error.constructor.name : String(error) };
  }
}

describe("compiled Mustache templates", () => {
  it("render every bundled template of every catalog model as mustache.js does", { timeout: 60_000 }, async () => {
    const models = catalogOf(await catalogStatement(env.DB).all());
    expect(models.length).toBeGreaterThan(100);
    const company = await createCompany({ name: `Ünïcode & <Co> "q" 'a'` });
    for (const model of models) {
      const mac = uniqueMac();
      const lines = Array.from({ length: Math.min(model.maxLines, 3) }, (_, i) => ({ username: `10${i}`, password: `p&ss<${i}>"'`, displayName: `Désk ${i} & <b>` }));
      const { terminal } = await createTerminal({ model: model.iden, mac, companyId: company.id, lines });
      const keys: Key[] = KEY_TYPES.map((type, i) => ({ position: i + 1, type, value: `20${i}`, label: `K&${i}`, line: 1 }));
      await db.update(terminals).set({ keys }).where(eq(terminals.id, terminal.id));
      const found = (await terminalByMac(env.DB, mac, ctx.now.getTime()))!;
      const escape = model.format === "xml" ? escapeXml : verbatim;

      const specific = effectiveTemplate(model, "specific").source;
      const specificViewOf = specificFamilyView(found.model, specificView(found, ctx));
      expect(renderMustache(specific, specificViewOf, escape), model.iden).toBe(Mustache.render(specific, specificViewOf, {}, { escape }));

      const generic = effectiveTemplate(model, "generic").source;
      const genericViewOf = withFamilyView(model, "generic", genericView(model, ctx));
      expect(renderMustache(generic, genericViewOf, escape), model.iden).toBe(Mustache.render(generic, genericViewOf, {}, { escape }));
    }
  });

  it("hold every bundled template in half the cache's bound, so phones' files never recompile", async () => {
    const models = catalogOf(await catalogStatement(env.DB).all());
    const sources = new Set(models.flatMap((m) => [effectiveTemplate(m, "generic").source, effectiveTemplate(m, "specific").source]));
    const count = (tokens: unknown[]): number => tokens.reduce<number>((n, t) => n + 1 + (Array.isArray((t as unknown[])[4]) ? count((t as unknown[])[4] as unknown[]) : 0), 0);
    const tokens = [...sources].reduce((n, source) => n + count(Mustache.parse(source)), 0);
    expect(tokens).toBeLessThanOrEqual(MAX_CACHED_TOKENS / 2);
    for (const source of sources) expect(count(Mustache.parse(source))).toBeLessThanOrEqual(MAX_TEMPLATE_TOKENS);
  });

  it("render a custom template of 64 KiB of tags like mustache.js, and keep the cache within its bound however many there are", () => {
    for (let i = 0; i < 12; i++) {
      // What the template check lets through: 65,536 characters of names (test/template-check for the check).
      const source = `<!-- ${i} -->` + "{{mac}}".repeat(9_000);
      const view = { mac: "001565aabbcc" };
      expect(renderMustache(source, view, escapeXml)).toBe(Mustache.render(source, view, {}, { escape: escapeXml }));
      expect(compiledCache().tokens).toBeLessThanOrEqual(MAX_CACHED_TOKENS);
    }
  });

  it("render a template nested thousands deep (stored before the check's 4 levels) as mustache.js does", () => {
    const source = "{{=< >=}}" + "<#a>".repeat(60_000) + "x" + "</a>".repeat(60_000);
    expect(renderMustache(source, {}, verbatim)).toBe(Mustache.render(source, {}, {}, { escape: verbatim }));
    expect(renderMustache(source, {}, verbatim)).toBe("");
  });

  it("render random templates over random views as mustache.js does, and throw where it throws", () => {
    const name = fc.constantFrom("a", "b", "list", "a.b", "a.b.c", "list.length", "b.a", ".", "missing", "f", "n", "s.length");
    const tag = fc.oneof(
      name.map((n) => `{{${n}}}`),
      name.map((n) => `{{{${n}}}}`),
      name.map((n) => `{{& ${n}}}`),
      fc.constant("{{! a comment }}"),
      fc.constant("{{> partial}}"),
      fc.constant("text & <x>\n"),
    );
    const template: fc.Arbitrary<string> = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        tag,
        fc.tuple(fc.constantFrom("#", "^"), name, tie("body")).map(([s, n, body]) => `{{${s}${n}}}${body}{{/${n}}}`),
      ),
      body: fc.array(tie("node"), { maxLength: 4 }).map((parts) => (parts as string[]).join("")),
    })).body as fc.Arbitrary<string>;
    const leaf = fc.oneof(fc.string({ maxLength: 5 }), fc.integer({ min: -2, max: 3 }), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.constant(""));
    const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
      v: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        leaf,
        fc.array(tie("v"), { maxLength: 3 }),
        fc.record({ a: tie("v"), b: tie("v"), c: tie("v") }, { requiredKeys: [] }),
      ),
    })).v;
    const view = fc.record(
      { a: value, b: value, list: value, n: fc.integer(), s: fc.string({ maxLength: 4 }), f: fc.constantFrom(() => "called", function (this: { n?: number }) { return this.n; }) },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(template, view, fc.boolean(), (source, data, delimiters) => {
        const text = delimiters ? `{{=<% %>=}}${source.replaceAll("{{", "<%").replaceAll("}}", "%>")}` : source;
        const expected = outcome(() => Mustache.render(text, data, {}, { escape: bracketed }));
        expect(outcome(() => renderMustache(text, data, bracketed))).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });
});
