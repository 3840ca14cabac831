// The two files of a model, rendered side by side: the generic file (model only) and a terminal's MAC
// file. Mustache with escaping chosen by the file format, never Mustache's HTML default.
import Mustache from "mustache";
import type { ModelWithManufacturer, TerminalWithAll } from "../db/queries";
import type { Format } from "../db/schema";
import { templateSet } from "../../templates";
import { defaultTemplates } from "./family";
import { genericView, specificView, type FileKind, type GenericView, type ProvisioningContext, type SpecificView } from "./view";

const XML_ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

export function escapeXml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => XML_ENTITIES[c]!);
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
  constructor(readonly bytes: number) {
    super(`the rendered file is ${Math.ceil(bytes / 1024)} KiB, over the ${MAX_OUTPUT_BYTES / 1024} KiB limit`);
    this.name = "FileTooLargeError";
  }
}

/** UTF-8 length of `text` (a lone surrogate counts the 3 bytes of the U+FFFD it is sent as). */
export function utf8Bytes(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2; // a pair: 4 bytes for its two code units
      i++;
    } else bytes += 2;
  }
  return bytes;
}

export function renderTemplate(template: string, view: object, format: Format): string {
  const body = Mustache.render(template, view, {}, { escape: format === "xml" ? escapeXml : verbatim });
  // A UTF-16 code unit is at most 3 UTF-8 bytes: the usual few-KiB file needs no counting.
  if (body.length * 3 > MAX_OUTPUT_BYTES) {
    const bytes = utf8Bytes(body);
    if (bytes > MAX_OUTPUT_BYTES) throw new FileTooLargeError(bytes);
  }
  return body;
}

interface Templated {
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

/** The generic file of `model`, exactly as its phones get it; FileTooLargeError past MAX_OUTPUT_BYTES. */
export function renderGeneric(model: ModelWithManufacturer, ctx: ProvisioningContext): string {
  const view = withFamilyView(model, "generic", genericView(model, ctx));
  return renderTemplate(effectiveTemplate(model, "generic").source, view, model.format);
}

/** The MAC file of a terminal, exactly as its phone gets it; FileTooLargeError past MAX_OUTPUT_BYTES. */
export function renderSpecific(terminal: TerminalWithAll, ctx: ProvisioningContext): string {
  const view = withFamilyView(terminal.model, "specific", specificView(terminal, ctx));
  return renderTemplate(effectiveTemplate(terminal.model, "specific").source, view, terminal.model.format);
}
