// Step 1 of a phone request: what does this path name? A model's generic file, a terminal's MAC file
// or its company's phonebook, a MAC no terminal has (a miss), or nothing. One D1 statement at most
// (none for a generic file).
import type { Context } from "hono";
import { catalogs, type Catalog } from "../db/catalog";
import { lookupMacs, lookupMacsAlongside, type ModelWithManufacturer, type TerminalWithAll } from "../db/queries";
import { macCandidates, NO_DEVICE } from "../core/mac";
import { matchPattern, provisionPath } from "../core/paths";
import { directoryPattern } from "../core/render";
import type { PhoneRequest } from "../core/policy/enforce";
import type { UrlParts } from "../core/request-url";
import type { PhoneEnv } from "./env";

export type Resolution =
  /** Not a path we serve at all (`..`, an encoded slash, too long, …). */
  | { kind: "invalid" }
  /** No generic name, and no MAC where a model's file pattern would put one. */
  | { kind: "none" }
  | { kind: "generic"; model: ModelWithManufacturer; catalog: Catalog }
  /** The client went over the miss limit: every MAC file is refused until `seconds` have passed. */
  | { kind: "blocked"; seconds: number; terminal?: TerminalWithAll; macs: string[] }
  | { kind: "terminal"; terminal: TerminalWithAll }
  /** The company phonebook at the terminal's family's directory URL (`directory` in templates/<family>/index.ts). */
  | { kind: "directory"; terminal: TerminalWithAll }
  /** A known phone's MAC under another model's file name (Poly's `<mac>.cfg`): no miss, just the 404. */
  | { kind: "other-file"; macs: string[] }
  /** MACs a file pattern names, one at least no terminal's: a miss. */
  | { kind: "miss"; macs: string[]; models: readonly ModelWithManufacturer[] };

/** A phone request, with the parts of its URL every request reads (its `url` is parsed only when read). */
export type PhonePathRequest = PhoneRequest & { parts: UrlParts };

export interface Resolved {
  path: string;
  resolution: Resolution;
}

/** `client`: the miss limit's key of the request's address (src/phone/rate-limit.ts), asked only for a lookup. */
export async function resolve(c: Context<PhoneEnv>, req: PhonePathRequest, client: () => string): Promise<Resolved> {
  const path = provisionPath(req.parts.pathname.slice(PROVISION_PREFIX.length));
  if (path === null) return { path: "", resolution: { kind: "invalid" } };
  const now = req.now.getTime();
  // A cold isolate reads the catalog and looks the path's MAC-looking runs up in the same round trip
  // (the file patterns are not known yet); what the path names is decided below, with the catalog.
  let runs: string[] = [];
  const { catalog, alongside } = await catalogs.current(c.env.DB, { now, waitUntil: (p) => c.executionCtx.waitUntil(p) }, () => {
    runs = macCandidates(path);
    return runs.length > 0 ? lookupMacsAlongside(runs, client()) : undefined;
  });

  // A generic name wins even when it looks like a MAC (y000000000028.cfg); answered from the snapshot.
  const generic = catalog.genericModel(path);
  if (generic) return { path, resolution: { kind: "generic", model: generic, catalog } };
  const macs = macsNamed(catalog, path);
  if (macs.length === 0) return { path, resolution: { kind: "none" } };

  // The one D1 call of a MAC file: the terminals of the MACs the path names, and the client's block.
  const found = alongside && macs.every((mac) => runs.includes(mac)) ? alongside : await lookupMacs(c.var.db.reads, macs, client());
  const rows = found.terminals.filter((row) => macs.includes(row.mac));
  const terminals = await catalogs.withModels(c.env.DB, catalog, rows, now);
  const terminal = terminals.find((t) => matchPattern(t.model.specificPattern, path) === t.mac);
  // Not its MAC file: the phonebook, when the path is the directory URL of the terminal's own family.
  const directory = terminal ? undefined : terminals.find((t) => isDirectoryOf(t, path));
  return { path, resolution: classify(catalog, terminals, terminal, directory, macs, blockedFor(found.blockedUntil, req.now)) };
}

/**
 * The MACs a path names: those some catalog model's file pattern (or its family's phonebook URL) puts
 * in it, never the all-zero placeholder. Not every MAC-looking run: a 251-character path holds 79 overlapping runs, and each
 * answer would then tell about all of them for one counted miss. A pattern's {mac} sits between fixed
 * text, so each distinct pattern names at most one MAC (the built-in ones, at most one between them),
 * and one counted miss stays one guess. A phone's other files (`<mac>.boot`, `<mac>-local.cfg`,
 * Grandstream's binary `cfg<mac>`) match no pattern: they are no lookup and no miss, whoever asks.
 */
function macsNamed(catalog: Catalog, path: string): string[] {
  const macs = new Set<string>();
  for (const pattern of patternsOf(catalog)) {
    const mac = matchPattern(pattern, path);
    if (mac !== null && mac !== NO_DEVICE) macs.add(mac);
  }
  return [...macs];
}

const patterns = new WeakMap<Catalog, string[]>();

/**
 * The catalog's distinct file patterns (a handful for the whole built-in catalog), and its families'
 * phonebook URLs (`{mac}-directory.xml`), worked out once per snapshot.
 */
function patternsOf(catalog: Catalog): string[] {
  let list = patterns.get(catalog);
  if (!list) {
    const named = catalog.models.flatMap((m) => {
      const directory = directoryPattern(m);
      return directory ? [m.specificPattern, directory] : [m.specificPattern];
    });
    patterns.set(catalog, (list = [...new Set(named)]));
  }
  return list;
}

export const PROVISION_PREFIX = "/provision/";

/** The path is the phonebook URL of this terminal's family, with its MAC. */
function isDirectoryOf(terminal: TerminalWithAll, path: string): boolean {
  const pattern = directoryPattern(terminal.model);
  return pattern !== undefined && matchPattern(pattern, path) === terminal.mac;
}

function classify(
  catalog: Catalog,
  terminals: TerminalWithAll[],
  terminal: TerminalWithAll | undefined,
  directory: TerminalWithAll | undefined,
  macs: string[],
  blocked: number,
): Resolution {
  if (blocked > 0) return { kind: "blocked", seconds: blocked, terminal: terminal ?? directory, macs };
  if (terminal) return { kind: "terminal", terminal };
  if (directory) return { kind: "directory", terminal: directory };
  // Every MAC the path names is a terminal's, under another model's file name (a Poly asks <mac>.cfg
  // before its <mac>-edgeprov.cfg on every boot): not counted, or a building of them rebooting
  // together would lock itself out. One unknown MAC among them makes it a miss.
  return terminals.length === macs.length ? { kind: "other-file", macs } : { kind: "miss", macs, models: catalog.models };
}

/** Seconds until the client may ask again, or 0 when it is not blocked. */
function blockedFor(until: Date | null, now: Date): number {
  return until === null ? 0 : Math.max(0, Math.ceil((until.getTime() - now.getTime()) / 1000));
}
