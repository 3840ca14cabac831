// Resolve + render of each built-in model's MAC file, without HTTP or D1: what the phone path's own
// code costs per request (docs/scale.md uses it for Workers CPU). `npm run bench:micro`.
//   resolve: the path checks, the MAC-looking runs, the model's pattern (as src/phone/resolve.ts);
//   render:  the view, the family's additions, Mustache with the format's escaping (renderSpecific),
//            and the same through mustache.js's own renderer (src/core/compiled-template.ts replaces it);
//   + ETag:  what the response adds (the body's UTF-8 and its 64-bit hash: renderedFile).
// Each terminal has every line its model allows (the most a MAC file renders), in a company with a
// proxy, Spanish, Europe/Madrid.
import { expect, test } from "vitest";
import type { TerminalWithAll } from "../src/db/queries";
import { macCandidates } from "../src/core/mac";
import { matchPattern, provisionPath } from "../src/core/paths";
import Mustache from "mustache";
import { effectiveTemplate, escapeXml, MAX_OUTPUT_BYTES, renderSpecific, specificFamilyView, utf8Bytes } from "../src/core/render";
import { renderedFile } from "../src/phone/respond";
import { specificView, type ProvisioningContext } from "../src/core/view";
import { builtInModels } from "./catalog";

const ctx: ProvisioningContext = { baseUrl: "https://provision.example.com/provision", now: new Date("2026-07-01T08:00:00Z") };
const at = new Date("2026-06-01T00:00:00Z");

function terminalOf(model: ReturnType<typeof builtInModels>[number], index: number): TerminalWithAll {
  const mac = `0015650000${index.toString(16).padStart(2, "0")}`;
  return {
    id: index + 1,
    companyId: 1,
    modelId: model.id,
    mac,
    name: `Desk ${index}`,
    language: null,
    timezone: null,
    transport: null,
    sipPort: null,
    enabled: true,
    locked: false,
    provisionedAt: null,
    provisionedIp: null,
    provisionedUserAgent: null,
    keys: [],
    settings: {},
    createdAt: at,
    updatedAt: at,
    model,
    company: {
      id: 1,
      name: "Bench & Co",
      sipDomain: "sip.bench.example",
      sipProxy: "proxy.bench.example:5060",
      language: "es",
      timezone: "Europe/Madrid",
      transport: "udp",
      sipPort: null,
      ntpServer: null,
      policy: {},
      settings: {},
      createdAt: at,
      updatedAt: at,
    },
    lines: Array.from({ length: model.maxLines }, (_, i) => ({
      id: i + 1,
      terminalId: index + 1,
      position: i + 1,
      username: `${1000 + i}`,
      authUsername: null,
      password: `p&ss<${i}>-Secret`,
      displayName: `Desk ${index} line ${i + 1}`,
      extension: null,
    })),
  } as TerminalWithAll;
}

function resolve(rawPath: string, terminal: TerminalWithAll): boolean {
  const path = provisionPath(rawPath);
  if (path === null) return false;
  return macCandidates(path).includes(terminal.mac) && matchPattern(terminal.model.specificPattern, path) === terminal.mac;
}

function render(terminal: TerminalWithAll): string {
  return renderSpecific(terminal, ctx);
}

/**
 * The same file through mustache.js's own renderer, which src/core/compiled-template.ts replaces, with
 * the same size check as renderTemplate (a large file counts its UTF-8 bytes).
 */
function renderWithMustacheJs(terminal: TerminalWithAll): string {
  const view = specificFamilyView(terminal.model, specificView(terminal, ctx));
  const escape = terminal.model.format === "xml" ? escapeXml : (value: unknown) => String(value);
  const body = Mustache.render(effectiveTemplate(terminal.model, "specific").source, view, {}, { escape });
  if (body.length * 3 > MAX_OUTPUT_BYTES && utf8Bytes(body) > MAX_OUTPUT_BYTES) throw new Error("over the size limit");
  return body;
}

for (const [i, model] of builtInModels().entries()) {
  const terminal = terminalOf(model, i);
  const rawPath = model.specificPattern.replace("{mac}", terminal.mac.toUpperCase());

  test(`${model.iden}: ${rawPath} (${model.maxLines} lines, ${model.format})`, async ({ bench }) => {
    // Not a benchmark of a refusal: the path resolves and the file carries the lines.
    expect(resolve(rawPath, terminal)).toBe(true);
    expect(render(terminal)).toContain(terminal.lines.at(-1)!.username);
    expect(render(terminal)).toBe(renderWithMustacheJs(terminal));

    await bench.compare(
      bench("resolve", () => {
        resolve(rawPath, terminal);
      }),
      bench("resolve + render", () => {
        resolve(rawPath, terminal);
        render(terminal);
      }),
      bench("resolve + render (mustache.js)", () => {
        resolve(rawPath, terminal);
        renderWithMustacheJs(terminal);
      }),
      bench("resolve + render + ETag", () => {
        resolve(rawPath, terminal);
        renderedFile(render(terminal));
      }),
      { time: 200, warmupTime: 50 },
    );
  });
}
