// Small pieces the views share. Every control has a label; a form's `name`s are the API's field paths
// (`lines.0.username`), so the script puts each error the API returns next to the field it names.
import type { Child, FC } from "hono/jsx";

/** An id for a label's control, unique in the page (one view may hold several forms with the same names). */
const nextId = (name: string) => `f-${name.replace(/[^\w-]/g, "-")}-${crypto.randomUUID().slice(0, 8)}`;

interface FieldProps {
  label: string;
  name: string;
  value?: string | number | null;
  type?: string;
  hint?: string;
  required?: boolean;
  /** How the script reads the value: `int`, or `list` (one item a line). */
  dataType?: "int" | "list";
  /** What an empty value sends: nothing (`omit`) or `null`. By default the empty string. */
  empty?: "omit" | "null";
  placeholder?: string;
  autocomplete?: string;
  multiline?: boolean;
}

export const Field: FC<FieldProps> = (p) => {
  const id = nextId(p.name);
  const hint = p.hint ? `${id}-hint` : undefined;
  const common = {
    id,
    name: p.name,
    required: p.required,
    "data-type": p.dataType,
    "data-empty": p.empty,
    "aria-describedby": hint,
    placeholder: p.placeholder,
    autocomplete: p.autocomplete ?? "off",
  };
  return (
    <div class="field">
      <label for={id}>{p.label}</label>
      {p.multiline ? (
        <textarea {...common} rows={3}>
          {p.value ?? ""}
        </textarea>
      ) : (
        <input {...common} type={p.type ?? "text"} value={p.value ?? ""} />
      )}
      {p.hint ? (
        <small id={hint} class="hint">
          {p.hint}
        </small>
      ) : null}
    </div>
  );
};

export interface Option {
  value: string | number;
  label: string;
}

interface SelectProps {
  label: string;
  name: string;
  options: Option[];
  value?: string | number | null;
  /** A first option with an empty value ("Any", "Guessed model", …). */
  blank?: string;
  dataType?: "int";
  empty?: "omit" | "null" | "null-parent";
  required?: boolean;
}

export const Select: FC<SelectProps> = (p) => {
  const id = nextId(p.name);
  return (
    <div class="field">
      <label for={id}>{p.label}</label>
      <select id={id} name={p.name} data-type={p.dataType} data-empty={p.empty} required={p.required}>
        {p.blank !== undefined ? <option value="">{p.blank}</option> : null}
        {p.options.map((o) => (
          <option value={String(o.value)} selected={String(o.value) === String(p.value ?? "")}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
};

export const Checkbox: FC<{ label: string; name: string; checked: boolean }> = (p) => {
  const id = nextId(p.name);
  return (
    <div class="field check">
      <input type="checkbox" id={id} name={p.name} checked={p.checked} />
      <label for={id}>{p.label}</label>
    </div>
  );
};

interface CheckboxesProps {
  legend: string;
  name: string;
  options: Option[];
  /** The values ticked. */
  checked: readonly string[];
  hint?: string;
}

/**
 * A choice of any number of values, sent as the array of those ticked (`[]` when none is, so clearing them
 * all is a change too): every box has the group's name and `data-type="set"`, which the script collects.
 * The group, not a box, is the `field`: an error for its name is shown under the whole group.
 */
export const Checkboxes: FC<CheckboxesProps> = (p) => {
  const id = nextId(p.name);
  const hint = p.hint ? `${id}-hint` : undefined;
  return (
    <fieldset class="field choices" aria-describedby={hint}>
      <legend>{p.legend}</legend>
      <div class="choice-list">
        {p.options.map((o, i) => (
          <div class="check">
            <input type="checkbox" id={`${id}-${i}`} name={p.name} value={String(o.value)} data-type="set" checked={p.checked.includes(String(o.value))} />
            <label for={`${id}-${i}`}>{o.label}</label>
          </div>
        ))}
      </div>
      {p.hint ? (
        <small id={hint} class="hint">
          {p.hint}
        </small>
      ) : null}
    </fieldset>
  );
};

interface ApiFormProps {
  /** `METHOD /api/v1/...` the form sends its fields to, as JSON. */
  action: string;
  /** After success: a console URL (`{field}` filled from the JSON answer), or `reload` to read the view again. */
  then: string;
  submit: string;
  /** Asked before sending (deletes). */
  confirm?: string;
  /** Arrays whose blank rows are left out (`lines`). */
  dropEmpty?: string;
  label?: string;
  class?: string;
  children?: Child;
}

export const ApiForm: FC<ApiFormProps> = (p) => (
  <form
    class={p.class ?? "api-form"}
    data-api={p.action}
    data-then={p.then}
    data-confirm={p.confirm}
    data-drop-empty={p.dropEmpty}
    aria-label={p.label}
    novalidate
  >
    {p.children}
    <div class="actions">
      <button type="submit">{p.submit}</button>
      <p class="form-status" role="status" aria-live="polite"></p>
    </div>
  </form>
);

/** A horizontal bar chart as a table: the numbers are read by everyone, the bars are for the eye. */
export const Bars: FC<{ caption: string; rows: { label: string; value: number; href?: string }[]; empty: string }> = ({ caption, rows, empty }) => {
  const max = Math.max(1, ...rows.map((r) => r.value));
  return (
    <figure class="chart">
      <figcaption>{caption}</figcaption>
      {rows.length === 0 ? (
        <p class="muted">{empty}</p>
      ) : (
        <table>
          <tbody>
            {rows.map((r) => (
              <tr>
                <th scope="row">{r.href ? <a href={r.href}>{r.label}</a> : r.label}</th>
                <td class="num">{r.value}</td>
                <td class="bar" aria-hidden="true">
                  <svg viewBox="0 0 100 10" preserveAspectRatio="none" width="100%" height="12" focusable="false">
                    <rect width={r.value === 0 ? "0" : Math.max(1, (r.value / max) * 100).toFixed(2)} height="10" />
                  </svg>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </figure>
  );
};

export const When: FC<{ iso: string | null; never?: string }> = ({ iso, never }) =>
  iso ? <time datetime={iso}>{iso.replace("T", " ").slice(0, 16)} UTC</time> : <span class="muted">{never ?? "never"}</span>;

export const companyOptions = (companies: { id: number; name: string }[]): Option[] =>
  companies.map((c) => ({ value: c.id, label: `${c.name} (#${c.id})` }));

export const modelOptions = (models: { id: number; name: string }[]): Option[] => models.map((m) => ({ value: m.id, label: m.name }));

export const TRANSPORT_OPTIONS: Option[] = [
  { value: "udp", label: "UDP" },
  { value: "tcp", label: "TCP" },
  { value: "tls", label: "TLS" },
];
