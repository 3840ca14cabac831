// Unknown devices: phones that asked for a MAC file nobody configured. Each is assigned to a company
// and model (the guess preselected) in one step, or forgotten.
import type { FC } from "hono/jsx";
import type { Company, Model } from "./api";
import { CONSOLE } from "./layout";
import { macLabel } from "./terminals";
import { ApiForm, companyOptions, Field, modelOptions, Select, When } from "./ui";

export interface UnknownDevice {
  mac: string;
  modelId: number | null;
  userAgent: string | null;
  ip: string | null;
  path: string;
  firstSeen: string;
  lastSeen: string;
  count: number;
}

interface Props {
  devices: UnknownDevice[];
  nextCursor: string | null;
  cursor?: string;
  companies: Company[];
  models: Model[];
}

export const UnknownDevicesView: FC<Props> = ({ devices, nextCursor, cursor, companies, models }) => (
  <>
    <h1>Unknown devices</h1>
    <p class="hint">Phones that asked for a MAC file no terminal has, newest first. Assigning one creates its terminal.</p>
    {devices.length === 0 ? <p class="empty">No unknown devices.</p> : null}
    <ul class="cards">
      {devices.map((d) => {
        const guess = models.find((m) => m.id === d.modelId);
        return (
          <li class="card" aria-labelledby={`ud-${d.mac}`}>
            <h2 id={`ud-${d.mac}`} class="mono">
              {macLabel(d.mac)}
            </h2>
            <dl class="facts">
              <dt>Looks like</dt>
              <dd>{guess?.name ?? "no catalog model"}</dd>
              <dt>Asked for</dt>
              <dd class="mono">{d.path}</dd>
              <dt>User-Agent</dt>
              <dd>{d.userAgent ?? ""}</dd>
              <dt>From</dt>
              <dd class="mono">{d.ip ?? ""}</dd>
              <dt>Seen</dt>
              <dd>
                {d.count} time(s), last <When iso={d.lastSeen} />
              </dd>
            </dl>
            <ApiForm
              action={`POST /api/v1/unknown-devices/${d.mac}/assign`}
              then={`${CONSOLE}/terminals/{mac}`}
              submit="Assign"
              label={`Assign ${macLabel(d.mac)}`}
              dropEmpty="lines"
            >
              <div class="grid">
                <Select label="Company" name="companyId" dataType="int" options={companyOptions(companies)} required />
                <Select label="Model" name="modelId" dataType="int" options={modelOptions(models)} value={d.modelId} blank={guess ? undefined : "Choose a model"} empty="omit" />
                <Field label="Name" name="name" />
                <Field label="SIP user name (line 1)" name="lines.0.username" />
                <Field label="Password (line 1)" name="lines.0.password" type="password" empty="omit" autocomplete="new-password" hint="Empty: a random one" />
              </div>
            </ApiForm>
            <ApiForm
              action={`DELETE /api/v1/unknown-devices/${d.mac}`}
              then="reload"
              submit="Forget"
              confirm={`Forget ${macLabel(d.mac)}? It is listed again if it asks again.`}
              class="inline"
              label={`Forget ${macLabel(d.mac)}`}
            />
          </li>
        );
      })}
    </ul>
    <nav class="pager" aria-label="Pages">
      {cursor ? <a href={`${CONSOLE}/unknown-devices`}>First page</a> : null}
      {nextCursor ? <a href={`${CONSOLE}/unknown-devices?cursor=${encodeURIComponent(nextCursor)}`}>Next page</a> : null}
    </nav>
  </>
);
