// One terminal: what it is, its MAC file exactly as the phone gets it, its last fetches and refusals,
// and every change the API allows (fields, lines, unlock, delete).
import type { FC } from "hono/jsx";
import type { Company, Line, Model, Terminal } from "./api";
import { CONSOLE } from "./layout";
import { macLabel, TerminalState } from "./terminals";
import { ApiForm, Checkbox, companyOptions, Field, modelOptions, Select, TRANSPORT_OPTIONS, When } from "./ui";

export interface ProvisioningEvent {
  at: string;
  ip: string | null;
  userAgent: string | null;
  file: string;
  outcome: string;
}

interface Props {
  terminal: Terminal;
  /** null: the token may not read it (a read token). */
  /** null: this token may not read it; `refused`: the API's reason there is none (a file over the size limit). */
  config: string | { refused: string } | null;
  events: ProvisioningEvent[];
  companies: Company[];
  models: Model[];
}

/** The lines it has, then blank rows up to the model's count (at most two more): one form edits them all. */
function lineRows(lines: Line[], maxLines: number): (Line | { position: number })[] {
  const rows: (Line | { position: number })[] = [...lines];
  const free = [];
  for (let p = 1; p <= maxLines && free.length < 2; p++) if (!lines.some((l) => l.position === p)) free.push({ position: p });
  return [...rows, ...free];
}

export const TerminalView: FC<Props> = ({ terminal: t, config, events, companies, models }) => {
  const model = models.find((m) => m.id === t.modelId);
  const api = `/api/v1/terminals/${t.mac}`;
  return (
    <>
      <p class="crumbs">
        <a href={`${CONSOLE}/terminals`}>Terminals</a> /
      </p>
      <h1>
        <span class="mono">{macLabel(t.mac)}</span> {t.name ? <span class="subtitle">{t.name}</span> : null}
      </h1>
      <p>
        <TerminalState t={t} /> {model?.name ?? `model #${t.modelId}`} · last provisioned <When iso={t.provisionedAt} />
        {t.provisionedIp ? ` from ${t.provisionedIp}` : null}
      </p>
      <div class="row-actions">
        {t.locked ? (
          <ApiForm action={`POST ${api}/unlock`} then="reload" submit="Unlock" class="inline" label="Unlock">
            <span class="muted">Its phone may fetch the MAC file once more.</span>
          </ApiForm>
        ) : null}
        <ApiForm
          action={`DELETE ${api}`}
          then={`${CONSOLE}/terminals`}
          submit="Delete terminal"
          confirm={`Delete terminal ${macLabel(t.mac)}? Its phone will get no configuration.`}
          class="inline danger"
          label="Delete terminal"
        />
      </div>

      <section aria-labelledby="preview-h">
        <h2 id="preview-h">Config preview</h2>
        <p class="hint">The MAC file exactly as the phone gets it (it holds the SIP passwords).</p>
        {config === null ? (
          <p class="empty">This token may not read it: the preview needs an admin token.</p>
        ) : typeof config === "object" ? (
          <p class="empty" role="alert">
            {config.refused}
          </p>
        ) : (
          <pre class="config" tabindex={0} aria-labelledby="preview-h">
            {config}
          </pre>
        )}
      </section>

      <section aria-labelledby="events-h">
        <h2 id="events-h">Last events</h2>
        {events.length === 0 ? (
          <p class="empty">Its phone has not asked yet.</p>
        ) : (
          <div class="table-wrap">
            <table class="list">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">File</th>
                  <th scope="col">IP</th>
                  <th scope="col">User-Agent</th>
                </tr>
              </thead>
              <tbody>
                {events.map((e) => (
                  <tr>
                    <td>
                      <When iso={e.at} />
                    </td>
                    <td>{e.outcome === "served" ? <span class="tag ok">served</span> : <span class="tag off">{e.outcome.replaceAll("_", " ")}</span>}</td>
                    <td class="mono">{e.file}</td>
                    <td class="mono">{e.ip ?? ""}</td>
                    <td>{e.userAgent ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="edit-h">
        <h2 id="edit-h">Settings and lines</h2>
        <ApiForm action={`PATCH ${api}`} then={`${CONSOLE}/terminals/{mac}`} submit="Save" label="Terminal settings" dropEmpty="lines">
          <div class="grid">
            <Select label="Company" name="companyId" dataType="int" options={companyOptions(companies)} value={t.companyId} />
            <Select label="Model" name="modelId" dataType="int" options={modelOptions(models)} value={t.modelId} />
            <Field label="MAC address" name="mac" value={macLabel(t.mac)} />
            <Field label="Name" name="name" value={t.name} />
            <Field label="Language" name="language" value={t.language} empty="null" hint="Empty: the company's" />
            <Field label="Time zone" name="timezone" value={t.timezone} empty="null" hint="Empty: the company's" />
            <Select label="SIP transport" name="transport" options={TRANSPORT_OPTIONS} blank="The company's" empty="null" value={t.transport} />
            <Field label="SIP port" name="sipPort" value={t.sipPort} dataType="int" empty="null" hint="Empty: the company's" />
            <Checkbox label="Enabled" name="enabled" checked={t.enabled} />
          </div>
          {lineRows(t.lines, model?.maxLines ?? t.lines.length + 1).map((line, i) => (
            <fieldset>
              <legend>Line {line.position}</legend>
              <input type="hidden" name={`lines.${i}.position`} value={String(line.position)} data-type="int" />
              <div class="grid">
                <Field label="SIP user name" name={`lines.${i}.username`} value={"username" in line ? line.username : ""} />
                <Field
                  label="Password"
                  name={`lines.${i}.password`}
                  type="password"
                  empty="omit"
                  autocomplete="new-password"
                  hint={"username" in line ? "Empty: unchanged" : "Empty: a random one"}
                />
                <Field label="Auth user name" name={`lines.${i}.authUsername`} value={"username" in line ? line.authUsername : ""} empty="null" />
                <Field label="Display name" name={`lines.${i}.displayName`} value={"username" in line ? line.displayName : ""} />
                <Field label="Extension" name={`lines.${i}.extension`} value={"username" in line ? line.extension : ""} empty="null" />
              </div>
            </fieldset>
          ))}
          <p class="hint">A line whose fields are all empty is removed.</p>
        </ApiForm>
      </section>

    </>
  );
};
