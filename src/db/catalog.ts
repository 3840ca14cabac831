// The catalog (every model with its manufacturer) as an immutable snapshot held by the isolate, so a
// generic file costs no D1 call at all and a MAC file only the lookup of its terminal.
//
// This is the one piece of data the Worker keeps between requests, and why that is safe:
// - a snapshot is never changed, only replaced: a request that holds one sees one consistent catalog;
// - the phone Worker forgets it after every catalog write it forwards to the admin API (the admin
//   Worker marks those responses; src/phone/admin-forward.ts), and reads the next one at least as new as
//   that write (its D1 bookmark), so the isolate that took the write serves the change at once;
// - every other isolate reloads in the background (waitUntil) once its snapshot is CATALOG_TTL_MS old,
//   so a busy isolate serves a change to a model or a template within about a minute; an isolate that
//   sat idle answers its first requests from what it holds while it reloads, and reads the catalog
//   before answering once its snapshot is CATALOG_MAX_AGE_MS old;
// - when D1 fails, a held snapshot, however old, keeps serving (retried after CATALOG_TTL_MS);
// - no promise is shared between requests (workerd does not let a request wait on another's I/O): a
//   request that needs a load does its own, and a load only lands if nothing forgot the catalog meanwhile.
import {
  catalogOf,
  catalogStatement,
  lookupMacsAlongside,
  terminalModelStatement,
  type Alongside,
  type ModelWithManufacturer,
  type FoundTerminal,
  type TerminalWithAll,
} from "./queries";

export const CATALOG_TTL_MS = 60_000;
/**
 * Set by the admin Worker on the response to a write that went through to the catalog (models, their
 * templates, manufacturers); the phone Worker forgets its snapshot when it sees it, and strips it.
 */
export const CATALOG_WRITE_HEADER = "x-edgeprov-catalog-write";
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
      this.#byGenericFile.set(asciiLower(model.genericFile), model);
    }
  }

  model(id: number): ModelWithManufacturer | undefined {
    return this.#byId.get(id);
  }

  /** The model whose generic file is `path` (phones vary the case of file names). */
  genericModel(path: string): ModelWithManufacturer | undefined {
    return this.#byGenericFile.get(asciiLower(path));
  }

  /** True when the snapshot knows the model of every row (a model created since it was read is not). */
  knowsModelsOf(rows: readonly FoundTerminal[]): boolean {
    return rows.every((row) => this.#byId.has(row.modelId));
  }

  /** The rows with their models (a row whose model the snapshot does not know is left out). */
  withModels(rows: readonly FoundTerminal[]): TerminalWithAll[] {
    return rows.flatMap((row) => {
      const model = this.#byId.get(row.modelId);
      return model ? [{ ...row, model }] : [];
    });
  }
}

/**
 * ASCII letters only, as SQLite's lower() folds them: the unique index on lower(generic_file) lets `Ä.cfg`
 * and `ä.cfg` both exist, so the snapshot must not take them for one name.
 */
function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

export interface CatalogContext {
  now: number;
  /** Where a background reload goes: the request's `waitUntil`. */
  waitUntil(promise: Promise<unknown>): void;
}

export interface CurrentCatalog<T> {
  catalog: Catalog;
  /** The `alongside` statement's result, when the catalog was read from D1 in the same round trip. */
  alongside?: T;
}

/**
 * The isolate's hold on the catalog: the rules at the top of this file, and their only state. One
 * instance per isolate (`catalogs` below); tests make their own.
 */
export class CatalogHolder {
  #snapshot?: Catalog;
  /** Counts forgets, so a load that started before a catalog write cannot land after it. */
  #generation = 0;
  /** The last catalog write's D1 bookmark, until a load lands. */
  #bookmark?: string;
  #reloadingSince?: number;
  #failedAt?: number;

