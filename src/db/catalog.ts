// The catalog (every model with its manufacturer) as an immutable snapshot held by the isolate, so a
// generic file costs no D1 call at all and a MAC file only the lookup of its terminal (issue 5).
//
// This is the one piece of data the Worker keeps between requests, and why that is safe:
// - a snapshot is never changed, only replaced: a request that holds one sees one consistent catalog;
// - the admin API forgets it after every catalog write (src/admin/app.ts), so the isolate that took the
//   write serves the change at once;
// - every other isolate reloads in the background (waitUntil) once its snapshot is CATALOG_TTL_MS old,
//   so a change to a model or a template reaches every phone within about a minute; a snapshot older
//   than CATALOG_MAX_AGE_MS (an isolate that sat idle) is reloaded before it is used;
// - no promise is shared between requests (workerd does not let a request wait on another's I/O): a
//   request that needs a load does its own, and a load only lands if nothing forgot the catalog meanwhile.
import { catalogModels, lookupMacs, type ModelWithManufacturer, type TerminalRow, type TerminalWithAll } from "./queries";

export const CATALOG_TTL_MS = 60_000;
export const CATALOG_MAX_AGE_MS = 10 * CATALOG_TTL_MS;
/** A background reload that has not finished in this long is taken for lost (its request was cut). */
const RELOAD_TIMEOUT_MS = 30_000;

export class Catalog {
  readonly #byId = new Map<number, ModelWithManufacturer>();
  readonly #byGenericFile = new Map<string, ModelWithManufacturer>();

  constructor(
    readonly models: readonly ModelWithManufacturer[],
    /** When the snapshot was read (ms since the epoch). */
    readonly loadedAt: number,
  ) {
    for (const model of models) {
      this.#byId.set(model.id, model);
      this.#byGenericFile.set(model.genericFile.toLowerCase(), model);
    }
  }

  model(id: number): ModelWithManufacturer | undefined {
    return this.#byId.get(id);
  }

  /** The model whose generic file is `path` (phones vary the case of file names). */
  genericModel(path: string): ModelWithManufacturer | undefined {
    return this.#byGenericFile.get(path.toLowerCase());
  }

  /** True when the snapshot knows the model of every row (a model created since it was read is not). */
  knowsModelsOf(rows: readonly TerminalRow[]): boolean {
    return rows.every((row) => this.#byId.has(row.modelId));
  }

  /** The rows with their models (a row whose model the snapshot does not know is left out). */
  withModels(rows: readonly TerminalRow[]): TerminalWithAll[] {
    return rows.flatMap((row) => {
      const model = this.#byId.get(row.modelId);
      return model ? [{ ...row, model }] : [];
    });
  }
}

export interface CatalogContext {
  now: number;
  /** Where a background reload goes: the request's `waitUntil`. */
  waitUntil(promise: Promise<unknown>): void;
}

// The isolate's state (see the top of this file). `generation` counts forgets, so a load that started
// before a catalog write cannot land after it.
const held: { snapshot?: Catalog; generation: number; reloadingSince?: number } = { generation: 0 };

/**
 * The isolate's catalog: the held snapshot while it is fresh enough, else one read of D1. When D1 fails
 * and a snapshot is held, however old, phones keep getting their files from it (the failure is logged).
 */
export async function currentCatalog(d1: D1Database | D1DatabaseSession, ctx: CatalogContext): Promise<Catalog> {
  const snapshot = held.snapshot;
  if (!snapshot) return loadCatalog(d1, ctx.now);
  if (ctx.now - snapshot.loadedAt >= CATALOG_MAX_AGE_MS) {
    return loadCatalog(d1, ctx.now).catch((error: unknown) => (reloadFailed(error, snapshot), snapshot));
  }
  if (ctx.now - snapshot.loadedAt >= CATALOG_TTL_MS && !reloading(ctx.now)) {
    held.reloadingSince = ctx.now;
    const reload = loadCatalog(d1, ctx.now).catch((error: unknown) => reloadFailed(error, snapshot));
    ctx.waitUntil(reload.finally(() => (held.reloadingSince = undefined)));
  }
  return snapshot;
}

function reloadFailed(error: unknown, kept: Catalog): void {
  const line = { level: "warn", event: "catalog_reload_failed", keptFrom: new Date(kept.loadedAt).toISOString(), error: String(error) };
  console.warn(JSON.stringify(line));
}

/** Reads the catalog now (a terminal whose model is newer than the snapshot needs this). */
export async function loadCatalog(d1: D1Database | D1DatabaseSession, now: number): Promise<Catalog> {
  const generation = held.generation;
  const catalog = new Catalog(await catalogModels(d1), now);
  if (held.generation === generation && (!held.snapshot || held.snapshot.loadedAt <= now)) held.snapshot = catalog;
  return catalog;
}

/** True for an admin API request that may change the catalog (a write to models or manufacturers). */
export function changesCatalog(method: string, path: string): boolean {
  return method !== "GET" && method !== "HEAD" && /^\/api\/v1\/(?:models|manufacturers)(?:\/|$)/.test(path);
}

/** After a write to models or manufacturers: the next request reads the catalog again. */
export function forgetCatalog(): void {
  held.generation++;
  held.snapshot = undefined;
  held.reloadingSince = undefined;
}

function reloading(now: number): boolean {
  return held.reloadingSince !== undefined && now - held.reloadingSince < RELOAD_TIMEOUT_MS;
}

/** Terminal rows with their models, reading the catalog again if one of them is newer than `catalog`. */
export async function terminalsWithModels(
  d1: D1Database | D1DatabaseSession,
  catalog: Catalog,
  rows: readonly TerminalRow[],
  now: number,
): Promise<TerminalWithAll[]> {
  const current = catalog.knowsModelsOf(rows) ? catalog : await loadCatalog(d1, now);
  return current.withModels(rows);
}

/** A terminal by MAC with company, lines and model, exactly as the phone path sees it (config preview). */
export async function terminalByMac(d1: D1Database | D1DatabaseSession, mac: string, ctx: CatalogContext): Promise<TerminalWithAll | undefined> {
  const { terminals } = await lookupMacs(d1, [mac], "");
  if (terminals.length === 0) return undefined;
  return (await terminalsWithModels(d1, await currentCatalog(d1, ctx), terminals, ctx.now))[0];
}
