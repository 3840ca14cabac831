// Queries of the phone path. They take a Drizzle client and return domain types, so the admin API
// (config preview) and the tests use exactly what the phone path uses.
import { and, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "../env";
import { d1Statement } from "./client";
import { models, terminals } from "./schema";

const modelWithManufacturer = { with: { manufacturer: true } } as const;

// findMany with a limit rather than findFirst: drizzle's batch cannot map a findFirst that finds nothing.
function genericModelQuery(db: Db, path: string) {
  return db.query.models.findMany({
    where: sql`lower(${models.genericFile}) = ${path.toLowerCase()}`,
    limit: 1,
    ...modelWithManufacturer,
  });
}

function terminalsByMacQuery(db: Db, macs: string[]) {
  return db.query.terminals.findMany({
    where: inArray(terminals.mac, macs),
    with: {
      model: modelWithManufacturer,
      company: true,
      lines: { orderBy: (line, { asc }) => [asc(line.position)] },
    },
  });
}

export type ModelWithManufacturer = Awaited<ReturnType<typeof genericModelQuery>>[number];
export type TerminalWithAll = Awaited<ReturnType<typeof terminalsByMacQuery>>[number];

export interface PathLookup {
  generic: ModelWithManufacturer | undefined;
  terminals: TerminalWithAll[];
}

/**
 * Everything a provisioning request can need, in one D1 round trip: the model whose generic file is
 * `path`, and the terminals (with model, company and lines) of every MAC-looking run in it.
 */
export async function lookupPath(db: Db, path: string, macs: string[]): Promise<PathLookup> {
  if (macs.length === 0) return { generic: (await genericModelQuery(db, path))[0], terminals: [] };
  const [generic, found] = await db.batch([genericModelQuery(db, path), terminalsByMacQuery(db, macs)]);
  return { generic: generic[0], terminals: found };
}

export async function terminalByMac(db: Db, mac: string): Promise<TerminalWithAll | undefined> {
  const [terminal] = await terminalsByMacQuery(db, [mac]);
  return terminal;
}

export interface Fetch {
  at: Date;
  ip: string | null;
  userAgent: string | null;
}

/** Recording a fetch is skipped when nothing changed within this long, so polls do not write. */
export const RECORD_INTERVAL_MS = 60_000;

export function shouldRecordFetch(terminal: Pick<TerminalWithAll, "provisionedAt" | "provisionedIp" | "provisionedUserAgent">, fetch: Fetch): boolean {
  return (
    terminal.provisionedAt === null ||
    fetch.at.getTime() - terminal.provisionedAt.getTime() >= RECORD_INTERVAL_MS ||
    terminal.provisionedIp !== fetch.ip ||
    terminal.provisionedUserAgent !== fetch.userAgent
  );
}

/**
 * Records that the terminal fetched its file. The WHERE clause repeats the throttle so that
 * concurrent polls still write at most once a minute.
 */
export function recordFetchStatement(db: Db, terminalId: number, fetch: Fetch): D1PreparedStatement {
  const since = new Date(fetch.at.getTime() - RECORD_INTERVAL_MS);
  return d1Statement(
    db,
    db
      .update(terminals)
      .set({ provisionedAt: fetch.at, provisionedIp: fetch.ip, provisionedUserAgent: fetch.userAgent })
      .where(
        and(
          eq(terminals.id, terminalId),
          or(
            isNull(terminals.provisionedAt),
            lt(terminals.provisionedAt, since),
            sql`${terminals.provisionedIp} is not ${fetch.ip}`,
            sql`${terminals.provisionedUserAgent} is not ${fetch.userAgent}`,
          ),
        ),
      ),
  );
}
