// The web console's routes (docs/console.md): shells anyone may load but that hold no data, views that
// need the token and escape every value, a strict CSP on everything, nothing inline to allow.
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { TEMPLATE_SET_NAMES } from "../templates";
import { ADMIN_TOKEN, api, BASE } from "./api";

async function get(path: string, token: string | null = null) {
  const res = await exports.default.fetch(`${BASE}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {}, redirect: "manual" });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

const HOSTILE = `<script>alert("x")</script><img src=x onerror=alert(1)> & 'Co'`;

function expectStrictCsp(headers: Headers) {
  const csp = headers.get("content-security-policy") ?? "";
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("style-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
  expect(headers.get("x-content-type-options")).toBe("nosniff");
}

/** Nothing the CSP would have to allow: no inline script, no inline style, no event-handler attribute. */
function expectNothingInline(html: string) {
  // Attribute values are always double-quoted, a quote inside escaped: what is left are the tags themselves.
  const tags = html.replace(/"[^"]*"/g, '""');
  expect(tags).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/i);
  expect(tags).not.toMatch(/<[^>]+\sstyle=/i);
  expect(tags).not.toMatch(/<[^>]+\son[a-z]+=/i);
}

describe("console shells", () => {
  it("answers every page 200 without a token, with the strict CSP and none of the fleet's data", async () => {
    const company = await api("POST", "/companies", { name: "Shell Secret Co", sipDomain: "sip.shell.example" });
    for (const path of ["/console/", "/console/terminals?q=x", "/console/unknown-devices", "/console/companies", `/console/companies/${company.json.id}`, "/console/import", "/console/signin"]) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/html/);
      expectStrictCsp(res.headers);
      expectNothingInline(res.text);
      expect(res.text).not.toContain("Shell Secret Co");
      expect(res.text).toContain('<script src="/console/assets/console.js');
    }
    const fleet = await get("/console/");
    expect(fleet.text).toContain('data-view="/console/view/fleet"');
    expect(fleet.text).toMatch(/<nav aria-label="Console">/);
  });

  it("redirects /console to /console/ and answers an unknown console page 404 as HTML", async () => {
    const bare = await get("/console");
    expect(bare.status).toBe(301);
    expect(bare.headers.get("location")).toMatch(/\/console\/$/);
    const missing = await get("/console/nope");
    expect(missing.status).toBe(404);
    expect(missing.text).toContain("Not found");
    expectStrictCsp(missing.headers);
  });

  it("serves its script and stylesheet itself, with their types, cached for good under the version pages name", async () => {
    const version = /console\.js\?v=(\w+)"/.exec((await get("/console/")).text)?.[1];
    expect(version).toBeTruthy();
    const current = await get(`/console/assets/console.js?v=${version}`);
    expect(current.headers.get("cache-control")).toContain("immutable");
    const js = await get("/console/assets/console.js");
    expect(js.headers.get("cache-control")).toBe("no-cache");
    expect(js.text).toBe(current.text);
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(js.text).toContain("sessionStorage");
    expect(js.text).not.toMatch(/document\.cookie|localStorage\.setItem/);
    const css = await get("/console/assets/console.css");
    expect(css.headers.get("content-type")).toMatch(/^text\/css/);
    expectStrictCsp(css.headers);
  });

  it("names its own icon, served from the console (the strict CSP allows images from itself only), so browsers stop asking /favicon.ico", async () => {
    const href = /<link rel="icon" href="([^"]+)"/.exec((await get("/console/")).text)?.[1];
    expect(href).toMatch(/^\/console\/assets\/icon\.svg\?v=\w+$/);
    const icon = await get(href!);
    expect(icon.status).toBe(200);
    expect(icon.headers.get("content-type")).toBe("image/svg+xml");
    expect(icon.headers.get("cache-control")).toContain("immutable");
    expect(icon.text).toMatch(/^<svg /);
  });
});

describe("console views", () => {
  it("need the token: 401 without it or with a wrong one, and no data", async () => {
    for (const token of [null, "wrong-token"]) {
      const res = await get("/console/view/companies", token);
      expect(res.status).toBe(401);
      expect(res.text).not.toContain("Shell Secret Co");
      expect(res.headers.get("cache-control")).toBe("no-store");
    }
    expect((await get("/console/view/companies", ADMIN_TOKEN)).status).toBe(200);
  });

  it("escape a hostile company name everywhere it shows", async () => {
    const company = (await api("POST", "/companies", { name: HOSTILE, sipDomain: "sip.hostile.example" })).json;
    await api("POST", "/terminals", { companyId: company.id, model: "yealink-t46g", mac: "001565c0e5c1", name: HOSTILE });
    const pages = [
      "/console/view/companies",
      `/console/view/companies/${company.id}`,
      `/console/view/terminals?companyId=${company.id}`,
      "/console/view/terminals/001565c0e5c1",
      "/console/view/fleet",
    ];
    for (const path of pages) {
      const res = await get(path, ADMIN_TOKEN);
      expect(res.status, path).toBe(200);
      expectStrictCsp(res.headers);
      expect(res.text, path).not.toContain("<script>");
      expect(res.text, path).not.toContain("<img src=x");
      expect(res.text, path).toContain("&lt;script&gt;");
      expectNothingInline(res.text);
    }
    // In an attribute (the edit form's value) the quote is escaped too.
    const edit = await get(`/console/view/companies/${company.id}`, ADMIN_TOKEN);
    expect(edit.text).toMatch(/value="&lt;script&gt;alert\(&quot;x&quot;\)/);
  });

  it("show the terminal's config preview, and the API's refusal for an unknown one", async () => {
    const company = (await api("POST", "/companies", { name: "Preview Co", sipDomain: "sip.preview.example" })).json;
    await api("POST", "/terminals", { companyId: company.id, model: "yealink-t46g", mac: "001565c0e5c2", lines: [{ username: "4242", password: "pw<&>" }] });
    const view = await get("/console/view/terminals/00:15:65:C0:E5:C2", ADMIN_TOKEN);
    expect(view.status).toBe(200);
    expect(view.text).toContain("account.1.user_name = 4242");
    expect(view.text).toContain("account.1.password = pw&lt;&amp;&gt;");
    const missing = await get("/console/view/terminals/001565c0e5ff", ADMIN_TOKEN);
    expect(missing.status).toBe(404);
    expect(missing.text).toContain("Not found.");
  });

  it("pass the list filters to the API, and show its validation error", async () => {
    const bad = await get("/console/view/terminals?companyId=abc", ADMIN_TOKEN);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('role="alert"');
  });
});

// ---- The company form's policy, sent as the console's script sends it --------------------------------
// The script runs in a browser, not here: these tests read a view's form with HTMLRewriter, fill it in,
// and send what the script's formBody (src/admin/console/assets/edgeprov-console.js) would send, rule for
// rule, to the API the form names. The browser test (test/e2e/console.mjs) runs the script itself.

interface Control {
  name: string;
  type: string;
  value: string;
  checked: boolean;
  dataType: string | null;
  empty: string | null;
}

interface ApiFormOf {
  method: string;
  url: string;
  controls: Control[];
}

/** HTMLRewriter hands attribute values and text over as written: hono/jsx escapes these five. */
const unescape = (s: string) => s.replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ({ lt: "<", gt: ">", quot: '"', "#39": "'", amp: "&" })[e]!);

/** The named controls of the view's `data-api` form labelled `label`, with their values as rendered. */
async function apiForm(html: string, label: string): Promise<ApiFormOf> {
  let action = "";
  let inForm = false;
  let select: Control | null = null;
  let options = 0;
  let textarea: Control | null = null;
  const controls: Control[] = [];
  const control = (e: Element, type: string): Control => ({
    name: e.getAttribute("name") ?? "",
    type,
    value: unescape(e.getAttribute("value") ?? ""),
    checked: e.hasAttribute("checked"),
    dataType: e.getAttribute("data-type"),
    empty: e.getAttribute("data-empty"),
  });
  await new HTMLRewriter()
    .on("form", {
      element(e) {
        if (e.getAttribute("aria-label") !== label) return;
        inForm = true;
        action = e.getAttribute("data-api") ?? "";
        e.onEndTag(() => void (inForm = false));
      },
    })
    .on("input, select, textarea", {
      element(e) {
        if (!inForm || !e.getAttribute("name")) return;
        const c = control(e, e.tagName === "input" ? (e.getAttribute("type") ?? "text") : e.tagName);
        controls.push(c);
        if (e.tagName === "select") (select = c), (options = 0), e.onEndTag(() => void (select = null));
        if (e.tagName === "textarea") (textarea = c), e.onEndTag(() => void (textarea = null));
      },
      text(t) {
        if (textarea) textarea.value += unescape(t.text);
      },
    })
    .on("option", {
      // A select's value: its selected option, or its first.
      element(e) {
        if (select && (e.hasAttribute("selected") || options++ === 0)) select.value = unescape(e.getAttribute("value") ?? "");
      },
    })
    .transform(new Response(html))
    .text();
  const [method, url] = action.split(" ");
  expect(method, `a form labelled ${label}`).toBeTruthy();
  return { method: method!, url: url!, controls };
}

/** formBody of the console's script: each control's value at its dotted path, `data-type` and `data-empty` as it reads them. */
function formBody(controls: Control[]) {
  const body: Record<string, unknown> = {};
  const nullParents: string[][] = [];
  const sets = new Map<string, string[]>();
  const setPath = (path: string[], value: unknown) => {
    let at = body as Record<string, any>;
    path.forEach((key, i) => {
      if (i === path.length - 1) return void (at[key] = value);
      if (at[key] === undefined || at[key] === null) at[key] = /^\d+$/.test(path[i + 1]!) ? [] : {};
      at = at[key];
    });
  };
  for (const el of controls) {
    if (["submit", "button", "file"].includes(el.type)) continue;
    if (el.dataType === "set") {
      if (!sets.has(el.name)) sets.set(el.name, []);
      if (el.checked) sets.get(el.name)!.push(el.value);
      continue;
    }
    let value: unknown = el.type === "checkbox" ? el.checked : el.value;
    if (el.dataType === "int" && value !== "") value = Number(value);
    if (el.dataType === "list") value = (value as string).split(/[\n,]/).map((s) => s.trim()).filter(Boolean);
    if (value === "") {
      if (el.empty === "omit") continue;
      if (el.empty === "null") value = null;
      if (el.empty === "null-parent") nullParents.push(el.name.split(".").slice(0, -1));
    }
    setPath(el.name.split("."), value);
  }
  for (const [name, values] of sets) setPath(name.split("."), values);
  for (const path of nullParents) setPath(path, null);
  return body;
}

/** Where the script shows an error for `path`: the control of that name, or of its nearest named parent. */
function fieldOf(form: ApiFormOf, path: string): string | undefined {
  const parts = path.split(".");
  for (let n = parts.length; n > 0; n--) {
    const name = parts.slice(0, n).join(".");
    if (form.controls.some((c) => c.name === name)) return name;
  }
  return undefined;
}

type Edit = string | boolean | string[];

/** Fills in the form (text: its value; a checkbox: ticked or not; a group of checkboxes: the values ticked) and sends it. */
async function submit(form: ApiFormOf, edits: Record<string, Edit>) {
  for (const [name, edit] of Object.entries(edits)) {
    const named = form.controls.filter((c) => c.name === name);
    expect(named.length, `a control named ${name}`).toBeGreaterThan(0);
    for (const c of named) {
      if (Array.isArray(edit)) c.checked = edit.includes(c.value);
      else if (typeof edit === "boolean") c.checked = edit;
      else c.value = edit;
    }
  }
  return api(form.method, form.url.replace(/^\/api\/v1/, ""), formBody(form.controls));
}

async function companyForm(id: number) {
  const view = await get(`/console/view/companies/${id}`, ADMIN_TOKEN);
  expect(view.status).toBe(200);
  return apiForm(view.text, "Company settings");
}

const ticked = (form: ApiFormOf, name: string) => form.controls.filter((c) => c.name === name && c.checked).map((c) => c.value);
const valueOf = (form: ApiFormOf, name: string) => form.controls.find((c) => c.name === name)?.value;

describe("console company policy", () => {
  const ISSUER = "CN=Example Phones Issuing CA,O=Example Phones,C=ES";

  it("saves the client certificate issuer with 'Require a client certificate', shows it again, and clears it", async () => {
    // A new company, through the list's form (POST).
    const list = await get("/console/view/companies", ADMIN_TOKEN);
    const created = await submit(await apiForm(list.text, "New company"), {
      name: "Issuer Co",
      sipDomain: "sip.issuer.example",
      "policy.requireClientCertificate": true,
      "policy.clientCertificateIssuer": ISSUER,
    });
    expect(created.status, created.text).toBe(201);
    const id: number = created.json.id;
    expect((await api("GET", `/companies/${id}`)).json.policy).toMatchObject({ requireClientCertificate: true, clientCertificateIssuer: ISSUER });

    // Read again: the box is ticked and the issuer in its field; the list says whose certificates.
    let form = await companyForm(id);
    expect(form.controls.find((c) => c.name === "policy.requireClientCertificate")?.checked).toBe(true);
    expect(valueOf(form, "policy.clientCertificateIssuer")).toBe(ISSUER);
    expect((await get("/console/view/companies?q=Issuer%20Co", ADMIN_TOKEN)).text).toContain(`certificate from ${ISSUER}`);

    // Another issuer through the company's own form (PATCH), then none: unticked, the empty field sends null.
    const other = "CN=Other CA,O=Example Phones,C=ES";
    expect((await submit(form, { "policy.clientCertificateIssuer": other })).status).toBe(200);
    expect((await api("GET", `/companies/${id}`)).json.policy.clientCertificateIssuer).toBe(other);
    form = await companyForm(id);
    const off = await submit(form, { "policy.requireClientCertificate": false, "policy.clientCertificateIssuer": "" });
    expect(off.status, off.text).toBe(200);
    expect((await api("GET", `/companies/${id}`)).json.policy).toMatchObject({ requireClientCertificate: false, clientCertificateIssuer: null });
    expect(valueOf(await companyForm(id), "policy.clientCertificateIssuer")).toBe("");
  });

  it("refuses 'Require a client certificate' without an issuer at the issuer's field, and writes nothing", async () => {
    const id: number = (await api("POST", "/companies", { name: "No Issuer Co", sipDomain: "sip.no-issuer.example" })).json.id;
    const before = (await api("GET", `/companies/${id}`)).json;
    const form = await companyForm(id);
    const res = await submit(form, { name: "Renamed", "policy.requireClientCertificate": true, "policy.clientCertificateIssuer": "" });
    expect(res.status, res.text).toBe(400);
    const paths = res.json.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(["policy.clientCertificateIssuer"]);
    // The script shows it under the control of that name: the issuer's field.
    expect(fieldOf(form, paths[0])).toBe("policy.clientCertificateIssuer");
    expect(form.controls.find((c) => c.name === "policy.clientCertificateIssuer")?.type).toBe("text");
    expect((await api("GET", `/companies/${id}`)).json).toEqual(before);
  });

  it("has a checkbox for each template set, saves those ticked as allowHttpFor, shows them ticked, and clears them", async () => {
    const id: number = (await api("POST", "/companies", { name: "Plain HTTP Co", sipDomain: "sip.plain.example" })).json.id;
    let form = await companyForm(id);
    const boxes = form.controls.filter((c) => c.name === "policy.allowHttpFor");
    expect(boxes.map((c) => c.value)).toEqual(TEMPLATE_SET_NAMES);
    expect(boxes.every((c) => c.type === "checkbox" && !c.checked)).toBe(true);

    const saved = await submit(form, {
      "policy.auth.scheme": "digest",
      "policy.auth.username": "prov",
      "policy.auth.password": "Digest-Pass-1",
      "policy.allowHttpFor": ["cisco-spa", "yealink"],
    });
    expect(saved.status, saved.text).toBe(200);
    expect((await api("GET", `/companies/${id}`)).json.policy.allowHttpFor).toEqual(["cisco-spa", "yealink"]);
    form = await companyForm(id);
    expect(ticked(form, "policy.allowHttpFor")).toEqual(["cisco-spa", "yealink"]);
    expect((await get("/console/view/companies?q=Plain%20HTTP", ADMIN_TOKEN)).text).toContain("plain HTTP for cisco-spa, yealink");

    // None ticked sends [], which clears them; Digest stays (its password field left empty keeps it).
    const cleared = await submit(form, { "policy.allowHttpFor": [] });
    expect(cleared.status, cleared.text).toBe(200);
    expect((await api("GET", `/companies/${id}`)).json.policy).toMatchObject({ allowHttpFor: [], auth: { scheme: "digest", username: "prov" } });
    expect(ticked(await companyForm(id), "policy.allowHttpFor")).toEqual([]);
  });

  it("refuses allowHttpFor without Digest auth or an allowed network at its checkboxes, and writes nothing", async () => {
    const id: number = (await api("POST", "/companies", { name: "Bare HTTP Co", sipDomain: "sip.bare.example" })).json.id;
    const before = (await api("GET", `/companies/${id}`)).json;
    const form = await companyForm(id);
    const res = await submit(form, { "policy.allowHttpFor": ["cisco-spa"], "policy.auth.scheme": "basic", "policy.auth.username": "prov", "policy.auth.password": "Basic-Pass-1" });
    expect(res.status, res.text).toBe(400);
    const paths = res.json.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(["policy.allowHttpFor"]);
    expect(fieldOf(form, paths[0])).toBe("policy.allowHttpFor");
    expect((await api("GET", `/companies/${id}`)).json).toEqual(before);
    expect(ticked(await companyForm(id), "policy.allowHttpFor")).toEqual([]);
  });
});
