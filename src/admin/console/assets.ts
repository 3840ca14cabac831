// The console's script and stylesheet (bundled as text: the Text rule in both wrangler files), and a
// version derived from their content: the pages ask for `?v=<version>`, so a deploy never mixes a new page
// with a cached older script, and the browser may keep each version for good.
import script from "./assets/edgeprov-console.js";
import style from "./assets/edgeprov-console.css";

export { script, style };

/** FNV-1a (32 bits) of both files: not for security, only to change the URL when the content changes. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(36);
}

export const ASSET_VERSION = fnv1a(script + style);
