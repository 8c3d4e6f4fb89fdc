/**
 * @module The read API under `/api` (viewer token enough): realm status, recent events from
 * the hub's history (for dashboards and bots that poll), and gateway statistics.
 */
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { StampedEvent } from '../../pipeline/hub.ts';
import { maySeeRealm } from '../auth.ts';
import { compileSubscription } from '../filters.ts';
import type { AuthEnv } from '../httpAuth.ts';
import { parsePosition, specFromQuery } from '../queryFilters.ts';
import type { GatewayServices } from '../services.ts';

/** Largest `limit` of `/api/events`. */
export const MAX_EVENTS_LIMIT = 1000;
const DEFAULT_EVENTS_LIMIT = 100;

const badRequest = (message: string, cause = 'bad_request') =>
  new HTTPException(400, { message, cause });

/**
 * Builds the `/api` routes; mount behind {@link requireToken}.
 *
 * @param services Shared gateway services.
 * @returns A Hono sub-app.
 */
export function createApiRoutes(services: GatewayServices): Hono<AuthEnv> {
  const { hub, registry, metrics } = services;
  const api = new Hono<AuthEnv>();

  api.get('/realms', (c) => {
    metrics.countRequest('/api/realms');
    const principal = c.get('principal');
    const realms = (services.realms?.list() ?? []).filter((realm) =>
      maySeeRealm(principal, realm.id)
    );
    return c.json({ realms });
  });

  api.get('/events', (c) => {
    metrics.countRequest('/api/events');
    const params = new URL(c.req.url).searchParams;
    const query = specFromQuery(params);
    if (!query.ok) throw badRequest(query.message, 'bad_filter');
    const compiled = compileSubscription(
      query.spec,
      c.get('principal'),
      services.config.server.maxFilters,
    );
    if (!compiled.ok) {
      throw new HTTPException(compiled.refusal.code === 'forbidden' ? 403 : 400, {
        message: compiled.refusal.message,
        cause: compiled.refusal.code,
      });
    }
    const limitText = params.get('limit');
    const limit = limitText === null ? DEFAULT_EVENTS_LIMIT : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_EVENTS_LIMIT) {
      throw badRequest(`limit must be an integer from 1 to ${MAX_EVENTS_LIMIT}`);
    }
    const position = parsePosition(params.get('since'), hub.epoch);
    if (position === null) throw badRequest('since must be a seq or an event id epoch:seq');
    const { predicate } = compiled.compiled;
    let events: StampedEvent[];
    let recovered: boolean | undefined;
    let more = false;
    if (position) {
      const resumption = hub.since(position);
      recovered = resumption.recovered;
      const afterSeq = position.epoch === hub.epoch ? position.seq : 0;
      const matching = hub.recent({ afterSeq }).filter((item) => predicate(item.event));
      more = matching.length > limit;
      events = matching.slice(0, limit);
    } else {
      const matching = hub.recent().filter((item) => predicate(item.event));
      events = matching.slice(Math.max(0, matching.length - limit));
    }
    // The hub serialised every event once; the body is those strings joined.
    const head = JSON.stringify({ epoch: hub.epoch, seq: hub.seq, recovered, more }).slice(0, -1);
    const body = `${head},"events":[${events.map((item) => item.json).join(',')}]}`;
    return c.body(body, 200, { 'content-type': 'application/json; charset=utf-8' });
  });

  api.get('/stats', (c) => {
    metrics.countRequest('/api/stats');
    let ws = 0;
    let sse = 0;
    let queuedEvents = 0;
    let queuedBytes = 0;
    for (const client of registry.clients()) {
      if (client.transport === 'ws') ws++;
      else sse++;
      queuedEvents += client.queuedEvents();
      queuedBytes += client.queuedBytes();
    }
    const now = services.now();
    return c.json({
      epoch: hub.epoch,
      seq: hub.seq,
      uptimeSeconds: Math.floor((now - services.startedAt) / 1000),
      clients: { ws, sse, total: ws + sse },
      resources: registry.resources(),
      queues: { events: queuedEvents, bytes: queuedBytes },
      batchWindowMs: registry.batchWindowMs(services.scheduler.now()),
      hub: hub.stats(),
      connections: metrics.connections,
      delivered: metrics.delivered,
      framesSent: metrics.framesSent,
      dropped: Object.fromEntries(metrics.dropped),
      closes: Object.fromEntries(metrics.closes),
      refused: Object.fromEntries(metrics.refused),
      protocolErrors: metrics.protocolErrors,
      heartbeatTimeouts: metrics.heartbeatTimeouts,
    });
  });

  return api;
}
