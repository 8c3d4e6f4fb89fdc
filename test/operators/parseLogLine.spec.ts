import { lastValueFrom, map, of, toArray } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { createLogLineCounters, parseLogLine } from '../../src/operators/index.ts';
import { type DraftEvent, draftEvent } from '../../src/pipeline/events.ts';
import { createTestScheduler } from '../helpers/marbles.ts';
import { operatorCompliance } from '../helpers/operatorCompliance.ts';

const TC_LOG = [
  '2025-01-13_15:02:07 INFO  [server.worldserver] TrinityCore rev. 4bec94451fb2 2025-01-13 15:02:07 +0100 (3.3.5 branch) (Unix, RelWithDebInfo, Static) (worldserver-daemon) ready...',
  '2025-01-13_15:02:08 INFO  [entities.player.character] Account: 1 (IP: 127.0.0.1) Login Character:[Thrall] GUID Full: 0x0000000000000002 Type: Player Low: 2 Level: 80, XP: 0/0 (0 left)',
  '2025-01-13_15:02:09 DEBUG [chat.log.say] Player Thrall says (language 1): hello',
  '2025-01-13_15:02:10 INFO  [commands.gm] Command: additem 6948 [Player: Thrall (GUID Full: 0x0000000000000002 Type: Player Low: 2) (Account: 1) X: 340.29 Y: -4686.47 Z: 16.4599 Map: 1 (Kalimdor) Area: 362 (Razor Hill) Zone: Durotar Selected: Thrall (GUID Full: 0x0000000000000002 Type: Player Low: 2)]',
  '2025-01-13_15:02:11 INFO  [server.worldserver] Some other line',
  '2025-01-13_15:02:12 INFO  [entities.player.character] Account: 1 (IP: 127.0.0.1) Logout Character:[Thrall] GUID Full: 0x0000000000000002 Type: Player Low: 2 Level: 80, XP: 0/0 (0 left)',
  '2025-01-13_15:02:13 INFO  [server.worldserver] Halting process...',
];

const AC_LOG = [
  '2025-08-22 05:26:30 INFO [server.worldserver] AzerothCore rev. c67d4efa4a19 2025-08-22 05:26:35 -0300 (master branch) (Unix, RelWithDebInfo, Static) (worldserver-daemon) ready...',
  '2025-08-22 05:26:31 INFO [entities.player] Account: 7 (IP: 10.0.0.5) Login Character:[Jaina] (GUID Full: 0x00000000000000a1 Type: Player Low: 161) Level: 12',
  '2025-08-22 05:26:32 INFO [chat.guild] Player Jaina tells guild "Kirin Tor": hello',
  '2025-08-22 05:26:33 INFO [commands.gm] Command: gm on [Player: Jaina (GUID Full: 0x00000000000000a1 Type: Player Low: 161) (Account: 7) X: 1 Y: 2 Z: 3 Map: 571 (Northrend) Area: 4395 (Dalaran) Zone: 4395 (Dalaran) Selected:  (GUID Full: 0x0000000000000000 Type: Player Low: 0)]',
  '2025-08-22 05:26:34 INFO [entities.player] Account: 7 (IP: 10.0.0.5) Logout Character:[Jaina] (GUID Full: 0x00000000000000a1 Type: Player Low: 161) Level: 12',
  '2025-08-22 05:26:35 INFO [server.worldserver] Halting process...',
];

const run = (lines: string[], config: Partial<Parameters<typeof parseLogLine>[0]> = {}) =>
  lastValueFrom(
    of(...lines).pipe(parseLogLine({ realm: 'r', utcOffsetMinutes: 0, ...config }), toArray()),
  );

