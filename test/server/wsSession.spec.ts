import { afterEach, describe, expect, it } from 'vitest';
import type { Socket } from 'node:net';
import WebSocket from 'ws';
import type { ConfigInput } from '../../src/pipeline/config.ts';
import type { Gateway } from '../../src/server/gateway.ts';
import { ADMIN_TOKEN, startTestGateway, VIEWER_TOKEN } from '../helpers/gateway.ts';
import { openClient, type TestClient } from '../helpers/ws.ts';
import {
  chat,
  eventsOf,
  gmCommand,
  login,
  REALM,
  serverDown,
  waitUntil,
  wsUrl,
} from './fixtures.ts';

describe('WebSocket protocol session', () => {
  let gateway: Gateway | undefined;
  const clients: TestClient[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.socket.terminate();
    await gateway?.close();
    gateway = undefined;
  });

  async function connect(token = VIEWER_TOKEN): Promise<TestClient> {
    const client = await openClient(wsUrl(gateway!), {
      headers: { authorization: `Bearer ${token}` },
    });
    clients.push(client);
    await client.next((m) => m.op === 'welcome');
    return client;
  }
  async function subscribed(client: TestClient, message: Record<string, unknown>) {
    client.send({ op: 'subscribe', ...message });
    return await client.next((m) => m.op === 'subscribed' && m.id === message.id);
  }
  async function refusal(client: TestClient, message: Record<string, unknown>) {
    client.send(message);
    return await client.next((m) => m.op === 'error');
  }
  const characters = (client: TestClient, sub?: string) =>
    eventsOf(client.messages)
      .filter((e) => sub === undefined || e.sub === sub)
      .map((e) => (e.event.data as { character: string }).character);
  const start = async (input: ConfigInput = {}) => {
    gateway = await startTestGateway(input);
    return gateway;
  };
  // A marker event every subscription below matches, published last: once it arrived,
  // every earlier event has been delivered or filtered out.
  const settle = async (client: TestClient, sub: string) => {
    gateway!.hub.publish(login('Zzmarker', { map: 0, zone: 12, account: 'ACC' }));
    await client.next((m) =>
      eventsOf([m]).some((e) =>
        e.sub === sub && (e.event.data as { character?: string }).character === 'Zzmarker'
      )
    );
  };

  it('subscribes by type with wildcards and delivers in order', async () => {
    const { hub } = await start();
    const client = await connect();
    expect(await subscribed(client, { id: 'p', types: ['player.*'] })).toMatchObject({
      recovered: false,
      epoch: hub.epoch,
      seq: 0,
    });
    hub.publish(login('Thrall'));
    hub.publish(chat('Jaina', 'hello'));
    hub.publish(login('Jaina'));
    await settle(client, 'p');
    expect(characters(client)).toEqual(['Thrall', 'Jaina', 'Zzmarker']);
    const [first] = eventsOf(client.messages);
    expect(first.event).toMatchObject({
      type: 'player.login',
      seq: 1,
      id: `${hub.epoch}:1`,
      realm: REALM,
    });
  });

  it('keeps several subscriptions apart by id', async () => {
    const { hub } = await start();
    const client = await connect();
    await subscribed(client, { id: 'chat', types: ['chat.message'] });
    await subscribed(client, { id: 'all', types: ['*'] });
    hub.publish(chat('Jaina', 'hi'));
    await settle(client, 'all');
    expect(characters(client, 'chat')).toEqual(['Jaina']);
    expect(characters(client, 'all')).toEqual(['Jaina', 'Zzmarker']);
  });

  it('filters by realm', async () => {
    const { hub } = await start();
    const client = await connect();
    await subscribed(client, { id: 'r', types: ['player.*'], realms: [REALM] });
    hub.publish(login('Other', { realm: 'world-2' }));
    hub.publish(login('Mine'));
    await settle(client, 'r');
    expect(characters(client)).toEqual(['Mine', 'Zzmarker']);
  });

  it('filters by character (case-insensitive) and account', async () => {
    const { hub } = await start();
    const client = await connect();
    await subscribed(client, { id: 'c', filters: { character: ['thrall', 'zzmarker'] } });
    await subscribed(client, { id: 'a', filters: { account: 'ACC2' } });
    hub.publish(login('Thrall'));
    hub.publish(login('Jaina', { account: 'ACC2' }));
    hub.publish(chat('THRALL', 'lok-tar'));
    hub.publish(serverDown()); // no character: never matches a character filter
    await settle(client, 'c');
    expect(characters(client, 'c')).toEqual(['Thrall', 'THRALL', 'Zzmarker']);
    expect(characters(client, 'a')).toEqual(['Jaina']);
  });

  it('filters by map and zone', async () => {
    const { hub } = await start();
    const client = await connect();
    await subscribed(client, { id: 'm', filters: { map: [1, 0], zone: 12 } });
    hub.publish(login('OnMap1', { map: 1, zone: 12 }));
    hub.publish(login('OtherZone', { map: 0, zone: 99 }));
    hub.publish(login('OtherMap', { map: 530, zone: 12 }));
    await settle(client, 'm');
    expect(characters(client)).toEqual(['OnMap1', 'Zzmarker']);
  });

  it('filters by location radius on events with coordinates', async () => {
    const { hub } = await start();
    const client = await connect();
    await subscribed(client, {
      id: 'near',
      types: ['gm.command', 'player.login'],
      filters: { near: { x: 100, y: 100, radius: 50, map: 0 } },
    });
    hub.publish(gmCommand('Close', 130, 140, 0)); // distance 50: inside
    hub.publish(gmCommand('Far', 200, 200, 0));
    hub.publish(gmCommand('OtherMap', 100, 100, 1));
    hub.publish(login('NoPosition'));
    hub.publish(gmCommand('Zzmarker', 100, 100, 0));
    await client.next((m) =>
      eventsOf([m]).some((e) => (e.event.data as { character: string }).character === 'Zzmarker')
    );
    expect(characters(client)).toEqual(['Close', 'Zzmarker']);
  });

  it('filters with regular expressions on text fields (re2js, optional case folding)', async () => {
    const { hub } = await start();
    const client = await connect();
    await subscribed(client, {
      id: 'rx',
      types: ['chat.message'],
      filters: { match: { field: 'text', pattern: '^lf[0-9]+m\\b', ignoreCase: true } },
    });
    await subscribed(client, {
      id: 'both',
      types: ['chat.message'],
      filters: {
        match: [{ field: 'text', pattern: 'icc' }, { field: 'character', pattern: '^J' }],
      },
    });
    hub.publish(chat('Thrall', 'LF2M icc'));
    hub.publish(chat('Jaina', 'lf1m icc 25'));
    hub.publish(chat('Arthas', 'wts lf2m'));
    hub.publish(chat('Zzmarker', 'lf9m end'));
    await client.next((m) =>
      eventsOf([m]).some((e) =>
        e.sub === 'rx' && (e.event.data as { character: string }).character === 'Zzmarker'
      )
    );
    expect(characters(client, 'rx')).toEqual(['Thrall', 'Jaina', 'Zzmarker']);
    expect(characters(client, 'both')).toEqual(['Jaina']);
  });

  it('refuses backreferences, over-long and invalid patterns', async () => {
    await start();
    const client = await connect();
    const backref = await refusal(client, {
      op: 'subscribe',
      id: 'b',
      filters: { match: { field: 'text', pattern: '(a)\\1' } },
    });
    expect(backref).toMatchObject({ code: 'bad_pattern', ref: 'b' });
    expect(backref.message).toContain('backreference');
    client.messages.length = 0;
    expect(
      await refusal(client, {
        op: 'subscribe',
        id: 'l',
        filters: { match: { field: 'text', pattern: 'a'.repeat(257) } },
      }),
    )
      .toMatchObject({ code: 'bad_pattern', ref: 'l' });
    client.messages.length = 0;
    expect(
      await refusal(client, {
        op: 'subscribe',
        id: 'i',
        filters: { match: { field: 'text', pattern: '(?=x)' } },
      }),
    )
      .toMatchObject({ code: 'bad_pattern', ref: 'i' });
  });

  it('keeps the event loop responsive on a ReDoS pattern', async () => {
    const { hub } = await start();
    const client = await connect();
    await subscribed(client, {
      id: 'redos',
      types: ['chat.message'],
      filters: { match: { field: 'text', pattern: '^(a+)+$' } },
    });
    // With a backtracking engine this input takes longer than the universe's age.
    hub.publish(chat('Evil', `${'a'.repeat(20_000)}!`));
    hub.publish(chat('Fine', 'aaaa'));
    client.send({ op: 'ping', id: 'p1' });
    expect(await client.next((m) => m.op === 'pong', 5000)).toEqual({ op: 'pong', id: 'p1' });
    await client.next((m) => eventsOf([m]).length > 0);
    expect(characters(client)).toEqual(['Fine']);
  });

  it('enforces the token realm and type restrictions on every subscription', async () => {
    const restricted = 'restricted-token-0123456789';
    const { hub } = await start({
      auth: {
        tokens: [{
          name: 'bot',
          token: restricted,
          role: 'viewer',
          realms: [REALM],
          types: ['player.*'],
        }],
      },
    });
    const client = await connect(restricted);
    expect(await refusal(client, { op: 'subscribe', id: 'c', types: ['chat.*'] })).toMatchObject({
      code: 'forbidden',
      ref: 'c',
    });
    client.messages.length = 0;
    expect(await refusal(client, { op: 'subscribe', id: 'r', realms: ['world-2'] })).toMatchObject({
      code: 'forbidden',
      ref: 'r',
    });
    client.messages.length = 0;
    await subscribed(client, { id: 'all', types: ['*'] });
    hub.publish(chat('Jaina', 'not for bots'));
    hub.publish(login('Elsewhere', { realm: 'world-2' }));
    hub.publish(login('Allowed'));
    await settle(client, 'all');
    expect(characters(client)).toEqual(['Allowed', 'Zzmarker']);
  });

  it('refuses unknown types, too many subscriptions and too many filters', async () => {
    await start({ server: { maxSubscriptions: 2, maxFilters: 3 } });
    const client = await connect();
    expect(await refusal(client, { op: 'subscribe', id: 'x', types: ['nothing.*'] })).toMatchObject(
      { code: 'unknown_type' },
    );
    client.messages.length = 0;
    expect(
      await refusal(client, {
        op: 'subscribe',
        id: 'f',
        filters: { character: ['a', 'b'], map: [1, 2] },
      }),
    )
      .toMatchObject({ code: 'too_many_filters', ref: 'f' });
    client.messages.length = 0;
    await subscribed(client, { id: 'one' });
    await subscribed(client, { id: 'two' });
    await subscribed(client, { id: 'two', types: ['chat.*'] }); // same id: replaced, not added
    expect(await refusal(client, { op: 'subscribe', id: 'three' })).toMatchObject({
      code: 'too_many_subscriptions',
    });
    expect(gateway!.clients.resources().subscriptions).toBe(2);
  });

  it('unsubscribes, and reports unknown subscription ids', async () => {
    const { hub } = await start();
    const client = await connect();
    await subscribed(client, { id: 'a', types: ['player.*'] });
    await subscribed(client, { id: 'b', types: ['player.*'] });
    client.send({ op: 'unsubscribe', id: 'a' });
    await client.next((m) => m.op === 'unsubscribed' && m.id === 'a');
    hub.publish(login('AfterUnsubscribe'));
    await settle(client, 'b');
    expect(characters(client, 'a')).toEqual([]);
    expect(await refusal(client, { op: 'unsubscribe', id: 'a' })).toMatchObject({
      code: 'unknown_subscription',
      ref: 'a',
    });
    expect(gateway!.clients.resources().subscriptions).toBe(1);
  });

  it('resumes from a position with recovered: true (backlog, then live, no gaps)', async () => {
    const { hub } = await start();
    for (const name of ['A', 'B', 'C', 'D', 'E']) hub.publish(login(name));
    const client = await connect();
    expect(
      await subscribed(client, {
        id: 'r',
        types: ['player.*'],
        since: { epoch: hub.epoch, seq: 2 },
      }),
    )
      .toMatchObject({ recovered: true, seq: 5 });
    hub.publish(login('F'));
    await client.next(() => characters(client).includes('F'));
    expect(characters(client)).toEqual(['C', 'D', 'E', 'F']);
    expect(eventsOf(client.messages).map((e) => e.event.seq)).toEqual([3, 4, 5, 6]);
  });

  it('resumes a backlog far larger than the client queue at the client pace, in order', async () => {
    const { hub } = await start({
      server: { clientQueueBytes: 64 * 1024 },
      history: { maxEvents: 5000, maxBytes: 64 * 1024 * 1024 },
    });
    const text = 'y'.repeat(1000);
    for (let i = 0; i < 4000; i++) hub.publish(chat(`B${i}`, text)); // ~4.5 MB of backlog
    const client = await connect();
    expect(await subscribed(client, { id: 'r', since: { epoch: hub.epoch, seq: 0 } }))
      .toMatchObject({ recovered: true });
    hub.publish(login('LiveAfter'));
    // Checks only the arriving message: rescanning every earlier one is quadratic here.
    const carries = (message: Record<string, unknown>, name: string) =>
      eventsOf([message]).some((e) => (e.event.data as { character?: string }).character === name);
    await client.next((message) => carries(message, 'LiveAfter'), 15_000);
    const seqs = eventsOf(client.messages).map((e) => e.event.seq);
    expect(seqs).toEqual(Array.from({ length: 4001 }, (_, i) => i + 1));
    expect(gateway!.metrics.closes.get('4409')).toBeUndefined();
    expect(client.messages.some((m) => m.op === 'gap')).toBe(false);
  });

  it('resumes with recovered: false when the history does not reach back or the epoch changed', async () => {
    const { hub } = await start({ history: { maxEvents: 3 } });
    for (let i = 0; i < 10; i++) hub.publish(login(`P${i}`));
    const client = await connect();
    expect(
      await subscribed(client, {
        id: 'old',
        types: ['player.*'],
        since: { epoch: hub.epoch, seq: 1 },
      }),
    )
      .toMatchObject({ recovered: false });
    await client.next(() => characters(client, 'old').length === 3);
    expect(characters(client, 'old')).toEqual(['P7', 'P8', 'P9']);
    expect(client.messages.find((m) => m.op === 'gap')).toEqual({
      op: 'gap',
      reason: 'history',
      dropped: 6,
      fromSeq: 2,
      toSeq: 7,
    });
    expect(
      await subscribed(client, {
        id: 'other',
        types: ['player.*'],
        since: { epoch: 'zzzzzz', seq: 9 },
      }),
    )
      .toMatchObject({ recovered: false });
    hub.publish(login('Live'));
    await client.next(() => characters(client, 'other').length === 1);
    expect(characters(client, 'other')).toEqual(['Live']);
  });

  it('batches bursts into events frames by joining the serialised events', async () => {
    const { hub } = await start();
    const client = await connect();
    await subscribed(client, { id: 'all' });
    for (let i = 0; i < 200; i++) hub.publish(login(`P${i}`));
    await client.next(() => eventsOf(client.messages).length === 200);
    const seqs = eventsOf(client.messages).map((e) => e.event.seq);
    expect(seqs).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    const frames = client.messages.filter((m) => m.op === 'events' || m.op === 'event');
    expect(frames.length).toBeLessThan(20);
    expect(frames.some((m) => m.op === 'events')).toBe(true);
    const stored = hub.recent({ afterSeq: 199 })[0].json;
    expect(JSON.stringify(eventsOf(client.messages)[199].event)).toBe(stored);
  });

  it('rate-limits a connection and announces the drops with a gap', async () => {
    const { hub } = await start({ server: { clientRatePerSecond: 20, clientBurst: 5 } });
    const client = await connect();
    await subscribed(client, { id: 'all' });
    for (let i = 0; i < 30; i++) hub.publish(login(`P${i}`));
    await client.next(() => eventsOf(client.messages).length === 5);
    await new Promise((resolve) => setTimeout(resolve, 120)); // refill a couple of tokens
    hub.publish(login('After'));
    const gap = await client.next((m) => m.op === 'gap');
    expect(gap).toEqual({ op: 'gap', reason: 'rate', dropped: 25, fromSeq: 6, toSeq: 30 });
    await client.next(() => characters(client).includes('After'));
    expect(gateway!.metrics.dropped.get('rate')).toBe(25);
  });

  it('answers garbage JSON, unknown ops and bad fields with errors and stays open', async () => {
    await start();
    const client = await connect();
    client.socket.send('{"op": "subscribe", ');
    expect(await client.next((m) => m.op === 'error')).toMatchObject({ code: 'bad_json' });
    client.messages.length = 0;
    expect(await refusal(client, { op: 'dance' })).toMatchObject({ code: 'unknown_op' });
    client.messages.length = 0;
    expect(await refusal(client, { nope: 1 })).toMatchObject({ code: 'unknown_op' });
    client.messages.length = 0;
    expect(await refusal(client, { op: 'subscribe', id: 7 })).toMatchObject({
      code: 'bad_message',
    });
    client.messages.length = 0;
    client.socket.send('[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]');
    expect(await client.next((m) => m.op === 'error')).toMatchObject({ code: 'too_deep' });
    client.messages.length = 0;
    client.socket.send(Buffer.from([1, 2, 3]));
    expect(await client.next((m) => m.op === 'error')).toMatchObject({ code: 'bad_message' });
    client.send({ op: 'ping' });
    expect(await client.next((m) => m.op === 'pong')).toEqual({ op: 'pong' });
  });

  it('treats __proto__ keys as unknown keys: refused, no prototype pollution, role unchanged', async () => {
    const { hub } = await start();
    const client = await connect();
    client.socket.send('{"op":"subscribe","id":"p","__proto__":{"role":"admin","polluted":true}}');
    expect(await client.next((m) => m.op === 'error')).toMatchObject({
      code: 'bad_message',
      ref: 'p',
    });
    client.messages.length = 0;
    client.socket.send('{"op":"subscribe","id":"q","filters":{"__proto__":{"character":["x"]}}}');
    expect(await client.next((m) => m.op === 'error')).toMatchObject({
      code: 'bad_message',
      ref: 'q',
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).role).toBeUndefined();
    client.socket.send('{"op":"command","id":"c","realm":"world-1","command":"server info"}');
    expect(await client.next((m) => m.op === 'error' && m.ref === 'c')).toMatchObject({
      code: 'forbidden',
    });
    await subscribed(client, { id: 'ok', types: ['player.*'] });
    hub.publish(login('StillWorks'));
    await client.next(() => characters(client).includes('StillWorks'));
  });

  it('closes with 4400 after repeated protocol errors', async () => {
    await start();
    const client = await connect();
    for (let i = 0; i < 11; i++) client.socket.send('garbage');
    expect(await client.closed()).toMatchObject({ code: 4400 });
    expect(client.messages.filter((m) => m.op === 'error')).toHaveLength(11);
  });

  it('closes with 1009 on a message larger than maxMessageBytes', async () => {
    await start({ server: { maxMessageBytes: 1024 } });
    const client = await connect();
    client.send({ op: 'ping', pad: 'x'.repeat(2000) });
    expect(await client.closed()).toMatchObject({ code: 1009 });
    await waitUntil(() => gateway!.clients.size === 0, 2000, 'client removed');
  });

  it('answers commands: forbidden for viewers, disabled without a console', async () => {
    await start();
    const viewer = await connect();
    expect(await refusal(viewer, { op: 'command', id: 'c1', realm: REALM, command: 'server info' }))
      .toMatchObject({ code: 'forbidden', ref: 'c1' });
    const admin = await connect(ADMIN_TOKEN);
    expect(await refusal(admin, { op: 'command', id: 'c2', realm: REALM, command: 'server info' }))
      .toMatchObject({ code: 'commands_disabled', ref: 'c2' });
  });

  it('cuts off a client that stops reading (4409) while another gets everything, and releases its resources', async () => {
    const { hub } = await start({
      server: {
        clientQueueBytes: 64 * 1024,
        slowClientMs: 300,
        clientRatePerSecond: 100_000,
        clientBurst: 100_000,
      },
      history: { maxEvents: 100 },
    });
    const fast = await connect();
    await subscribed(fast, { id: 'all' });
    await waitUntil(() => gateway!.clients.resources().pipelines === 1, 2000, 'pipeline');
    const baseline = gateway!.clients.resources();
    const slow = await connect();
    await subscribed(slow, { id: 'all' });
    (slow.socket as unknown as { _socket: Socket })._socket.pause();
    const text = 'x'.repeat(2000);
    const total = 6000; // ~12 MB: more than the kernel's loopback buffers hold
    let published = 0;
    while (published < total && !gateway!.metrics.closes.get('4409')) {
      for (let i = 0; i < 200; i++) hub.publish(chat(`P${published++}`, text));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await waitUntil(() => gateway!.metrics.closes.get('4409') === 1, 5000, '4409');
    for (let i = 0; i < 10; i++) hub.publish(chat(`Tail${i}`, 'tail'));
    published += 10;
    // Counts each new message once (`next` retries the predicate per message per arrival).
    let received = 0;
    let scanned = 0;
    await fast.next(() => {
      for (; scanned < fast.messages.length; scanned++) {
        received += eventsOf([fast.messages[scanned]]).length;
      }
      return received === published;
    }, 15_000);
    expect(eventsOf(fast.messages).map((e) => e.event.seq)).toEqual(
      Array.from({ length: published }, (_, i) => i + 1),
    );
    expect(fast.messages.some((m) => m.op === 'gap')).toBe(false);
    await waitUntil(
      () => JSON.stringify(gateway!.clients.resources()) === JSON.stringify(baseline),
      5000,
      'resources back to baseline',
    );
    (slow.socket as unknown as { _socket: Socket })._socket.resume();
    expect(await slow.closed(10_000)).toMatchObject({ code: 4409 });
  });

  it('terminates a peer that stops answering pings, keeps one that answers', async () => {
    await start({ server: { heartbeatIntervalMs: 40, heartbeatTimeoutMs: 100 } });
    const alive = await connect();
    const silent = new WebSocket(wsUrl(gateway!), {
      headers: { authorization: `Bearer ${VIEWER_TOKEN}` },
      autoPong: false,
    });
    const closed = new Promise<number>((resolve) => silent.once('close', (code) => resolve(code)));
    await new Promise((resolve, reject) => {
      silent.once('open', resolve);
      silent.once('error', reject);
    });
    expect(await closed).toBe(1006);
    expect(gateway!.metrics.heartbeatTimeouts).toBe(1);
    alive.send({ op: 'ping' });
    await alive.next((m) => m.op === 'pong');
    expect(alive.socket.readyState).toBe(WebSocket.OPEN);
    await waitUntil(() => gateway!.clients.size === 1, 2000, 'silent client removed');
  });

  it('shuts down gracefully: 1001 to clients, hooks run, new connections refused', async () => {
    await start();
    const client = await connect();
    await subscribed(client, { id: 'all' });
    const order: string[] = [];
    gateway!.onShutdown(() => {
      order.push(`hook clients=${gateway!.clients.size}`);
    });
    const url = gateway!.server.url;
    const closing = gateway!.close();
    expect(await client.closed()).toMatchObject({ code: 1001 });
    await closing;
    expect(order).toEqual(['hook clients=0']);
    expect(gateway!.clients.resources()).toEqual({
      clients: 0,
      subscriptions: 0,
      timers: 0,
      pipelines: 0,
    });
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    gateway = undefined;
  });
});
