/**
 * @module Compiles a subscription (types, realms, filters) and the token's restrictions
 * into one predicate, once per subscription: no parsing per event. Regular expressions
 * run on re2js (linear time), are length-capped, and backreferences are refused.
 */
import { RE2JS } from 're2js';
import type { RealmEvent } from '../pipeline/events.ts';
import type { Principal } from './auth.ts';
import {
  type ErrorCode,
  type Filters,
  type MatchFilter,
  type NearFilter,
  PROTOCOL_LIMITS,
} from './protocol.ts';
import { catalogTypesMatching, checkTypePattern, compileTypePatterns } from './typePatterns.ts';

/** What a subscription asks for (after schema validation). */
export interface SubscriptionSpec {
  /** Type patterns; omitted means every type. */
  types?: readonly string[];
  /** Realm ids; omitted means every realm the token may see. */
  realms?: readonly string[];
  /** Field filters. */
  filters?: Filters;
}

/** A compiled subscription. */
export interface CompiledSubscription {
  /** True for events the subscription delivers. */
  readonly predicate: (event: RealmEvent) => boolean;
  /** Filter values counted against `maxFilters`. */
  readonly filterCount: number;
  /**
   * Identifies the predicate: subscriptions with equal keys select the same events, so a
   * tick is filtered once per key, not once per client (see `tickFilter.ts`).
   */
  readonly key: string;
}

/** Why a subscription was refused. */
export interface SubscriptionRefusal {
  readonly code: ErrorCode;
  readonly message: string;
}

/** Result of {@link compileSubscription}. */
export type CompileResult =
  | { ok: true; compiled: CompiledSubscription }
  | { ok: false; refusal: SubscriptionRefusal };

type Data = Record<string, unknown>;
type Test = (event: RealmEvent, data: Data) => boolean;

const refuse = (code: ErrorCode, message: string): CompileResult => ({
  ok: false,
  refusal: { code, message },
});

/**
 * Compiles a subscription for a principal.
 *
 * ## Example
 * ```ts
 * const result = compileSubscription({ types: ['chat.*'], filters: { map: 0 } }, principal, 16);
 * if (result.ok) events$.pipe(filter(({ event }) => result.compiled.predicate(event)));
 * ```
 *
 * @param spec Types, realms and filters.
 * @param principal The token's principal (its realm and type restrictions apply).
 * @param maxFilters Most filter values allowed.
 * @returns The compiled predicate, or why it was refused.
 */
export function compileSubscription(
  spec: SubscriptionSpec,
  principal: Principal,
  maxFilters: number,
): CompileResult {
  const patterns = spec.types ?? ['*'];
  for (const pattern of patterns) {
    const problem = checkTypePattern(pattern);
    if (problem) return refuse('unknown_type', problem);
  }
  if (principal.types) {
    const allowed = new Set(catalogTypesMatching(principal.types));
    for (const pattern of patterns) {
      if (!catalogTypesMatching([pattern]).some((type) => allowed.has(type))) {
        return refuse('forbidden', `this token may not subscribe to '${pattern}'`);
      }
    }
  }
  if (spec.realms && principal.realms) {
    const allowed = new Set(principal.realms);
    const denied = spec.realms.find((realm) => !allowed.has(realm));
    if (denied !== undefined) {
      return refuse('forbidden', `this token may not see realm '${denied}'`);
    }
  }

  const filters = spec.filters ?? {};
  const match = filters.match === undefined
    ? []
    : Array.isArray(filters.match)
    ? filters.match
    : [filters.match];
  const filterCount = (filters.character?.length ?? 0) + (filters.account?.length ?? 0) +
    (filters.map?.length ?? 0) + (filters.zone?.length ?? 0) + (filters.near ? 1 : 0) +
    match.length;
  if (filterCount > maxFilters) {
    return refuse('too_many_filters', `${filterCount} filter values; at most ${maxFilters}`);
  }

  const tests: Test[] = [];
  const typeOk = compileTypePatterns(patterns);
  const tokenTypeOk = compileTypePatterns(principal.types);
  tests.push((event) => typeOk(event.type) && tokenTypeOk(event.type));
  const realms = spec.realms ?? principal.realms;
  if (realms) {
    const set = new Set(realms);
    tests.push((event) => set.has(event.realm));
  }
  if (filters.character) tests.push(nameTest('character', filters.character));
  if (filters.account) tests.push(nameTest('account', filters.account));
  if (filters.map) tests.push(intTest('map', filters.map));
  if (filters.zone) tests.push(intTest('zone', filters.zone));
  if (filters.near) tests.push(nearTest(filters.near));
  for (const entry of match) {
    const compiled = compilePattern(entry);
    if (!compiled.ok) return refuse('bad_pattern', compiled.message);
    tests.push(compiled.test);
  }

  const predicate = (event: RealmEvent) => {
    const data = event.data as Data;
    for (const test of tests) if (!test(event, data)) return false;
    return true;
  };
  // Everything the predicate depends on, in a stable shape.
  const key = JSON.stringify([patterns, principal.types ?? null, realms ?? null, filters]);
  return { ok: true, compiled: { predicate, filterCount, key } };
}

