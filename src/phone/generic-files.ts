// Generic files depend on the model and on the base URL the phone is sent to, nothing else: each is
// rendered once per catalog snapshot (src/db/catalog.ts) and base URL, and kept with that snapshot, so
// a generic file costs neither D1 nor a render. A new snapshot (a catalog write, a reload) starts empty.
import type { Catalog } from "../db/catalog";
import type { ModelWithManufacturer } from "../db/queries";
import { renderGeneric } from "../core/render";
import { renderedFile, type RenderedFile } from "./respond";
import type { ProvisioningContext } from "../core/view";

const rendered = new WeakMap<Catalog, Map<string, RenderedFile>>();
/** Without PUBLIC_BASE_URL the base URL follows the Host header: the map must not grow with it. */
const MAX_FILES_PER_CATALOG = 1000;

/** The generic file of `model` from `catalog`, rendered on first use. */
export function genericFile(catalog: Catalog, model: ModelWithManufacturer, ctx: ProvisioningContext): RenderedFile {
  let files = rendered.get(catalog);
  if (!files) rendered.set(catalog, (files = new Map()));
  const key = `${model.id} ${ctx.baseUrl}`;
  let file = files.get(key);
  if (!file) {
    file = renderedFile(renderGeneric(model, ctx));
    if (files.size >= MAX_FILES_PER_CATALOG) files.clear();
    files.set(key, file);
  }
  return file;
}
