// The page every console URL answers with: navigation, and either the page's static content (sign-in,
// import) or an empty <main> the console script fills with the page's view, read with the tab's token.
import type { Child, FC } from "hono/jsx";
import { ASSET_VERSION } from "./assets";

export const CONSOLE = "/console";

/**
 * Only this Worker's own script and stylesheet may run or apply: no inline script or style (no nonce
 * either: nothing inline is needed), no other host, no framing, forms and requests to this origin only.
 * An injected tag in any value would be inert even if escaping ever failed.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");

export const SECURITY_HEADERS: Record<string, string> = {
  "content-security-policy": CONTENT_SECURITY_POLICY,
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "cross-origin-opener-policy": "same-origin",
};

const NAV: [href: string, label: string][] = [
  [`${CONSOLE}/`, "Fleet"],
  [`${CONSOLE}/terminals`, "Terminals"],
  [`${CONSOLE}/unknown-devices`, "Unknown devices"],
  [`${CONSOLE}/companies`, "Companies"],
  [`${CONSOLE}/import`, "Import"],
];

interface LayoutProps {
  title: string;
  /** The nav entry to mark as the current page. */
  section?: string;
  /** The view the script loads into <main> (a path under /console/view). */
  view?: string;
  signedOut?: boolean;
  children?: Child;
}

export const Layout: FC<LayoutProps> = ({ title, section, view, signedOut, children }) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{`${title} · edgeprov console`}</title>
      <link rel="icon" href={`${CONSOLE}/assets/icon.svg?v=${ASSET_VERSION}`} type="image/svg+xml" />
      <link rel="stylesheet" href={`${CONSOLE}/assets/console.css?v=${ASSET_VERSION}`} />
      <script src={`${CONSOLE}/assets/console.js?v=${ASSET_VERSION}`} defer></script>
    </head>
    <body>
      <a class="skip" href="#main">Skip to content</a>
      <header>
        <span class="brand">edgeprov</span>
        {signedOut ? null : (
          <nav aria-label="Console">
            <ul>
              {NAV.map(([href, label]) => (
                <li>
                  <a href={href} aria-current={label === section ? "page" : undefined}>
                    {label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        )}
        {signedOut ? null : (
          <button type="button" id="sign-out">
            Sign out
          </button>
        )}
      </header>
      <p id="flash" class="flash" role="status" aria-live="polite"></p>
      <main id="main" tabindex={-1} data-view={view} aria-busy={view ? "true" : undefined}>
        {view ? <p class="loading">Loading…</p> : children}
      </main>
    </body>
  </html>
);

export const page = (node: unknown) => `<!doctype html>${String(node)}`;
