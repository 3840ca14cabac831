// Where a phone is sent next, decided alike for the file it gets and for the admin API's preview of it.

/** The settings this depends on (both Workers have them). */
export interface BaseUrlSettings {
  REQUIRE_HTTPS: string;
  PUBLIC_BASE_URL: string;
}

/** MAC files (credentials) only over HTTPS, unless REQUIRE_HTTPS is "false". */
export function requiresHttps(env: Pick<BaseUrlSettings, "REQUIRE_HTTPS">): boolean {
  return env.REQUIRE_HTTPS !== "false";
}

/**
 * Where the phone goes next: PUBLIC_BASE_URL when set, else this host. HTTPS whenever MAC files
 * require it, so a generic file fetched over plain HTTP still moves the phone to HTTPS.
 */
export function provisioningBaseUrl(env: BaseUrlSettings, url: Pick<URL, "protocol" | "host">): string {
  if (env.PUBLIC_BASE_URL) return env.PUBLIC_BASE_URL.replace(/\/+$/, "");
  const protocol = requiresHttps(env) ? "https:" : url.protocol;
  return `${protocol}//${url.host}/provision`;
}
