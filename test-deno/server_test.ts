/**
 * Deno runtime tests: the same gateway on Deno.serve, reached over real sockets with the
 * `ws` client (headers) and Deno's own WebSocket (subprotocols, first-message auth).
 */
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { type ConfigInput, parseConfig } from '../src/pipeline/config.ts';
import { draftEvent } from '../src/pipeline/events.ts';
import { silentLogger } from '../src/logger.ts';
import { type Gateway, startGateway } from '../src/server/gateway.ts';
import { startServer } from '../src/server/deno.ts';
import { openClient, type TestClient } from '../test/helpers/ws.ts';

const TOKEN = 'deno-test-token-0123456789';

function testConfig(input: ConfigInput = {}) {
  return parseConfig({
    ...input,
    server: { host: '127.0.0.1', port: 0, ...input.server },
    // No stats.window counts: they would land in tests that count every event.
    stats: { windowMs: 0 },
    auth: { tokens: [{ name: 'deno', token: TOKEN, role: 'viewer' }] },
  });
}

async function withGateway(
  input: ConfigInput,
  body: (gateway: Gateway, ws: string) => Promise<void>,
): Promise<void> {
  const gateway = await startGateway({
    config: testConfig(input),
    startServer,
    logger: silentLogger,
  });
  try {
    await body(gateway, `${gateway.server.url.replace('http', 'ws')}/ws`);
  } finally {
    await gateway.close();
  }
}

const auth = { headers: { authorization: `Bearer ${TOKEN}` } };

function login(character: string, map = 0) {
  return draftEvent('player.login', {
    realm: 'world-1',
    time: 1_764_160_000_000,
    source: 'soap',
    data: { character, map, zone: 12 },
  });
}

function chat(character: string, text: string) {
  return draftEvent('chat.message', {
    realm: 'world-1',
    time: 1_764_160_000_000,
    source: 'log',
    data: { channel: 'say', character, text },
  });
}

function characters(client: TestClient): string[] {
  const out: string[] = [];
  for (const m of client.messages) {
    const events = m.op === 'event' ? [m.event] : m.op === 'events' ? m.events as unknown[] : [];
    for (const e of events) out.push((e as { data: { character: string } }).data.character);
  }
  return out;
}

async function connect(ws: string): Promise<TestClient> {
  const client = await openClient(ws, auth);
  await client.next((m) => m.op === 'welcome');
  return client;
}

/** Deno's own WebSocket: waits for the first message or the close. */
function denoSocket(url: string, protocols: string[] = []) {
  const socket = new WebSocket(url, protocols);
  const messages: Array<Record<string, unknown>> = [];
  const closed = new Promise<number>((resolve) => (socket.onclose = (e) => resolve(e.code)));
  const first = new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no message within 5 s')), 5000);
    socket.onmessage = (event) => {
      messages.push(JSON.parse(String(event.data)));
      clearTimeout(timer);
      resolve(messages[0]);
    };
    closed.then(() => clearTimeout(timer));
  });
  const opened = new Promise<void>((resolve, reject) => {
    socket.onopen = () => resolve();
    socket.onerror = () => reject(new Error('socket error'));
  });
  return { socket, first, closed, opened, messages };
}

Deno.test('Deno server serves /healthz on a real port', async () => {
  await withGateway({}, async (gateway) => {
    const response = await fetch(`${gateway.server.url}/healthz`);
    const body = await response.json();
    assert.equal(response.status, 200);
    assert.equal(body.runtime, 'deno');
    assert.equal(body.epoch, gateway.hub.epoch);
  });
});

Deno.test('Deno: auth by header, by subprotocol (answered realmstream.v1), by first message', async () => {
  await withGateway({}, async (_gateway, ws) => {
    const byHeader = await connect(ws);
    byHeader.close();
    const byProtocol = denoSocket(ws, ['realmstream.v1', `realmstream.bearer.${TOKEN}`]);
    assert.equal((await byProtocol.first).op, 'welcome');
    assert.equal(byProtocol.socket.protocol, 'realmstream.v1');
    byProtocol.socket.close();
    await byProtocol.closed;
    const byMessage = denoSocket(ws);
    await byMessage.opened;
    byMessage.socket.send(JSON.stringify({ op: 'auth', token: TOKEN }));
    assert.equal((await byMessage.first).op, 'welcome');
    byMessage.socket.close();
    await byMessage.closed;
  });
});

Deno.test('Deno: bad token, query token, bad Origin, auth timeout', async () => {
  await withGateway({ server: { authTimeoutMs: 100, allowedOrigins: [] } }, async (gateway, ws) => {
    await assert.rejects(openClient(ws, { headers: { authorization: 'Bearer nope-nope-nope' } }), {
      status: 401,
    });
    await assert.rejects(openClient(`${ws}?token=${TOKEN}`), { status: 400 });
    await assert.rejects(
      openClient(ws, { headers: { ...auth.headers, origin: 'https://evil.example.com' } }),
      { status: 403 },
    );
    const wrong = denoSocket(ws);
    await wrong.opened;
    wrong.socket.send(JSON.stringify({ op: 'auth', token: 'wrong-token-0123456789' }));
    assert.equal(await wrong.closed, 4401);
    const silent = denoSocket(ws);
    assert.equal(await silent.closed, 4408);
    assert.equal(gateway.clients.size, 0);
  });
});

