// Fleet: the numbers an operator checks first, from GET /fleet/summary.
import type { FC } from "hono/jsx";
import { CONSOLE } from "./layout";
import { Bars } from "./ui";

export interface FleetSummary {
  terminals: number;
  provisionedLast24h: number;
  neverProvisioned: number;
  /** null for a company's token: the inbox belongs to no company. */
  unknownDevices: number | null;
  byModel: { modelId: number; iden: string; name: string; terminals: number }[];
  byCompany: { companyId: number; name: string; terminals: number }[];
  refusedLast24h: { reason: string; count: number }[];
}

/** A chart shows the largest few; the rest are summed, so the total still adds up. */
const TOP = 8;

function top(rows: { label: string; value: number; href?: string }[]) {
  if (rows.length <= TOP) return rows;
  const rest = rows.slice(TOP - 1).reduce((sum, r) => sum + r.value, 0);
  return [...rows.slice(0, TOP - 1), { label: `${rows.length - TOP + 1} others`, value: rest }];
}

export const FleetView: FC<{ summary: FleetSummary }> = ({ summary: s }) => (
  <>
    <h1>Fleet</h1>
    <ul class="stats">
      <li>
        <a href={`${CONSOLE}/terminals`}>
          <strong>{s.terminals}</strong> terminals
        </a>
      </li>
      <li>
        <strong>{s.provisionedLast24h}</strong> provisioned in the last 24 h
      </li>
      <li>
        <strong>{s.neverProvisioned}</strong> never provisioned
      </li>
      {s.unknownDevices === null ? null : (
        <li>
          <a href={`${CONSOLE}/unknown-devices`}>
            <strong>{s.unknownDevices}</strong> unknown devices
          </a>
        </li>
      )}
    </ul>
    <div class="charts">
      <Bars
        caption="Terminals by model"
        empty="No terminals yet."
        rows={top(s.byModel.map((m) => ({ label: m.name, value: m.terminals, href: `${CONSOLE}/terminals?modelId=${m.modelId}` })))}
      />
      <Bars
        caption="Terminals by company"
        empty="No terminals yet."
        rows={top(s.byCompany.map((c) => ({ label: c.name, value: c.terminals, href: `${CONSOLE}/terminals?companyId=${c.companyId}` })))}
      />
      <Bars
        caption="Refused in the last 24 h, by reason"
        empty="No refusals in the last 24 hours."
        rows={top(s.refusedLast24h.map((r) => ({ label: r.reason.replaceAll("_", " "), value: r.count })))}
      />
      <Bars
        caption="Provisioning"
        empty="No terminals yet."
        rows={
          s.terminals === 0
            ? []
            : [
                { label: "in the last 24 h", value: s.provisionedLast24h },
                { label: "earlier", value: s.terminals - s.provisionedLast24h - s.neverProvisioned },
                { label: "never", value: s.neverProvisioned },
              ]
        }
      />
    </div>
  </>
);
