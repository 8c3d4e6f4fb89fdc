import { gzipSync } from 'node:zlib';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/pipeline/config.ts';
import type { DraftEvent } from '../../../src/pipeline/events.ts';
import { createMetricsIngest } from '../../../src/pipeline/sources/metricsIngest.ts';
import { createHub } from '../../../src/pipeline/hub.ts';
import { createApp } from '../../../src/server/app.ts';
import { createTokenVerifier } from '../../../src/server/auth.ts';
import { createIngestRoutes } from '../../../src/server/routes/ingest.ts';
import { addressAllowed, ingestToken } from '../../../src/server/routes/ingestAccess.ts';
import { createIngestForwarder } from '../../../src/server/routes/ingestForward.ts';
import { ADMIN_TOKEN, VIEWER_TOKEN } from '../../helpers/gateway.ts';

const OTHER_REALM_TOKEN = 'other-realm-admin-token-0123';

function build(options: { remote?: string; maxBodyBytes?: number; forwardUrl?: string } = {}) {
  const config = parseConfig({
    auth: {
      tokens: [
        { name: 'admin', token: ADMIN_TOKEN, role: 'admin' },
        { name: 'viewer', token: VIEWER_TOKEN, role: 'viewer' },
        { name: 'other', token: OTHER_REALM_TOKEN, role: 'admin', realms: ['other'] },
      ],
    },
    realms: [
      {
        id: 'world-1',
        flavor: 'trinitycore',
        simulate: {},
        metrics: { enabled: true, database: 'worldserver' },
      },
      { id: 'other', flavor: 'azerothcore', simulate: {}, metrics: { enabled: true } },
    ],
    ingest: {
      maxBodyBytes: options.maxBodyBytes ?? 4096,
      ...(options.forwardUrl ? { forwardUrl: options.forwardUrl } : {}),
    },
  });
  const ingest = createMetricsIngest(config);
  const events: DraftEvent[] = [];
  ingest.events$('world-1').subscribe((e) => events.push(e));
  const forwarder = options.forwardUrl
    ? createIngestForwarder({ url: options.forwardUrl })
    : undefined;
  const app = createIngestRoutes({
    ingest,
    config,
    adapter: { remoteAddress: () => options.remote ?? '127.0.0.1' },
    tokens: createTokenVerifier(config.auth.tokens),
    forwarder,
  });
  const post = (path: string, body: BodyInit, headers: Record<string, string> = {}) =>
    // `duplex` lets a ReadableStream body through (a streamed, unsized upload).
    app.request(path, { method: 'POST', body, headers, duplex: 'half' } as RequestInit);
  return { app, ingest, events, post, forwarder };
}

const BODY = [
  'player_events,realm=Trinity\\ Realm title="Login",text="Thrall" 1764160000000000000',
  'online_players,realm=Trinity\\ Realm value=3i 1764160000100000000',
].join('\n');

