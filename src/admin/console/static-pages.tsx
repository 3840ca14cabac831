// Pages that need no data: signing in, and importing a file (checked by a dry run before anything is written).
import type { FC } from "hono/jsx";

export const SignInPage: FC = () => (
  <>
    <h1>Sign in</h1>
    <form id="sign-in" class="narrow" novalidate aria-label="Sign in">
      <div class="field">
        <label for="token">API token</label>
        <input id="token" name="token" type="password" autocomplete="current-password" required aria-describedby="token-hint" />
        <small id="token-hint" class="hint">
          The admin API's bearer token. It is kept in this tab only (sessionStorage) and is gone when the tab closes.
        </small>
      </div>
      <div class="actions">
        <button type="submit">Sign in</button>
        <p class="form-status" role="status" aria-live="polite"></p>
      </div>
    </form>
  </>
);

export const ImportPage: FC = () => (
  <>
    <h1>Import terminals</h1>
    <p class="hint">
      A CSV file (the columns of the export, <code>GET /api/v1/terminals/export</code>: <code>companyId</code>, <code>model</code> or{" "}
      <code>modelId</code>, <code>mac</code>, <code>name</code>, <code>username</code>, <code>password</code>, …) or a JSON array of terminals. Every row
      is checked first and nothing is written until you import; an import is all or nothing.
    </p>
    <form id="import" class="narrow" novalidate aria-label="Import terminals">
      <div class="field">
        <label for="import-file">File (CSV or JSON)</label>
        <input id="import-file" name="file" type="file" accept=".csv,.json,text/csv,application/json" required />
      </div>
      <div class="actions">
        <button type="submit" name="check">
          Check file
        </button>
        <button type="button" id="import-now" hidden>
          Import
        </button>
        <p class="form-status" role="status" aria-live="polite"></p>
      </div>
    </form>
    <section id="import-errors" hidden aria-labelledby="import-errors-h">
      <h2 id="import-errors-h">Rows to fix</h2>
      <div class="table-wrap">
        <table class="list">
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">Column</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody></tbody>
        </table>
      </div>
    </section>
  </>
);
