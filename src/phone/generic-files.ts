// Generic files depend on the model and on the base URL the phone is sent to, nothing else: each is
// rendered once per catalog snapshot (src/db/catalog.ts) and base URL, and kept with that snapshot, so
// a generic file costs neither D1 nor a render. A new snapshot (a catalog write, a reload) starts empty.
import type { Catalog } from "../db/catalog";
import type { ModelWithManufacturer } from "../db/queries";
import { renderGeneric } from "../core/render";
import { renderedUnlessTooLarge, type RenderedFile } from "./respond";
import type { ProvisioningContext } from "../core/view";

/** null: the file renders over the size limit (src/core/render.ts); kept too, so it is not rendered again. */
const rendered = new WeakMap<Catalog, Map<string, RenderedFile | null>>();
/** Without PUBLIC_BASE_URL the base URL follows the Host header: the map must not grow with it. */
const MAX_FILES_PER_CATALOG = 1000;

/** The generic file of `model` from `catalog`, rendered on first use; null when it is over the size limit. */
export function genericFile(catalog: Catalog, model: ModelWithManufacturer, ctx: ProvisioningContext): RenderedFile | null {
  let files = rendered.get(catalog);
  if (!files) rendered.set(catalog, (files = new Map()));
  const key = `${model.id} ${ctx.baseUrl}`;
  let file = files.get(key);
  if (file === undefined) {
    file = render(model, ctx);
    if (files.size >= MAX_FILES_PER_CATALOG) files.clear();
    files.set(key, file);
  }
  return file;
}

function render(model: ModelWithManufacturer, ctx: ProvisioningContext): RenderedFile | null {
  return renderedUnlessTooLarge(() => renderGeneric(model, ctx));
}
