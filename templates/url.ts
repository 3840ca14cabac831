// URL spellings that several families need and Mustache cannot compute: the provisioning root without
// its scheme (vendors that take the protocol in a separate setting) and with HTTP credentials in it
// (vendors whose only place for them is the URL).

/** `https` or `http`: the scheme of an absolute URL such as `provisioning.baseUrl`. */
export function scheme(url: string): "http" | "https" {
  return url.toLowerCase().startsWith("https:") ? "https" : "http";
}

/** The same URL over plain HTTP: `http://provision.example.com/provision`. */
export function plainHttp(url: string): string {
  return url.replace(/^https:/i, "http:");
}

/** `provision.example.com/provision` for `https://provision.example.com/provision`. */
export function withoutScheme(url: string): string {
  return url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "");
}

/** The URL with `user:password@` before its host, both percent-encoded, or the URL as it is without credentials. */
export function withCredentials(url: string, auth: { username: string; password: string } | null): string {
  if (!auth) return url;
  const match = /^([a-z][a-z0-9+.-]*:\/\/)(.*)$/i.exec(url);
  if (!match) return url;
  return `${match[1]}${encodeURIComponent(auth.username)}:${encodeURIComponent(auth.password)}@${match[2]}`;
}

/** The language's region most phones pair it with, as `es-ES`; English is `en-US`. */
const REGIONS: Readonly<Record<string, string>> = {
  ar: "SA", ca: "ES", cs: "CZ", da: "DK", de: "DE", el: "GR", en: "US", es: "ES", eu: "ES", fi: "FI", fr: "FR",
  he: "IL", hu: "HU", it: "IT", ja: "JP", ko: "KR", nb: "NO", nl: "NL", pl: "PL", pt: "PT", ro: "RO", ru: "RU",
  sk: "SK", sl: "SI", sv: "SE", tr: "TR", uk: "UA", zh: "CN",
};

export function locale(code: string, separator = "-"): string {
  return `${code}${separator}${REGIONS[code] ?? code.toUpperCase()}`;
}