describe('ingest routes: v1 /write', () => {
  it('accepts the worldserver request from loopback without credentials: 204, events', async () => {
    const { post, events } = build();
    const response = await post('/write?db=worldserver', BODY, {
      'content-type': 'application/octet-stream',
      'content-transfer-encoding': 'binary',
    });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    expect(events.map((e) => [e.type, e.time, e.source])).toEqual([
      ['player.login', 1764160000000, 'metric'],
      ['server.info', 1764160000100, 'metric'],
    ]);
  });

  it('accepts IPv4-mapped loopback and refuses other addresses without a token (401)', async () => {
    expect((await build({ remote: '::ffff:127.0.0.1' }).post('/write?db=worldserver', BODY)).status)
      .toBe(204);
    const { post, events } = build({ remote: '192.168.1.20' });
    const response = await post('/write?db=worldserver', BODY);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'unauthorized' });
    expect(events).toEqual([]);
  });

  it('accepts a token from anywhere (Token, Bearer, Basic) and refuses a wrong one', async () => {
    const { post, events } = build({ remote: '203.0.113.9' });
    const basic = `Basic ${btoa(`grafana:${ADMIN_TOKEN}`)}`;
    for (const authorization of [`Token ${ADMIN_TOKEN}`, `Bearer ${ADMIN_TOKEN}`, basic]) {
      expect((await post('/write?db=worldserver', BODY, { authorization })).status).toBe(204);
    }
    expect(events).toHaveLength(6);
    const wrong = await post('/write?db=worldserver', BODY, {
      authorization: 'Token nope-nope-nope',
    });
    expect(wrong.status).toBe(401);
  });

  it('refuses a wrong token even from loopback', async () => {
    const { post } = build();
    const response = await post('/write?db=worldserver', BODY, { authorization: 'Token wrong' });
    expect(response.status).toBe(401);
  });

  it('refuses viewer tokens and tokens restricted to another realm (403)', async () => {
    const { post } = build();
    const viewer = await post('/write?db=worldserver', BODY, {
      authorization: `Token ${VIEWER_TOKEN}`,
    });
    expect(viewer.status).toBe(403);
    const other = await post('/write?db=worldserver', BODY, {
      authorization: `Token ${OTHER_REALM_TOKEN}`,
    });
    expect(other.status).toBe(403);
    expect(
      (await post('/write?db=other', BODY, { authorization: `Token ${OTHER_REALM_TOKEN}` })).status,
    )
      .toBe(204);
  });

  it('refuses credentials in the query string', async () => {
    const { post } = build();
    const response = await post(`/write?db=worldserver&u=x&p=${ADMIN_TOKEN}`, BODY);
    expect(response.status).toBe(401);
    expect((await response.json()).message).toMatch(/query string/);
  });

  it('answers 400 without db and 404 for an unknown database', async () => {
    const { post } = build();
    const missing = await post('/write', BODY);
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({ code: 'invalid', message: 'db is required' });
    const unknown = await post('/write?db=nope', BODY);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({
      code: 'not found',
      message: 'database not found: "nope"',
    });
  });

  it('keeps the valid lines of a partly malformed body and answers 400 InfluxDB style', async () => {
    const { post, events } = build();
    const response = await post(
      '/write?db=worldserver',
      'player_events title="Login",text="Jaina" 1000000\nbroken line\nm v=',
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      code: 'invalid',
      message:
        "partial write: unable to parse 'broken line': missing field value for 'line' (line 2); dropped=2 accepted=1",
    });
    expect(events.map((e) => e.type)).toEqual(['player.login', 'parse.error']);
  });

  it('answers 400 when no line is valid', async () => {
    const { post } = build();
    const response = await post('/write?db=worldserver', 'nope');
    expect(response.status).toBe(400);
    expect((await response.json()).message).toBe(
      "unable to parse 'nope': missing fields (line 1); dropped=1",
    );
  });

  it('honours the precision parameter and rejects an unknown one', async () => {
    const { post, events } = build();
    expect(
      (await post('/write?db=worldserver&precision=s', 'online_players value=1i 1764160000'))
        .status,
    )
      .toBe(204);
    expect(events[0].time).toBe(1764160000000);
    expect((await post('/write?db=worldserver&precision=fortnight', 'm v=1')).status).toBe(400);
  });

  it('answers 413 above maxBodyBytes (declared or streamed) and accepts exactly the limit', async () => {
    const { post } = build({ maxBodyBytes: 1024 });
    expect((await post('/write?db=worldserver', 'm v=1i ' + 'x'.repeat(2000))).status).toBe(413);
    const streamed = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 10; i++) {
          controller.enqueue(new TextEncoder().encode('m v=1i\n'.repeat(30)));
        }
        controller.close();
      },
    });
    const response = await post('/write?db=worldserver', streamed);
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: 'request too large' });
    const exact = 'm value=1i\n'.repeat(92) + 'm v=12345678';
    expect(new TextEncoder().encode(exact).byteLength).toBe(1024);
    expect((await post('/write?db=worldserver', exact)).status).toBe(204);
    expect((await post('/write?db=worldserver', exact + '9')).status).toBe(413);
  });

  it('accepts gzip bodies, rejects a gzip bomb (413), bad gzip (400) and other encodings (415)', async () => {
    const { post, events } = build({ maxBodyBytes: 2048 });
    const ok = await post('/write?db=worldserver', gzipSync(BODY), { 'content-encoding': 'gzip' });
    expect(ok.status).toBe(204);
    expect(events).toHaveLength(2);
    const bomb = gzipSync('m v=1i\n'.repeat(10_000));
    expect(bomb.byteLength).toBeLessThan(2048);
    expect((await post('/write?db=worldserver', bomb, { 'content-encoding': 'gzip' })).status)
      .toBe(413);
    expect(
      (await post('/write?db=worldserver', 'not gzip', { 'content-encoding': 'gzip' })).status,
    ).toBe(400);
    expect((await post('/write?db=worldserver', BODY, { 'content-encoding': 'br' })).status)
      .toBe(415);
  });

  it('rejects a body that is not UTF-8', async () => {
    const { post } = build();
    const response = await post('/write?db=worldserver', new Uint8Array([0x6d, 0x20, 0xff, 0xfe]));
    expect(response.status).toBe(400);
    expect((await response.json()).message).toMatch(/UTF-8/);
  });
});

