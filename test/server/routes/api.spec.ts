import { describe, expect, it } from 'vitest';
import { serveStatic } from '@hono/node-server/serve-static';
import { parseConfig } from '../../../src/pipeline/config.ts';
import { createHub, type Hub } from '../../../src/pipeline/hub.ts';
import { createRealmStatusBoard } from '../../../src/pipeline/realmStatus.ts';
import { createApp } from '../../../src/server/app.ts';
import type { RuntimeAdapter } from '../../../src/server/runtime.ts';
import { ADMIN_TOKEN, VIEWER_TOKEN } from '../../helpers/gateway.ts';
import { chat, login, REALM } from '../fixtures.ts';

const RESTRICTED = 'restricted-token-0123456789';

// HTTP routes need no sockets: an adapter whose WebSocket helper is never reached.
const adapter: RuntimeAdapter = {
  runtime: 'node',
  runtimeVersion: 'test',
  upgradeWebSocket: (() => {
    throw new Error('no WebSockets in this test');
  }) as unknown as RuntimeAdapter['upgradeWebSocket'],
  serveStatic: (root) => serveStatic({ root }),
  remoteAddress: () => '127.0.0.1',
  bufferedAmount: () => 0,
  ping: () => false,
  onPong: () => () => {},
  terminate: () => {},
};

function build(hub: Hub = createHub({ epoch: 'ep0001' })) {
  const config = parseConfig({
    auth: {
      tokens: [
        { name: 'admin', token: ADMIN_TOKEN, role: 'admin' },
        { name: 'viewer', token: VIEWER_TOKEN, role: 'viewer' },
        { name: 'bot', token: RESTRICTED, role: 'viewer', realms: [REALM], types: ['player.*'] },
      ],
    },
  });
  const realms = createRealmStatusBoard();
  realms.register(REALM, 'trinitycore', 'World One');
  realms.register('world-2', 'azerothcore');
  realms.update(REALM, { reachable: true, lastLatencyMs: 12, players: 3, lastPollAt: 1000 });
  realms.countPoll(REALM, false, { latencyMs: 40 });
  realms.countPoll(REALM, true, { reason: 'timeout', latencyMs: 1960 });
  const app = createApp({ adapter, config, hub, version: '0.0.0-test', realms });
  // token null: no Authorization header at all.
  const get = (path: string, token: string | null = VIEWER_TOKEN) =>
    app.request(path, {
      headers: token === null ? {} : { authorization: `Bearer ${token}` },
    });
  return { app, hub, get };
}

