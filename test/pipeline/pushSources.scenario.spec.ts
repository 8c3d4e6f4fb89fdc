/**
 * The push-source scenario: a simulated worldserver answers SOAP polls, pushes its Metric
 * lines to the real ingest route over HTTP and writes its log file; the realm pipeline
 * merges the three. Each login appears once, confirmed by all three sources; with the
 * push missing, it still appears once (from the poll and the log).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.ts';
import { type Config, parseConfig } from '../../src/pipeline/config.ts';
import type { DraftEvent } from '../../src/pipeline/events.ts';
import { withPushSources } from '../../src/pipeline/pushSources.ts';
import { realmPipeline } from '../../src/pipeline/realm.ts';
import { createRealmStatusBoard } from '../../src/pipeline/realmStatus.ts';
import { createMetricsIngest } from '../../src/pipeline/sources/metricsIngest.ts';
import { createSoapTransport } from '../../src/pipeline/sources/soap/transport.ts';
import { createTokenVerifier } from '../../src/server/auth.ts';
import { startServer } from '../../src/server/node.ts';
import { createIngestRoutes } from '../../src/server/routes/ingest.ts';
import { startLogWriter } from '../../src/simulator/logWriter.ts';
import { startMetricPusher } from '../../src/simulator/metricPusher.ts';
import { startSimulator } from '../../src/simulator/simulator.ts';

const cleanup: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function until(check: () => boolean, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function scenario(
  options: { flavor: 'tc' | 'ac'; push: boolean; metrics?: boolean; log?: boolean },
) {
  const dir = await mkdtemp(join(tmpdir(), 'rs-scenario-'));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  const sim = await startSimulator({ flavor: options.flavor, tickMs: 10, players: 0 });
  cleanup.push(() => sim.close());
  const logPath = join(dir, 'Events.log');
  const writer = await startLogWriter(sim.world, { path: logPath });
  cleanup.push(() => writer.close());

  const config: Config = parseConfig({
    realms: [{
      id: 'world-1',
      flavor: options.flavor === 'tc' ? 'trinitycore' : 'azerothcore',
      soap: { url: sim.url, username: 'ADMIN', password: 'admin' },
      poll: { intervalMs: 250 },
      metrics: { enabled: options.metrics ?? true },
      ...(options.log === false ? {} : { log: { path: logPath, pollMs: 20 } }),
      dedupeHoldMs: 3000,
    }],
  });
  const realm = config.realms[0];
  const status = createRealmStatusBoard();
  const ingest = createMetricsIngest(config, { status });
  const server = await startServer(
    (adapter) =>
      new Hono().route(
        '/',
        createIngestRoutes({ ingest, config, adapter, tokens: createTokenVerifier([]) }),
      ),
    { host: '127.0.0.1', port: 0, maxMessageBytes: 65536 },
  );
  cleanup.push(() => server.close());
  const pusher = options.push
    ? startMetricPusher(sim.world, { url: `${server.url}/write?db=world-1` })
    : undefined;
  if (pusher) cleanup.push(() => pusher.stop());

  const events: DraftEvent[] = [];
  const transport = createSoapTransport({ ...realm.soap!, flavor: realm.flavor });
  const polls$ = realmPipeline(realm, { transport, status, logger: silentLogger });
  const subscription = withPushSources(realm, polls$, { metrics: ingest, status })
    .subscribe((event) => events.push(event));
  cleanup.push(() => subscription.unsubscribe());
  // Started: the first poll produced the (empty) roster.
  await until(() => events.some((e) => e.type === 'realm.roster'), 'first poll');
  return { sim, events, pusher, status };
}

const confirmedBy = (event: DraftEvent) =>
  [...((event.data as { confirmedBy?: string[] }).confirmedBy ?? [])].sort();

const ofType = (events: DraftEvent[], type: string, character: string) =>
  events.filter((e) =>
    e.type === type && (e.data as { character?: string }).character === character
  );

describe('push sources scenario (simulator: SOAP + Metric push + log file)', () => {
  for (const flavor of ['tc', 'ac'] as const) {
    it(`${flavor}: each login and logout appears once, confirmed by soap, metric and log`, async () => {
      const { sim, events, pusher, status } = await scenario({ flavor, push: true });
      sim.login('Thrall', { ip: '10.1.2.3' });
      await pusher!.flush();
      await until(() => ofType(events, 'player.login', 'Thrall').length > 0, 'login');
      sim.logout('Thrall');
      await pusher!.flush();
      await until(() => ofType(events, 'player.logout', 'Thrall').length > 0, 'logout');
      // Anything else about Thrall would arrive within a few polls: wait for them.
      const polls = status.get('world-1')!.polls;
      await until(() => status.get('world-1')!.polls >= polls + 4, 'more polls');

      const [login] = ofType(events, 'player.login', 'Thrall');
      expect(ofType(events, 'player.login', 'Thrall')).toHaveLength(1);
      expect(confirmedBy(login)).toEqual(['log', 'metric', 'soap']);
      // The earliest report wins; the others fill in what it lacks.
      expect(login.data).toMatchObject({ character: 'Thrall', account: expect.any(String) });
      expect(login.data).toHaveProperty('ip', '10.1.2.3');
      expect(login.data).toHaveProperty('map');

      const logouts = ofType(events, 'player.logout', 'Thrall');
      expect(logouts).toHaveLength(1);
      expect(confirmedBy(logouts[0])).toEqual(['log', 'metric', 'soap']);
      expect(pusher!.stats().statuses.every((s) => s === 204)).toBe(true);
      expect(status.get('world-1')).toMatchObject({
        lastMetricAt: expect.any(Number),
        lastLogLineAt: expect.any(Number),
      });
    });
  }

  it('with the Metric push missing, a login still appears once (poll and log)', async () => {
    const { sim, events } = await scenario({ flavor: 'tc', push: false });
    sim.login('Jaina');
    // Held for dedupeHoldMs waiting for the metric confirmation that never comes.
    await until(() => ofType(events, 'player.login', 'Jaina').length > 0, 'login');
    const logins = ofType(events, 'player.login', 'Jaina');
    expect(logins).toHaveLength(1);
    expect(confirmedBy(logins[0])).toEqual(['log', 'soap']);
  });

  it('with metrics turned off and no log, a login and logout appear once, from the poll', async () => {
    const { sim, events } = await scenario({
      flavor: 'ac',
      push: false,
      metrics: false,
      log: false,
    });
    sim.login('Thrall');
    await until(() => ofType(events, 'player.login', 'Thrall').length > 0, 'login');
    sim.logout('Thrall');
    await until(() => ofType(events, 'player.logout', 'Thrall').length > 0, 'logout');
    const logins = ofType(events, 'player.login', 'Thrall');
    expect(logins).toHaveLength(1);
    expect(logins[0].source).toBe('soap');
    // One source: nothing to merge, so no dedupe and no confirmedBy list.
    expect(confirmedBy(logins[0])).toEqual([]);
    expect(ofType(events, 'player.logout', 'Thrall')).toHaveLength(1);
  });
});