  /**
   * The catalog for a request: the held snapshot while it is fresh enough, else one read of D1, with
   * `alongside` (the request's own lookup, made only then) in the same round trip. When D1 fails and a snapshot is held,
   * however old, phones keep getting their files from it (the failure is logged).
   */
  async current<T>(db: D1Database, ctx: CatalogContext, alongside?: () => Alongside<T> | undefined): Promise<CurrentCatalog<T>> {
    const snapshot = this.#snapshot;
    if (!snapshot) return this.#read(db, ctx.now, alongside?.());
    const age = ctx.now - snapshot.loadedAt;
    if (age >= CATALOG_MAX_AGE_MS && !this.#backingOff(ctx.now)) {
      try {
        return await this.#read(db, ctx.now, alongside?.());
      } catch (error) {
        this.#failed(ctx.now, error, snapshot);
        return { catalog: snapshot };
      }
    }
    if (age >= CATALOG_TTL_MS && !this.#reloading(ctx.now) && !this.#backingOff(ctx.now)) {
      this.#reloadingSince = ctx.now;
      const reload = this.#read(db, ctx.now).catch((error: unknown) => this.#failed(ctx.now, error, snapshot));
      ctx.waitUntil(reload.finally(() => (this.#reloadingSince = undefined)));
    }
    return { catalog: snapshot };
  }

  /** The rows with their models, reading the catalog again if one of them is newer than `catalog`. */
  async withModels(db: D1Database, catalog: Catalog, rows: readonly FoundTerminal[], now: number): Promise<TerminalWithAll[]> {
    const current = catalog.knowsModelsOf(rows) ? catalog : await this.load(db, now);
    return current.withModels(rows);
  }

  /** Reads the catalog now and holds it (unless something forgot the catalog meanwhile). */
  async load(db: D1Database, now: number): Promise<Catalog> {
    return (await this.#read(db, now)).catalog;
  }

  /**
   * After a catalog write (models, their templates, manufacturers): the next request reads the catalog
   * again, at least as new as `bookmark` (the D1 bookmark the write's response carried).
   */
  forget(bookmark?: string | null): void {
    this.#generation++;
    this.#snapshot = undefined;
    this.#bookmark = bookmark ?? undefined;
    this.#reloadingSince = undefined;
    this.#failedAt = undefined;
  }

  async #read<T>(db: D1Database, now: number, alongside?: Alongside<T>): Promise<CurrentCatalog<T>> {
    const generation = this.#generation;
    // Replicas may lag: right after a catalog write, read at least as new as that write.
    const session = db.withSession(this.#bookmark ?? "first-unconstrained");
    const results = alongside
      ? await session.batch<Record<string, unknown>>([catalogStatement(session), alongside.statement(session)])
      : [await catalogStatement(session).all<Record<string, unknown>>()];
    const catalog = new Catalog(catalogOf(results[0]!), now);
    if (this.#generation === generation && (!this.#snapshot || this.#snapshot.loadedAt <= now)) {
      this.#snapshot = catalog;
      this.#bookmark = undefined;
      this.#failedAt = undefined;
    }
    return { catalog, alongside: alongside && alongside.read(results[1]!) };
  }

  #failed(now: number, error: unknown, kept: Catalog): void {
    this.#failedAt = now;
    const line = { level: "warn", event: "catalog_reload_failed", keptFrom: new Date(kept.loadedAt).toISOString(), error: String(error) };
    console.warn(JSON.stringify(line));
  }

  #reloading(now: number): boolean {
    return this.#reloadingSince !== undefined && now - this.#reloadingSince < RELOAD_TIMEOUT_MS;
  }

  /** After a failed read, D1 is not asked again for a TTL: requests do not each wait for the failure. */
  #backingOff(now: number): boolean {
    return this.#failedAt !== undefined && now - this.#failedAt < CATALOG_TTL_MS;
  }
}

/** This isolate's catalog (the phone Worker's; the admin API reads through its own session instead). */
export const catalogs = new CatalogHolder();

/**
 * A terminal by MAC with company, lines and model, rendered exactly as the phone path would (the admin
 * API's config preview). Everything is read through `d1`, the API's session, in one round trip, so the
 * preview shows the operator's own writes at once: the isolate's snapshot is neither used nor changed.
 */
export async function terminalByMac(d1: D1Database | D1DatabaseSession, mac: string, now: number): Promise<TerminalWithAll | undefined> {
  const lookup = lookupMacsAlongside([mac], "");
  const [found, model] = await d1.batch<Record<string, unknown>>([lookup.statement(d1), terminalModelStatement(d1, mac)]);
  return new Catalog(catalogOf(model!), now).withModels(lookup.read(found!).terminals)[0];
}