Deno.test('Deno: wildcard subscription with a filter, then resume with and without recovery', async () => {
  await withGateway({ history: { maxEvents: 5 } }, async (gateway, ws) => {
    const client = await connect(ws);
    client.send({ op: 'subscribe', id: 'p', types: ['player.*'], filters: { map: 1 } });
    await client.next((m) => m.op === 'subscribed');
    gateway.hub.publish(login('Elsewhere', 0));
    gateway.hub.publish(chat('Talker', 'hi'));
    gateway.hub.publish(login('Here', 1));
    await client.next(() => characters(client).includes('Here'));
    assert.deepEqual(characters(client), ['Here']);
    client.close();

    const resumed = await connect(ws);
    resumed.send({ op: 'subscribe', id: 'r', since: { epoch: gateway.hub.epoch, seq: 1 } });
    assert.equal((await resumed.next((m) => m.op === 'subscribed')).recovered, true);
    await resumed.next(() => characters(resumed).length === 2);
    assert.deepEqual(characters(resumed), ['Talker', 'Here']);
    for (let i = 0; i < 10; i++) gateway.hub.publish(login(`Later${i}`));
    resumed.send({ op: 'subscribe', id: 'lost', since: { epoch: gateway.hub.epoch, seq: 1 } });
    assert.equal(
      (await resumed.next((m) => m.op === 'subscribed' && m.id === 'lost')).recovered,
      false,
    );
    resumed.close();
  });
});

Deno.test('Deno: each filter kind (realm, character, zone, near, match)', async () => {
  await withGateway({}, async (gateway, ws) => {
    const client = await connect(ws);
    const subscriptions = [
      { id: 'realm', types: ['player.login'], realms: ['world-2'] },
      { id: 'character', types: ['player.login'], filters: { character: 'thrall' } },
      { id: 'zone', types: ['player.login'], filters: { zone: 14 } },
      {
        id: 'near',
        types: ['gm.command'],
        filters: { near: { x: 100, y: 100, radius: 50, map: 0 } },
      },
      {
        id: 'match',
        types: ['chat.message'],
        filters: { match: { field: 'text', pattern: '^lf[0-9]m', ignoreCase: true } },
      },
    ];
    for (const subscription of subscriptions) {
      client.send({ op: 'subscribe', ...subscription });
      await client.next((m) => m.op === 'subscribed' && m.id === subscription.id);
    }
    const gm = (character: string, x: number, y: number) =>
      draftEvent('gm.command', {
        realm: 'world-1',
        time: 1_764_160_000_000,
        source: 'log',
        data: { command: 'go xyz', character, position: { x, y, z: 10 }, map: 0 },
      });
    gateway.hub.publish({ ...login('Elsewhere'), realm: 'world-2' });
    gateway.hub.publish(login('Thrall'));
    gateway.hub.publish(draftEvent('player.login', {
      realm: 'world-1',
      time: 1_764_160_000_000,
      source: 'soap',
      data: { character: 'InZone14', map: 1, zone: 14 },
    }));
    gateway.hub.publish(gm('Close', 130, 140));
    gateway.hub.publish(gm('Far', 300, 300));
    gateway.hub.publish(chat('Seeker', 'LF2M icc'));
    gateway.hub.publish(chat('Seller', 'wts lf2m'));
    gateway.hub.publish(chat('Last', 'lf1m end'));
    const bySub = () => {
      const out: Record<string, string[]> = {};
      for (const m of client.messages) {
        const events = m.op === 'event'
          ? [m.event]
          : m.op === 'events'
          ? m.events as unknown[]
          : [];
        const subs = m.op === 'event' ? [m.sub] : m.op === 'events' ? m.subs as unknown[] : [];
        events.forEach((e, i) => {
          const sub = String(subs[i]);
          (out[sub] ??= []).push((e as { data: { character: string } }).data.character);
        });
      }
      return out;
    };
    await client.next(() => bySub().match?.includes('Last') ?? false);
    assert.deepEqual(bySub(), {
      realm: ['Elsewhere'],
      character: ['Thrall'],
      zone: ['InZone14'],
      near: ['Close'],
      match: ['Seeker', 'Last'],
    });
    client.close();
  });
});

Deno.test('Deno: 1009 for an oversized message (checked by the protocol layer)', async () => {
  await withGateway({ server: { maxMessageBytes: 1024 } }, async (_gateway, ws) => {
    const client = await connect(ws);
    client.send({ op: 'ping', pad: 'x'.repeat(4000) });
    assert.equal((await client.closed()).code, 1009);
  });
});

