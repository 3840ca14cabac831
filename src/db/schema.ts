// The single source of truth for the database. drizzle-kit generates the migrations in drizzle/ from
// this file; wrangler applies them. JSON names are camelCase, SQL columns snake_case (casing option).
import { relations, sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

const createdAt = () =>
  integer({ mode: "timestamp_ms" })
    .notNull()
    .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`);

export const manufacturers = sqliteTable("manufacturers", {
  id: integer().primaryKey({ autoIncrement: true }),
  iden: text().notNull().unique(),
  name: text().notNull(),
  description: text().notNull().default(""),
});

export const FORMATS = ["text", "xml"] as const;
export type Format = (typeof FORMATS)[number];

export const models = sqliteTable(
  "models",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    manufacturerId: integer()
      .notNull()
      .references(() => manufacturers.id),
    iden: text().notNull().unique(),
    name: text().notNull(),
    description: text().notNull().default(""),
    /** What every unit of the model asks for first; matched ignoring case. */
    genericFile: text().notNull(),
    /** The MAC file, `{mac}` standing for the 12 hex digits, e.g. `{mac}.cfg`. */
    specificPattern: text().notNull(),
    format: text({ enum: FORMATS }).notNull(),
    maxLines: integer().notNull(),
    /** Programmable keys (line keys, BLF, speed dials) the model takes; 0 for DECT handsets and others without. */
    keyCount: integer().notNull().default(0),
    /** Regular expression a genuine unit's User-Agent matches (optional). */
    userAgent: text(),
    /** Folder of bundled default templates under templates/. */
    templateSet: text().notNull(),
    genericTemplate: text(),
    specificTemplate: text(),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [
    // The phone path looks generic files up by lower(path): this index serves that query.
    uniqueIndex("models_generic_file_lower_unique").on(sql`lower(${t.genericFile})`),
    index("models_manufacturer_id_idx").on(t.manufacturerId),
  ],
);

/** Who may fetch a MAC file of the company (SECURITY.md). Every part is optional and off when absent. */
export interface Policy {
  /** CIDRs the client IP (CF-Connecting-IP) must be in. */
  allowedNetworks?: string[];
  /** The User-Agent must match the model's pattern, and carry the path's MAC where it carries one. */
  checkUserAgent?: boolean;
  /** HTTP credentials the phone must present; the password is write-only in the API. */
  auth?: { scheme: "basic" | "digest"; username: string; password: string };
  /** After the first successful fetch, refuse the MAC file until an operator unlocks the terminal. */
  lockAfterFirstFetch?: boolean;
  /** A verified Cloudflare mTLS client certificate whose subject carries the terminal's MAC. */
  requireClientCertificate?: boolean;
  /** The issuer that certificate must have, as Cloudflare gives it (`tlsClientAuth.certIssuerDN`). */
  clientCertificateIssuer?: string;
  /**
   * Template sets (families) whose MAC files this company's phones may fetch over plain HTTP although the
   * deployment requires HTTPS: for phones that cannot trust a public CA (Cisco SPA). The API accepts it
   * only beside Digest auth or `allowedNetworks` (SECURITY.md).
   */
  allowHttpFor?: string[];
}

export const KEY_TYPES = ["line", "blf", "speeddial", "park", "intercom"] as const;
export type KeyType = (typeof KEY_TYPES)[number];

/** One programmable key of a terminal: `position` 1..the model's keyCount, `line` the account it uses. */
export interface Key {
  position: number;
  type: KeyType;
  value: string;
  label: string;
  line: number;
}

/** `key` -> `value` in a family's own syntax. */
export type Settings = Record<string, string>;
/** Family name -> its settings. */
export type CompanySettings = Record<string, Settings>;

export const TRANSPORTS = ["udp", "tcp", "tls"] as const;
export type Transport = (typeof TRANSPORTS)[number];
export const DEFAULT_NTP_SERVER = "pool.ntp.org";

export const companies = sqliteTable("companies", {
  id: integer().primaryKey({ autoIncrement: true }),
  name: text().notNull(),
  sipDomain: text().notNull(),
  sipProxy: text(),
  language: text().notNull().default("en"),
  timezone: text().notNull().default("UTC"),
  /** How lines reach the SIP server; terminals may override. */
  transport: text({ enum: TRANSPORTS }).notNull().default("udp"),
  /** Null: 5060, or 5061 over TLS. */
  sipPort: integer(),
  /** Null: DEFAULT_NTP_SERVER. */
  ntpServer: text(),
  policy: text({ mode: "json" }).$type<Policy>().notNull().default({}),
  /** Operator settings per template family, written into its MAC files (src/core/settings.ts). */
  settings: text({ mode: "json" }).$type<CompanySettings>().notNull().default({}),
  createdAt: createdAt(),
  updatedAt: createdAt(),
});

export const terminals = sqliteTable(
  "terminals",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    companyId: integer()
      .notNull()
      .references(() => companies.id),
    modelId: integer()
      .notNull()
      .references(() => models.id),
    /** 12 lowercase hex digits, no separators. */
    mac: text().notNull().unique(),
    name: text().notNull().default(""),
    language: text(),
    timezone: text(),
    /** Null: the company's. */
    transport: text({ enum: TRANSPORTS }),
    sipPort: integer(),
    enabled: integer({ mode: "boolean" }).notNull().default(true),
    /** Programmable keys, in position order (src/core/keys.ts). */
    keys: text({ mode: "json" }).$type<Key[]>().notNull().default([]),
    /** Operator settings for the model's family; they beat the company's (src/core/settings.ts). */
    settings: text({ mode: "json" }).$type<Settings>().notNull().default({}),
    /** Set by the first successful fetch when the company locks after it; cleared by unlock. */
    locked: integer({ mode: "boolean" }).notNull().default(false),
    provisionedAt: integer({ mode: "timestamp_ms" }),
    provisionedIp: text(),
    provisionedUserAgent: text(),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [
    index("terminals_company_id_idx").on(t.companyId),
    index("terminals_model_id_idx").on(t.modelId),
  ],
);

export const terminalLines = sqliteTable(
  "terminal_lines",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    terminalId: integer()
      .notNull()
      .references(() => terminals.id, { onDelete: "cascade" }),
    position: integer().notNull(),
    username: text().notNull(),
    authUsername: text(),
    password: text().notNull(),
    displayName: text().notNull().default(""),
    extension: text(),
  },
  (t) => [uniqueIndex("terminal_lines_terminal_position_unique").on(t.terminalId, t.position)],
);

/** A company's phonebook, served to its phones in each family's directory format. */
export const contacts = sqliteTable(
  "contacts",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    companyId: integer()
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    name: text().notNull(),
    number: text().notNull(),
    group: text(),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [index("contacts_company_id_idx").on(t.companyId, t.id)],
);

/**
 * Phones that asked for a MAC file nobody configured, for the operator to assign. Bounded: the
 * oldest are evicted past UNKNOWN_DEVICES_MAX rows.
 */
export const unknownDevices = sqliteTable(
  "unknown_devices",
  {
    mac: text().primaryKey(),
    modelId: integer().references(() => models.id, { onDelete: "set null" }),
    userAgent: text(),
    ip: text(),
    /** Who the first sighting came from, as the miss limit counts clients (an IPv4 address, an IPv6 /64). */
    client: text(),
    path: text().notNull(),
    firstSeen: integer({ mode: "timestamp_ms" }).notNull(),
    lastSeen: integer({ mode: "timestamp_ms" }).notNull(),
    /** Sightings recorded (at most one a minute per MAC). */
    count: integer().notNull().default(1),
  },
  (t) => [index("unknown_devices_last_seen_idx").on(t.lastSeen), index("unknown_devices_client_idx").on(t.client)],
);

/** The last fetches and refusals of each terminal (bounded per terminal). */
export const provisioningEvents = sqliteTable(
  "provisioning_events",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    terminalId: integer()
      .notNull()
      .references(() => terminals.id, { onDelete: "cascade" }),
    at: integer({ mode: "timestamp_ms" }).notNull(),
    ip: text(),
    userAgent: text(),
    file: text().notNull(),
    /** `served`, or the refusal reason the phone never sees (`user_agent_mac_mismatch`, ...). */
    outcome: text().notNull(),
  },
  // By time within a terminal: the API lists a terminal's events newest first, the cap keeps its 50 newest
  // and a record's twin is looked for within a minute of it (drizzle/0009_phone_records.sql): all three
  // walk this index instead of sorting the terminal's events on every insert.
  (t) => [index("provisioning_events_terminal_at_idx").on(t.terminalId, t.at, t.id)],
);

/**
 * Client IPs over the miss limit (src/phone/rate-limit.ts), until when. The phone path reads this in
 * the same statement as the terminal, so a blocked client costs no extra lookup; rows past their
 * `until` are deleted whenever a block is written, so the table holds the last window's blocks only.
 */
export const clientBlocks = sqliteTable("client_blocks", {
  client: text().primaryKey(),
  until: integer({ mode: "timestamp_ms" }).notNull(),
});

export const TOKEN_ROLES = ["admin", "read"] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];

/**
 * API tokens besides the global ADMIN_TOKEN (docs/tokens.md). Only a SHA-256 of the secret is
 * kept: the secret is shown once, when the token is created. A token of a company sees and changes that
 * company only; it goes with its company.
 */
export const apiTokens = sqliteTable("api_tokens", {
  id: integer().primaryKey({ autoIncrement: true }),
  name: text().notNull(),
  companyId: integer().references(() => companies.id, { onDelete: "cascade" }),
  role: text({ enum: TOKEN_ROLES }).notNull(),
  /** Lowercase hex SHA-256 of the secret: looked up by it, so no secret is ever compared byte by byte. */
  secretHash: text().notNull().unique(),
  createdAt: createdAt(),
  expiresAt: integer({ mode: "timestamp_ms" }),
  /** Updated at most once a minute, after the response. */
  lastUsedAt: integer({ mode: "timestamp_ms" }),
  revokedAt: integer({ mode: "timestamp_ms" }),
});

/**
 * Every write through the API: who (token id, or "global" for ADMIN_TOKEN), what (method, path,
 * resource, the names of the fields sent, never their values). Bounded: the newest AUDIT_MAX_ROWS are
 * kept (src/db/audit.ts). No foreign keys: the log outlives what it describes.
 */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    at: integer({ mode: "timestamp_ms" }).notNull(),
    tokenId: text().notNull(),
    /** The company the change belongs to, when one does: what a company's tokens may read. */
    companyId: integer(),
    method: text().notNull(),
    path: text().notNull(),
    resourceType: text().notNull(),
    resourceId: text(),
    fields: text({ mode: "json" }).$type<string[]>().notNull(),
    status: integer().notNull(),
    requestId: text().notNull(),
  },
  (t) => [index("audit_log_company_id_idx").on(t.companyId, t.id)],
);

export const manufacturersRelations = relations(manufacturers, ({ many }) => ({
  models: many(models),
}));

export const modelsRelations = relations(models, ({ one, many }) => ({
  manufacturer: one(manufacturers, { fields: [models.manufacturerId], references: [manufacturers.id] }),
  terminals: many(terminals),
}));

export const companiesRelations = relations(companies, ({ many }) => ({
  terminals: many(terminals),
  contacts: many(contacts),
}));

export const contactsRelations = relations(contacts, ({ one }) => ({
  company: one(companies, { fields: [contacts.companyId], references: [companies.id] }),
}));

export const terminalsRelations = relations(terminals, ({ one, many }) => ({
  company: one(companies, { fields: [terminals.companyId], references: [companies.id] }),
  model: one(models, { fields: [terminals.modelId], references: [models.id] }),
  lines: many(terminalLines),
}));

export const terminalLinesRelations = relations(terminalLines, ({ one }) => ({
  terminal: one(terminals, { fields: [terminalLines.terminalId], references: [terminals.id] }),
}));

export type Manufacturer = typeof manufacturers.$inferSelect;
export type Model = typeof models.$inferSelect;
export type Company = typeof companies.$inferSelect;
export type Terminal = typeof terminals.$inferSelect;
export type TerminalLine = typeof terminalLines.$inferSelect;
export type Contact = typeof contacts.$inferSelect;
export type UnknownDevice = typeof unknownDevices.$inferSelect;
export type ProvisioningEvent = typeof provisioningEvents.$inferSelect;
export type ApiToken = typeof apiTokens.$inferSelect;
export type AuditEntry = typeof auditLog.$inferSelect;
