// HTTP details of the phone path: the one 404, strong ETags, 304 and HEAD.

/** Every miss and every refusal: same status, body and headers, so no caller learns which it was. */
export function notFound(): Response {
  return new Response("Not Found\n", {
    status: 404,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
  });
}

/**
 * A strong ETag: 64 bits of a fast non-cryptographic hash of the body (two 32-bit multiply-xor lanes
 * over its UTF-16 code units, mixed at the end, as in bryc's public-domain cyrb53), and its length. An
 * ETag only has to change when the body does; it is no secret (it goes only to callers that get the
 * body), and a SHA-256 cost a MAC file more than the rest of its rendering.
 */
export function strongEtag(body: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return `"${hex32(h1)}${hex32(h2)}-${body.length.toString(16)}"`;
}

function hex32(n: number): string {
  return (n >>> 0).toString(16).padStart(8, "0");
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

export function renderedFile(body: string): RenderedFile {
  return { body, etag: strongEtag(body) };
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
