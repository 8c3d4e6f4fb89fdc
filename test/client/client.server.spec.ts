/**
 * The client against a real gateway (Node, `ws` as WebSocket since Node 20 has none):
 * resume after 1001 within one epoch, recovery across a gateway restart on the same port,
 * and no reconnect after 4401.
 */
import { filter, firstValueFrom, take, toArray } from 'rxjs';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { connect, type RealmstreamClient } from '../../src/client/client.ts';
import type { ClientEvent, ClientNotice, SocketConstructor } from '../../src/client/types.ts';
import { draftEvent } from '../../src/pipeline/events.ts';
import type { Gateway } from '../../src/server/gateway.ts';
import { ADMIN_TOKEN, startTestGateway } from '../helpers/gateway.ts';

const Socket = WebSocket as unknown as SocketConstructor;
let gateways: Gateway[] = [];
let clients: RealmstreamClient[] = [];

afterEach(async () => {
  for (const client of clients) client.close();
  for (const gateway of gateways) await gateway.close();
  gateways = [];
  clients = [];
});

async function gateway(port = 0): Promise<Gateway> {
  const started = await startTestGateway({ server: { port } });
  gateways.push(started);
  return started;
}

function login(target: Gateway, character: string) {
  target.hub.publish(
    draftEvent('player.login', {
      realm: 'r1',
      time: Date.now(),
      source: 'soap',
      data: { character },
    }),
  );
}

function open(target: Gateway, extra: Partial<Parameters<typeof connect>[1]> = {}) {
  const client = connect(`${target.server.url.replace('http', 'ws')}/ws`, {
    token: ADMIN_TOKEN,
    WebSocket: Socket,
    backoff: { initialMs: 50, maxMs: 200 },
    subscriptions: [{ id: 'logins', types: ['player.login'] }],
    ...extra,
  });
  clients.push(client);
  const events: ClientEvent[] = [];
  const notices: ClientNotice[] = [];
  client.events$.subscribe((item) => events.push(item));
  client.notices$.subscribe((notice) => notices.push(notice));
  return { client, events, notices };
}

const subscribed = (client: RealmstreamClient, count = 1) =>
  firstValueFrom(
    client.notices$.pipe(filter((notice) => notice.kind === 'subscribed'), take(count), toArray()),
    { defaultValue: [] },
  );

async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('client with a real gateway', () => {
  it('resumes after 1001 without duplicates or gaps (same epoch: recovered)', async () => {
    const server = await gateway();
    const { client, events, notices } = open(server);
    await subscribed(client);
    login(server, 'Anduin');
    login(server, 'Baine');
    await until(() => events.length === 2, 'two events');

    const resumed = subscribed(client);
    for (const handle of [...server.clients.clients()]) handle.close(1001, 'going away');
    await until(() => client.state().status !== 'open', 'the close');
    login(server, 'Cairne'); // published while the client is away: must come with the resume
    const [notice] = await resumed;
    login(server, 'Drek');
    await until(() => events.length === 4, 'four events');

    expect(notice).toMatchObject({ resumed: true, recovered: true, epochChanged: false });
    expect(events.map(({ event }) => (event.data as { character: string }).character)).toEqual([
      'Anduin',
      'Baine',
      'Cairne',
      'Drek',
    ]);
    expect(new Set(events.map(({ event }) => event.seq)).size).toBe(4);
    expect(notices.some((n) => n.kind === 'closed' && n.code === 1001 && n.reconnect)).toBe(true);
    expect(client.stats()).toMatchObject({ received: 4, duplicates: 0, gaps: 0, reconnects: 1 });
  });

  it('reports recovered: false after the gateway restarts on the same port (new epoch)', async () => {
    const first = await gateway();
    const { client, events } = open(first);
    await subscribed(client);
    login(first, 'Jaina');
    await until(() => events.length === 1, 'the first event');
    const oldEpoch = client.state().epoch;

    const resumed = subscribed(client);
    await first.close();
    gateways = gateways.filter((g) => g !== first);
    const second = await gateway(first.server.port);
    const [notice] = await resumed;
    login(second, 'Thrall');
    await until(() => events.length === 2, 'the event after the restart');

    expect(notice).toMatchObject({ resumed: true, recovered: false, epochChanged: true });
    expect(client.state()).toMatchObject({ status: 'open', epoch: second.hub.epoch });
    expect(client.state().epoch).not.toBe(oldEpoch);
    expect(events[1].event.id.startsWith(`${second.hub.epoch}:`)).toBe(true);
    expect(client.stats().gaps).toBe(1);
  });

  it('does not reconnect after 4401 (refused token in the auth message)', async () => {
    const server = await gateway();
    const { client, notices } = open(server, { token: 'wrong-token-0123456789', auth: 'message' });
    await until(() => client.state().status === 'closed', 'the refusal');
    await new Promise((resolve) => setTimeout(resolve, 300)); // longer than any backoff here
    expect(client.state()).toMatchObject({ status: 'closed', code: 4401 });
    expect(notices.filter((n) => n.kind === 'closed')).toEqual([
      expect.objectContaining({ code: 4401, reconnect: false }),
    ]);
    expect(client.stats().reconnects).toBe(0);
  });

  it('authenticates with an auth message and measures a ping', async () => {
    const server = await gateway();
    const { client } = open(server, { auth: 'message' });
    await subscribed(client);
    expect(client.state()).toMatchObject({ status: 'open', role: 'admin' });
    expect(await client.ping()).toBeGreaterThanOrEqual(0);
    await expect(client.command('r1', 'server info')).rejects.toThrow(
      /commands_disabled|forbidden|unknown/,
    );
  });
});
