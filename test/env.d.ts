import type { D1Migration } from "cloudflare:test";

declare global {
  namespace Cloudflare {
    interface Env {
      TEST_MIGRATIONS: D1Migration[];
      /** max_batch_size of the RECORDS consumer in wrangler.toml (vitest.config.ts). */
      TEST_RECORDS_BATCH_SIZE: number;
      TEST_RECORDS_WINDOW_MS: string;
      ADMIN_TOKEN?: string;
      DIGEST_SIGNING_KEY?: string;
    }
    // Types `exports.default` from "cloudflare:workers" as our Worker.
    interface GlobalProps {
      mainModule: typeof import("../src/phone/worker");
    }
  }
}
