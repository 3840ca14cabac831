// How a terminal looks in API responses: never a password.
import { z } from "@hono/zod-openapi";
import type { PublicTerminal } from "../db/terminals";
import { KEY_TYPES, TRANSPORTS } from "../db/schema";

const LineSchema = z.object({
  position: z.number().int(),
  username: z.string(),
  authUsername: z.string().nullable(),
  displayName: z.string(),
  extension: z.string().nullable(),
});

export const TerminalSchema = z
  .object({
    id: z.number().int(),
    companyId: z.number().int(),
    modelId: z.number().int(),
    mac: z.string(),
    name: z.string(),
    language: z.string().nullable(),
    timezone: z.string().nullable(),
    transport: z.enum(TRANSPORTS).nullable(),
    sipPort: z.number().int().nullable(),
    enabled: z.boolean(),
    locked: z.boolean().openapi({ description: "Refused since its first fetch (company policy lockAfterFirstFetch) until unlocked" }),
    lines: z.array(LineSchema).openapi({ description: "Passwords are write-only and never returned" }),
    keys: z.array(z.object({ position: z.number().int(), type: z.enum(KEY_TYPES), value: z.string(), label: z.string(), line: z.number().int() })),
    settings: z.record(z.string(), z.string()),
    provisionedAt: z.string().nullable(),
    provisionedIp: z.string().nullable(),
    provisionedUserAgent: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Terminal");

export type TerminalJson = z.infer<typeof TerminalSchema>;

export function terminalJson(t: PublicTerminal): TerminalJson {
  return {
    id: t.id,
    companyId: t.companyId,
    modelId: t.modelId,
    mac: t.mac,
    name: t.name,
    language: t.language,
    timezone: t.timezone,
    transport: t.transport,
    sipPort: t.sipPort,
    enabled: t.enabled,
    locked: t.locked,
    lines: t.lines,
    keys: t.keys,
    settings: t.settings,
    provisionedAt: t.provisionedAt?.toISOString() ?? null,
    provisionedIp: t.provisionedIp,
    provisionedUserAgent: t.provisionedUserAgent,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}