describe('ingest routes: v2 /api/v2/write and /ping', () => {
  it('needs a token even from loopback, and maps the bucket to the realm', async () => {
    const { post, events } = build();
    expect((await post('/api/v2/write?org=o&bucket=worldserver', BODY)).status).toBe(401);
    const response = await post('/api/v2/write?org=o&bucket=worldserver&precision=ns', BODY, {
      authorization: `Token ${ADMIN_TOKEN}`,
    });
    expect(response.status).toBe(204);
    expect(events).toHaveLength(2);
    expect(
      (await post('/api/v2/write?org=o', BODY, { authorization: `Token ${ADMIN_TOKEN}` })).status,
    )
      .toBe(400);
    expect(
      (await post('/api/v2/write?bucket=worldserver&precision=h', BODY, {
        authorization: `Token ${ADMIN_TOKEN}`,
      })).status,
    ).toBe(400);
  });

  it('answers /ping with 204', async () => {
    const { app } = build();
    expect((await app.request('/ping')).status).toBe(204);
    expect((await app.request('/ping', { method: 'HEAD' })).status).toBe(204);
  });
});

describe('ingest access helpers', () => {
  it('matches exact addresses, IPv4 ranges and mapped addresses', () => {
    const allow = ['127.0.0.1', '::1', '10.1.0.0/16'];
    expect(addressAllowed('127.0.0.1', allow)).toBe(true);
    expect(addressAllowed('::ffff:127.0.0.1', allow)).toBe(true);
    expect(addressAllowed('::1', allow)).toBe(true);
    expect(addressAllowed('[::1]', allow)).toBe(true);
    expect(addressAllowed('10.1.200.3', allow)).toBe(true);
    expect(addressAllowed('10.2.0.1', allow)).toBe(false);
    expect(addressAllowed('127.0.0.2', allow)).toBe(false);
    expect(addressAllowed('1.2.3.4', ['0.0.0.0/0'])).toBe(true);
    expect(addressAllowed('1.2.3.4', ['1.2.3.0/33', 'garbage/8', '1.2.3.999/24'])).toBe(false);
  });

  it('reads Token, Bearer and Basic authorization headers', () => {
    expect(ingestToken('Token abc')).toBe('abc');
    expect(ingestToken('token  abc ')).toBe('abc');
    expect(ingestToken('Bearer abc')).toBe('abc');
    expect(ingestToken(`Basic ${btoa('user:pa:ss')}`)).toBe('pa:ss');
    expect(ingestToken(`Basic ${btoa('nocolon')}`)).toBeUndefined();
    expect(ingestToken('Basic !!!')).toBeUndefined();
    expect(ingestToken('Digest x')).toBeUndefined();
    expect(ingestToken(undefined)).toBeUndefined();
  });
});

