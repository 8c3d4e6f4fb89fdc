/**
 * @module Redaction of configured fields (dotted paths such as `data.ip`) before an event
 * reaches a recording. Events without any of the fields keep their pre-serialised JSON, so
 * the common case costs one property lookup per path.
 */

/** What a redacted string becomes. */
export const REDACTED = '[redacted]';

/** Fields redacted when the configuration says nothing. */
export const DEFAULT_REDACT = ['data.ip'] as const;

/** Result of a redactor: the JSON to write, and whether anything was removed. */
export interface Redaction {
  /** The event's JSON after redaction (the input string when nothing matched). */
  readonly json: string;
  /** Whether a field was redacted. */
  readonly changed: boolean;
}

/** Redacts one event given as object and JSON. */
export type Redactor = (event: object, json: string) => Redaction;

/**
 * Compiles dotted paths into a redactor. A segment `*` matches every key or array index
 * at that level (`data.players.*.ip`). A matched string becomes `"[redacted]"` (so string
 * fields keep their type); any other matched value is removed.
 *
 * ## Example
 * ```ts
 * const redact = compileRedactor(['data.ip']);
 * redact(event, json).json; // the JSON with data.ip = "[redacted]"
 * ```
 *
 * @param paths Dotted paths, relative to the event (`data.ip`, `data.players.*.ip`).
 * @returns The redactor.
 * @throws RangeError for an empty path or segment.
 */
export function compileRedactor(paths: readonly string[]): Redactor {
  const compiled = paths.map((path) => {
    const segments = path.split('.');
    if (path === '' || segments.some((segment) => segment === '')) {
      throw new RangeError(`invalid redaction path '${path}'`);
    }
    return segments;
  });
  if (compiled.length === 0) return (_event, json) => ({ json, changed: false });
  return (event, json) => {
    if (!compiled.some((segments) => has(event, segments, 0))) return { json, changed: false };
    const copy = JSON.parse(json) as object;
    for (const segments of compiled) strip(copy, segments, 0);
    return { json: JSON.stringify(copy), changed: true };
  };
}

function children(node: unknown, segment: string): [string | number, unknown][] {
  if (typeof node !== 'object' || node === null) return [];
  const record = node as Record<string, unknown>;
  if (segment !== '*') return Object.hasOwn(record, segment) ? [[segment, record[segment]]] : [];
  return Array.isArray(node) ? node.map((item, i) => [i, item]) : Object.entries(record);
}

function has(node: unknown, segments: readonly string[], depth: number): boolean {
  for (const [, child] of children(node, segments[depth])) {
    if (depth === segments.length - 1) return true;
    if (has(child, segments, depth + 1)) return true;
  }
  return false;
}

function strip(node: unknown, segments: readonly string[], depth: number): void {
  for (const [key, child] of children(node, segments[depth])) {
    if (depth < segments.length - 1) {
      strip(child, segments, depth + 1);
      continue;
    }
    const container = node as Record<string | number, unknown>;
    if (typeof child === 'string') container[key] = REDACTED;
    else if (Array.isArray(node)) container[key] = null;
    else delete container[key];
  }
}
