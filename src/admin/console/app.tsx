// The web console at /console/. Pages are shells anyone may load: they hold no data. The tab's token
// (sessionStorage, never a cookie) is sent by the console script as a bearer header to /console/view/*,
// which renders each page's data server-side (hono/jsx escapes every value) from the admin API itself,
// and to /api/v1 for every change. No cookie means no CSRF; the strict CSP keeps anything injected inert.
import { Hono, type Context } from "hono";
import type { AdminEnv } from "../env";
import { apiGet, ApiRefusal, companiesAndModels, type Company, type Page, type Terminal } from "./api";
import { ASSET_VERSION, icon, script, style } from "./assets";
import { CompaniesView, CompanyView } from "./companies";
import { FleetView, type FleetSummary } from "./fleet";
import { CONSOLE, Layout, page, SECURITY_HEADERS } from "./layout";
import { ImportPage, SignInPage } from "./static-pages";
import { TerminalView, type ProvisioningEvent } from "./terminal";
import { FILTER_KEYS, TerminalsView, type TerminalFilters } from "./terminals";
import { UnknownDevicesView, type UnknownDevice } from "./unknown-devices";

export const consoleApp = new Hono<AdminEnv>();

// Full paths, mounted at "/": a sub-app mounted at /console cannot answer /console/ (Hono joins "/console"
// and "/" as "/console").
consoleApp.use(`${CONSOLE}/*`, async (c, next) => {
  await next();
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(name, value);
});

consoleApp.get(`${CONSOLE}/assets/console.js`, (c) => asset(c, script, "text/javascript; charset=utf-8"));
consoleApp.get(`${CONSOLE}/assets/console.css`, (c) => asset(c, style, "text/css; charset=utf-8"));
consoleApp.get(`${CONSOLE}/assets/icon.svg`, (c) => asset(c, icon, "image/svg+xml"));

function asset(c: Context, body: string, type: string) {
  // Pages name the content's version in the URL (./assets.ts): an older or missing `v` gets a short life.
  const current = c.req.query("v") === ASSET_VERSION;
  return c.body(body, 200, { "content-type": type, "cache-control": current ? "public, max-age=31536000, immutable" : "no-cache" });
}

// Views: the data of each page, for the console script. Each reads the API as the caller.
const views = new Hono<AdminEnv>();

views.use(async (c, next) => {
  await next();
  c.header("cache-control", "no-store");
});

views.get("/fleet", async (c) => c.html(<FleetView summary={await apiGet<FleetSummary>(c, "/fleet/summary")} />));

views.get("/terminals", async (c) => {
  const filters: TerminalFilters = {};
  for (const key of FILTER_KEYS) {
    const value = c.req.query(key);
    if (value) filters[key] = value;
  }
  const query = new URLSearchParams(filters as Record<string, string>);
  const [list, { companies, models }] = await Promise.all([apiGet<Page<Terminal>>(c, `/terminals?${query}`), companiesAndModels(c)]);
  return c.html(<TerminalsView terminals={list.items} nextCursor={list.nextCursor} filters={filters} companies={companies} models={models} />);
});

views.get("/terminals/:mac", async (c) => {
  const path = `/terminals/${encodeURIComponent(c.req.param("mac"))}`;
  const [terminal, config, events, { companies, models }] = await Promise.all([
    apiGet<Terminal>(c, path),
    // A read token may not see the preview (it holds SIP passwords), and a file over the size limit has
    // none (422, with its size): the page shows the rest, and why.
    apiGet<string>(c, `${path}/config`).catch((err) => {
      if (err instanceof ApiRefusal && err.status === 403) return null;
      if (err instanceof ApiRefusal && err.status === 422) return { refused: err.message };
      throw err;
    }),
    apiGet<{ items: ProvisioningEvent[] }>(c, `${path}/events`),
    companiesAndModels(c),
  ]);
  return c.html(<TerminalView terminal={terminal} config={config} events={events.items} companies={companies} models={models} />);
});

views.get("/unknown-devices", async (c) => {
  const cursor = c.req.query("cursor");
  const [list, { companies, models }] = await Promise.all([
    apiGet<Page<UnknownDevice>>(c, `/unknown-devices?${new URLSearchParams(cursor ? { cursor } : {})}`),
    companiesAndModels(c),
  ]);
  return c.html(<UnknownDevicesView devices={list.items} nextCursor={list.nextCursor} cursor={cursor} companies={companies} models={models} />);
});

views.get("/companies", async (c) => {
  const { q, cursor } = c.req.query();
  const query = new URLSearchParams({ ...(q ? { q } : {}), ...(cursor ? { cursor } : {}) });
  const list = await apiGet<Page<Company>>(c, `/companies?${query}`);
  return c.html(<CompaniesView companies={list.items} nextCursor={list.nextCursor} cursor={cursor} q={q} />);
});

views.get("/companies/:id", async (c) => {
  const company = await apiGet<Company>(c, `/companies/${encodeURIComponent(c.req.param("id"))}`);
  return c.html(<CompanyView company={company} />);
});

// A mounted sub-app's notFound is never called (see ../app.ts): a last catch-all instead.
views.all("*", (c) => c.html(<p class="error">No such page.</p>, 404));

// The API's refusal, as the view's status (the script signs out on 401) and its message, escaped.
views.onError((err, c) => {
  if (!(err instanceof ApiRefusal)) throw err;
  const message = err.status === 404 ? "Not found." : (err.body.error?.message ?? "The API refused.");
  return c.html(<p class="error" role="alert">{message}</p>, err.status as 400);
});

consoleApp.route(`${CONSOLE}/view`, views);

// Shells: the same for everyone, signed in or not; the script fills <main> from the view of the same path.
const shell = (title: string, section: string, view: (c: Context) => string) => (c: Context) =>
  c.html(page(<Layout title={title} section={section} view={`${CONSOLE}/view${view(c)}`} />));
const search = (c: Context) => new URL(c.req.url).search;

consoleApp.get(`${CONSOLE}/`, shell("Fleet", "Fleet", () => "/fleet"));
consoleApp.get(`${CONSOLE}/terminals`, shell("Terminals", "Terminals", (c) => `/terminals${search(c)}`));
consoleApp.get(`${CONSOLE}/terminals/:mac`, shell("Terminal", "Terminals", (c) => `/terminals/${encodeURIComponent(c.req.param("mac")!)}`));
consoleApp.get(`${CONSOLE}/unknown-devices`, shell("Unknown devices", "Unknown devices", (c) => `/unknown-devices${search(c)}`));
consoleApp.get(`${CONSOLE}/companies`, shell("Companies", "Companies", (c) => `/companies${search(c)}`));
consoleApp.get(`${CONSOLE}/companies/:id`, shell("Company", "Companies", (c) => `/companies/${encodeURIComponent(c.req.param("id")!)}`));
consoleApp.get(`${CONSOLE}/import`, (c) =>
  c.html(
    page(
      <Layout title="Import" section="Import">
        <ImportPage />
      </Layout>,
    ),
  ),
);
consoleApp.get(`${CONSOLE}/signin`, (c) =>
  c.html(
    page(
      <Layout title="Sign in" signedOut>
        <SignInPage />
      </Layout>,
    ),
  ),
);

consoleApp.all(`${CONSOLE}/*`, (c) =>
  c.html(
    page(
      <Layout title="Not found">
        <h1>Not found</h1>
        <p>
          <a href={`${CONSOLE}/`}>Back to the fleet</a>
        </p>
      </Layout>,
    ),
    404,
  ),
);
