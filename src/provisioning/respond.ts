// HTTP details of the phone path: the one 404, strong ETags, 304 and HEAD.
import { hex } from "../secrets";

/** Every miss and every refusal: same status, body and headers, so no caller learns which it was. */
export function notFound(): Response {
  return new Response("Not Found\n", {
    status: 404,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
  });
}

export async function strongEtag(body: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(body));
  return `"${hex(digest).slice(0, 32)}"`;
}

/** If-None-Match uses the weak comparison (RFC 9110 13.1.2): `W/` prefixes are ignored. */
export function etagMatches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === "*") return true;
  return ifNoneMatch.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}

/** A file's body with its strong ETag. */
export interface RenderedFile {
  body: string;
  etag: string;
}

export async function renderedFile(body: string): Promise<RenderedFile> {
  return { body, etag: await strongEtag(body) };
}

export interface FileResponse {
  request: Request;
  file: RenderedFile;
  contentType: string;
  cacheControl: string;
}

export function fileResponse({ request, file, contentType, cacheControl }: FileResponse): Response {
  const headers = { "content-type": contentType, "cache-control": cacheControl, etag: file.etag };
  if (etagMatches(request.headers.get("if-none-match"), file.etag)) return new Response(null, { status: 304, headers });
  return new Response(request.method === "HEAD" ? null : file.body, { status: 200, headers });
}

/** The auth challenge: the one refusal that is not the 404, for terminals of companies with auth. */
export function unauthorized(challenges: string[]): Response {
  const headers = new Headers({ "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" });
  for (const challenge of challenges) headers.append("www-authenticate", challenge);
  return new Response("Unauthorized\n", { status: 401, headers });
}
