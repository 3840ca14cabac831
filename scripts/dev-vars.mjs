// Local dev's .dev.vars (git ignores it), shared by `npm start` and `npm run dev`, and the one way to give
// both Workers a setting: `wrangler dev --var` reaches only the first Worker of `-c … -c …`. Both read it;
// the phone Worker takes only its [vars] and the secrets wrangler.toml's [secrets] lists (no ADMIN_TOKEN).
import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";

/** The admin API is closed without a token: local dev gets one, and MAC files over plain HTTP. */
export function ensureDevVars() {
  if (!existsSync(".dev.vars")) {
    // Hex: safe anywhere on a command line (a base64url secret may start with "-" and read as an option);
    // 24 bytes are 48 characters, past the admin API's 32-character minimum.
    const secret = () => randomBytes(24).toString("hex");
    writeFileSync(".dev.vars", `ADMIN_TOKEN=${secret()}\nDIGEST_SIGNING_KEY=${secret()}\nREQUIRE_HTTPS=false\n`);
    console.log("Created .dev.vars with a random ADMIN_TOKEN (admin API) and DIGEST_SIGNING_KEY (Digest nonces).");
  } else if (!/^REQUIRE_HTTPS=/m.test(readFileSync(".dev.vars", "utf8"))) {
    // So the admin API's config preview writes the same URLs as the phone Worker serves.
    appendFileSync(".dev.vars", "\n# Local dev only: MAC files over plain HTTP (both Workers read this file).\nREQUIRE_HTTPS=false\n");
    console.log("Added REQUIRE_HTTPS=false to .dev.vars (local dev serves MAC files over plain HTTP).");
  }
  const token = /^ADMIN_TOKEN=(.*)$/m.exec(readFileSync(".dev.vars", "utf8"))?.[1]?.trim();
  if (token && token.length < 32) {
    console.log("ADMIN_TOKEN in .dev.vars is under 32 characters: the admin API will answer 503. Delete .dev.vars to get a new one.");
  }
  return { token };
}

/** `wrangler dev` of both Workers: the phone Worker on `port`, the admin API's Worker behind its ADMIN binding. */
export const DEV_ARGS = ["dev", "-c", "wrangler.toml", "-c", "wrangler.admin.toml"];
