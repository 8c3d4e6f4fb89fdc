/**
 * Acceptance: a real HTTP client speaking exactly like the worldserver's Metric sink (one
 * kept TCP stream, several lines per POST, nanosecond timestamps, no trailing newline, no
 * credentials) writes to a running gateway, and a WebSocket client sees typed events.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Gateway } from '../../src/server/gateway.ts';
import { ADMIN_TOKEN, startTestGateway } from '../helpers/gateway.ts';
import { openClient, type TestClient } from '../helpers/ws.ts';

let gateway: Gateway | undefined;
const sockets: Socket[] = [];
const clients: TestClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  for (const socket of sockets.splice(0)) socket.destroy();
  await gateway?.close();
  gateway = undefined;
});

/** One kept TCP stream that sends raw HTTP/1.1 requests and reads one status per request. */
async function worldserverSink(port: number) {
  const socket = connect({ host: '127.0.0.1', port });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  let buffer = '';
  const waiting: Array<(head: string) => void> = [];
  socket.on('data', (chunk) => {
    buffer += chunk.toString('latin1');
    for (;;) {
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0 || waiting.length === 0) return;
      const head = buffer.slice(0, end);
      const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
      if (buffer.length < end + 4 + length) return;
      buffer = buffer.slice(end + 4 + length);
      waiting.shift()!(head);
    }
  });
  return {
    post(path: string, lines: string[]): Promise<string> {
      const body = Buffer.from(lines.join('\n'));
      const head = `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept: */*\r\n` +
        `Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\n` +
        `Content-Length: ${body.length}\r\n\r\n`;
      const response = new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no HTTP response within 5 s')), 5000);
        waiting.push((text) => {
          clearTimeout(timer);
          resolve(text.split('\r\n')[0]);
        });
      });
      socket.write(head);
      socket.write(body);
      return response;
    },
  };
}

const NS = 1_764_160_000_000_000_000n;
const at = (ms: number) => `${NS + BigInt(ms) * 1_000_000n + 123_456n}`;

describe('Metric push through a running gateway to a WebSocket client', () => {
  it('turns worldserver lines into typed events on the socket', async () => {
    gateway = await startTestGateway({
      realms: [{
        id: 'world-1',
        name: 'Trinity Realm',
        flavor: 'trinitycore',
        simulate: { players: 0, lively: false },
        metrics: { enabled: true, database: 'worldserver' },
        dedupeHoldMs: 0,
      }],
    });
    const client = await openClient(`${gateway.server.url.replace('http', 'ws')}/ws`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    clients.push(client);
    await client.next((m) => m.op === 'welcome');
    client.send({ op: 'subscribe', id: 's', types: ['player.*', 'server.started', 'server.lag'] });
    await client.next((m) => m.op === 'subscribed');

    const sink = await worldserverSink(gateway.server.port);
    const realm = 'realm=Trinity\\ Realm';
    expect(
      await sink.post('/write?db=worldserver', [
        `events,${realm} title="Worldserver started",text="" ${at(0)}`,
        `player_events,${realm} title="Login",text="Thrall" ${at(10)}`,
        `online_players,${realm} value=1i ${at(11)}`,
        `update_time_diff,${realm} value=12i ${at(12)}`,
      ]),
    ).toBe('HTTP/1.1 204 No Content');
    // The next request on the same stream, as the worldserver's kept connection does.
    expect(
      await sink.post('/write?db=worldserver', [
        `update_time_diff,${realm} value=450i ${at(1000)}`,
        `player_events,${realm} title="Logout",text="Bob "the" Great" ${at(1001)}`,
      ]),
    ).toBe('HTTP/1.1 204 No Content');

    const seen = () =>
      client.messages.flatMap((m) =>
        m.op === 'event'
          ? [m.event as Record<string, unknown>]
          : m.op === 'events'
          ? (m.events as Record<string, unknown>[])
          : []
      ).filter((e) => e.source === 'metric');
    const deadline = Date.now() + 5000;
    while (seen().length < 4 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const events = seen();
    expect(events.map((e) => [e.type, e.time])).toEqual([
      ['server.started', 1_764_160_000_000],
      ['player.login', 1_764_160_000_010],
      ['server.lag', 1_764_160_001_000],
      ['player.logout', 1_764_160_001_001],
    ]);
    expect(events[1]).toMatchObject({
      realm: 'world-1',
      priority: 'high',
      data: { character: 'Thrall', confirmedBy: ['metric'] },
    });
    expect(events[2].data).toEqual({ state: 'started', updateDiffMs: 450, thresholdMs: 300 });
    expect(events[3].data).toMatchObject({ character: 'Bob "the" Great' });
    expect(typeof events[1].seq).toBe('number');
  });

  it('answers a malformed body 400 and an unknown database 404, InfluxDB style', async () => {
    gateway = await startTestGateway({
      realms: [{
        id: 'world-1',
        flavor: 'trinitycore',
        simulate: { players: 0, lively: false },
        metrics: { enabled: true },
      }],
    });
    const post = (path: string, body: string) =>
      fetch(`${gateway!.server.url}${path}`, { method: 'POST', body });
    const bad = await post('/write?db=world-1', 'online_players value=1i\nnot a line');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'invalid', message: /^partial write:/ });
    const unknown = await post('/write?db=nope', 'm v=1');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({
      code: 'not found',
      message: 'database not found: "nope"',
    });
  });
});