describe('ingest forwarding to a real InfluxDB-like server', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  const listen = (status: number) =>
    new Promise<{ url: string; received: Array<{ url: string; body: string; encoding?: string }> }>(
      (resolve) => {
        const received: Array<{ url: string; body: string; encoding?: string }> = [];
        server = createServer((request, response) => {
          const chunks: Buffer[] = [];
          request.on('data', (chunk: Buffer) => chunks.push(chunk));
          request.on('end', () => {
            received.push({
              url: request.url ?? '',
              body: Buffer.concat(chunks).toString('latin1'),
              encoding: request.headers['content-encoding'],
            });
            response.writeHead(status).end();
          });
        });
        server.listen(0, '127.0.0.1', () => {
          const { port } = server!.address() as AddressInfo;
          resolve({ url: `http://127.0.0.1:${port}`, received });
        });
      },
    );

  it('forwards accepted bodies unchanged, with the original path and the base query', async () => {
    const influx = await listen(204);
    const { post, forwarder } = build({ forwardUrl: `${influx.url}/?u=rs&p=secret` });
    expect((await post('/write?db=worldserver&precision=ns', BODY)).status).toBe(204);
    expect((await post('/write?db=worldserver', 'bad')).status).toBe(400);
    await forwarder!.idle();
    expect(influx.received).toEqual([
      { url: '/write?db=worldserver&precision=ns&u=rs&p=secret', body: BODY, encoding: undefined },
    ]);
    expect(forwarder!.stats()).toEqual({ forwarded: 1, failed: 0, dropped: 0, queued: 0 });
  });

  it('counts failures and never delays the worldserver answer', async () => {
    const influx = await listen(500);
    const { post, forwarder } = build({ forwardUrl: influx.url });
    expect((await post('/write?db=worldserver', BODY)).status).toBe(204);
    await forwarder!.idle();
    expect(forwarder!.stats()).toMatchObject({ forwarded: 0, failed: 1 });
  });

  it('drops the oldest queued bodies beyond its bound', async () => {
    const influx = await listen(204);
    const forwarder = createIngestForwarder({ url: influx.url, maxQueue: 2 });
    for (let i = 0; i < 5; i++) {
      forwarder.forward(`/write?db=x&n=${i}`, new TextEncoder().encode(`m v=${i}`));
    }
    await forwarder.idle();
    // The first was in flight; of the rest only the newest fit the queue of 2.
    expect(influx.received.map((r) => r.body)).toEqual(['m v=0', 'm v=4']);
    expect(forwarder.stats()).toEqual({ forwarded: 2, failed: 0, dropped: 3, queued: 0 });
  });

  it('counts an unreachable target as failed', async () => {
    const forwarder = createIngestForwarder({ url: 'http://127.0.0.1:1', timeoutMs: 2000 });
    forwarder.forward('/write?db=x', new TextEncoder().encode('m v=1'));
    await forwarder.idle();
    expect(forwarder.stats()).toMatchObject({ failed: 1, queued: 0 });
  });
});

describe('ingest routes mounted in the gateway app', () => {
  it('serve /write and /api/v2/write beside the bearer-guarded /api routes', async () => {
    const config = parseConfig({
      auth: { tokens: [{ name: 'admin', token: ADMIN_TOKEN, role: 'admin' }] },
      realms: [{ id: 'world-1', flavor: 'trinitycore', simulate: {}, metrics: { enabled: true } }],
    });
    const ingest = createMetricsIngest(config);
    const events: DraftEvent[] = [];
    ingest.events$('world-1').subscribe((e) => events.push(e));
    const adapter = {
      runtime: 'node',
      runtimeVersion: 'test',
      upgradeWebSocket: (() => {
        throw new Error('no WebSockets in this test');
      }) as never,
      serveStatic: () => async (_c: unknown, next: () => Promise<void>) => await next(),
      remoteAddress: () => '127.0.0.1',
      bufferedAmount: () => 0,
      ping: () => false,
      onPong: () => () => {},
      terminate: () => {},
    } as unknown as Parameters<typeof createApp>[0]['adapter'];
    const app = createApp({ adapter, config, hub: createHub(), version: 'test', ingest });
    const v2 = await app.request('/api/v2/write?org=o&bucket=world-1', {
      method: 'POST',
      body: BODY,
      headers: { authorization: `Token ${ADMIN_TOKEN}` },
    });
    expect(v2.status).toBe(204);
    const v1 = await app.request('/write?db=world-1', { method: 'POST', body: BODY });
    expect(v1.status).toBe(204);
    expect(events).toHaveLength(4);
    // Other /api routes still want a bearer token.
    expect((await app.request('/api/realms')).status).toBe(401);
  });
});
