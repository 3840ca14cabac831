// HTTP details of the phone path: the one 404, strong ETags, 304 and HEAD.
import { FileTooLargeError } from "../core/render";

/** Every miss and every refusal: same status, body and headers, so no caller learns which it was. */
export function notFound(): Response {
  return new Response("Not Found\n", {
    status: 404,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
  });
}

/**
 * A strong ETag: 64 bits of a fast non-cryptographic hash of the body's bytes (two 32-bit multiply-xor
 * lanes over its little-endian 32-bit words, then its last bytes, mixed at the end, as in bryc's
 * public-domain cyrb53), and its length. An ETag only has to change when the body does; it is no secret
 * (it goes only to callers that get the body), and a SHA-256 cost a MAC file more than the rest of its
 * rendering. Over words, not characters: a quarter of the steps, on the bytes the response sends anyway.
 */
export function strongEtag(bytes: Uint8Array): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  const words = bytes.length >>> 2;
  // A fresh encoder's buffer starts at offset 0, aligned; another view is copied first.
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  const view = new Uint32Array(aligned.buffer, aligned.byteOffset, words);
  for (let i = 0; i < words; i++) {
    const w = view[i]!;
    h1 = Math.imul(h1 ^ w, 2654435761);
    h2 = Math.imul(h2 ^ w, 1597334677);
  }
  for (let i = words * 4; i < bytes.length; i++) {
    h1 = Math.imul(h1 ^ bytes[i]!, 2654435761);
    h2 = Math.imul(h2 ^ bytes[i]!, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return `"${hex32(h1)}${hex32(h2)}-${bytes.length.toString(16)}"`;
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

/** A file's body, as the UTF-8 it is sent in, with its strong ETag. */
export interface RenderedFile {
  body: Uint8Array;
  etag: string;
}

const utf8 = new TextEncoder();

export function renderedFile(text: string): RenderedFile {
  const body = utf8.encode(text);
  return { body, etag: strongEtag(body) };
}

/** The file `render` makes, or null when it renders over the size limit (FileTooLargeError, src/core/render.ts). */
export function renderedUnlessTooLarge(render: () => string): RenderedFile | null {
  try {
    return renderedFile(render());
  } catch (err) {
    if (err instanceof FileTooLargeError) return null;
    throw err;
  }
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

/**
 * A HEAD on a company that locks after the first fetch: the status and type, no ETag and never a 304.
 * The HEAD does not use the first fetch up, so an ETag (a fast hash of a file that holds passwords)
 * would let anyone who knows the MAC test password guesses offline, and If-None-Match online.
 */
export function headWithoutFile(contentType: string): Response {
  return new Response(null, { status: 200, headers: { "content-type": contentType, "cache-control": "no-store" } });
}

/** The auth challenge: the one refusal that is not the 404, for terminals of companies with auth. */
export function unauthorized(challenges: string[]): Response {
  const headers = new Headers({ "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" });
  for (const challenge of challenges) headers.append("www-authenticate", challenge);
  return new Response("Unauthorized\n", { status: 401, headers });
}
