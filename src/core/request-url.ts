// The parts of a request's URL the phone path reads on every request, taken from the string the runtime
// serialised (`request.url`) without parsing it again: a generic file needs only its path and, for the
// base URL it writes, the scheme and host. `new URL` is left to the requests that need the rest (the
// Digest check reads the query string).

export interface UrlParts {
  /** As URL.protocol: `https:`. */
  protocol: string;
  /** As URL.host: the hostname, and the port when it is not the scheme's default. */
  host: string;
  /** As URL.pathname: still percent-encoded. */
  pathname: string;
}

/** `url` must be absolute and serialised by the URL parser (a Request's url is). */
export function urlParts(url: string): UrlParts {
  const colon = url.indexOf(":");
  const hostStart = colon + 3;
  let pathStart = url.indexOf("/", hostStart);
  if (pathStart < 0) pathStart = url.length;
  let end = url.length;
  for (let i = pathStart; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c === 0x3f /* ? */ || c === 0x23 /* # */) {
      end = i;
      break;
    }
  }
  return { protocol: url.slice(0, colon + 1), host: url.slice(hostStart, pathStart), pathname: pathStart < end ? url.slice(pathStart, end) : "/" };
}
