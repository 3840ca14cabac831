// Every catalog model, served to the User-Agents its real units send (templates/<family>/user-agents.ts)
// with the company's User-Agent check on: the model's pattern must take them and, for a family whose
// units put their own MAC in the User-Agent, the MAC they carry must be the terminal's. The catalog is
// read from the database, so a model or a family added later is covered here without a change.
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createCompany, createTerminal, db, uniqueMac } from "./fixtures";
import { userAgents } from "./phones";

const catalog = await db.query.models.findMany({ orderBy: (m, { asc }) => [asc(m.iden)] });

/** Each model's requests from a network of their own: the refusals below count against the miss limit. */
const get = (path: string, userAgent: string, client: number) =>
  exports.default.fetch(`https://prov.test/provision/${path}`, { headers: { "user-agent": userAgent, "cf-connecting-ip": `2001:db8:${client.toString(16)}::1` } });

/** A real User-Agent of a unit of another family: whatever model it is, it is not `model`. */
function strangerOf(model: (typeof catalog)[number]): string {
  const other = catalog.find((m) => m.templateSet !== model.templateSet)!;
  return userAgents(other.iden, "0c383e000001")[0]!;
}

describe("real User-Agents with the User-Agent check on", () => {
  it.each(catalog.map((m, i) => [m.iden, m, i] as const))("%s: each of its units' User-Agents gets the MAC file, another vendor's does not", async (_iden, model, client) => {
    const company = await createCompany({ policy: { checkUserAgent: true } });
    const { terminal } = await createTerminal({ model: model.iden, mac: uniqueMac("0c383e"), companyId: company.id });
    const file = model.specificPattern.replace("{mac}", terminal.mac);
    const own = userAgents(model.iden, terminal.mac);
    for (const userAgent of own) {
      expect((await get(model.genericFile, userAgent, client)).status, userAgent).toBe(200);
      expect((await get(file, userAgent, client)).status, userAgent).toBe(200);
    }
    expect((await get(file, strangerOf(model), client)).status).toBe(404);
  });
});
