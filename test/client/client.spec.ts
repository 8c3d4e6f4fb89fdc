import { map } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { connect } from '../../src/client/client.ts';
import type { ClientEvent, ClientNotice, SocketLike } from '../../src/client/types.ts';
import { createTestScheduler } from '../helpers/marbles.ts';

/** A scripted socket: records what the client sends; the test plays the server. */
class FakeSocket implements SocketLike {
  static created: FakeSocket[] = [];
  static scheduler: TestScheduler;
  /** What every new socket does at once. */
  static behaviour: 'fail' | 'open' = 'open';
  readyState = 0;
  protocol = '';
  readonly url: string;
  readonly protocols: string[];
  readonly at: number;
  readonly sent: Array<Record<string, unknown>> = [];
  closedWith?: number;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;

  constructor(url: string, protocols?: string | string[]) {
    this.url = url;
    this.protocols = [protocols ?? []].flat();
    this.at = FakeSocket.scheduler.now();
    FakeSocket.created.push(this);
    if (FakeSocket.behaviour === 'fail') {
      FakeSocket.scheduler.schedule(() => this.serverClose(1006), 0);
    } else {
      this.readyState = 1;
      FakeSocket.scheduler.schedule(() => this.onopen?.({}), 0);
    }
  }
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(code?: number): void {
    this.closedWith = code;
    this.readyState = 3;
  }
  /** Server -> client. */
  receive(message: object | string): void {
    this.onmessage?.({ data: typeof message === 'string' ? message : JSON.stringify(message) });
  }
  welcome(epoch = 'e1', seq = 0): void {
    this.receive({ op: 'welcome', v: 1, epoch, seq, role: 'viewer', limits: {} });
  }
  serverClose(code: number, reason = ''): void {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
}

const event = (seq: number, epoch = 'e1') => ({
  id: `${epoch}:${seq}`,
  seq,
  realm: 'r1',
  type: 'player.login',
  time: 0,
  priority: 'high',
  source: 'soap',
  data: { character: `C${seq}` },
});

let scheduler: TestScheduler;
beforeEach(() => {
  scheduler = createTestScheduler();
  FakeSocket.scheduler = scheduler;
  FakeSocket.created = [];
  FakeSocket.behaviour = 'open';
});

function start(extra: Parameters<typeof connect>[1] extends infer O ? Partial<O> : never = {}) {
  return connect('ws://gateway.test/ws', {
    token: 'secret-token-0123456789',
    WebSocket: FakeSocket,
    scheduler,
    random: () => 0,
    heartbeatMs: 0,
    ...extra,
  });
}

describe('connect: arguments', () => {
  it('refuses a non-ws URL, a missing token, bad ids and a missing WebSocket', () => {
    expect(() => connect('http://x/ws', { token: 't', WebSocket: FakeSocket })).toThrow(/ws:\/\//);
    expect(() => connect('ws://x/ws', { token: '', WebSocket: FakeSocket })).toThrow(/token/);
    expect(() => connect('ws://x/ws', { token: 'a b', WebSocket: FakeSocket })).toThrow(/ASCII/);
    expect(() =>
      connect('ws://x/ws', { token: 't', WebSocket: FakeSocket, subscriptions: [{ id: 'a b' }] })
    ).toThrow(/subscription id/);
    const saved = (globalThis as { WebSocket?: unknown }).WebSocket;
    try {
      (globalThis as { WebSocket?: unknown }).WebSocket = undefined;
      expect(() => connect('ws://x/ws', { token: 't' })).toThrow(/options.WebSocket/);
    } finally {
      (globalThis as { WebSocket?: unknown }).WebSocket = saved;
    }
  });
});

describe('connect: backoff in virtual time', () => {
  it('retries with exponential delays up to the maximum', () => {
    const seen: string[] = [];
    scheduler.run(() => {
      FakeSocket.behaviour = 'fail';
      const client = start({ backoff: { initialMs: 100, maxMs: 400 } });
      client.state$.subscribe((s) =>
        seen.push(`${scheduler.now()} ${s.status} ${s.retryInMs ?? ''}`)
      );
      scheduler.schedule(() => client.close(), 1000);
    });
    expect(seen).toEqual([
      '0 connecting ',
      '0 reconnecting 100',
      '100 connecting ',
      '100 reconnecting 200',
      '300 connecting ',
      '300 reconnecting 400',
      '700 connecting ',
      '700 reconnecting 400',
      '1000 closed ',
    ]);
    expect(FakeSocket.created.map((socket) => socket.at)).toEqual([0, 100, 300, 700]);
  });

  it('spreads retries with jitter', () => {
    scheduler.run(() => {
      FakeSocket.behaviour = 'fail';
      const client = start({ backoff: { initialMs: 100, jitter: 0.5 }, random: () => 0.999 });
      scheduler.schedule(() => client.close(), 400);
    });
    expect(FakeSocket.created.map((socket) => socket.at)).toEqual([0, 50, 150, 350]);
  });

  it('starts over after a connection that stayed up', () => {
    scheduler.run(() => {
      const client = start({ backoff: { initialMs: 100 }, stableAfterMs: 1000 });
      const script: Array<[number, (s: FakeSocket) => void]> = [
        [1, (s) => s.welcome()],
        [10, (s) => s.serverClose(1001)], // short-lived: attempt 0 -> 100 ms
        [111, (s) => s.welcome()],
        [120, (s) => s.serverClose(1001)], // still short: attempt 1 -> 200 ms
        [321, (s) => s.welcome()],
        [2000, (s) => s.serverClose(1001)], // stable: back to 100 ms
      ];
      for (const [at, step] of script) {
        scheduler.schedule(() => step(FakeSocket.created.at(-1)!), at);
      }
      scheduler.schedule(() => client.close(), 2500);
    });
    expect(FakeSocket.created.map((socket) => socket.at)).toEqual([0, 110, 320, 2100]);
  });

  it('does not reconnect after 4401, 4403, 4400 or 1009', () => {
    for (const code of [4401, 4403, 4400, 1009]) {
      FakeSocket.created = [];
      const local = createTestScheduler();
      FakeSocket.scheduler = local;
      local.run(({ expectObservable }) => {
        const client = connect('ws://gateway.test/ws', {
          token: 'secret-token-0123456789',
          WebSocket: FakeSocket,
          scheduler: local,
          heartbeatMs: 0,
        });
        local.schedule(() => FakeSocket.created[0].serverClose(code, 'no'), 5);
        expectObservable(client.state$.pipe(map((s) => `${s.status}:${s.code ?? ''}`))).toBe(
          'a 4ms (b|)',
          { a: 'connecting:', b: `closed:${code}` },
        );
      });
      expect(FakeSocket.created).toHaveLength(1);
    }
  });

  it('does reconnect after 1001, 4408, 4409, 4429 and abnormal closes', () => {
    scheduler.run(() => {
      const client = start({ backoff: { initialMs: 10, factor: 1 } });
      [1001, 4408, 4409, 4429, 1006, 1000].forEach((code, i) =>
        scheduler.schedule(() => FakeSocket.created[i].serverClose(code), i * 20 + 5)
      );
      scheduler.schedule(() => client.close(), 200);
    });
    expect(FakeSocket.created).toHaveLength(7);
  });
});

describe('connect: protocol', () => {
  it('offers the bearer subprotocol, or sends an auth message', () => {
    scheduler.run(() => {
      const a = start();
      const b = start({ auth: 'message' });
      scheduler.schedule(() => (a.close(), b.close()), 1);
    });
    const [viaProtocol, viaMessage] = FakeSocket.created;
    expect(viaProtocol.protocols).toEqual([
      'realmstream.v1',
      'realmstream.bearer.secret-token-0123456789',
    ]);
    expect(viaProtocol.sent).toEqual([]);
    expect(viaMessage.protocols).toEqual(['realmstream.v1']);
    expect(viaMessage.sent).toEqual([{ op: 'auth', token: 'secret-token-0123456789' }]);
  });

  it('delivers a late event (older seq after a stall) and still drops repeats', () => {
    const events: ClientEvent[] = [];
    let client!: ReturnType<typeof start>;
    scheduler.run(() => {
      client = start({ subscriptions: [{ id: 'all' }] });
      client.events$.subscribe((item) => events.push(item));
      const socket = FakeSocket.created[0];
      socket.welcome('e1', 4);
      socket.receive({ op: 'subscribed', id: 'all', recovered: false, epoch: 'e1', seq: 4 });
      // A stalled queue drains its most urgent window (9, 10) before the older one (5-7).
      socket.receive({ op: 'events', subs: ['all', 'all'], events: [event(9), event(10)] });
      socket.receive({ op: 'events', subs: ['all', 'all'], events: [event(5), event(7)] });
      socket.receive({ op: 'event', sub: 'all', event: event(9) });
      client.close();
    });
    expect(events.map(({ event }) => event.seq)).toEqual([9, 10, 5, 7]);
    expect(client.stats()).toMatchObject({ received: 4, duplicates: 1 });
  });

  it('subscribes after welcome, resumes with since, drops duplicates, surfaces gaps', () => {
    const events: ClientEvent[] = [];
    const notices: ClientNotice[] = [];
    let client!: ReturnType<typeof start>;
    scheduler.run(() => {
      client = start({
        subscriptions: [{ id: 'logins', types: ['player.login'], realms: ['r1'] }],
      });
      client.events$.subscribe((item) => events.push(item));
      client.notices$.subscribe((notice) => notices.push(notice));
      const first = FakeSocket.created[0];
      first.welcome('e1', 5);
      first.receive({ op: 'subscribed', id: 'logins', recovered: false, epoch: 'e1', seq: 5 });
      first.receive({ op: 'event', sub: 'logins', event: event(6) });
      first.receive({ op: 'events', subs: ['logins', 'logins'], events: [event(7), event(8)] });
      first.receive({ op: 'gap', reason: 'rate', dropped: 3, fromSeq: 9, toSeq: 11 });
      first.receive('not json');
      first.receive({ op: 'something_new' });
      first.serverClose(1001, 'server shutting down');
      scheduler.flush();
      const second = FakeSocket.created[1];
      second.welcome('e1', 12);
      second.receive({ op: 'subscribed', id: 'logins', recovered: true, epoch: 'e1', seq: 12 });
      second.receive({
        op: 'events',
        subs: ['logins', 'logins', 'logins', 'gone'],
        events: [event(7), event(8), event(12), event(13)],
      });
      second.serverClose(1006);
      scheduler.flush();
      const third = FakeSocket.created[2];
      third.welcome('e2', 2);
      third.receive({ op: 'subscribed', id: 'logins', recovered: false, epoch: 'e2', seq: 2 });
      third.receive({ op: 'event', sub: 'logins', event: event(3, 'e2') });
      client.close();
    });
    const [first, second, third] = FakeSocket.created;
    expect(first.sent).toEqual([
      { op: 'subscribe', id: 'logins', types: ['player.login'], realms: ['r1'] },
    ]);
    expect(second.sent).toEqual([
      {
        op: 'subscribe',
        id: 'logins',
        types: ['player.login'],
        realms: ['r1'],
        since: { epoch: 'e1', seq: 8 },
      },
    ]);
    expect(third.sent[0]).toMatchObject({ since: { epoch: 'e1', seq: 12 } });
    expect(events.map(({ event }) => event.id)).toEqual(['e1:6', 'e1:7', 'e1:8', 'e1:12', 'e2:3']);
    expect(notices).toEqual([
      {
        kind: 'subscribed',
        sub: 'logins',
        resumed: false,
        recovered: false,
        epochChanged: false,
        epoch: 'e1',
      },
      { kind: 'gap', reason: 'rate', dropped: 3, fromSeq: 9, toSeq: 11 },
      { kind: 'closed', code: 1001, reason: 'server shutting down', reconnect: true },
      {
        kind: 'subscribed',
        sub: 'logins',
        resumed: true,
        recovered: true,
        epochChanged: false,
        epoch: 'e1',
      },
      { kind: 'closed', code: 1006, reason: '', reconnect: true },
      {
        kind: 'subscribed',
        sub: 'logins',
        resumed: true,
        recovered: false,
        epochChanged: true,
        epoch: 'e2',
      },
    ]);
    expect(client.stats()).toEqual({
      received: 5,
      duplicates: 2,
      gaps: 2,
      dropped: 3,
      reconnects: 2,
      badFrames: 1,
    });
    expect(client.state().status).toBe('closed');
  });

  it('resumes a subscription that saw no event from where it started', () => {
    scheduler.run(() => {
      start({ backoff: { initialMs: 10 } });
      const first = FakeSocket.created[0];
      first.welcome('e1', 40);
      first.receive({ op: 'subscribed', id: 'all', recovered: false, epoch: 'e1', seq: 40 });
      first.serverClose(1001);
      scheduler.flush();
      FakeSocket.created[1].welcome('e1', 45);
    });
    expect(FakeSocket.created[1].sent).toEqual([
      { op: 'subscribe', id: 'all', since: { epoch: 'e1', seq: 40 } },
    ]);
  });

  it('answers commands and pings, and rejects them on errors and closes', async () => {
    let client!: ReturnType<typeof start>;
    const results: unknown[] = [];
    scheduler.run(() => {
      client = start();
      const socket = FakeSocket.created[0];
      client.ping().catch((error: Error) => results.push(`early: ${error.message}`));
      socket.welcome();
      client.command('r1', 'server info').then((reply) => results.push(reply));
      client.command('r1', 'nope').catch((error: Error) => results.push(error.message));
      client.ping().then((rtt) => results.push(`rtt ${rtt}`));
      client.command('r1', 'never answered').catch((error: Error) => results.push(error.message));
      scheduler.schedule(() => {
        const [c1, c2, p] = socket.sent.slice(1).map((message) => message.id);
        socket.receive({ op: 'reply', id: c1, ok: true, output: 'up' });
        socket.receive({ op: 'error', code: 'forbidden', message: 'admins only', ref: c2 });
        socket.receive({ op: 'pong', id: p });
        socket.serverClose(1001);
      }, 7);
    });
    await Promise.resolve();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(results).toEqual([
      'early: not connected',
      { op: 'reply', id: 'c-2', ok: true, output: 'up' },
      'forbidden: admins only',
      'rtt 7',
      'connection closed (1001)',
    ]);
    expect(client.stats().rttMs).toBe(7);
    client.close();
  });

  it('bounds pending requests', async () => {
    let client!: ReturnType<typeof start>;
    const outcomes: string[] = [];
    scheduler.run(() => {
      client = start({ maxPending: 2 });
      FakeSocket.created[0].welcome();
      for (let i = 0; i < 3; i++) {
        client.ping().catch((error: Error) => outcomes.push(error.message));
      }
      client.close();
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(outcomes).toEqual(['more than 2 requests pending', 'client closed', 'client closed']);
  });

  it('drops a silent connection after a ping and reconnects', () => {
    scheduler.run(() => {
      const client = start({ heartbeatMs: 100, heartbeatTimeoutMs: 50 });
      const first = FakeSocket.created[0];
      first.welcome();
      // Answers the first ping (at 100) in time; goes silent before the second (at 200).
      scheduler.schedule(() => first.receive({ op: 'pong', id: first.sent[1].id }), 120);
      scheduler.schedule(() => client.close(), 1000);
    });
    const [first, second] = FakeSocket.created;
    expect(first.sent.map((message) => message.op)).toEqual(['subscribe', 'ping', 'ping']);
    expect(first.closedWith).toBe(4000);
    expect(second.at).toBe(250 + 500);
  });

  it('adds, replaces and removes subscriptions while connected', () => {
    scheduler.run(() => {
      const client = start({ subscriptions: [] });
      const socket = FakeSocket.created[0];
      socket.welcome();
      client.subscribe({ id: 'chat', types: ['chat.message'] });
      socket.receive({ op: 'subscribed', id: 'chat', recovered: false, epoch: 'e1', seq: 0 });
      socket.receive({ op: 'event', sub: 'chat', event: event(4) });
      client.subscribe({ id: 'chat', types: ['chat.*'] });
      client.unsubscribe('chat');
      client.unsubscribe('unknown');
      client.close();
    });
    expect(FakeSocket.created[0].sent).toEqual([
      { op: 'subscribe', id: 'chat', types: ['chat.message'] },
      { op: 'subscribe', id: 'chat', types: ['chat.*'], since: { epoch: 'e1', seq: 4 } },
      { op: 'unsubscribe', id: 'chat' },
    ]);
  });
});
