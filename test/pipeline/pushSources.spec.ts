import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { map, Subject } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { type ConfigInput, parseConfig, type RealmConfig } from '../../src/pipeline/config.ts';
import { type DraftEvent, draftEvent } from '../../src/pipeline/events.ts';
import {
  createPushSourcesStats,
  dedupeHoldMs,
  enabledSources,
  pushSources,
  withPushSources,
} from '../../src/pipeline/pushSources.ts';
import { createRealmStatusBoard } from '../../src/pipeline/realmStatus.ts';
import { createMetricsIngest } from '../../src/pipeline/sources/metricsIngest.ts';
import { silentLogger } from '../../src/logger.ts';
import { createTestScheduler } from '../helpers/marbles.ts';

type RealmInput = Partial<NonNullable<ConfigInput['realms']>[number]>;

function realmConfig(realm: RealmInput = {}) {
  const config = parseConfig({
    realms: [{ id: 'r', flavor: 'trinitycore', simulate: {}, ...realm } as never],
  });
  return { config, realm: config.realms[0] as RealmConfig };
}

const soapLogin = (time: number, character = 'Thrall') =>
  draftEvent('player.login', {
    realm: 'r',
    time,
    source: 'soap',
    data: { character, account: 'THRALL', map: 1, zone: 14 },
  });

describe('push sources: configuration', () => {
  it('lists the sources that can report logins', () => {
    expect(enabledSources(realmConfig().realm)).toEqual(['soap']);
    expect(
      enabledSources(realmConfig({ metrics: { enabled: true }, log: { path: 'x.log' } }).realm),
    ).toEqual(['soap', 'metric', 'log']);
    expect(enabledSources(realmConfig({ metrics: { enabled: true } }).realm, false)).toEqual([
      'soap',
    ]);
    expect(
      enabledSources(
        realmConfig({ poll: { onlineList: { enabled: false } }, log: { path: 'x' } }).realm,
      ),
    ).toEqual(['log']);
  });

  it('holds twice the online-list poll interval, capped by the window, 0 for one source', () => {
    const three = realmConfig({ metrics: { enabled: true }, log: { path: 'x' } }).realm;
    expect(dedupeHoldMs(three, ['soap', 'metric', 'log'])).toBe(10_000);
    const fast = realmConfig({ poll: { intervalMs: 1000, onlineList: { intervalMs: 400 } } }).realm;
    expect(dedupeHoldMs(fast, ['soap', 'metric'])).toBe(800);
    const capped = realmConfig({ poll: { intervalMs: 60_000 }, dedupeWindowMs: 15_000 }).realm;
    expect(dedupeHoldMs(capped, ['soap', 'log'])).toBe(15_000);
    expect(dedupeHoldMs(realmConfig({ dedupeHoldMs: 123 }).realm, ['soap', 'log'])).toBe(123);
    expect(dedupeHoldMs(three, ['soap'])).toBe(0);
    expect(dedupeHoldMs(three, ['metric', 'log'])).toBe(2000);
  });

  it('returns the poll stream itself when the realm has no push source', () => {
    const polls$ = new Subject<DraftEvent>();
    expect(withPushSources(realmConfig().realm, polls$)).toBe(polls$);
  });
});

