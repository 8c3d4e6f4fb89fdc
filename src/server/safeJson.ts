/**
 * @module Parses untrusted client JSON with a nesting limit checked before parsing, so a
 * deeply nested message costs one linear scan and never a deep recursion.
 */

/** Result of {@link parseClientJson}. */
export type ParsedJson =
  | { ok: true; value: unknown }
  | { ok: false; code: 'bad_json' | 'too_deep'; message: string };

/**
 * The deepest nesting of objects and arrays in a JSON text, ignoring brackets inside
 * strings. Stops counting once `limit` is exceeded.
 *
 * @param text JSON text.
 * @param limit Depth at which to stop.
 * @returns The depth (at most `limit + 1`).
 */
export function jsonDepth(text: string, limit: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return max;
}

/**
 * Parses a client message: depth-checked, then `JSON.parse`. `__proto__` keys become
 * ordinary own properties (JSON.parse never touches prototypes); the strict schemas then
 * refuse them as unknown keys.
 *
 * @param text The message text.
 * @param maxDepth Deepest nesting allowed.
 * @returns The value, or an error code and message.
 */
export function parseClientJson(text: string, maxDepth: number): ParsedJson {
  if (jsonDepth(text, maxDepth) > maxDepth) {
    return { ok: false, code: 'too_deep', message: `JSON nested deeper than ${maxDepth}` };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, code: 'bad_json', message: 'message is not valid JSON' };
  }
}
