// The two files of a model, rendered side by side: the generic file (model only) and a terminal's MAC
// file. Mustache (compiled once per template: src/core/compiled-template.ts) with escaping chosen by the
// file format, never Mustache's HTML default.
import { renderMustache } from "./compiled-template";
import type { ModelWithManufacturer, TerminalWithAll } from "../db/queries";
import type { Format } from "../db/schema";
import { templateSet } from "../../templates";
import { defaultTemplates, keyRulesOf, settingRules } from "./family";
import { allowedKeys, allowedSettings, keyViews, unusedKeys } from "./operator";
import { genericView, specificView, type FileKind, type GenericView, type ProvisioningContext, type SpecificView } from "./view";

const XML_ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

const XML_SPECIAL = /[&<>"']/;

/**
 * Most values (user names, hosts, ports, flags) hold none of the five characters: they are returned as
 * they are after one test, which costs half the replace's regex-and-callback pass (Node 24, a MAC file's
 * typical values: 28 to 31 ns a value against 62 to 73).
 */
export function escapeXml(value: unknown): string {
  const text = String(value);
  return XML_SPECIAL.test(text) ? text.replace(/[&<>"']/g, (c) => XML_ENTITIES[c]!) : text;
}

/** key = value files take values verbatim: the API keeps line breaks and control characters out. */
function verbatim(value: unknown): string {
  return String(value);
}

export const CONTENT_TYPES: Record<Format, string> = {
  text: "text/plain; charset=utf-8",
  xml: "application/xml; charset=utf-8",
};

/**
 * The most a rendered file may be, in UTF-8 bytes. The bundled templates' files are a few KiB; a custom
 * template is checked against this before it is stored (src/core/template-check.ts), and every render is
 * held to it too, so that values the check could not foresee never make a larger file.
 */
export const MAX_OUTPUT_BYTES = 256 * 1024;

/** A render over MAX_OUTPUT_BYTES: the phone gets the one 404, the API's preview a 422 saying so. */
export class FileTooLargeError extends Error {
  constructor(
    readonly bytes: number,
    readonly limit = MAX_OUTPUT_BYTES,
  ) {
    super(`the rendered file is ${Math.ceil(bytes / 1024)} KiB, over the ${limit / 1024} KiB limit`);
    this.name = "FileTooLargeError";
  }
}

const utf8 = new TextEncoder();

/**
 * UTF-8 length of `text` as it is sent: the encoder the response uses (a lone surrogate is the 3 bytes
 * of U+FFFD). Native, so a large file's count costs a copy, not a loop over each character of a
 * rendered file's many pieces.
 */
export function utf8Bytes(text: string): number {
  return utf8.encode(text).byteLength;
}

export function renderTemplate(template: string, view: object, format: Format, maxBytes = MAX_OUTPUT_BYTES): string {
  const body = renderMustache(template, view, format === "xml" ? escapeXml : verbatim);
  // A UTF-16 code unit is at most 3 UTF-8 bytes: the usual few-KiB file needs no counting.
  if (body.length * 3 > maxBytes) {
    const bytes = utf8Bytes(body);
    if (bytes > maxBytes) throw new FileTooLargeError(bytes, maxBytes);
  }
  return body;
}

interface Templated {
  iden?: string;
  keyCount?: number;
  templateSet: string;
  genericFile: string;
  genericTemplate: string | null;
  specificTemplate: string | null;
}

/** The template a model uses for `kind`: its custom one, else the bundled default of its set (or of its variant). */
export function effectiveTemplate(model: Templated, kind: FileKind): { source: string; isDefault: boolean } {
  const custom = kind === "generic" ? model.genericTemplate : model.specificTemplate;
  if (custom !== null) return { source: custom, isDefault: false };
  return { source: defaultTemplates(templateSet(model.templateSet), model.genericFile)[kind], isDefault: true };
}

/** The view a family adds to (e.g. vendor spellings of a time zone), merged over the common one. */
export function withFamilyView<V extends GenericView | SpecificView>(model: Pick<Templated, "templateSet">, kind: FileKind, view: V): V {
  const extend = templateSet(model.templateSet).view;
  return extend ? { ...view, ...extend(view, kind) } : view;
}

/**
 * A MAC file's view: the family's own, then the operator's keys, settings and phonebook URL in its spellings.
 * Keys and settings go through the family's rules once more, so a row written before a rule changed cannot
 * reach the file: such a key's position is cleared like any unused one.
 */
export function specificFamilyView(model: Templated, common: SpecificView): SpecificView {
  const set = templateSet(model.templateSet);
  const rules = settingRules(set, model.genericFile);
  const keys = allowedKeys(keyRulesOf(set, model.genericFile), common.keys, { iden: model.iden ?? "", genericFile: model.genericFile });
  const kept = keys.length === common.keys.length ? {} : { keys: keyViews(keys), unusedKeys: unusedKeys(keys, model.keyCount ?? 0, new Set(common.lines.map((line) => line.position))) };
  return withOperatorView(model, { ...common, ...kept, settings: allowedSettings(rules, common.settings) });
}

/** The family's view and its operator helper over `common`, whose settings are already checked. */
export function withOperatorView(model: Templated, common: SpecificView): SpecificView {
  const set = templateSet(model.templateSet);
  const file = set.directory?.pattern.replace("{mac}", common.mac);
  const directory = file ? { url: `${common.provisioning.baseUrl}/${file}`, file } : null;
  const view = withFamilyView(model, "specific", { ...common, directory });
  if (!set.operator) return view;
  const out: Record<string, unknown> = { ...view };
  // One level deep: `yealink.keys` joins `yealink.timeZone` from the family's view helper.
  for (const [name, entries] of Object.entries(set.operator(view))) {
    const current = out[name];
    out[name] = current && typeof current === "object" ? { ...current, ...entries } : entries;
  }
  return out as unknown as SpecificView;
}

/** The generic file of `model`, exactly as its phones get it; FileTooLargeError past MAX_OUTPUT_BYTES. */
export function renderGeneric(model: ModelWithManufacturer, ctx: ProvisioningContext): string {
  const view = withFamilyView(model, "generic", genericView(model, ctx));
  return renderTemplate(effectiveTemplate(model, "generic").source, view, model.format);
}

/** The MAC file of a terminal, exactly as its phone gets it; FileTooLargeError past MAX_OUTPUT_BYTES. */
export function renderSpecific(terminal: TerminalWithAll, ctx: ProvisioningContext): string {
  const view = specificFamilyView(terminal.model, specificView(terminal, ctx));
  return renderTemplate(effectiveTemplate(terminal.model, "specific").source, view, terminal.model.format);
}

/** Where a terminal's family serves the company phonebook (`{mac}` once), or undefined when it has none. */
export function directoryPattern(model: Templated): string | undefined {
  return templateSet(model.templateSet).directory?.pattern;
}

/**
 * The most a phonebook may render to: a bundled template (no operator writes it) over at most 10,000
 * contacts of bounded fields, so far past a MAC file's limit by design, and still bounded.
 */
const MAX_DIRECTORY_BYTES = 16 * 1024 * 1024;

/** The company phonebook in the terminal's family format, names escaped for XML. */
export function renderDirectory(terminal: TerminalWithAll, contacts: readonly { name: string; number: string; group: string | null }[]): { body: string; format: Format } {
  const directory = templateSet(terminal.model.templateSet).directory;
  if (!directory) throw new Error(`the ${terminal.model.templateSet} family serves no phonebook`);
  // The terminal's own speed dials, for phones that keep them in the directory (Poly's `sd`).
  const view = { company: { name: terminal.company.name }, contacts, speedDials: templateSet(terminal.model.templateSet).speedDials?.(keyViews(terminal.keys)) ?? [] };
  return { body: renderTemplate(directory.template, view, directory.format, MAX_DIRECTORY_BYTES), format: directory.format };
}
