// The edgeprov console's only script (docs/console.md). It keeps the API token in this tab's
// sessionStorage, sends it as a bearer header, loads each page's view (HTML rendered and escaped by the
// server) into <main>, sends forms to the API as JSON, and puts each error next to the field it names.
// Everything it writes itself goes through textContent.
"use strict";

const TOKEN = "edgeprov.token";
const BOOKMARK = "edgeprov.bookmark";
const SIGN_IN = "/console/signin";
const main = document.getElementById("main");

function headers(extra) {
  const h = { authorization: `Bearer ${sessionStorage.getItem(TOKEN)}`, ...extra };
  const bookmark = sessionStorage.getItem(BOOKMARK);
  // So that a page read after a write sees it, whichever D1 replica answers.
  if (bookmark) h["x-d1-bookmark"] = bookmark;
  return h;
}

async function call(method, url, body, type = "application/json") {
  const init = { method, headers: headers(body === undefined ? {} : { "content-type": type }) };
  if (body !== undefined) init.body = typeof body === "string" ? body : JSON.stringify(body);
  const res = await fetch(url, init);
  const bookmark = res.headers.get("x-d1-bookmark");
  if (bookmark) sessionStorage.setItem(BOOKMARK, bookmark);
  if (res.status === 401) signOut(true);
  const json = (res.headers.get("content-type") || "").startsWith("application/json") ? await res.json() : null;
  return { ok: res.ok, status: res.status, json };
}

function signOut(expired) {
  sessionStorage.removeItem(TOKEN);
  sessionStorage.removeItem(BOOKMARK);
  const next = expired ? `?next=${encodeURIComponent(location.pathname + location.search)}` : "";
  location.assign(SIGN_IN + next);
}

// ---- Views -------------------------------------------------------------------------------------

async function loadView() {
  const res = await fetch(main.dataset.view, { headers: headers() });
  if (res.status === 401) return signOut(true);
  // The view is the server's HTML, every value escaped there; the CSP keeps any script in it from running.
  main.innerHTML = await res.text();
  main.removeAttribute("aria-busy");
  const title = main.querySelector("h1");
  if (title) document.title = `${title.textContent.trim()} · edgeprov console`;
}

// ---- Forms to the API ------------------------------------------------------------------------------

/**
 * The JSON body of a form: each named control's value at its dotted path (`lines.0.username`). Checkboxes
 * sharing a name (`data-type="set"`) give the array of the values ticked, `[]` when none is.
 */
function formBody(form) {
  const body = {};
  const nullParents = [];
  const sets = new Map();
  for (const el of form.elements) {
    if (!el.name || el.disabled || el.type === "submit" || el.type === "button" || el.type === "file") continue;
    if (el.dataset.type === "set") {
      if (!sets.has(el.name)) sets.set(el.name, []);
      if (el.checked) sets.get(el.name).push(el.value);
      continue;
    }
    let value = el.type === "checkbox" ? el.checked : el.value;
    if (el.dataset.type === "int" && value !== "") value = Number(value);
    if (el.dataset.type === "list") value = value.split(/[\n,]/).map((s) => s.trim()).filter(Boolean);
    if (value === "") {
      if (el.dataset.empty === "omit") continue;
      if (el.dataset.empty === "null") value = null;
      if (el.dataset.empty === "null-parent") nullParents.push(el.name.split(".").slice(0, -1));
    }
    setPath(body, el.name.split("."), value);
  }
  for (const [name, values] of sets) setPath(body, name.split("."), values);
  for (const path of nullParents) setPath(body, path, null);
  return body;
}

function setPath(target, path, value) {
  let at = target;
  path.forEach((key, i) => {
    if (i === path.length - 1) return (at[key] = value);
    if (at[key] === undefined || at[key] === null) at[key] = /^\d+$/.test(path[i + 1]) ? [] : {};
    at = at[key];
  });
}

/**
 * Leaves out the rows of `name` whose fields are all blank (a position aside): a blank line row is no
 * line. Returns, for each row sent, the row of the form, so errors (`lines.1.username`) find their field.
 */
function dropEmptyRows(body, name) {
  const rows = body[name];
  if (!Array.isArray(rows)) return [];
  const kept = [];
  const formRow = [];
  rows.forEach((row, i) => {
    const blank = Object.entries(row).every(([k, v]) => k === "position" || v === "" || v === null || v === undefined);
    if (!blank) kept.push(row) && formRow.push(i);
  });
  body[name] = kept;
  return formRow;
}

function clearErrors(form) {
  for (const p of form.querySelectorAll(".field-error")) p.remove();
  for (const el of form.querySelectorAll("[aria-invalid]")) {
    el.removeAttribute("aria-invalid");
    el.setAttribute("aria-describedby", (el.getAttribute("aria-describedby") || "").replace(/\s*err-\S+/g, "").trim());
  }
}

let errorCount = 0;

/**
 * Shows one error under the control its path names, or its nearest named parent (`policy.allowedNetworks.2`).
 * A name several controls share (a group of checkboxes) has the error under the group, and every box marked.
 */
function showFieldError(form, path, message) {
  const parts = path.split(".");
  for (let n = parts.length; n > 0; n--) {
    const found = form.elements.namedItem(parts.slice(0, n).join("."));
    const els = found instanceof RadioNodeList ? [...found] : found instanceof Element ? [found] : [];
    if (els.length === 0) continue;
    const rest = parts.slice(n);
    const p = document.createElement("p");
    p.className = "field-error";
    p.id = `err-${++errorCount}`;
    p.textContent = rest.length && /^\d+$/.test(rest[0]) ? `item ${Number(rest[0]) + 1}: ${message}` : message;
    (els[0].closest(".field") || els[0].parentElement).append(p);
    for (const el of els) {
      el.setAttribute("aria-invalid", "true");
      el.setAttribute("aria-describedby", `${el.getAttribute("aria-describedby") || ""} ${p.id}`.trim());
    }
    return true;
  }
  return false;
}

