// Companies: the list with a new-company form, and one company's settings and provisioning policy.
import type { FC } from "hono/jsx";
import { TEMPLATE_SET_NAMES } from "../../../templates";
import type { Company } from "./api";
import { CONSOLE } from "./layout";
import { ApiForm, Checkbox, Checkboxes, Field, Select, TRANSPORT_OPTIONS } from "./ui";

// The families `allowHttpFor` may name: the list the API checks it against, so the two cannot differ.
const FAMILY_OPTIONS = TEMPLATE_SET_NAMES.map((name) => ({ value: name, label: name }));

/** The fields of a company, empty for a new one; `policy.auth` is removed by choosing "None". */
const CompanyFields: FC<{ company?: Company }> = ({ company }) => {
  const policy = company?.policy;
  return (
    <>
      <div class="grid">
        <Field label="Name" name="name" value={company?.name} required />
        <Field label="SIP domain" name="sipDomain" value={company?.sipDomain} required placeholder="sip.example.com" />
        <Field label="SIP proxy" name="sipProxy" value={company?.sipProxy} empty="null" placeholder="proxy.example.com:5060" />
        <Field label="Language" name="language" value={company?.language} empty="omit" placeholder="en" />
        <Field label="Time zone" name="timezone" value={company?.timezone} empty="omit" placeholder="Europe/Madrid" />
        <Select label="SIP transport" name="transport" options={TRANSPORT_OPTIONS} value={company?.transport ?? "udp"} />
        <Field label="SIP port" name="sipPort" value={company?.sipPort} dataType="int" empty="null" hint="Empty: 5060, or 5061 over TLS" />
        <Field label="NTP server" name="ntpServer" value={company?.ntpServer} empty="null" hint="Empty: pool.ntp.org" />
      </div>
      <fieldset>
        <legend>Provisioning policy</legend>
        <p class="hint">Who may fetch this company's MAC files (SECURITY.md explains each check).</p>
        <div class="grid">
          <Field
            label="Allowed networks"
            name="policy.allowedNetworks"
            value={policy?.allowedNetworks.join("\n")}
            dataType="list"
            multiline
            hint="One CIDR a line, a site each: IPv4 /16 or longer, IPv6 /32 or longer; empty: any network"
          />
          <div>
            <Checkbox label="Check the User-Agent" name="policy.checkUserAgent" checked={policy?.checkUserAgent ?? false} />
            <Checkbox label="Lock after the first fetch" name="policy.lockAfterFirstFetch" checked={policy?.lockAfterFirstFetch ?? false} />
            <Checkbox label="Require a client certificate" name="policy.requireClientCertificate" checked={policy?.requireClientCertificate ?? false} />
          </div>
          {/* Cloudflare verifies a certificate against every CA the hostname trusts: the issuer names the one
              these phones' certificates must come from, so the API asks for it with the checkbox above. */}
          <Field
            label="Client certificate issuer"
            name="policy.clientCertificateIssuer"
            value={policy?.clientCertificateIssuer}
            empty="null"
            hint="Required with a client certificate: the issuer DN exactly as Cloudflare reports it (certIssuerDN)"
          />
          <Select
            label="HTTP auth"
            name="policy.auth.scheme"
            blank="None"
            empty="null-parent"
            options={[
              { value: "basic", label: "Basic" },
              { value: "digest", label: "Digest" },
            ]}
            value={policy?.auth?.scheme}
          />
          <Field label="Auth user name" name="policy.auth.username" value={policy?.auth?.username} />
          <Field
            label="Auth password"
            name="policy.auth.password"
            type="password"
            empty="omit"
            autocomplete="new-password"
            hint={policy?.auth ? "Empty: unchanged" : "At least 8 characters"}
          />
        </div>
        {/* Only for phones that cannot trust a public CA (Cisco SPA): their MAC files then cross the network
            in clear, so the API takes this only beside Digest auth or allowed networks (SECURITY.md). */}
        <Checkboxes
          legend="Allow plain HTTP for"
          name="policy.allowHttpFor"
          options={FAMILY_OPTIONS}
          checked={policy?.allowHttpFor ?? []}
          hint="Families whose MAC files may be fetched over plain HTTP, in clear. Needs Digest auth or an allowed network."
        />
      </fieldset>
    </>
  );
};

export const CompaniesView: FC<{ companies: Company[]; nextCursor: string | null; cursor?: string; q?: string }> = ({ companies, nextCursor, cursor, q }) => (
  <>
    <h1>Companies</h1>
    <form class="filters" method="get" action={`${CONSOLE}/companies`} role="search" aria-label="Search companies">
      <Field label="Search by name" name="q" type="search" value={q} />
      <div class="actions">
        <button type="submit">Search</button>
      </div>
    </form>
    {companies.length === 0 ? (
      <p class="empty">No companies.</p>
    ) : (
      <div class="table-wrap">
        <table class="list">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">SIP domain</th>
              <th scope="col">Language</th>
              <th scope="col">Time zone</th>
              <th scope="col">Policy</th>
            </tr>
          </thead>
          <tbody>
            {companies.map((c) => (
              <tr>
                <td>
                  <a href={`${CONSOLE}/companies/${c.id}`}>{c.name}</a>
                </td>
                <td class="mono">{c.sipDomain}</td>
                <td>{c.language}</td>
                <td>{c.timezone}</td>
                <td class="wrap">{policySummary(c)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    )}
    <nav class="pager" aria-label="Pages">
      {cursor ? <a href={`${CONSOLE}/companies${q ? `?q=${encodeURIComponent(q)}` : ""}`}>First page</a> : null}
      {nextCursor ? <a href={`${CONSOLE}/companies?${new URLSearchParams({ ...(q ? { q } : {}), cursor: nextCursor })}`}>Next page</a> : null}
    </nav>
    <details class="panel">
      <summary>New company</summary>
      <ApiForm action="POST /api/v1/companies" then={`${CONSOLE}/companies/{id}`} submit="Create company" label="New company">
        <CompanyFields />
      </ApiForm>
    </details>
  </>
);

function policySummary(c: Company): string {
  const p = c.policy;
  const parts = [
    p.allowedNetworks.length > 0 ? `${p.allowedNetworks.length} network(s)` : "",
    p.checkUserAgent ? "User-Agent" : "",
    p.auth ? `${p.auth.scheme} auth` : "",
    p.lockAfterFirstFetch ? "lock" : "",
    // Stored before the issuer was asked for, the policy refuses every certificate: worth seeing in the list.
    p.requireClientCertificate ? (p.clientCertificateIssuer ? `certificate from ${p.clientCertificateIssuer}` : "certificate, no issuer: refuses every one") : "",
    p.allowHttpFor.length > 0 ? `plain HTTP for ${p.allowHttpFor.join(", ")}` : "",
  ].filter(Boolean);
  // Semicolons: an issuer DN and the list of families hold commas of their own.
  return parts.length > 0 ? parts.join("; ") : "none";
}

export const CompanyView: FC<{ company: Company }> = ({ company }) => (
  <>
    <p class="crumbs">
      <a href={`${CONSOLE}/companies`}>Companies</a> /
    </p>
    <h1>{company.name}</h1>
    <p>
      <a href={`${CONSOLE}/terminals?companyId=${company.id}`}>Its terminals</a>
    </p>
    <ApiForm action={`PATCH /api/v1/companies/${company.id}`} then="reload" submit="Save" label="Company settings">
      <CompanyFields company={company} />
    </ApiForm>
  </>
);
