import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { experimental_readRawConfig } from "wrangler";
import { defineConfig } from "vitest/config";

/** The admin token the tests use (test/api.ts sends it). */
export const TEST_ADMIN_TOKEN = "test-admin-token-0123456789-abcdefghij";
const TEST_DIGEST_SIGNING_KEY = "test-digest-signing-key";

export default defineConfig(async () => {
  // The same migrations wrangler applies, applied by test/setup.ts inside workerd.
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "drizzle"));
  // The RECORDS consumer's batch size, for test/records-storm.test.ts to deliver batches as Queues would.
  const { rawConfig } = experimental_readRawConfig({ config: path.join(import.meta.dirname, "wrangler.toml") });
  const windowMs = rawConfig.vars?.RECORDS_WINDOW_MS;
  const batchSize = rawConfig.queues?.consumers?.find((q) => q.queue === rawConfig.queues?.producers?.find((p) => p.binding === "RECORDS")?.queue)?.max_batch_size;
  // wrangler.toml's [secrets] (local dev) names DIGEST_SIGNING_KEY: without a .dev.vars wrangler looks for
  // it in the environment, warns when it is missing and says where it looked, for every test file. The
  // bindings below set it for the tests anyway: give it the same value, and keep wrangler to warnings.
  process.env.DIGEST_SIGNING_KEY ??= TEST_DIGEST_SIGNING_KEY;
  process.env.WRANGLER_LOG ??= "warn";
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        // The phone Worker with the admin Worker behind its ADMIN binding, in one isolate (test/worker.ts).
        main: "./test/worker.ts",
        // nodejs_compat only so vitest's own node:inspector import resolves (it printed a warning per file).
        miniflare: {
          compatibilityFlags: ["nodejs_compat"],
          // Set here, not only in wrangler.toml: a developer's .dev.vars (`npm start` writes REQUIRE_HTTPS=false
          // into it) would otherwise run the suite with other settings.
          bindings: {
            TEST_MIGRATIONS: migrations,
            TEST_RECORDS_BATCH_SIZE: batchSize ?? 0,
            TEST_RECORDS_WINDOW_MS: String(windowMs ?? ""),
            // Records gather for 10 ms, not wrangler.toml's second: tests that send phones one by one wait it out.
            RECORDS_WINDOW_MS: "10",
            ADMIN_TOKEN: TEST_ADMIN_TOKEN,
            DIGEST_SIGNING_KEY: TEST_DIGEST_SIGNING_KEY,
            REQUIRE_HTTPS: "true",
            PUBLIC_BASE_URL: "",
          },
          // wrangler.toml binds ADMIN to this Worker; test/worker.ts answers ADMIN itself, so it is never called.
          workers: [
            {
              name: "edgeprov-admin",
              modules: true,
              script: `export default { fetch() { return new Response("ADMIN is answered by test/worker.ts", { status: 500 }); } };`,
            },
          ],
        },
      }),
    ],
    test: {
      include: ["test/**/*.test.ts"],
      setupFiles: ["./test/setup.ts"],
      // A few tests render every model or walk a year of time-zone offsets: seconds on a busy 2-core machine.
      testTimeout: 30_000,
      // The phone path logs one JSON line per request (src/phone/provision-log.ts): thousands in a run.
      // And the RECORDS consumer logs one line per batch (src/phone/records-queue.ts).
      onConsoleLog: (log) => (log.includes('"event":"provision"') || log.includes('"event":"records"') ? false : undefined),
    },
  };
});
