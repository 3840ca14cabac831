// Small readers the phone behaviours share.
import { LANGUAGES } from "../../src/core/languages";
import { BootFailure, type Endpoint, type FileResponse, type Settings } from "./types";

/** `host:port` or `host` (5060), as SIP settings write a server; a `;transport=...` suffix is dropped. */
export function endpoint(value: string): Endpoint {
  const bare = value.replace(/;.*$/, "");
  const match = /^(.*):(\d+)$/.exec(bare);
  return match ? { host: match[1]!, port: match[2]! } : { host: bare, port: "5060" };
}

export function nonEmptyMatching(settings: Settings, key: RegExp): string[] {
  return [...settings].filter(([name, value]) => key.test(name) && value !== "").map(([, value]) => value);
}

/** The English name of an ISO 639-1 code (`es` → `Spanish`), or undefined for a code nobody knows. */
export function englishName(code: string | undefined): string | undefined {
  return code === undefined ? undefined : LANGUAGES[code.toLowerCase()];
}

/** The code whose value in `table` is `value` (vendor spelling → ISO code). */
export function codeOf(table: Readonly<Record<string, string>>, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return Object.keys(table).find((code) => table[code] === value);
}

/** The user of a URL's `user:password@`, decoded. */
export function urlUser(url: string | undefined): string | undefined {
  const match = /^[a-z][a-z0-9+.-]*:\/\/([^/@]*)@/i.exec(url ?? "");
  if (!match) return undefined;
  return decodeURIComponent(match[1]!.split(":")[0]!);
}

export { macWithColons as colons } from "../../src/core/mac";

/** A file the phone cannot do without: anything but 200 ends the boot. */
export function mustHave(file: FileResponse, what: string): FileResponse {
  if (file.status !== 200) throw new BootFailure(`${what} ${file.url} answered ${file.status}`);
  return file;
}

/** Reads a file the phone got; a file the phone would reject ends the boot. */
export function readFile(parse: (body: string) => Settings, file: FileResponse, what: string): Settings {
  try {
    return parse(file.body);
  } catch (err) {
    throw new BootFailure(`${what} ${file.url} is not a file the phone accepts: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Later settings win (a MAC file over a common file). */
export function merge(...layers: Settings[]): Settings {
  const merged = new Map<string, string>();
  for (const layer of layers) for (const [k, v] of layer) merged.set(k, v);
  return merged;
}

/** An absolute URL for `target`, relative ones resolved against the provisioning root. */
export function resolveUrl(base: string, target: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(target) ? target : `${base}/${target.replace(/^\/+/, "")}`;
}
