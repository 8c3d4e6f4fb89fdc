/**
 * @module Event type patterns (`*`, `player.login`, `player.*`, `server.shutdown.*`):
 * validation against the catalog and compilation into a memoised matcher.
 */
import { EVENT_TYPES } from '../pipeline/events.ts';

const PATTERN = /^(\*|[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*(\.\*)?)$/;
// Distinct event type names a matcher remembers; beyond this it just computes.
const MEMO_LIMIT = 256;

/**
 * Whether one type pattern matches one type: `*` matches all, `a.*` matches every type
 * below `a.` (not `a` itself), anything else matches exactly.
 *
 * @param pattern A pattern.
 * @param type An event type.
 * @returns Whether it matches.
 */
export function typeMatches(pattern: string, type: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}

/**
 * Checks a pattern's syntax and that it matches at least one catalog type.
 *
 * @param pattern The pattern.
 * @returns An error message, or undefined when valid.
 */
export function checkTypePattern(pattern: string): string | undefined {
  if (!PATTERN.test(pattern)) return `'${pattern}' is not a type pattern (like player.* or *)`;
  if (!EVENT_TYPES.some((type) => typeMatches(pattern, type))) {
    return `'${pattern}' matches no event type`;
  }
  return undefined;
}

/**
 * Compiles patterns into a predicate on type names; results are memoised per type name,
 * so the per-event cost is one map lookup.
 *
 * @param patterns Patterns (any matches); undefined means every type.
 * @returns The predicate.
 */
export function compileTypePatterns(
  patterns: readonly string[] | undefined,
): (type: string) => boolean {
  if (!patterns || patterns.includes('*')) return () => true;
  const list = [...patterns];
  const memo = new Map<string, boolean>();
  return (type) => {
    const known = memo.get(type);
    if (known !== undefined) return known;
    const result = list.some((pattern) => typeMatches(pattern, type));
    if (memo.size < MEMO_LIMIT) memo.set(type, result);
    return result;
  };
}

/**
 * The catalog types a set of patterns selects.
 *
 * @param patterns Patterns; undefined means all.
 * @returns Matching catalog types.
 */
export function catalogTypesMatching(patterns: readonly string[] | undefined): string[] {
  const matches = compileTypePatterns(patterns);
  return EVENT_TYPES.filter((type) => matches(type));
}
