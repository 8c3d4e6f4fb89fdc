import { beforeEach, describe, expect, it } from 'vitest';
import { lastValueFrom, of, toArray } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { parseServerInfo } from '../../src/operators/index.ts';
import { compileFormats } from '../../src/pipeline/formats/formatSet.ts';
import type { ParseOutput, ServerInfo } from '../../src/pipeline/snapshots.ts';
import { createTestScheduler } from '../helpers/marbles.ts';
import { operatorCompliance } from '../helpers/operatorCompliance.ts';
import { errorReply, fixture, okReply } from '../fixtures/soap/fixtures.ts';

const tc = compileFormats('trinitycore');
const ac = compileFormats('azerothcore');
const parse = async (text: string, formats = tc) =>
  await lastValueFrom(of(text).pipe(parseServerInfo({ realm: 'r', formats }), toArray()));
const snapshotOf = (outputs: ParseOutput<ServerInfo>[]) => {
  expect(outputs.map((output) => output.kind)).toEqual(['snapshot']);
  return (outputs[0] as { snapshot: ServerInfo }).snapshot;
};

describe('parseServerInfo (golden)', () => {
  it('reads TrinityCore server info', async () => {
    expect(snapshotOf(await parse(fixture('tc', 'server-info')))).toEqual({
      version:
        'TrinityCore rev. 4bec94451fb2 2025-01-13 15:02:07 +0100 (3.3.5 branch) (Unix, RelWithDebInfo, Static)',
      onlinePlayers: 3,
      maxPlayers: 5,
      activeConnections: 4,
      maxActiveConnections: 6,
      queuedConnections: 0,
      maxQueuedConnections: 0,
      uptimeSeconds: 8047,
      updateDiffMs: 12,
    });
  });

  it('reads the TrinityCore shutdown line and the "1 Day 1 Hour " uptime', async () => {
    const info = snapshotOf(await parse(fixture('tc', 'server-info-shutdown')));
    expect(info).toMatchObject({ uptimeSeconds: 90_000, updateDiffMs: 250, shutdownInSeconds: 90 });
  });

  it('reads both TrinityCore uptime formats (full text and short text)', async () => {
    const short = snapshotOf(await parse('Server uptime: 1d2h3m4s'));
    expect(short).toEqual({ uptimeSeconds: 93_784 });
    const old = snapshotOf(await parse('Server uptime: 2 Hour(s) 1 Minute(s) 1 Second(s).'));
    expect(old).toEqual({ uptimeSeconds: 7261 });
  });

  it('reads current AzerothCore server info with the four-line diff summary', async () => {
    expect(snapshotOf(await parse(fixture('ac', 'server-info'), ac))).toEqual({
      version:
        'AzerothCore rev. c67d4efa4a19 2025-08-22 05:26:35 -0300 (master branch) (Unix, RelWithDebInfo, Static)',
      activeConnections: 3,
      onlinePlayers: 3,
      queuedConnections: 0,
      connectionPeak: 5,
      uptimeSeconds: 8047,
      updateDiffMs: 2,
      updateDiffSamples: 500,
      updateDiffMeanMs: 1,
      updateDiffMedianMs: 2,
      updateDiffP95Ms: 3,
      updateDiffP99Ms: 6,
      updateDiffMaxMs: 7,
    });
  });

  it('reads older AzerothCore server info (one average line, a queue, a shutdown)', async () => {
    expect(snapshotOf(await parse(fixture('ac', 'server-info-old'), ac))).toEqual({
      version:
        'AzerothCore rev. 1a2b3c4d5e6f 2023-09-10 12:00:00 +0000 (master branch) (Unix, RelWithDebInfo, Static)',
      activeConnections: 12,
      onlinePlayers: 10,
      queuedConnections: 2,
      connectionPeak: 40,
      uptimeSeconds: 259_260,
      updateDiffMs: 2,
      updateDiffMeanMs: 1,
      shutdownInSeconds: 10,
    });
  });

  it('reads a localised server through overrides', async () => {
    const de = compileFormats('trinitycore', {
      'serverInfo.players': 'Spieler online: {players:int} (Maximum: {maxPlayers:int})',
      'serverInfo.uptime': 'Laufzeit: {uptime:duration}',
      'serverInfo.updateDiff': 'Aktualisierungsdifferenz: {diff:num} ms',
      'duration.hours': 'Stunde|Stunden',
      'duration.minutes': 'Minute|Minuten',
      'duration.seconds': 'Sekunde|Sekunden',
    });
    const text = 'Spieler online: 2 (Maximum: 4)\nLaufzeit: 1 Stunde 2 Minuten 3 Sekunden.\n' +
      'Aktualisierungsdifferenz: 31 ms\n';
    expect(snapshotOf(await parse(text, de))).toEqual({
      onlinePlayers: 2,
      maxPlayers: 4,
      uptimeSeconds: 3723,
      updateDiffMs: 31,
    });
  });

  it('reports unknown lines as one parse.error and still keeps what it understood', async () => {
    const out = await parse('Online players: 3 (max: 5)\nSomething new: 1\nAnother: 2\n');
    expect(out.map((o) => o.kind)).toEqual(['parse.error', 'snapshot']);
    const error = out[0] as Extract<ParseOutput<ServerInfo>, { kind: 'parse.error' }>;
    expect(error.event.data).toEqual({
      parser: 'parseServerInfo',
      message: '2 of 3 lines match no trinitycore serverInfo format',
      raw: 'Something new: 1\nAnother: 2',
    });
    expect((out[1] as { snapshot: ServerInfo }).snapshot).toEqual({
      onlinePlayers: 3,
      maxPlayers: 5,
    });
  });

  it('reports empty output and wholly unknown output without a snapshot', async () => {
    const empty = await parse('');
    expect(empty.map((o) => o.kind)).toEqual(['parse.error']);
    expect((empty[0] as { event: { data: { message: string } } }).event.data.message).toBe(
      'empty output where serverInfo was expected',
    );
    // TrinityCore text read with the AzerothCore table: nothing but the version line fits.
    const wrong = await parse('Online players: 3 (max: 5)\n', ac);
    expect(wrong.map((o) => o.kind)).toEqual(['parse.error']);
  });
});

