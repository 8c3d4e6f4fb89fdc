import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.ts';
import { parseConfig } from '../../src/pipeline/config.ts';
import type { DraftEvent } from '../../src/pipeline/events.ts';
import { createMetricsIngest } from '../../src/pipeline/sources/metricsIngest.ts';
import { createTokenVerifier } from '../../src/server/auth.ts';
import { startServer } from '../../src/server/node.ts';
import { createIngestRoutes } from '../../src/server/routes/ingest.ts';
import type { RunningServer } from '../../src/server/runtime.ts';
import { type MetricPusher, startMetricPusher } from '../../src/simulator/metricPusher.ts';
import { populate } from '../../src/simulator/world/population.ts';
import { SimWorld } from '../../src/simulator/world/world.ts';

const T0 = 1_764_160_000_000;

function simWorld(realmName = 'Trinity Realm') {
  const world = new SimWorld({ flavor: 'tc', now: () => T0, realmName });
  populate(world, { seed: 1, players: 0 });
  return world;
}

/** A raw TCP peer that records requests and answers each with `answer`. */
async function rawPeer(answer: (index: number) => string) {
  const requests: string[] = [];
  const sockets: Socket[] = [];
  let connections = 0;
  const server: Server = createServer((socket) => {
    connections++;
    sockets.push(socket);
    let buffer = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      for (;;) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const length = Number(/Content-Length: (\d+)/.exec(buffer.slice(0, end))?.[1] ?? 0);
        if (buffer.length < end + 4 + length) return;
        requests.push(buffer.slice(0, end + 4 + length));
        buffer = buffer.slice(end + 4 + length);
        socket.write(answer(requests.length - 1));
      }
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    requests,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

const NO_CONTENT = 'HTTP/1.1 204 No Content\r\nDate: x\r\n\r\n';
const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

function track(pusher: MetricPusher) {
  cleanup.push(() => pusher.stop());
  return pusher;
}

describe('simulated Metric pusher', () => {
  it('sends the exact worldserver request: headers, raw event text, no trailing newline', async () => {
    const peer = await rawPeer(() => NO_CONTENT);
    cleanup.push(peer.close);
    const world = simWorld();
    const pusher = track(
      startMetricPusher(world, { url: `http://127.0.0.1:${peer.port}/write?db=world-1` }),
    );
    world.login('Thrall');
    world.logout('Thrall');
    await pusher.flush();
    expect(peer.requests).toHaveLength(1);
    const [head, body] = peer.requests[0].split('\r\n\r\n');
    expect(head.split('\r\n')).toEqual([
      'POST /write?db=world-1 HTTP/1.1',
      `Host: 127.0.0.1:${peer.port}`,
      'Accept: */*',
      'Content-Type: application/octet-stream',
      'Content-Transfer-Encoding: binary',
      `Content-Length: ${Buffer.byteLength(body)}`,
    ]);
    expect(body).toBe(
      [
        `player_events,realm=Trinity\\ Realm title="Login",text="Thrall" ${T0}000000`,
        `player_events,realm=Trinity\\ Realm title="Logout",text="Thrall" ${T0}000000`,
      ].join('\n'),
    );
    expect(body.endsWith('\n')).toBe(false);
    // The next batch goes over the same kept stream.
    world.login('Jaina');
    await pusher.flush();
    expect(peer.requests).toHaveLength(2);
    expect(peer.connections()).toBe(1);
    expect(pusher.stats()).toMatchObject({
      requests: 2,
      errors: 0,
      lines: 3,
      statuses: [204, 204],
    });
  });

  it('sends nothing when nothing is queued', async () => {
    const peer = await rawPeer(() => NO_CONTENT);
    cleanup.push(peer.close);
    const pusher = track(startMetricPusher(simWorld(), { url: `http://127.0.0.1:${peer.port}` }));
    await pusher.flush();
    expect(peer.requests).toEqual([]);
    expect(peer.connections()).toBe(0);
  });

  it('defaults to /write?db=worldserver and reports stops after the logouts', async () => {
    const peer = await rawPeer(() => NO_CONTENT);
    cleanup.push(peer.close);
    const world = simWorld('Sim');
    const pusher = track(startMetricPusher(world, { url: `http://127.0.0.1:${peer.port}` }));
    world.login('Thrall');
    world.restart();
    await new Promise((resolve) => queueMicrotask(() => resolve(undefined)));
    await pusher.flush();
    expect(peer.requests[0]).toMatch(/^POST \/write\?db=worldserver HTTP\/1\.1\r\n/);
    const body = peer.requests[0].split('\r\n\r\n')[1].split('\n');
    expect(body.map((line) => line.replace(/ \d+$/, ''))).toEqual([
      'player_events,realm=Sim title="Login",text="Thrall"',
      'player_events,realm=Sim title="Logout",text="Thrall"',
      'events,realm=Sim title="Worldserver shutdown",text=""',
      'events,realm=Sim title="Worldserver started",text=""',
    ]);
  });

  it('disables itself when the first connect fails, like the worldserver', async () => {
    const errors: string[] = [];
    const logger = { ...silentLogger, error: (message: string) => errors.push(message) };
    const world = simWorld();
    // Port 1 on loopback: nothing listens there.
    const pusher = track(
      startMetricPusher(world, { url: 'http://127.0.0.1:1/write?db=x', logger }),
    );
    world.login('Thrall');
    await pusher.flush();
    expect(pusher.enabled).toBe(false);
    expect(errors).toEqual(['Error connecting to metric endpoint, disabling metrics']);
    world.login('Jaina');
    await pusher.flush();
    expect(pusher.stats().requests).toBe(0);
  });

  it('logs a non-204 answer and keeps going; reconnects after Connection: close', async () => {
    const answers = [
      'HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}',
      'HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n',
      NO_CONTENT,
    ];
    const peer = await rawPeer((index) => answers[index]);
    cleanup.push(peer.close);
    const errors: string[] = [];
    const logger = { ...silentLogger, error: (message: string) => errors.push(message) };
    const world = simWorld();
    const pusher = track(
      startMetricPusher(world, { url: `http://127.0.0.1:${peer.port}/write?db=x`, logger }),
    );
    for (const name of ['Thrall', 'Jaina', 'Garrosh']) {
      try {
        world.login(name);
      } catch {
        world.logout('Thrall');
      }
      await pusher.flush();
    }
    expect(pusher.stats().statuses).toEqual([400, 204, 204]);
    expect(errors).toEqual(['Error sending data, returned HTTP code: 400']);
    expect(peer.connections()).toBe(2);
    expect(pusher.enabled).toBe(true);
  });
});

describe('simulated Metric pusher against the real ingest route', () => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('gets 204s and its logins become typed events', async () => {
    const config = parseConfig({
      realms: [{ id: 'world-1', flavor: 'trinitycore', simulate: {}, metrics: { enabled: true } }],
    });
    const ingest = createMetricsIngest(config);
    const events: DraftEvent[] = [];
    ingest.events$('world-1').subscribe((e) => events.push(e));
    server = await startServer(
      (adapter) => {
        const app = new Hono();
        app.route(
          '/',
          createIngestRoutes({ ingest, config, adapter, tokens: createTokenVerifier([]) }),
        );
        return app;
      },
      { host: '127.0.0.1', port: 0, maxMessageBytes: 65536 },
    );
    const world = simWorld('Trinity "Test" Realm');
    const pusher = track(startMetricPusher(world, { url: `${server.url}/write?db=world-1` }));
    world.login('Thrall');
    world.update();
    await pusher.flush();
    world.logout('Thrall');
    await pusher.flush();
    expect(pusher.stats().statuses).toEqual([204, 204]);
    expect(events.map((e) => [e.type, e.source, e.time])).toEqual([
      ['player.login', 'metric', T0],
      ['player.logout', 'metric', T0],
    ]);
  });
});
