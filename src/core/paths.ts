// What may follow /provision/, and how a model's file pattern matches it.
import { MAC_IN_PATH } from "./mac";

export const MAX_PATH_LENGTH = 255;

/**
 * Decodes the part of the URL after `/provision/` and returns it, or null when it must be refused:
 * traversal, a backslash, a NUL or other control character, an encoded slash, bad percent-encoding,
 * an empty path or one over 255 characters.
 */
export function provisionPath(rawPath: string): string | null {
  if (rawPath.length === 0 || rawPath.length > MAX_PATH_LENGTH * 3) return null;
  if (/%2f|%5c/i.test(rawPath)) return null;
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  return isSafePath(path) ? path : null;
}

/**
 * A relative path of 1..255 characters with no traversal, no backslash, no control character and
 * no empty segment. Applies to what phones ask for and to the file names operators give models.
 */
export function isSafePath(path: string): boolean {
  if (path.length === 0 || path.length > MAX_PATH_LENGTH) return false;
  // Unicode's control characters, C1 included: NEL (U+0085) breaks lines in logs like LF does.
  if (/[\\\p{Cc}]/u.test(path)) return false;
  return !path.split("/").some((segment) => segment === "" || segment === "." || segment.includes(".."));
}

/** Compiled patterns, so that a request does not build its regex again (they are stateless: no `g`). */
const compiled = new Map<string, RegExp>();
/** Far more than any catalog holds; past it the cache starts over rather than grow. */
const MAX_COMPILED = 1000;

/** A model's `specificPattern` (`{mac}` once, the rest literal) as an anchored, case-insensitive regex. */
export function compilePattern(pattern: string): RegExp {
  let regex = compiled.get(pattern);
  if (regex === undefined) {
    const [before, after] = splitPattern(pattern);
    regex = new RegExp(`^${escapeRegExp(before)}(${MAC_IN_PATH})${escapeRegExp(after)}$`, "i");
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(pattern, regex);
  }
  return regex;
}

/** The literal text before and after `{mac}`; throws when the pattern does not hold exactly one. */
export function splitPattern(pattern: string): [string, string] {
  const parts = pattern.split("{mac}");
  if (parts.length !== 2) throw new Error("a file pattern holds {mac} exactly once");
  return [parts[0]!, parts[1]!];
}

/** The MAC (normalised) that `path` carries where `pattern` says, or null when it does not match. */
export function matchPattern(pattern: string, path: string): string | null {
  const match = compilePattern(pattern).exec(path);
  return match ? match[1]!.replace(/[:-]/g, "").toLowerCase() : null;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
