import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { and, eq, gt, inArray, sql } from "drizzle-orm";
import { companies, terminalLines, terminals, TRANSPORTS, type Company, type CompanySettings, type Policy } from "../db/schema";
import { contains } from "../db/client";
import type { Db } from "../db/client";
import { TEMPLATE_SET_NAMES } from "../../templates";
import type { AdminEnv } from "./env";
import { scopeOf } from "./access";
import { ApiError, notFoundError, validationError, type ErrorDetail } from "./errors";
import { validationHook } from "./hook";
import { stagingWarnings, Warnings, withWarnings } from "./staging";
import { CompanySettingsInput, CompanySettingsPatch, companySettingsErrors, givenFamilies, patchedSettingsSql } from "./operator-input";
import { CidrText, Cursor, errorResponses, Host, HostPort, Id, jsonBody, jsonResponse, Language, Limit, page, pageOf, SipPort, text, TimeZone, TransportInput } from "./schemas";

const PolicySchema = z
  .object({
    allowedNetworks: z.array(z.string()),
    checkUserAgent: z.boolean(),
    auth: z.object({ scheme: z.enum(["basic", "digest"]), username: z.string() }).nullable(),
    lockAfterFirstFetch: z.boolean(),
    requireClientCertificate: z.boolean(),
    clientCertificateIssuer: z.string().nullable(),
    allowHttpFor: z.array(z.string()),
  })
  .openapi("Policy", { description: "Who may fetch the company's MAC files. The auth password is write-only." });