function showErrors(form, error, formRow) {
  const status = form.querySelector(".form-status");
  const unplaced = [];
  for (const d of error.details || []) {
    const path = d.path.replace(/^(\w+)\.(\d+)\./, (m, name, i) => `${name}.${formRow[Number(i)] ?? i}.`);
    if (!showFieldError(form, path, d.message)) unplaced.push(`${d.path}: ${d.message}`);
  }
  status.textContent = [error.message, ...unplaced].join(" — ");
  status.className = "form-status error";
  const first = form.querySelector("[aria-invalid]");
  if (first) first.focus();
}

async function submitApiForm(form) {
  if (form.dataset.confirm && !confirm(form.dataset.confirm)) return;
  document.getElementById("flash").textContent = "";
  clearErrors(form);
  const status = form.querySelector(".form-status");
  status.className = "form-status";
  status.textContent = "Sending…";
  const [method, url] = form.dataset.api.split(" ");
  const body = formBody(form);
  const formRow = form.dataset.dropEmpty ? dropEmptyRows(body, form.dataset.dropEmpty) : [];
  const hasFields = Object.keys(body).length > 0;
  const res = await call(method, url, hasFields ? body : undefined);
  if (!res.ok) return showErrors(form, res.json?.error || { message: `The API answered ${res.status}` }, formRow);
  status.textContent = "Saved.";
  const then = form.dataset.then;
  if (then === "reload") {
    await loadView();
    document.getElementById("flash").textContent = "Saved.";
    return main.focus();
  }
  location.assign(then.replace(/\{(\w+)\}/g, (m, key) => encodeURIComponent(res.json?.[key] ?? "")));
}

// ---- Import: a dry run first, then the same file for real ------------------------------------

let importFile = null;

async function checkImport(form) {
  const file = form.elements.file.files[0];
  const status = form.querySelector(".form-status");
  const now = document.getElementById("import-now");
  now.hidden = true;
  clearErrors(form);
  if (!file) return showFieldError(form, "file", "Choose a CSV or JSON file");
  const type = /\.json$/i.test(file.name) || file.type.includes("json") ? "application/json" : "text/csv";
  importFile = { text: await file.text(), type };
  status.className = "form-status";
  status.textContent = "Checking…";
  const res = await call("POST", "/api/v1/terminals/import?dryRun=true", importFile.text, type);
  showImportResult(form, res, () => {
    status.textContent = `${res.json.valid} terminal(s) are valid. Nothing has been written yet.`;
    now.textContent = `Import ${res.json.valid} terminal(s)`;
    now.hidden = false;
    now.focus();
  });
}

async function runImport(form) {
  const status = form.querySelector(".form-status");
  document.getElementById("import-now").hidden = true;
  status.textContent = "Importing…";
  const res = await call("POST", "/api/v1/terminals/import", importFile.text, importFile.type);
  showImportResult(form, res, () => {
    status.textContent = `Created ${res.json.created} terminal(s).`;
  });
}

function showImportResult(form, res, onSuccess) {
  const section = document.getElementById("import-errors");
  const tbody = section.querySelector("tbody");
  tbody.replaceChildren();
  section.hidden = true;
  if (res.ok) return onSuccess();
  const status = form.querySelector(".form-status");
  status.className = "form-status error";
  status.textContent = res.json?.error?.message || `The API answered ${res.status}`;
  const rows = (res.json?.error?.details || []).filter((d) => d.row !== undefined);
  for (const d of rows) {
    const tr = tbody.insertRow();
    for (const text of [d.row, d.field, d.message]) tr.insertCell().textContent = String(text);
  }
  section.hidden = rows.length === 0;
}

// ---- Sign in ---------------------------------------------------------------------------------

async function signIn(form) {
  clearErrors(form);
  const token = form.elements.token.value.trim();
  if (!token) return showFieldError(form, "token", "Enter the API token");
  const res = await fetch("/api/v1/fleet/summary", { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) {
    const error = (await res.json().catch(() => null))?.error;
    return showFieldError(form, "token", error?.message || `The API answered ${res.status}`) && form.elements.token.focus();
  }
  sessionStorage.setItem(TOKEN, token);
  const next = new URLSearchParams(location.search).get("next") || "";
  // Only a console path: a crafted link must not send the operator elsewhere after signing in.
  location.assign(next.startsWith("/console/") ? next : "/console/");
}

// ---- Wiring ----------------------------------------------------------------------------------

document.addEventListener("submit", (event) => {
  const form = event.target;
  const handler =
    form.id === "sign-in" ? signIn : form.id === "import" ? checkImport : form.dataset.api ? submitApiForm : null;
  if (!handler) return; // plain GET forms (filters, search) navigate as usual
  event.preventDefault();
  handler(form).catch((err) => {
    const status = form.querySelector(".form-status");
    if (status) status.textContent = `Could not reach the API (${err.message})`;
  });
});

document.addEventListener("click", (event) => {
  if (event.target.id === "sign-out") signOut(false);
  if (event.target.id === "import-now") runImport(document.getElementById("import"));
});

if (location.pathname !== SIGN_IN && !sessionStorage.getItem(TOKEN)) signOut(true);
else if (main.dataset.view) {
  loadView().catch((err) => {
    main.removeAttribute("aria-busy");
    main.textContent = `Could not reach the console (${err.message}). Reload the page to try again.`;
  });
}
