import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { firstValueFrom, takeUntil, timer } from 'rxjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestScheduler } from 'rxjs/testing';
import { silentLogger } from '../../../src/logger.ts';
import { parseConfig } from '../../../src/pipeline/config.ts';
import type { DraftEvent } from '../../../src/pipeline/events.ts';
import { realmPipeline } from '../../../src/pipeline/realm.ts';
import { createRealmStatusBoard } from '../../../src/pipeline/realmStatus.ts';
import {
  type Cassette,
  CassetteFormatError,
  CassetteMissError,
  cassetteText,
  cassetteTransport,
  createCassetteRecorder,
  loadCassette,
  maskCommand,
  parseCassette,
  saveCassette,
} from '../../../src/pipeline/recording/cassette.ts';
import { createSoapTransport } from '../../../src/pipeline/sources/soap/transport.ts';
import { type Simulator, startSimulator } from '../../../src/simulator/simulator.ts';
import { createTestScheduler } from '../../helpers/marbles.ts';
import { tempDir } from '../../helpers/recordings.ts';

const PASSWORD = 'Sup3rSecret';

/** Runs a command live and returns its text or error name. */
const outcome = (promise: Promise<string>) =>
  promise.then(
    (text) => ({ text }),
    (error: Error) => ({ error: error.name, message: error.message }),
  );

