// Terminals: search and filters (a plain GET form, so every list is a link), pages, and a new terminal.
import type { FC } from "hono/jsx";
import type { Company, Model, Terminal } from "./api";
import { CONSOLE } from "./layout";
import { ApiForm, companyOptions, Field, modelOptions, Select, When } from "./ui";
import { macWithColons } from "../../core/mac";

export interface TerminalFilters {
  q?: string;
  companyId?: string;
  modelId?: string;
  enabled?: string;
  cursor?: string;
}

export const FILTER_KEYS = ["q", "companyId", "modelId", "enabled", "cursor"] as const;

/** The MAC as people read it on the phone's label. */
export const macLabel = macWithColons;

export const TerminalState: FC<{ t: Pick<Terminal, "enabled" | "locked"> }> = ({ t }) => (
  <>
    {t.enabled ? <span class="tag ok">enabled</span> : <span class="tag off">disabled</span>}
    {t.locked ? <span class="tag warn">locked</span> : null}
  </>
);

interface ListProps {
  terminals: Terminal[];
  nextCursor: string | null;
  filters: TerminalFilters;
  companies: Company[];
  models: Model[];
}

export const TerminalsView: FC<ListProps> = ({ terminals, nextCursor, filters, companies, models }) => {
  const companyName = new Map(companies.map((c) => [c.id, c.name]));
  const modelName = new Map(models.map((m) => [m.id, m.name]));
  const withCursor = (cursor?: string) => {
    const query = new URLSearchParams();
    for (const key of FILTER_KEYS) if (key !== "cursor" && filters[key]) query.set(key, filters[key]!);
    if (cursor) query.set("cursor", cursor);
    const text = query.toString();
    return `${CONSOLE}/terminals${text ? `?${text}` : ""}`;
  };
  return (
    <>
      <h1>Terminals</h1>
      <form class="filters" method="get" action={`${CONSOLE}/terminals`} role="search" aria-label="Filter terminals">
        <Field label="Search name or MAC" name="q" type="search" value={filters.q} />
        <Select label="Company" name="companyId" blank="Any company" options={companyOptions(companies)} value={filters.companyId} />
        <Select label="Model" name="modelId" blank="Any model" options={modelOptions(models)} value={filters.modelId} />
        <Select
          label="State"
          name="enabled"
          blank="Any state"
          options={[
            { value: "true", label: "Enabled" },
            { value: "false", label: "Disabled" },
          ]}
          value={filters.enabled}
        />
        <div class="actions">
          <button type="submit">Filter</button>
          <a href={`${CONSOLE}/terminals`}>Clear</a>
        </div>
      </form>

      {terminals.length === 0 ? (
        <p class="empty">No terminals match.</p>
      ) : (
        <div class="table-wrap">
          <table class="list">
            <caption class="sr-only">Terminals</caption>
            <thead>
              <tr>
                <th scope="col">MAC</th>
                <th scope="col">Name</th>
                <th scope="col">Company</th>
                <th scope="col">Model</th>
                <th scope="col">State</th>
                <th scope="col">Last provisioned</th>
              </tr>
            </thead>
            <tbody>
              {terminals.map((t) => (
                <tr>
                  <td class="mono">
                    <a href={`${CONSOLE}/terminals/${t.mac}`}>{macLabel(t.mac)}</a>
                  </td>
                  <td>{t.name}</td>
                  <td>{companyName.get(t.companyId) ?? `#${t.companyId}`}</td>
                  <td>{modelName.get(t.modelId) ?? `#${t.modelId}`}</td>
                  <td>
                    <TerminalState t={t} />
                  </td>
                  <td>
                    <When iso={t.provisionedAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav class="pager" aria-label="Pages">
        {filters.cursor ? <a href={withCursor()}>First page</a> : null}
        {nextCursor ? <a href={withCursor(nextCursor)}>Next page</a> : null}
      </nav>

      <details class="panel" open={terminals.length === 0 && !filters.q ? true : undefined}>
        <summary>New terminal</summary>
        <ApiForm action="POST /api/v1/terminals" then={`${CONSOLE}/terminals/{mac}`} submit="Create terminal" label="New terminal" dropEmpty="lines">
          <div class="grid">
            <Select label="Company" name="companyId" dataType="int" options={companyOptions(companies)} required />
            <Select label="Model" name="modelId" dataType="int" options={modelOptions(models)} required />
            <Field label="MAC address" name="mac" required placeholder="00:15:65:aa:bb:cc" />
            <Field label="Name" name="name" />
          </div>
          <fieldset>
            <legend>Line 1</legend>
            <div class="grid">
              <Field label="SIP user name" name="lines.0.username" />
              <Field label="Password" name="lines.0.password" type="password" empty="omit" autocomplete="new-password" hint="Empty: a random 24-character one" />
              <Field label="Display name" name="lines.0.displayName" />
            </div>
          </fieldset>
        </ApiForm>
      </details>
    </>
  );
};
