// Field rules shared by every route. Values that reach a template never hold control characters:
// a CR or LF in a key = value file would let one field write another.
import { z } from "@hono/zod-openapi";
import { isLanguage } from "../core/languages";
import { normalizeMac } from "../core/mac";
import { isTimeZone } from "../core/timezone";
import { MIN_ALLOWED_PREFIX, parseAllowedNetwork } from "../core/policy/cidr";
import { TRANSPORTS } from "../db/schema";

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Length-checked text with no control characters; required text (min >= 1) must not be blank. */
export const text = (max: number, min = 0) =>
  z
    .string()
    .min(min, min === 1 ? "must not be empty" : `must be at least ${min} characters`)
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !CONTROL.test(s), "must not contain control characters (CR, LF, NUL, ...)")
    .refine((s) => min === 0 || s.length === 0 || s.trim().length > 0, "must not be blank");

/** No spaces either: SIP user names, auth names, extensions. */
export const token = (max: number) =>
  text(max, 1).refine((s) => !/\s/.test(s), "must not contain spaces");

export const Id = z.coerce.number().int().positive();

export const Slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be a slug: lowercase letters, digits and single dashes")
  .max(64);

export const Mac = z
  .string()
  .transform((value, ctx) => {
    const mac = normalizeMac(value);
    if (mac === null) {
      ctx.addIssue({ code: "custom", message: "must be a MAC address: 12 hex digits, bare or with : - . separators" });
      return z.NEVER;
    }
    if (mac === "000000000000" || (parseInt(mac.slice(0, 2), 16) & 1) === 1) {
      ctx.addIssue({ code: "custom", message: "must be a unicast device address (not multicast, broadcast or all zeros)" });
      return z.NEVER;
    }
    return mac;
  })
  .openapi({ type: "string", example: "00:15:65:aa:bb:cc", description: "Any common spelling; stored as 12 lowercase hex digits" });

export const Language = z.string().refine(isLanguage, "must be a supported ISO 639-1 language code (en, es, fr, de, ...)");

export const TimeZone = z.string().max(64).refine(isTimeZone, "must be an IANA time zone such as Europe/Madrid");

const HOST = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const IPV6 = /^\[[0-9a-f:.]+\]$/i;

// At most the longest host name (RFC 1035), an IPv6 literal in brackets included: the template check
// counts on it (src/core/template-check.ts).
export const Host = z
  .string()
  .max(253, "must be at most 253 characters")
  .refine((s) => HOST.test(s) || IPV6.test(s), "must be a host name or IP address");

export const HostPort = z.string().max(259, "must be at most 253 characters and a port").refine((s) => {
  const match = /^(.*?)(?::(\d{1,5}))?$/.exec(s);
  const host = match?.[1] ?? "";
  const port = match?.[2] === undefined ? 1 : Number(match[2]);
  return (HOST.test(host) || IPV6.test(host)) && port >= 1 && port <= 65535;
}, "must be host or host:port");

export const TransportInput = z.enum(TRANSPORTS).openapi({ description: "How lines reach the SIP server", example: "tls" });
export const SipPort = z.number().int().min(1).max(65535).openapi({ description: "Null: 5060, or 5061 over TLS", example: 5061 });

/** An entry of a network allow list: a CIDR no broader than MIN_ALLOWED_PREFIX (src/core/policy/cidr.ts). */
export const CidrText = z
  .string()
  .superRefine((s, ctx) => {
    const entry = parseAllowedNetwork(s);
    if ("problem" in entry) ctx.addIssue({ code: "custom", message: entry.problem });
  })
  .openapi({
    example: "203.0.113.0/24",
    description: `A site's network: IPv4 /${MIN_ALLOWED_PREFIX[4]} or longer, IPv6 /${MIN_ALLOWED_PREFIX[6]} or longer; a bare address is a /32 or /128`,
  });

export const Limit = z.coerce.number().int().min(1).max(500).default(50);
export const Cursor = z.string().regex(/^\d+$/, "must be a nextCursor from an earlier page").optional();

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  })
  .openapi("Error");

const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: ErrorSchema } } });

const ERRORS = {
  400: "Validation failed",
  401: "Missing, wrong, revoked or expired bearer token",
  403: "The token may not do this (x-required-role), or the request came over plain HTTP",
  404: "Not found",
  409: "Conflict (duplicate, or still in use)",
  413: "The request body is too large",
  415: "The request body's Content-Type is not one this operation takes",
  422: "The file would be over 256 KiB, more than a phone is ever sent",
  503: "The API is disabled (ADMIN_TOKEN unset or under 32 characters)",
} as const;

type ErrorStatus = keyof typeof ERRORS;

/**
 * The error responses of one operation: those every operation can give (400 for a bad query or
 * `x-d1-bookmark`, 401, 403 for a token without the role or plain HTTP, 503) and the ones named: 404
 * with a path parameter, 413 and 415 with a body.
 */
export function errorResponses<S extends ErrorStatus>(...statuses: S[]) {
  const all = [...new Set<ErrorStatus>([400, 401, 403, ...statuses, 503])].sort((a, b) => a - b);
  return Object.fromEntries(all.map((status) => [status, errorResponse(ERRORS[status])])) as Record<S | 400 | 401 | 403 | 503, ReturnType<typeof errorResponse>>;
}

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { "application/json": { schema } },
});

export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

/** A page of a list and where the next one starts (absent on the last page). */
export const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export function pageOf<T extends { id: number }>(rows: T[], limit: number) {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? String(items[items.length - 1]!.id) : null };
}