describe('parseLogLine', () => {
  it('turns a TrinityCore log into events timed by the prefix', async () => {
    const counters = createLogLineCounters();
    const events = await run(TC_LOG, { counters });
    expect(events.map((e) => [e.type, e.time, e.source])).toEqual([
      ['server.started', Date.UTC(2025, 0, 13, 15, 2, 7), 'log'],
      ['player.login', Date.UTC(2025, 0, 13, 15, 2, 8), 'log'],
      ['chat.message', Date.UTC(2025, 0, 13, 15, 2, 9), 'log'],
      ['gm.command', Date.UTC(2025, 0, 13, 15, 2, 10), 'log'],
      ['player.logout', Date.UTC(2025, 0, 13, 15, 2, 12), 'log'],
      ['server.shutdown', Date.UTC(2025, 0, 13, 15, 2, 13), 'log'],
    ]);
    expect(events[1]).toEqual(
      draftEvent('player.login', {
        realm: 'r',
        time: Date.UTC(2025, 0, 13, 15, 2, 8),
        source: 'log',
        data: { character: 'Thrall', account: '1', level: 80, ip: '127.0.0.1' },
      }),
    );
    expect(counters).toEqual({ lines: 7, events: 6, ignored: 1 });
  });

  it('turns an AzerothCore log into the same kinds of events', async () => {
    const events = await run(AC_LOG);
    expect(events.map((e) => e.type)).toEqual([
      'server.started',
      'player.login',
      'chat.message',
      'gm.command',
      'player.logout',
      'server.shutdown',
    ]);
    expect(events[2].data).toEqual({
      channel: 'guild',
      character: 'Jaina',
      guild: 'Kirin Tor',
      text: 'hello',
    });
    expect(events[3].data).toMatchObject({ command: 'gm on', zone: 4395, zoneName: 'Dalaran' });
  });

  it('times lines without a prefix (or with lineTime off) by the scheduler', () => {
    const testScheduler = createTestScheduler();
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('5ms a 4ms b|', {
        a: 'Player A says (language 0): hi',
        b: '2025-01-13_15:02:07 Halting process...',
      });
      const types = source.pipe(
        parseLogLine({ realm: 'r', lineTime: false }),
        map((e) => `${e.type}@${e.time}`),
      );
      expectObservable(types).toBe('5ms a 4ms b|', {
        a: 'chat.message@5',
        b: 'server.shutdown@10',
      });
    });
  });

  it('falls back to the scheduler for a prefix that is not a real date', async () => {
    const [event] = await run(['2025-13-45_99:00:00 Halting process...']);
    expect(event.type).toBe('server.shutdown');
    expect(event.time).toBeGreaterThan(Date.UTC(2020, 0, 1));
  });

  it('ignores unknown lines without erroring', async () => {
    const counters = createLogLineCounters();
    expect(await run(['', 'garbage', '[x] y', 'Command: nope'], { counters })).toEqual([]);
    expect(counters).toEqual({ lines: 4, events: 0, ignored: 4 });
  });
});

describe('parseLogLine (marbles)', () => {
  let testScheduler: TestScheduler;
  beforeEach(() => (testScheduler = createTestScheduler()));

  it('emits events in line order and completes with the source', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('a-b-c-|', {
        a: 'Player Thrall says (language 1): hi',
        b: 'DB updated',
        c: 'Halting process...',
      });
      const result = source.pipe(parseLogLine({ realm: 'r' }), map((e: DraftEvent) => e.type));
      expectObservable(result).toBe('x---y-|', { x: 'chat.message', y: 'server.shutdown' });
      expectSubscriptions(source.subscriptions).toBe('^-----!');
    });
  });
});

operatorCompliance<string, string>('parseLogLine', {
  operator: () => (source) =>
    source.pipe(parseLogLine({ realm: 'r' }), map((e) => (e.data as { text: string }).text)),
  values: { a: 'Player A says (language 0): one', b: 'Player B yells (language 0): two' },
  single: { source: '-a-|', expected: '-x-|', expectedValues: { x: 'one' }, subscription: '^--!' },
  multiple: {
    source: 'a-b-a|',
    expected: 'x-y-x|',
    expectedValues: { x: 'one', y: 'two' },
    subscription: '^----!',
  },
});
