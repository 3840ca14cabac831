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

export function renderTemplate(template: string, view: object, format: Format): string {
  return Mustache.render(template, view, {}, { escape: format === "xml" ? escapeXml : verbatim });
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

/** The generic file of `model`, exactly as its phones get it. */
export function renderGeneric(model: ModelWithManufacturer, ctx: ProvisioningContext): string {
  const view = withFamilyView(model, "generic", genericView(model, ctx));
  return renderTemplate(effectiveTemplate(model, "generic").source, view, model.format);
}

/** The MAC file of a terminal, exactly as its phone gets it. */
export function renderSpecific(terminal: TerminalWithAll, ctx: ProvisioningContext): string {
  const view = withFamilyView(terminal.model, "specific", specificView(terminal, ctx));
  return renderTemplate(effectiveTemplate(terminal.model, "specific").source, view, terminal.model.format);
}
