import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/pipeline/config.ts';
import type { DraftEvent } from '../../src/pipeline/events.ts';
import { createMetricsIngest } from '../../src/pipeline/sources/metricsIngest.ts';
import { createTokenVerifier } from '../../src/server/auth.ts';
import { startServer } from '../../src/server/node.ts';
import { createIngestRoutes } from '../../src/server/routes/ingest.ts';
import { type CliRun, runInProcess } from '../helpers/recordingCli.ts';

const cleanup: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 8000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('realmstream simulate --metrics-url --log', () => {
  it('pushes Metric lines to the ingest route and writes the events log', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rs-simcli-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const config = parseConfig({
      realms: [{ id: 'sim', flavor: 'azerothcore', simulate: {}, metrics: { enabled: true } }],
    });
    const ingest = createMetricsIngest(config);
    const events: DraftEvent[] = [];
    ingest.events$('sim').subscribe((e) => events.push(e));
    const server = await startServer(
      (adapter) =>
        new Hono().route(
          '/',
          createIngestRoutes({ ingest, config, adapter, tokens: createTokenVerifier([]) }),
        ),
      { host: '127.0.0.1', port: 0, maxMessageBytes: 65536 },
    );
    cleanup.push(() => server.close());
    const log = join(dir, 'Events.log');
    const run: CliRun = runInProcess(
      [
        'simulate',
        '--flavor',
        'ac',
        '--port',
        '0',
        '--players',
        '3',
        '--tick-ms',
        '10',
        '--metrics-url',
        `${server.url}/write?db=sim`,
        '--log',
        log,
      ],
      dir,
    );
    cleanup.push(async () => {
      run.stop();
      await run.exit;
    });
    await run.waitFor(/Simulated AzerothCore worldserver/);
    const players = () =>
      events.some((e) => e.type === 'server.info' && e.data.onlinePlayers === 3);
    await until(() => events.some((e) => e.type === 'server.started') && players(), 'metrics');
    await until(async () => (await readFile(log, 'utf8')).includes('ready...'), 'log line');
    expect(await readFile(log, 'utf8')).toMatch(
      /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} INFO \[server\.worldserver\] AzerothCore rev\. .* \(worldserver-daemon\) ready\.\.\.\n/,
    );
    run.stop();
    expect(await run.exit).toBe(0);
  });

  it('refuses a bad --metrics-url and --log-mode', async () => {
    for (const args of [['--metrics-url', 'ftp://x'], ['--log', 'x.log', '--log-mode', 'z']]) {
      const run = runInProcess(['simulate', '--port', '0', ...args], '/');
      expect(await run.exit).toBe(2);
      expect(run.stderr()).toMatch(/--metrics-url must be an http|--log-mode must be a or w/);
    }
  });
});
