/** @module Event type patterns (`player.login`, `player.*`, `*`) compiled into a predicate. */

/** Most patterns accepted in one filter. */
export const MAX_TYPE_PATTERNS = 64;

/**
 * Compiles type patterns into a predicate: an exact type, a prefix wildcard (`player.*`
 * matches `player.login` and `player.zone`), or `*` for everything. No patterns (or
 * undefined) matches everything.
 *
 * @param patterns Type patterns.
 * @returns The predicate.
 * @throws RangeError for more than 64 patterns or an empty/ill-formed one.
 */
export function typeMatcher(patterns: readonly string[] | undefined): (type: string) => boolean {
  if (!patterns || patterns.length === 0 || patterns.includes('*')) return () => true;
  if (patterns.length > MAX_TYPE_PATTERNS) {
    throw new RangeError(`at most ${MAX_TYPE_PATTERNS} type patterns`);
  }
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const pattern of patterns) {
    if (!/^[a-z0-9_]+(\.[a-z0-9_]+)*(\.\*)?$/i.test(pattern) || pattern.length > 128) {
      throw new RangeError(`invalid type pattern '${pattern}'`);
    }
    if (pattern.endsWith('.*')) prefixes.push(pattern.slice(0, -1));
    else exact.add(pattern);
  }
  return (type) => exact.has(type) || prefixes.some((prefix) => type.startsWith(prefix));
}
