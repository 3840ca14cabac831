// Test data, created through the same schema the app uses. Each test makes what it needs.
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { catalogs } from "../src/db/catalog";
import { createDb } from "../src/db/client";
import { companies, manufacturers, models, terminalLines, terminals } from "../src/db/schema";

export const db = createDb(env.DB);

let counter = 0;

/** A fresh unicast MAC for each call (Yealink prefix unless given). */
export function uniqueMac(prefix = "001565"): string {
  counter += 1;
  const tail = (Date.now() % 0xffff) * 0x100 + (counter % 0x100);
  return (prefix + tail.toString(16).padStart(6, "0")).slice(0, 12);
}

export async function modelByIden(iden: string) {
  const model = await db.query.models.findFirst({ where: eq(models.iden, iden), with: { manufacturer: true } });
  if (!model) throw new Error(`no model ${iden}`);
  return model;
}

/** A model outside the built-in catalog (a Yealink-family text model unless told otherwise). */
export async function createModel(values: Pick<typeof models.$inferInsert, "iden" | "genericFile" | "specificPattern"> & Partial<typeof models.$inferInsert>) {
  const yealink = await db.query.manufacturers.findFirst({ where: eq(manufacturers.iden, "yealink") });
  const [model] = await db
    .insert(models)
    .values({ manufacturerId: yealink!.id, name: values.iden, format: "text", maxLines: 2, templateSet: "yealink", ...values })
    .returning();
  // Written past the API, which is what makes an isolate read the catalog again.
  catalogs.forget();
  return model!;
}

export async function terminalById(id: number) {
  const terminal = await db.query.terminals.findFirst({ where: eq(terminals.id, id) });
  if (!terminal) throw new Error(`no terminal ${id}`);
  return terminal;
}

export async function createCompany(values: Partial<typeof companies.$inferInsert> = {}) {
  const [company] = await db
    .insert(companies)
    .values({ name: "Acme", sipDomain: "sip.acme.example", ...values })
    .returning();
  return company!;
}

export interface LineInput {
  username: string;
  password: string;
  displayName?: string;
  authUsername?: string | null;
  extension?: string | null;
  position?: number;
}

export async function createTerminal(opts: {
  model: string;
  mac?: string;
  companyId?: number;
  name?: string;
  enabled?: boolean;
  language?: string | null;
  timezone?: string | null;
  lines?: LineInput[];
}) {
  const model = await modelByIden(opts.model);
  const companyId = opts.companyId ?? (await createCompany()).id;
  const [terminal] = await db
    .insert(terminals)
    .values({
      companyId,
      modelId: model.id,
      mac: opts.mac ?? uniqueMac(),
      name: opts.name ?? "Reception",
      enabled: opts.enabled ?? true,
      language: opts.language ?? null,
      timezone: opts.timezone ?? null,
    })
    .returning();
  const lines = opts.lines ?? [{ username: "1001", password: "s3cret-1001", displayName: "Reception" }];
  if (lines.length > 0) {
    await db.insert(terminalLines).values(
      lines.map((line, i) => ({
        terminalId: terminal!.id,
        position: line.position ?? i + 1,
        username: line.username,
        password: line.password,
        displayName: line.displayName ?? "",
        authUsername: line.authUsername ?? null,
        extension: line.extension ?? null,
      })),
    );
  }
  return { terminal: terminal!, model };
}
