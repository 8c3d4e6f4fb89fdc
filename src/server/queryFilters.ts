/**
 * @module Subscription filters from a query string, for the HTTP routes (`/api/events`,
 * `/events`): the same filters as a WebSocket `subscribe`, written as parameters.
 *
 * `types=player.*,chat.message` `realms=world-1` `character=Thrall,Jaina` `account=ADMIN`
 * `map=0,1` `zone=12` `near=x,y,radius` or `near=x,y,z,radius` (+ `nearMap=0`)
 * `match=field:pattern` (repeatable; `imatch=` ignores case).
 */
import * as v from 'valibot';
import { filtersSchema } from './protocol.ts';
import type { SubscriptionSpec } from './filters.ts';

/** Result of {@link specFromQuery}. */
export type QuerySpec = { ok: true; spec: SubscriptionSpec } | { ok: false; message: string };

const list = (value: string | null) =>
  value === null ? undefined : value.split(',').map((item) => item.trim()).filter(Boolean);

function numbers(name: string, value: string | null): number[] | undefined | string {
  const items = list(value);
  if (!items) return undefined;
  const parsed = items.map(Number);
  return parsed.every(Number.isFinite) ? parsed : `${name}: numbers expected`;
}

/**
 * Reads types, realms and filters from query parameters.
 *
 * @param params The URL's search parameters.
 * @returns The subscription spec, or a message naming the first problem.
 */
export function specFromQuery(params: URLSearchParams): QuerySpec {
  const filters: Record<string, unknown> = {};
  for (const name of ['character', 'account'] as const) {
    const values = list(params.get(name));
    if (values) filters[name] = values;
  }
  for (const name of ['map', 'zone'] as const) {
    const values = numbers(name, params.get(name));
    if (typeof values === 'string') return { ok: false, message: values };
    if (values) filters[name] = values;
  }
  const near = numbers('near', params.get('near'));
  if (typeof near === 'string') return { ok: false, message: near };
  if (near) {
    if (near.length !== 3 && near.length !== 4) {
      return { ok: false, message: 'near: x,y,radius or x,y,z,radius' };
    }
    const [x, y] = near;
    const radius = near[near.length - 1];
    const nearMap = numbers('nearMap', params.get('nearMap'));
    if (typeof nearMap === 'string') return { ok: false, message: nearMap };
    filters.near = {
      x,
      y,
      ...(near.length === 4 ? { z: near[2] } : {}),
      radius,
      ...(nearMap ? { map: nearMap[0] } : {}),
    };
  }
  const match: unknown[] = [];
  for (const [name, ignoreCase] of [['match', false], ['imatch', true]] as const) {
    for (const value of params.getAll(name)) {
      const colon = value.indexOf(':');
      if (colon < 1) return { ok: false, message: `${name}: field:pattern expected` };
      match.push({ field: value.slice(0, colon), pattern: value.slice(colon + 1), ignoreCase });
    }
  }
  if (match.length) filters.match = match;
  const parsed = v.safeParse(filtersSchema, filters);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = issue.path?.map((item) => String(item.key)).join('.') ?? '';
    return { ok: false, message: path ? `${path}: ${issue.message}` : issue.message };
  }
  return {
    ok: true,
    spec: {
      types: list(params.get('types')),
      realms: list(params.get('realms')),
      filters: Object.keys(filters).length ? parsed.output : undefined,
    },
  };
}

/**
 * Parses a resume position from `since` / `Last-Event-ID`: an event id `epoch:seq`, or a
 * bare `seq` meaning the current epoch.
 *
 * @param value The parameter or header.
 * @param currentEpoch The hub's epoch (used for a bare number).
 * @returns The position, undefined when absent, or null when malformed.
 */
export function parsePosition(
  value: string | null | undefined,
  currentEpoch: string,
): { epoch: string; seq: number } | undefined | null {
  if (value === null || value === undefined || value === '') return undefined;
  const match = /^(?:([A-Za-z0-9_-]{1,64}):)?(\d{1,15})$/.exec(value.trim());
  if (!match) return null;
  return { epoch: match[1] ?? currentEpoch, seq: Number(match[2]) };
}
