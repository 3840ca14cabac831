// The API's description: the OpenAPI document and a reference page that renders it. Both are public
// (no token): they describe the operations and hold no data; every operation still needs the token.
import type { OpenAPIHono } from "@hono/zod-openapi";
import { swaggerUI } from "@hono/swagger-ui";
import type { AdminEnv } from "./env";

type DocumentConfig = Parameters<OpenAPIHono<AdminEnv>["getOpenAPI31Document"]>[0];

const DOCUMENT: DocumentConfig = {
  openapi: "3.1.0",
  info: {
    title: "edgeprov admin API",
    version: "1",
    description:
      "Manage manufacturers, models, companies (with their phonebooks) and terminals (lines, keys, settings). Every operation needs `Authorization: Bearer <ADMIN_TOKEN>`; " +
      "this document and the reference page at `/api/v1/reference` do not.",
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
  ],
};

type Document = ReturnType<OpenAPIHono<AdminEnv>["getOpenAPI31Document"]>;

/** The OpenAPI document of every route registered on `app`. */
export function openApiDocument(app: OpenAPIHono<AdminEnv>): Document {
  const doc = app.getOpenAPI31Document(DOCUMENT);
  // Every request body of this API is required. A few routes declare theirs optional only so that
  // @hono/zod-openapi does not run its JSON validator on a CSV or text/plain body (they read it themselves).
  for (const item of Object.values(doc.paths ?? {})) {
    for (const operation of Object.values(item ?? {})) {
      const body = (operation as { requestBody?: { required?: boolean } } | undefined)?.requestBody;
      if (body) body.required = true;
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