describe('push sources: merge with polls (marbles)', () => {
  let testScheduler: TestScheduler;
  beforeEach(() => (testScheduler = createTestScheduler()));

  it('emits a login pushed by metrics and seen by the poll once, confirmed by both', () => {
    const { config, realm } = realmConfig({ metrics: { enabled: true } });
    testScheduler.run(({ cold, expectObservable }) => {
      const ingest = createMetricsIngest(config, { scheduler: testScheduler });
      const polls$ = cold('-----s', { s: soapLogin(900) });
      testScheduler.schedule(
        () => ingest.write('r', 'player_events title="Login",text="Thrall" 500000000'),
        1,
      );
      const result = withPushSources(realm, polls$, { metrics: ingest, scheduler: testScheduler });
      expectObservable(result).toBe('-----x', {
        x: draftEvent('player.login', {
          realm: 'r',
          time: 500,
          source: 'metric',
          data: {
            character: 'Thrall',
            account: 'THRALL',
            map: 1,
            zone: 14,
            confirmedBy: ['metric', 'soap'],
          },
        }),
      });
    });
  });

  it('fills the gap when the push is missed: the poll alone, after the hold', () => {
    const { config, realm } = realmConfig({
      metrics: { enabled: true },
      poll: { intervalMs: 1000 },
    });
    testScheduler.run(({ cold, expectObservable }) => {
      const ingest = createMetricsIngest(config, { scheduler: testScheduler });
      const polls$ = cold('--s', { s: soapLogin(2) });
      const result = withPushSources(realm, polls$, { metrics: ingest, scheduler: testScheduler })
        .pipe(map((e) => `${e.source}:${(e.data as { confirmedBy: string[] }).confirmedBy}`));
      expectObservable(result).toBe('-- 2000ms x', { x: 'soap:soap' });
    });
  });

  it('passes poll events other than logins straight through', () => {
    const { config, realm } = realmConfig({ metrics: { enabled: true } });
    testScheduler.run(({ cold, expectObservable }) => {
      const ingest = createMetricsIngest(config, { scheduler: testScheduler });
      const info = draftEvent('server.info', {
        realm: 'r',
        time: 0,
        source: 'soap',
        data: { onlinePlayers: 1 },
      });
      const polls$ = cold('-i-|', { i: info });
      expectObservable(withPushSources(realm, polls$, { metrics: ingest })).toBe('-i-', {
        i: info,
      });
    });
  });
});

describe('push sources: log tail and metrics together (real file, real time)', () => {
  it('turns a log file and a metric write into one login confirmed by metric, log and soap', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rs-push-'));
    const path = join(dir, 'Events.log');
    await writeFile(path, '');
    try {
      const { config, realm } = realmConfig({
        metrics: { enabled: true },
        log: { path, pollMs: 10, utcOffsetMinutes: 0 },
        poll: { intervalMs: 1000 },
      });
      const status = createRealmStatusBoard();
      status.register('r', 'trinitycore');
      const ingest = createMetricsIngest(config, { status });
      const polls$ = new Subject<DraftEvent>();
      const stats = createPushSourcesStats();
      const events: DraftEvent[] = [];
      const logged: string[] = [];
      const logger = { ...silentLogger, info: (message: string) => logged.push(message) };
      const subscription = withPushSources(realm, polls$, {
        metrics: ingest,
        status,
        stats,
        logger,
      }).subscribe((event) => events.push(event));
      const until = async (check: () => boolean, what: string) => {
        const deadline = Date.now() + 5000;
        while (!check()) {
          if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      };
      await until(() => logged.includes('log file opened'), 'tail start');
      ingest.write('r', 'player_events title="Login",text="Thrall" 1736780528000000000');
      await appendFile(
        path,
        '2025-01-13_15:02:08 INFO  [entities.player.character] Account: 1 (IP: 127.0.0.1) Login Character:[Thrall] GUID Full: 0x0000000000000002 Type: Player Low: 2 Level: 80, XP: 0/0 (0 left)\n',
      );
      await until(() => stats.dedupe.merged === 1, 'log confirmation');
      expect(events).toEqual([]);
      polls$.next(soapLogin(1736780529000));
      await until(() => events.length === 1, 'release');
      subscription.unsubscribe();
      expect(events[0]).toMatchObject({
        type: 'player.login',
        // Same second: the first report (metric) is kept; the log adds account, level, IP.
        source: 'metric',
        time: Date.UTC(2025, 0, 13, 15, 2, 8),
        data: {
          character: 'Thrall',
          account: '1',
          level: 80,
          ip: '127.0.0.1',
          map: 1,
          zone: 14,
          confirmedBy: ['metric', 'log', 'soap'],
        },
      });
      expect(status.get('r')).toMatchObject({ lastMetricAt: expect.any(Number) });
      expect(status.get('r')?.lastLogLineAt).toEqual(expect.any(Number));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('completes at once for a realm without push sources', () => {
    let completed = false;
    pushSources(realmConfig().realm).subscribe({ complete: () => (completed = true) });
    expect(completed).toBe(true);
  });
});
