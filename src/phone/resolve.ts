// Step 1 of a phone request: what does this path name? A model's generic file, a terminal's MAC file,
// a MAC no terminal has (a miss), or nothing. One D1 statement at most (none for a generic file).
import type { Context } from "hono";
import { catalogs, type Catalog } from "../db/catalog";
import { lookupMacs, lookupMacsAlongside, type ModelWithManufacturer, type TerminalWithAll } from "../db/queries";
import { macCandidates } from "../core/mac";
import { matchPattern, provisionPath } from "../core/paths";
import { directoryPattern } from "../core/render";
import type { PhoneRequest } from "../core/policy/enforce";
import type { PhoneEnv } from "./env";

export type Resolution =
  /** Not a path we serve at all (`..`, an encoded slash, too long, …). */
  | { kind: "invalid" }
  /** Nothing MAC-like and no generic name. */
  | { kind: "none" }
  | { kind: "generic"; model: ModelWithManufacturer; catalog: Catalog }
  /** The client went over the miss limit: every MAC file is refused until `seconds` have passed. */
  | { kind: "blocked"; seconds: number; terminal?: TerminalWithAll; macs: string[] }
  | { kind: "terminal"; terminal: TerminalWithAll }
  /** The company phonebook at the terminal's family's directory URL (templates/<family>/index.ts). */
  | { kind: "directory"; terminal: TerminalWithAll }
  /** A known phone's other file (`<mac>.boot`, `<mac>-local.cfg`): no miss, just the 404. */
  | { kind: "other-file"; macs: string[] }
  /** MAC-looking runs that are no terminal at all: a miss. */
  | { kind: "miss"; macs: string[]; models: readonly ModelWithManufacturer[] };

export interface Resolved {
  path: string;
  resolution: Resolution;
}

export async function resolve(c: Context<PhoneEnv>, req: PhoneRequest, client: string): Promise<Resolved> {
  const path = provisionPath(req.url.pathname.slice(PROVISION_PREFIX.length));
  if (path === null) return { path: "", resolution: { kind: "invalid" } };
  const now = req.now.getTime();
  const macs = macCandidates(path);
  // A cold isolate reads the catalog and looks the MACs up in the same round trip.
  const { catalog, alongside } = await catalogs.current(
    c.env.DB,
    { now, waitUntil: (p) => c.executionCtx.waitUntil(p) },
    macs.length > 0 ? lookupMacsAlongside(macs, client) : undefined,
  );

  // A generic name wins even when it looks like a MAC (y000000000028.cfg); answered from the snapshot.
  const generic = catalog.genericModel(path);
  if (generic) return { path, resolution: { kind: "generic", model: generic, catalog } };
  if (macs.length === 0) return { path, resolution: { kind: "none" } };

  // The one D1 call of a MAC file: the terminals of its MAC-looking runs, and the client's block.
  const found = alongside ?? (await lookupMacs(c.var.db.reads, macs, client));
  const terminals = await catalogs.withModels(c.env.DB, catalog, found.terminals, now);
  const terminal = terminals.find((t) => matchPattern(t.model.specificPattern, path) === t.mac);
  const directory = terminal ? undefined : terminals.find((t) => isDirectoryOf(t, path));
  const blocked = blockedFor(found.blockedUntil, req.now);
  if (directory && blocked === 0) return { path, resolution: { kind: "directory", terminal: directory } };
  return { path, resolution: classify(catalog, terminals, terminal, macs, blocked) };
}

export const PROVISION_PREFIX = "/provision/";

/** The path is the phonebook URL of this terminal's family, carrying its MAC. */
function isDirectoryOf(terminal: TerminalWithAll, path: string): boolean {
  const pattern = directoryPattern(terminal.model);
  return pattern !== undefined && matchPattern(pattern, path) === terminal.mac;
}

function classify(catalog: Catalog, terminals: TerminalWithAll[], terminal: TerminalWithAll | undefined, macs: string[], blocked: number): Resolution {
  if (blocked > 0) return { kind: "blocked", seconds: blocked, terminal, macs };
  if (terminal) return { kind: "terminal", terminal };
  return terminals.length > 0 ? { kind: "other-file", macs } : { kind: "miss", macs, models: catalog.models };
}

/** Seconds until the client may ask again, or 0 when it is not blocked. */
function blockedFor(until: Date | null, now: Date): number {
  return until === null ? 0 : Math.max(0, Math.ceil((until.getTime() - now.getTime()) / 1000));
}
