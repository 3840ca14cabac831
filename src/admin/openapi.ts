// The API's description: the OpenAPI document and a reference page that renders it. Both are public
// (no token): they describe the operations and hold no data; every operation still needs a token, and
// the document says which (x-required-role).
import type { OpenAPIHono } from "@hono/zod-openapi";
import { swaggerUI } from "@hono/swagger-ui";
import type { AdminEnv } from "./env";
import { ACCESS_TEXT, requiredAccess } from "./access";

type DocumentConfig = Parameters<OpenAPIHono<AdminEnv>["getOpenAPI31Document"]>[0];

const DOCUMENT: DocumentConfig = {
  openapi: "3.1.0",
  info: {
    title: "edgeprov admin API",
    version: "1",
    description:
      "Manage manufacturers, models, companies (with their phonebooks) and terminals (lines, keys, settings). Every operation needs `Authorization: Bearer <token>`: " +
      "`ADMIN_TOKEN`, or an API token (`POST /tokens`) of one company or all, role `admin` or `read`. Each operation's " +
      "`x-required-role` (and the last sentence of its description) says which token it needs; a company's token sees " +
      "its own company only. This document and the reference page at `/api/v1/reference` need no token. " +
      "Over plain HTTP everything is refused (`403 https_required`) unless `REQUIRE_HTTPS` is off.",
  },
  servers: [{ url: "/api/v1" }],
  security: [{ bearer: [] }],
  tags: [
    { name: "manufacturers", description: "Phone makers of the catalog" },
    { name: "models", description: "Phone models of the catalog and their templates" },
    { name: "companies", description: "Tenants: SIP settings, language, time zone and who may fetch MAC files" },
    { name: "contacts", description: "A company's phonebook, served to its phones in each family's directory format" },
    { name: "terminals", description: "Phones by MAC: lines, bulk import and export, config preview, events" },
    { name: "unknown-devices", description: "Phones that asked for a MAC file but are not configured" },
    { name: "fleet", description: "The fleet at a glance" },
    { name: "tokens", description: "API tokens: one company or all, admin or read" },
    { name: "audit", description: "Every write through the API: who, what, when (never a value)" },
  ],
};

type Document = ReturnType<OpenAPIHono<AdminEnv>["getOpenAPI31Document"]>;

interface Operation {
  requestBody?: { required?: boolean };
  description?: string;
}

/** The OpenAPI document of every route registered on `app`. */
export function openApiDocument(app: OpenAPIHono<AdminEnv>): Document {
  const doc = app.getOpenAPI31Document(DOCUMENT);
  for (const [template, item] of Object.entries(doc.paths ?? {})) {
    // Any id will do: the access table looks at the resource and the action, never at an id.
    const path = template.replace(/\{[^}]+\}/g, "1");
    for (const [method, value] of Object.entries(item ?? {})) {
      if (!value || typeof value !== "object") continue;
      const operation = value as Operation;
      // Every request body of this API is required. A few routes declare theirs optional only so that
      // @hono/zod-openapi does not run its JSON validator on a CSV or text/plain body (they read it themselves).
      if (operation.requestBody) operation.requestBody.required = true;
      // Which token it needs, from the very table the API checks (./access.ts).
      const access = requiredAccess(method.toUpperCase(), path);
      Object.assign(operation, {
        "x-required-role": access,
        description: [operation.description, `Requires ${ACCESS_TEXT[access]}.`].filter(Boolean).join("\n\n"),
      });
    }
  }
  return doc;
}

/** GET /openapi.json and GET /reference (Swagger UI); mounted before the token check. */
export function mountDocs(app: OpenAPIHono<AdminEnv>): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer" });
  app.get("/openapi.json", (c) => c.json(openApiDocument(app)));
  app.get("/reference", swaggerUI({ url: "/api/v1/openapi.json", title: "edgeprov admin API" }));
}