describe('HTTP API', () => {
  it('requires a bearer token on every API route, refuses query tokens, never echoes them', async () => {
    const { get } = build();
    for (const path of ['/api/realms', '/api/events', '/api/stats', '/metrics', '/events']) {
      const missing = await get(path, null);
      expect(missing.status, path).toBe(401);
      expect(await missing.json()).toMatchObject({ error: 'unauthorized' });
      const wrong = await get(path, 'wrong-token-0123456789');
      expect(wrong.status).toBe(401);
      expect(await wrong.text()).not.toContain('wrong-token');
    }
    const query = await get(`/api/stats?token=${ADMIN_TOKEN}`, null);
    expect(query.status).toBe(400);
    const body = await query.text();
    expect(JSON.parse(body)).toMatchObject({ error: 'token_in_query' });
    expect(body).not.toContain(ADMIN_TOKEN);
  });

  it('GET /api/realms lists realm status, limited to the token realms', async () => {
    const { get } = build();
    const all = await (await get('/api/realms')).json();
    expect(all.realms).toHaveLength(2);
    expect(all.realms[0]).toMatchObject({
      id: REALM,
      name: 'World One',
      reachable: true,
      lastLatencyMs: 12,
      players: 3,
      polls: 2,
      pollErrors: 1,
    });
    const limited = await (await get('/api/realms', RESTRICTED)).json();
    expect(limited.realms.map((r: { id: string }) => r.id)).toEqual([REALM]);
  });

  it('GET /api/events returns recent events, filtered, paged with since and limit', async () => {
    const { get, hub } = build();
    for (let i = 1; i <= 6; i++) hub.publish(login(`P${i}`));
    hub.publish(chat('Jaina', 'hello'));
    const latest = await (await get('/api/events?limit=2')).json();
    expect(latest.events.map((e: { seq: number }) => e.seq)).toEqual([6, 7]);
    expect(latest).toMatchObject({ epoch: 'ep0001', seq: 7 });
    const page = await (await get('/api/events?since=2&limit=3&types=player.*')).json();
    expect(page).toMatchObject({ recovered: true, more: true });
    expect(page.events.map((e: { seq: number }) => e.seq)).toEqual([3, 4, 5]);
    const byId = await (await get('/api/events?since=ep0001:5&character=p6,jaina')).json();
    expect(byId.events.map((e: { data: { character: string } }) => e.data.character)).toEqual([
      'P6',
      'Jaina',
    ]);
    const otherEpoch = await (await get('/api/events?since=zzzz:5&types=chat.*')).json();
    expect(otherEpoch).toMatchObject({ recovered: false });
    expect(otherEpoch.events).toHaveLength(1);
    const regex = await (await get(`/api/events?imatch=${encodeURIComponent('text:^HEL')}`)).json();
    expect(regex.events).toHaveLength(1);
    const restricted = await (await get('/api/events', RESTRICTED)).json();
    expect(restricted.events.every((e: { type: string }) => e.type === 'player.login')).toBe(true);
  });

  it('GET /api/events answers bad parameters with 400/403 JSON errors', async () => {
    const { get } = build();
    const cases: Array<[string, number, string, string?]> = [
      ['/api/events?limit=0', 400, 'bad_request'],
      ['/api/events?limit=5000', 400, 'bad_request'],
      ['/api/events?since=yesterday', 400, 'bad_request'],
      ['/api/events?types=bogus.*', 400, 'unknown_type'],
      ['/api/events?map=north', 400, 'bad_filter'],
      ['/api/events?near=1,2', 400, 'bad_filter'],
      ['/api/events?match=nocolon', 400, 'bad_filter'],
      ['/api/events?match=text:(a)%5C1', 400, 'bad_pattern'],
      ['/api/events?types=chat.*', 403, 'forbidden', RESTRICTED],
    ];
    for (const [path, status, error, token] of cases) {
      const response = await get(path, token ?? VIEWER_TOKEN);
      expect(response.status, path).toBe(status);
      expect(await response.json(), path).toMatchObject({ error });
    }
  });

  it('GET /api/stats reports clients, hub and delivery counters', async () => {
    const { get, hub } = build();
    hub.publish(login('A'));
    const stats = await (await get('/api/stats')).json();
    expect(stats).toMatchObject({
      epoch: 'ep0001',
      seq: 1,
      clients: { ws: 0, sse: 0, total: 0 },
      resources: { clients: 0, subscriptions: 0, timers: 0, pipelines: 0 },
      hub: { published: 1, historyEvents: 1 },
      delivered: { ws: 0, sse: 0 },
    });
    expect(stats.batchWindowMs).toBe(5);
  });

  it('GET /metrics renders Prometheus text with realm figures', async () => {
    const { get, hub } = build();
    hub.publish(login('A'));
    await get('/api/events', 'wrong-token-0123456789');
    const response = await get('/metrics');
    expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const text = await response.text();
    expect(text).toContain('# TYPE realmstream_clients gauge');
    expect(text).toContain('realmstream_clients{transport="ws"} 0');
    expect(text).toContain('realmstream_events_in_total 1');
    expect(text).toContain('realmstream_events_dropped_total{reason="rate"} 0');
    expect(text).toContain(`realmstream_realm_up{realm="${REALM}"} 1`);
    expect(text).toContain('realmstream_realm_up{realm="world-2"} NaN');
    expect(text).toContain(`realmstream_realm_soap_latency_ms{realm="${REALM}"} 12`);
    expect(text).toContain(`realmstream_realm_polls_total{realm="${REALM}"} 2`);
    expect(text).toContain(`realmstream_realm_poll_errors_total{realm="${REALM}"} 1`);
    expect(text).toContain(
      `realmstream_realm_poll_failures_total{realm="${REALM}",reason="timeout"} 1`,
    );
    expect(text).toContain(`realmstream_realm_poll_seconds_total{realm="${REALM}"} 2`);
    expect(text).toContain('realmstream_realm_poll_seconds_total{realm="world-2"} 0');
    expect(text).toContain('realmstream_refused_total{reason="auth"} 1');
    for (const line of text.trim().split('\n')) {
      expect(line).toMatch(/^(# (HELP|TYPE) \w+ .+|\w+(\{[^}]*\})? (-?[\d.]+|NaN|\+Inf))$/);
    }
  });

  it('answers unknown routes with a JSON 404', async () => {
    const { get } = build();
    const response = await get('/api/nope');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: 'not_found' });
  });
});
