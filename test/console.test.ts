// The web console's routes (docs/console.md): shells anyone may load but that hold no data, views that
// need the token and escape every value, a strict CSP on everything, nothing inline to allow.
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
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
