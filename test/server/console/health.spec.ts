import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { of, throwError } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig, type RealmConfig } from '../../../src/pipeline/config.ts';
import type { RealmStatus } from '../../../src/pipeline/realmStatus.ts';
import { SoapProtocolError } from '../../../src/pipeline/sources/soap/errors.ts';
import { runHealthCheck } from '../../../src/server/console/health.ts';
import { fixture } from '../../fixtures/soap/fixtures.ts';

const NOW = 1_764_160_000_000;
const endpoint = { url: 'http://127.0.0.1:7878/', username: 'ADMIN' };

function realm(extra: Record<string, unknown> = {}): RealmConfig {
  return parseConfig({
    realms: [{
      id: 'w1',
      flavor: 'trinitycore',
      soap: { url: endpoint.url, username: 'ADMIN', password: 'x' },
      ...extra,
    }],
  }).realms[0];
}

const status = (patch: Partial<RealmStatus> = {}): RealmStatus => ({
  id: 'w1',
  flavor: 'trinitycore',
  reachable: true,
  polls: 3,
  pollErrors: 0,
  pollErrorsByReason: {},
  pollLatencySumMs: 30,
  lastPollAt: NOW - 2000,
  ...patch,
});

describe('runHealthCheck', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('reads players and update diff from server info', async () => {
    const report = await runHealthCheck({
      realm: realm(),
      status: status(),
      transport: () => of(fixture('tc', 'server-info')),
      endpoint,
      now: () => NOW,
    });
    expect(report.status).toBe('ok');
    expect(report.summary).toBe('all checks passed');
    const part = (name: string) => report.parts.find((p) => p.name === name);
    expect(part('players')).toMatchObject({ status: 'ok', value: expect.any(Number) });
    expect(part('updateDiff')).toMatchObject({ status: 'ok', value: expect.any(Number) });
    expect(part('polling')).toMatchObject({ status: 'ok', message: 'last poll 2 s ago' });
  });

  it('warns on output of the wrong flavour and on a lagging world', async () => {
    const wrong = await runHealthCheck({
      realm: realm(),
      transport: () => of('Welcome to some other server\n'),
      endpoint,
      now: () => NOW,
    });
    expect(wrong.status).toBe('degraded');
    expect(wrong.parts.find((p) => p.name === 'updateDiff')?.message).toMatch(
      /not recognised as trinitycore/,
    );
    const lagging = await runHealthCheck({
      realm: realm({ lag: { thresholdMs: 1 } }),
      transport: () => of(fixture('tc', 'server-info')),
      endpoint,
      now: () => NOW,
    });
    expect(lagging.problems).toEqual(['updateDiff']);
    expect(lagging.summary).toMatch(/over the lag threshold of 1 ms/);
  });

  it('names a flavour mismatch as a SOAP problem', async () => {
    const report = await runHealthCheck({
      realm: realm(),
      transport: () =>
        throwError(() => new SoapProtocolError('namespace urn:AC where urn:TC was expected')),
      endpoint,
      now: () => NOW,
    });
    expect(report.parts[0]).toMatchObject({ name: 'soap', status: 'fail' });
    expect(report.parts[0].message).toMatch(/check realms\[\]\.flavor/);
  });

  it('checks the Metric push and the log tail when configured', async () => {
    dir = mkdtempSync(join(tmpdir(), 'health-'));
    const logPath = join(dir, 'Events.log');
    const configured = realm({ metrics: { enabled: true }, log: { path: logPath } });
    const run = (patch: Partial<RealmStatus>) =>
      runHealthCheck({
        realm: configured,
        status: status(patch),
        transport: () => of(fixture('tc', 'server-info')),
        endpoint,
        now: () => NOW,
      });
    const missing = await run({});
    expect(missing.parts.find((p) => p.name === 'log')).toMatchObject({ status: 'fail' });
    expect(missing.parts.find((p) => p.name === 'metrics')?.message).toMatch(
      /no Metric push received yet/,
    );
    writeFileSync(logPath, '');
    const stale = await run({ lastMetricAt: NOW - 120_000, lastLogLineAt: NOW - 600_000 });
    expect(stale.status).toBe('degraded');
    expect(stale.parts.find((p) => p.name === 'metrics')?.message).toMatch(/120 s old/);
    expect(stale.parts.find((p) => p.name === 'log')?.message).toMatch(/no new line .* 600 s/);
    const fresh = await run({ lastMetricAt: NOW - 1000, lastLogLineAt: NOW - 1000 });
    expect(fresh.status).toBe('ok');
  });

  it('reports stopped polling as a failure', async () => {
    const report = await runHealthCheck({
      realm: realm(),
      status: status({
        reachable: false,
        down: { reason: 'auth', message: 'HTTP 401', since: NOW - 5000, stopped: true },
      }),
      transport: () => of(fixture('tc', 'server-info')),
      endpoint,
      now: () => NOW,
    });
    expect(report.problems).toContain('polling');
    expect(report.parts.find((p) => p.name === 'polling')?.message).toBe(
      'polling stopped: HTTP 401',
    );
  });
});