// Credentials end up in phone configs, in places as fussy as Cisco's `[--uid u --pwd p]` rule, whose
// arguments the phone macro-expands ($A, $MA: cisco-spa/NOTES.md): a `$` would be replaced, not sent.
const AuthToken = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces")
  .refine((s) => !/[\[\]"'\\<>&$]/.test(s), "must not contain [ ] \" ' \\ < > & $");

const PolicyInput = z
  .strictObject({
    allowedNetworks: z.array(CidrText).max(100).optional(),
    checkUserAgent: z.boolean().optional(),
    auth: z
      .strictObject({
        scheme: z.enum(["basic", "digest"]),
        // Basic splits user:password at the first colon.
        username: AuthToken.refine((s) => !s.includes(":"), "must not contain :"),
        password: AuthToken.min(8, "must be at least 8 characters").optional().openapi({ description: "Write-only. Required when auth is first set" }),
      })
      .nullable()
      .optional(),
    lockAfterFirstFetch: z.boolean().optional(),
    requireClientCertificate: z.boolean().optional(),
    clientCertificateIssuer: text(512, 1)
      .nullable()
      .optional()
      .openapi({
        description: "The client certificate's issuer DN exactly as Cloudflare reports it (certIssuerDN). Required with requireClientCertificate",
        example: "CN=Yealink Equipment Issuing CA,O=Yealink,C=CN",
      }),
    allowHttpFor: z
      .array(z.enum(TEMPLATE_SET_NAMES as [string, ...string[]]))
      .max(TEMPLATE_SET_NAMES.length)
      .refine((sets) => new Set(sets).size === sets.length, "each template set at most once")
      .optional()
      .openapi({
        description:
          "Template sets whose MAC files may be fetched over plain HTTP (phones that cannot trust a public CA, such as cisco-spa). Only with Digest auth or allowedNetworks",
        example: ["cisco-spa"],
      }),
  })
  .openapi("PolicyInput", { description: "In a PATCH, given keys replace the stored ones; `auth: null` removes auth" });

const CompanySchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    sipDomain: z.string(),
    sipProxy: z.string().nullable(),
    language: z.string(),
    timezone: z.string(),
    transport: z.enum(TRANSPORTS),
    sipPort: z.number().int().nullable(),
    ntpServer: z.string().nullable(),
    policy: PolicySchema,
    settings: z.record(z.string(), z.record(z.string(), z.string())).openapi({ description: "Template family -> setting -> value, written into its MAC files" }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Company");

/** A single-company response: with the staging its phones need under its policy, if any (staging.ts). */
const CompanyResponse = CompanySchema.extend({ warnings: Warnings }).openapi("CompanyWithWarnings");

const CompanyCreate = z.strictObject({
  name: text(100, 1),
  sipDomain: Host.openapi({ example: "sip.example.com" }),
  sipProxy: HostPort.nullable().optional().openapi({ example: "proxy.example.com:5060" }),
  language: Language.optional().openapi({ example: "es" }),
  timezone: TimeZone.optional().openapi({ example: "Europe/Madrid" }),
  transport: TransportInput.optional(),
  sipPort: SipPort.nullable().optional(),
  ntpServer: Host.nullable().optional().openapi({ description: "Null: pool.ntp.org", example: "ntp.example.com" }),
  policy: PolicyInput.optional(),
  settings: CompanySettingsInput.optional(),
});
const CompanyPatch = CompanyCreate.partial().extend({ settings: CompanySettingsPatch.optional() });
const Params = z.object({ id: Id });

export function companyJson(row: Company): z.infer<typeof CompanySchema> {
  const { policy } = row;
  return {
    ...row,
    policy: {
      allowedNetworks: policy.allowedNetworks ?? [],
      checkUserAgent: policy.checkUserAgent ?? false,
      auth: policy.auth ? { scheme: policy.auth.scheme, username: policy.auth.username } : null,
      lockAfterFirstFetch: policy.lockAfterFirstFetch ?? false,
      requireClientCertificate: policy.requireClientCertificate ?? false,
      clientCertificateIssuer: policy.clientCertificateIssuer ?? null,
      allowHttpFor: policy.allowHttpFor ?? [],
    },
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Each family's settings in its own syntax; a PATCH's `settings` replaces the families it names (src/admin/operator-input.ts). */
function checkSettings(settings: CompanySettings | undefined): void {
  const errors = settings ? companySettingsErrors(settings) : [];
  if (errors.length > 0) throw validationError(errors);
}

/**
 * Digest nonces are signed with DIGEST_SIGNING_KEY: without it no phone could ever pass. A client
 * certificate is checked against its issuer: without one, none would ever pass.
 */
function checkedPolicy(policy: Policy, env: AdminEnv["Bindings"]): Policy {
  // Every rule the policy breaks, at once: the operator fixes them in one go, not one per save.
  const errors: ErrorDetail[] = [];
  if (policy.auth?.scheme === "digest" && !env.DIGEST_SIGNING_KEY) {
    errors.push({ path: "policy.auth.scheme", message: "digest needs the DIGEST_SIGNING_KEY secret: set it, or use basic" });
  }
  // Cloudflare verifies a certificate against every CA the hostname trusts; the issuer says whose it is.
  if (policy.requireClientCertificate && !policy.clientCertificateIssuer) {
    errors.push({ path: "policy.clientCertificateIssuer", message: "required with requireClientCertificate: the issuer DN of the phones' certificates" });
  }
  // Over plain HTTP a Basic password crosses the network in clear and the MAC file with it: only Digest
  // (the password never sent) or a network allow-list keeps that file from whoever knows a MAC.
  if (policy.allowHttpFor?.length && policy.auth?.scheme !== "digest" && !policy.allowedNetworks?.length) {
    errors.push({ path: "policy.allowHttpFor", message: "plain HTTP needs Digest auth or allowedNetworks in the same policy" });
  }
  if (errors.length > 0) throw validationError(errors);
  return policy;
}

/**
 * The stored policy after applying `input` over `current`: given keys replace, `auth: null` removes
 * auth, and auth without a password keeps the password it had (it is write-only, so clients cannot
 * send it back).
 */
function mergePolicy(current: Policy, input: z.infer<typeof PolicyInput>): Policy {
  const next: Policy = { ...current };
  for (const key of ["allowedNetworks", "checkUserAgent", "lockAfterFirstFetch", "requireClientCertificate", "allowHttpFor"] as const) {
    if (input[key] !== undefined) (next as Record<string, unknown>)[key] = input[key];
  }
  if (input.clientCertificateIssuer === null) delete next.clientCertificateIssuer;
  else if (input.clientCertificateIssuer !== undefined) next.clientCertificateIssuer = input.clientCertificateIssuer.trim();
  if (input.auth === null) delete next.auth;
  else if (input.auth) {
    const password = input.auth.password ?? current.auth?.password;
    if (!password) throw validationError([{ path: "policy.auth.password", message: "required when auth is first set" }]);
    next.auth = { scheme: input.auth.scheme, username: input.auth.username, password };
  }
  return next;
}

/** Within `scope` (a company's token) another company is not found, exactly like a missing one. */
export async function findCompany(db: Db, id: number, scope?: number): Promise<Company> {
  const row = scope === undefined || scope === id ? await db.query.companies.findFirst({ where: eq(companies.id, id) }) : undefined;
  if (!row) throw notFoundError("Company");
  return row;
}

export const companiesApi = new OpenAPIHono<AdminEnv>({ defaultHook: validationHook });

companiesApi.openapi(
  createRoute({
    method: "get",
    path: "/",
    operationId: "listCompanies",
    summary: "List companies",
    tags: ["companies"],
    request: { query: z.object({ limit: Limit, cursor: Cursor, q: z.string().optional() }) },
    responses: { 200: jsonResponse(page(CompanySchema), "A page of companies"), ...errorResponses() },
  }),
  async (c) => {
    const { limit, cursor, q } = c.req.valid("query");
    const scope = scopeOf(c);
    const rows = await c.var.db
      .select()
      .from(companies)
      .where(
        and(
          cursor ? gt(companies.id, Number(cursor)) : undefined,
          q ? contains(companies.name, q) : undefined,
          scope !== undefined ? eq(companies.id, scope) : undefined,
        ),
      )
      .orderBy(companies.id)
      .limit(limit + 1);
    const result = pageOf(rows, limit);
    return c.json({ ...result, items: result.items.map(companyJson) }, 200);
  },
);

companiesApi.openapi(
  createRoute({
    method: "get",
    path: "/{id}",
    operationId: "getCompany",
    summary: "Get a company",
    tags: ["companies"],
    request: { params: Params },
    responses: { 200: jsonResponse(CompanyResponse, "The company"), ...errorResponses(404) },
  }),
  async (c) => {
    const row = await findCompany(c.var.db, c.req.valid("param").id, scopeOf(c));
    return c.json(withWarnings(companyJson(row), await stagingWarnings(c.var.db, [row.id])), 200);
  },
);

companiesApi.openapi(
  createRoute({
    method: "post",
    path: "/",
    operationId: "createCompany",
    summary: "Create a company",
    tags: ["companies"],
    request: { body: jsonBody(CompanyCreate) },
    responses: { 201: jsonResponse(CompanySchema, "Created"), ...errorResponses(409, 413, 415) },
  }),
  async (c) => {
    const { policy, ...fields } = c.req.valid("json");
    checkSettings(fields.settings);
    const [row] = await c.var.db
      .insert(companies)
      .values({ ...fields, policy: checkedPolicy(mergePolicy({}, policy ?? {}), c.env) })
      .returning();
    return c.json(companyJson(row!), 201);
  },
);

companiesApi.openapi(
  createRoute({
    method: "patch",
    path: "/{id}",
    operationId: "updateCompany",
    summary: "Update a company and its policy",
    tags: ["companies"],
    request: { params: Params, body: jsonBody(CompanyPatch) },
    responses: { 200: jsonResponse(CompanyResponse, "Updated"), ...errorResponses(404, 409, 413, 415) },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const current = await findCompany(c.var.db, id, scopeOf(c));
    const { policy, settings, ...fields } = c.req.valid("json");
    checkSettings(settings && givenFamilies(settings));
    const [row] = await c.var.db
      .update(companies)
      .set({ ...fields, ...(settings ? { settings: patchedSettingsSql(companies.settings, settings) } : {}), ...(policy ? { policy: checkedPolicy(mergePolicy(current.policy, policy), c.env) } : {}), updatedAt: new Date() })
      .where(eq(companies.id, id))
      .returning();
    return c.json(withWarnings(companyJson(row!), await stagingWarnings(c.var.db, [id])), 200);
  },
);

companiesApi.openapi(
  createRoute({
    method: "delete",
    path: "/{id}",
    operationId: "deleteCompany",
    summary: "Delete a company",
    tags: ["companies"],
    request: { params: Params, query: z.object({ cascade: z.enum(["true", "false"]).optional() }) },
    responses: { 204: { description: "Deleted" }, ...errorResponses(404, 409) },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    await findCompany(c.var.db, id);
    const db = c.var.db;
    if (c.req.valid("query").cascade === "true") {
      const ofCompany = db.select({ id: terminals.id }).from(terminals).where(eq(terminals.companyId, id));
      // One batch is one transaction: the company goes with all its terminals or not at all.
      await db.batch([
        db.delete(terminalLines).where(inArray(terminalLines.terminalId, ofCompany)),
        db.delete(terminals).where(eq(terminals.companyId, id)),
        db.delete(companies).where(eq(companies.id, id)),
      ]);
      return c.body(null, 204);
    }
    const deleted = await db
      .delete(companies)
      .where(and(eq(companies.id, id), sql`not exists (select 1 from ${terminals} where ${terminals.companyId} = ${id})`))
      .returning({ id: companies.id });
    if (deleted.length === 0) {
      throw new ApiError(409, "in_use", "The company still has terminals; delete them first or pass ?cascade=true");
    }
    return c.body(null, 204);
  },
);