function ownString(data: Data, field: string): string | undefined {
  if (!Object.hasOwn(data, field)) return undefined;
  const value = data[field];
  return typeof value === 'string' ? value : undefined;
}

function nameTest(field: string, names: readonly string[]): Test {
  const set = new Set(names.map((name) => name.toLowerCase()));
  return (_event, data) => {
    const value = ownString(data, field);
    return value !== undefined && set.has(value.toLowerCase());
  };
}

function intTest(field: string, values: readonly number[]): Test {
  const set = new Set(values);
  return (_event, data) => Object.hasOwn(data, field) && set.has(data[field] as number);
}

function nearTest(near: NearFilter): Test {
  const radiusSquared = near.radius * near.radius;
  return (_event, data) => {
    if (near.map !== undefined && (!Object.hasOwn(data, 'map') || data.map !== near.map)) {
      return false;
    }
    const position = Object.hasOwn(data, 'position') ? data.position : undefined;
    if (typeof position !== 'object' || position === null) return false;
    const { x, y, z } = position as { x?: unknown; y?: unknown; z?: unknown };
    if (typeof x !== 'number' || typeof y !== 'number') return false;
    const dz = near.z === undefined ? 0 : typeof z === 'number' ? z - near.z : NaN;
    const distanceSquared = (x - near.x) ** 2 + (y - near.y) ** 2 + dz * dz;
    return distanceSquared <= radiusSquared;
  };
}

// `\1`..`\9` and `\k<name>` are backreferences: no linear-time engine can run them.
const BACKREFERENCE = /\\(?:[1-9]|k<)/;

/**
 * Compiles one `match` filter with re2js.
 *
 * @param entry Field, pattern and case flag.
 * @returns The test, or why the pattern was refused.
 */
export function compilePattern(
  entry: MatchFilter,
): { ok: true; test: Test } | { ok: false; message: string } {
  const { field, pattern } = entry;
  if (pattern.length > PROTOCOL_LIMITS.maxPatternLength) {
    return {
      ok: false,
      message:
        `pattern is ${pattern.length} characters; at most ${PROTOCOL_LIMITS.maxPatternLength}`,
    };
  }
  if (BACKREFERENCE.test(pattern)) {
    return { ok: false, message: 'backreferences are not supported (linear-time engine)' };
  }
  let regex: RE2JS;
  try {
    regex = RE2JS.compile(pattern, entry.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
  } catch (error) {
    return { ok: false, message: `invalid pattern: ${(error as Error).message}`.slice(0, 300) };
  }
  return {
    ok: true,
    test: (_event, data) => {
      const value = ownString(data, field);
      return value !== undefined && regex.test(value);
    },
  };
}