Deno.test('Deno: garbage JSON, __proto__ keys and a ReDoS pattern leave the session healthy', async () => {
  await withGateway({}, async (gateway, ws) => {
    const client = await connect(ws);
    client.socket.send('{garbage');
    assert.equal((await client.next((m) => m.op === 'error')).code, 'bad_json');
    client.messages.length = 0;
    client.socket.send('{"op":"subscribe","id":"x","__proto__":{"polluted":true}}');
    assert.equal((await client.next((m) => m.op === 'error')).code, 'bad_message');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    client.send({
      op: 'subscribe',
      id: 'redos',
      types: ['chat.message'],
      filters: { match: { field: 'text', pattern: '^(a+)+$' } },
    });
    await client.next((m) => m.op === 'subscribed');
    gateway.hub.publish(chat('Evil', `${'a'.repeat(20_000)}!`));
    gateway.hub.publish(chat('Fine', 'aaa'));
    client.send({ op: 'ping', id: 'alive' });
    assert.deepEqual(await client.next((m) => m.op === 'pong'), { op: 'pong', id: 'alive' });
    await client.next(() => characters(client).length === 1);
    assert.deepEqual(characters(client), ['Fine']);
    client.close();
  });
});

Deno.test('Deno: a client that stops reading is cut off (4409), the other gets everything', async () => {
  await withGateway(
    {
      server: {
        clientQueueBytes: 256 * 1024,
        slowClientMs: 300,
        clientRatePerSecond: 100_000,
        clientBurst: 100_000,
      },
      history: { maxEvents: 100 },
    },
    async (gateway, ws) => {
      const fast = await connect(ws);
      fast.send({ op: 'subscribe', id: 'all' });
      await fast.next((m) => m.op === 'subscribed');
      const baseline = JSON.stringify(gateway.clients.resources());
      const slow = await connect(ws);
      slow.send({ op: 'subscribe', id: 'all' });
      await slow.next((m) => m.op === 'subscribed');
      (slow.socket as unknown as { _socket: Socket })._socket.pause();
      let published = 0;
      const text = 'x'.repeat(2000);
      // Bursts the fast client's socket absorbs between ticks (Deno counts data it has not
      // yet handed to the kernel in bufferedAmount, so one huge synchronous burst would
      // exceed any client's cap).
      while (published < 10_000 && !gateway.metrics.closes.get('4409')) {
        for (let i = 0; i < 20; i++) gateway.hub.publish(chat(`P${published++}`, text));
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      assert.equal(gateway.metrics.closes.get('4409'), 1);
      // `next` retries its predicate on every message for every arrival: scan each new
      // message once and keep the count (rescanning them all was cubic and timed out under load).
      let received = 0;
      let scanned = 0;
      await fast.next(() => {
        for (; scanned < fast.messages.length; scanned++) {
          const m = fast.messages[scanned];
          received += m.op === 'event' ? 1 : m.op === 'events' ? (m.events as unknown[]).length : 0;
        }
        return received === published;
      }, 20_000);
      assert.equal(fast.messages.some((m) => m.op === 'gap'), false);
      for (let i = 0; i < 100 && JSON.stringify(gateway.clients.resources()) !== baseline; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.equal(JSON.stringify(gateway.clients.resources()), baseline);
      slow.socket.terminate();
      fast.close();
    },
  );
});

Deno.test('Deno: a peer that stops answering pings is dropped, one that answers stays', async () => {
  // Deno pings by itself every idleTimeout (the interval rounded up to 1 s) and closes a
  // socket whose pong does not come within the next one.
  await withGateway({ server: { heartbeatIntervalMs: 1000 } }, async (gateway, ws) => {
    const alive = await connect(ws);
    const { default: WebSocketClient } = await import('ws');
    const silent = new WebSocketClient(ws, { ...auth, autoPong: false });
    const pinged = new Promise<void>((resolve) => silent.once('ping', () => resolve()));
    const closed = new Promise<number>((resolve) => silent.once('close', (code) => resolve(code)));
    await new Promise((resolve, reject) => {
      silent.once('open', resolve);
      silent.once('error', reject);
    });
    await pinged;
    assert.ok([1001, 1006].includes(await closed), 'the silent peer is closed');
    for (let i = 0; i < 100 && gateway.clients.size !== 1; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.equal(gateway.clients.size, 1);
    alive.send({ op: 'ping', id: 'still' });
    assert.deepEqual(await alive.next((m) => m.op === 'pong'), { op: 'pong', id: 'still' });
    alive.close();
  });
});

Deno.test('Deno: graceful shutdown sends 1001', async () => {
  const gateway = await startGateway({ config: testConfig(), startServer, logger: silentLogger });
  const client = await connect(`${gateway.server.url.replace('http', 'ws')}/ws`);
  const hooks: string[] = [];
  gateway.onShutdown(() => void hooks.push('ran'));
  const closing = gateway.close();
  assert.equal((await client.closed()).code, 1001);
  await closing;
  assert.deepEqual(hooks, ['ran']);
  assert.deepEqual(gateway.clients.resources(), {
    clients: 0,
    subscriptions: 0,
    timers: 0,
    pipelines: 0,
  });
});
