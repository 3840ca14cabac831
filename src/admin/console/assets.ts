// The console's script and stylesheet (bundled as text: the Text rule in both wrangler files), and a
// version derived from their content: the pages ask for `?v=<version>`, so a deploy never mixes a new page
// with a cached older script, and the browser may keep each version for good.
import script from "./assets/edgeprov-console.js";
import style from "./assets/edgeprov-console.css";

export { script, style };

/** The tab's icon (ours: a rounded square with a plus), so that browsers stop asking /favicon.ico on every page. */
export const icon = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#1f4e8c"/><path d="M4 8h8M8 4v8" stroke="#fff" stroke-width="2"/></svg>`;

/** FNV-1a (32 bits) of the files: not for security, only to change the URL when the content changes. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(36);
}

export const ASSET_VERSION = fnv1a(script + style + icon);