describe('parseServerInfo (marbles)', () => {
  let testScheduler: TestScheduler;
  beforeEach(() => (testScheduler = createTestScheduler()));

  it('emits a snapshot per reply, poll.failed per error reply, and rate-limits parse errors', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const values = {
        a: okReply('server info', 'Online players: 1 (max: 1)', 1),
        e: errorReply('server info', 'timeout', 'no answer in 10000 ms', 3),
        x: okReply('server info', 'garbage one', 5),
        y: okReply('server info', 'garbage two', 7),
        f: errorReply('server info', 'fault', "Command 'server info' does not exist", 9),
      };
      const source = cold('-a-e-x-y-f---|', values);
      const subs = '       ^------------!';
      const expected = '   -A-E-X---(GF)|';
      const parseError = (time: number, message: string, raw: string, suppressed?: number) => ({
        kind: 'parse.error',
        time,
        event: {
          realm: 'r',
          type: 'parse.error',
          time,
          priority: 'low',
          source: 'soap',
          data: suppressed === undefined
            ? { parser: 'parseServerInfo', message, raw }
            : { parser: 'parseServerInfo', message, raw, suppressed },
        },
      });
      expectObservable(
        source.pipe(parseServerInfo({ realm: 'r', formats: tc, errorIntervalMs: 4 })),
      ).toBe(expected, {
        A: {
          kind: 'snapshot',
          time: 1,
          command: 'server info',
          snapshot: { onlinePlayers: 1, maxPlayers: 1 },
        },
        E: {
          kind: 'poll.failed',
          time: 3,
          command: 'server info',
          reason: 'timeout',
          message: 'no answer in 10000 ms',
        },
        X: parseError(5, '1 of 1 lines match no trinitycore serverInfo format', 'garbage one'),
        G: parseError(9, "'server info' failed", "Command 'server info' does not exist", 1),
        F: {
          kind: 'poll.failed',
          time: 9,
          command: 'server info',
          reason: 'fault',
          message: "Command 'server info' does not exist",
        },
      });
      expectSubscriptions(source.subscriptions).toBe(subs);
    });
  });

  it('stamps plain text with the scheduler time', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('--a|', { a: 'Update time diff: 7.' });
      expectObservable(source.pipe(parseServerInfo({ realm: 'r', formats: tc }))).toBe('--A|', {
        A: { kind: 'snapshot', time: 2, command: undefined, snapshot: { updateDiffMs: 7 } },
      });
    });
  });

  it('maps an error without a known kind to protocol', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const reply = {
        kind: 'error' as const,
        command: 'server info',
        error: new Error('ECONNREFUSED'),
        time: 0,
        latencyMs: 1,
      };
      expectObservable(cold('a|', { a: reply }).pipe(parseServerInfo({ realm: 'r', formats: tc })))
        .toBe('A|', {
          A: {
            kind: 'poll.failed',
            time: 0,
            command: 'server info',
            reason: 'protocol',
            message: 'ECONNREFUSED',
          },
        });
    });
  });
});

const reply = okReply('server info', 'Update time diff: 5.', 0);
const snapshot: ParseOutput<ServerInfo> = {
  kind: 'snapshot',
  time: 0,
  command: 'server info',
  snapshot: { updateDiffMs: 5 },
};
operatorCompliance('parseServerInfo', {
  operator: () => parseServerInfo({ realm: 'r', formats: tc }),
  values: { a: reply },
  single: { source: '-a|', expected: '-A|', expectedValues: { A: snapshot }, subscription: '^-!' },
  multiple: {
    source: '-a-a-|',
    expected: '-A-A-|',
    expectedValues: { A: snapshot },
    subscription: '^----!',
  },
});