describe('SOAP cassettes (recorded from the simulator over real HTTP)', () => {
  let sim: Simulator;
  let cassette: Cassette;
  const live: Record<string, unknown>[] = [];

  beforeAll(async () => {
    sim = await startSimulator({ flavor: 'tc', password: PASSWORD, tickMs: 5, hangMs: 2000 });
    sim.login('Thrall', { account: 'ORC' } as never);
    sim.login('Jaina', { account: 'MAGE' } as never);
    const tape = createCassetteRecorder({
      realm: 'world-1',
      flavor: 'trinitycore',
      secrets: [PASSWORD],
    });
    const connection = {
      url: sim.url,
      username: 'ADMIN',
      password: PASSWORD,
      flavor: 'trinitycore' as const,
    };
    const transport = createSoapTransport({ ...connection, timeoutMs: 500 }, {
      onExchange: tape.onExchange,
    });
    const wrong = createSoapTransport({ ...connection, password: 'nope' }, {
      onExchange: tape.onExchange,
    });
    for (
      const command of [
        'server info',
        'account onlinelist',
        'no such command',
        'account create Grom Hunter2pw Hunter2pw',
      ]
    ) {
      live.push(await outcome(firstValueFrom(transport(command))));
    }
    live.push(await outcome(firstValueFrom(wrong('server info'))));
    sim.failNext({ kind: 'timeout' });
    live.push(await outcome(firstValueFrom(transport('server motd'))));
    cassette = tape.cassette();
  });
  afterAll(async () => {
    await sim.close();
  });

  let testScheduler: TestScheduler;
  beforeEach(() => {
    testScheduler = createTestScheduler();
  });

  it('records command, status, body and latency, without credentials', () => {
    expect(cassette).toMatchObject({
      format: 'realmstream-cassette',
      realm: 'world-1',
      flavor: 'trinitycore',
    });
    expect(cassette.exchanges.map((e) => [e.command, e.status ?? e.error?.name])).toEqual([
      ['server info', 200],
      ['account onlinelist', 200],
      ['no such command', 500],
      ['account create Grom ***', 500],
      ['server info', 401],
      ['server motd', 'SoapTimeoutError'],
    ]);
    expect(cassette.exchanges[0].body).toContain('<result>');
    expect(cassette.exchanges[0].latencyMs).toBeGreaterThanOrEqual(0);
    const text = cassetteText(cassette);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain('Hunter2pw');
    expect(text).not.toMatch(/authorization/i);
    expect(live[0]).toHaveProperty('text');
    expect(live[2]).toMatchObject({ error: 'SoapFaultError' });
  });

  it('plays back the same answers and typed errors, after the recorded latency', () => {
    const commands = [
      'server info',
      'account onlinelist',
      'no such command',
      'account create Grom Hunter2pw Hunter2pw',
      'server info',
      'server motd',
    ];
    const results: [number, unknown][] = commands.map(() => [-1, undefined]);
    testScheduler.run(() => {
      const transport = cassetteTransport(cassette, { scheduler: testScheduler });
      commands.forEach((command, i) => {
        transport(command).subscribe({
          next: (text) => (results[i] = [testScheduler.now(), { text }]),
          error: (
            error: Error,
          ) => (results[i] = [testScheduler.now(), { error: error.name, message: error.message }]),
        });
      });
    });
    expect(results.map(([, value]) => value)).toEqual(live);
    expect(results.map(([frame]) => frame)).toEqual(cassette.exchanges.map((e) => e.latencyMs));
  });

  it('saves and loads a cassette file', async () => {
    const tmp = tempDir();
    try {
      const path = join(tmp.dir, 'world-1.cassette.jsonl');
      await saveCassette(path, cassette);
      expect(readFileSync(path, 'utf8').split('\n')[0]).toMatch(
        /^\{"format":"realmstream-cassette"/,
      );
      expect(await loadCassette(path)).toEqual(cassette);
    } finally {
      tmp.cleanup();
    }
  });

  it('runs the realm pipeline on real server answers in virtual time', () => {
    const realm = parseConfig({
      realms: [{
        id: 'world-1',
        flavor: 'trinitycore',
        soap: { url: 'http://x/', username: 'a', password: 'b' },
      }],
    }).realms[0];
    const events: [number, DraftEvent][] = [];
    testScheduler.run(() => {
      const transport = cassetteTransport(cassette, {
        scheduler: testScheduler,
        whenExhausted: 'repeat-last',
      });
      realmPipeline(realm, {
        transport,
        scheduler: testScheduler,
        status: createRealmStatusBoard(),
        logger: silentLogger,
        random: () => 0,
      }).pipe(takeUntil(timer(12_000, testScheduler))).subscribe((event) =>
        events.push([testScheduler.now(), event])
      );
    });
    const roster = events.find(([, event]) => event.type === 'realm.roster');
    expect(roster?.[1].data).toMatchObject({ reason: 'start', count: 2 });
    expect(
      (roster?.[1].data as { players: { character: string }[] }).players.map((p) => p.character)
        .sort(),
    ).toEqual(['Jaina', 'Thrall']);
    expect(events.some(([, event]) => event.type === 'server.info')).toBe(true);
    // Answers arrive after the recorded latency, in virtual time.
    expect(events[0][0]).toBeGreaterThanOrEqual(cassette.exchanges[0].latencyMs);
  });

  it('errors on a command the cassette does not hold, or when it is used up', async () => {
    const transport = cassetteTransport(cassette, { scheduler: testScheduler });
    await expect(firstValueFrom(transport('gm list'))).rejects.toThrow(CassetteMissError);
    testScheduler.run(({ expectObservable }) => {
      const t = cassetteTransport(cassette);
      expectObservable(t('account onlinelist')).toBe(`${cassette.exchanges[1].latencyMs}ms (a|)`, {
        a: (live[1] as { text: string }).text,
      });
    });
    const once = cassetteTransport(cassette, { scheduler: testScheduler });
    testScheduler.run(() => once('account onlinelist').subscribe());
    await expect(firstValueFrom(once('account onlinelist'))).rejects.toThrow(/used up/);
  });

  it('masks account passwords and refuses malformed cassette text', () => {
    expect(maskCommand('account set password Bob n3w n3w')).toEqual({
      command: 'account set password Bob ***',
      secrets: ['n3w', 'n3w'],
    });
    expect(maskCommand('server info')).toEqual({ command: 'server info', secrets: [] });
    expect(() => parseCassette('')).toThrow(CassetteFormatError);
    expect(() => parseCassette('{"format":"realmstream-cassette","version":1,"flavor":"x"}'))
      .toThrow(/flavor/);
    expect(() => parseCassette(cassetteText(cassette) + '{"t":1}\n')).toThrow(/not an exchange/);
    expect(() => parseCassette('nope')).toThrow(/line 1 is not JSON/);
  });
});
