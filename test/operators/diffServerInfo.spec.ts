import { beforeEach, describe, expect, it } from 'vitest';
import type { TestScheduler } from 'rxjs/testing';
import { diffServerInfo } from '../../src/operators/index.ts';
import { type DraftEvent, draftEvent, type EventData } from '../../src/pipeline/events.ts';
import type { ParseOutput, ServerInfo } from '../../src/pipeline/snapshots.ts';
import { createTestScheduler } from '../helpers/marbles.ts';
import { operatorCompliance } from '../helpers/operatorCompliance.ts';

type Input = ParseOutput<ServerInfo>;
const snap = (time: number, snapshot: ServerInfo): Input => ({
  kind: 'snapshot',
  time,
  command: 'server info',
  snapshot,
});
const ev = <T extends DraftEvent['type']>(type: T, time: number, data: EventData<T>) =>
  draftEvent(type, { realm: 'w1', time, source: 'soap', data });
const info = (time: number, data: EventData<'server.info'>) => ev('server.info', time, data);

describe('diffServerInfo', () => {
  let testScheduler: TestScheduler;
  beforeEach(() => (testScheduler = createTestScheduler()));

  it('emits a server.info sample per snapshot, without the TrinityCore peak counters', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const full: ServerInfo = {
        version: 'TrinityCore rev. x',
        onlinePlayers: 3,
        maxPlayers: 5,
        activeConnections: 4,
        maxActiveConnections: 6,
        queuedConnections: 0,
        maxQueuedConnections: 0,
        uptimeSeconds: 100,
        updateDiffMs: 12,
        updateDiffSamples: 500,
      };
      const source = cold('-a-|', { a: snap(1000, full) });
      expectObservable(source.pipe(diffServerInfo({ realm: 'w1' }))).toBe('-A-|', {
        A: info(1000, {
          version: 'TrinityCore rev. x',
          onlinePlayers: 3,
          maxPlayers: 5,
          activeConnections: 4,
          queuedConnections: 0,
          uptimeSeconds: 100,
          updateDiffMs: 12,
        }),
      });
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });

  it('detects a restart when the uptime goes down', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('-a-b-c----|', {
        a: snap(1000, { uptimeSeconds: 100 }),
        b: snap(6000, { uptimeSeconds: 105 }),
        c: snap(11_000, { uptimeSeconds: 2 }),
      });
      expectObservable(source.pipe(diffServerInfo({ realm: 'w1' }))).toBe('-A-B-(RC)-|', {
        A: info(1000, { uptimeSeconds: 100 }),
        B: info(6000, { uptimeSeconds: 105 }),
        R: ev('server.restart', 11_000, { previousUptimeSeconds: 105, uptimeSeconds: 2 }),
        C: info(11_000, { uptimeSeconds: 2 }),
      });
    });
  });

  it('detects a restart hidden by a long outage (uptime grew less than the time elapsed)', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold<Input>('-a-x-b----|', {
        a: snap(0, { uptimeSeconds: 60 }),
        x: {
          kind: 'poll.failed',
          time: 5000,
          command: 'server info',
          reason: 'unreachable',
          message: 'refused',
        },
        // 20 minutes later the server reports 15 minutes of uptime: it restarted.
        b: snap(1_200_000, { uptimeSeconds: 900 }),
      });
      expectObservable(source.pipe(diffServerInfo({ realm: 'w1' }))).toBe('-A---(RB)-|', {
        A: info(0, { uptimeSeconds: 60 }),
        R: ev('server.restart', 1_200_000, { previousUptimeSeconds: 60, uptimeSeconds: 900 }),
        B: info(1_200_000, { uptimeSeconds: 900 }),
      });
    });
  });

  it('does not see a restart in normal uptime growth or a short gap', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('-a-b-|', {
        a: snap(0, { uptimeSeconds: 60 }),
        b: snap(50_000, { uptimeSeconds: 95 }),
      });
      expectObservable(source.pipe(diffServerInfo({ realm: 'w1' }))).toBe('-A-B-|', {
        A: info(0, { uptimeSeconds: 60 }),
        B: info(50_000, { uptimeSeconds: 95 }),
      });
    });
  });

  it('reports lag with hysteresis: starts at the threshold, ends at the clear level', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('-a-b----c-d----e----|', {
        a: snap(1, { updateDiffMs: 50 }),
        b: snap(2, { updateDiffMs: 300 }),
        c: snap(3, { updateDiffMs: 250 }),
        d: snap(4, { updateDiffMs: 200 }),
        e: snap(5, { updateDiffMs: 350 }),
      });
      const lag = diffServerInfo({ realm: 'w1', lag: { thresholdMs: 300, clearMs: 200 } });
      expectObservable(source.pipe(lag)).toBe('-A-(LB)-C-(ED)-(SF)-|', {
        A: info(1, { updateDiffMs: 50 }),
        L: ev('server.lag', 2, { state: 'started', updateDiffMs: 300, thresholdMs: 300 }),
        B: info(2, { updateDiffMs: 300 }),
        C: info(3, { updateDiffMs: 250 }),
        E: ev('server.lag', 4, { state: 'ended', updateDiffMs: 200, thresholdMs: 300 }),
        D: info(4, { updateDiffMs: 200 }),
        S: ev('server.lag', 5, { state: 'started', updateDiffMs: 350, thresholdMs: 300 }),
        F: info(5, { updateDiffMs: 350 }),
      });
    });
  });

  it('reports a shutdown scheduled, counting down, cancelled, and not cancelled by a restart', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('-a-b----c-d----e----f----|', {
        a: snap(0, { uptimeSeconds: 100 }),
        b: snap(5000, { uptimeSeconds: 105, shutdownInSeconds: 90 }),
        c: snap(10_000, { uptimeSeconds: 110, shutdownInSeconds: 85 }),
        d: snap(15_000, { uptimeSeconds: 115 }),
        e: snap(20_000, { uptimeSeconds: 120, shutdownInSeconds: 10 }),
        f: snap(40_000, { uptimeSeconds: 5 }),
      });
      expectObservable(source.pipe(diffServerInfo({ realm: 'w1' }))).toBe(
        '-A-(SB)-C-(XD)-(TE)-(RF)-|',
        {
          A: info(0, { uptimeSeconds: 100 }),
          S: ev('server.shutdown.scheduled', 5000, { inSeconds: 90 }),
          B: info(5000, { uptimeSeconds: 105, shutdownInSeconds: 90 }),
          C: info(10_000, { uptimeSeconds: 110, shutdownInSeconds: 85 }),
          X: ev('server.shutdown.cancelled', 15_000, {}),
          D: info(15_000, { uptimeSeconds: 115 }),
          T: ev('server.shutdown.scheduled', 20_000, { inSeconds: 10 }),
          E: info(20_000, { uptimeSeconds: 120, shutdownInSeconds: 10 }),
          R: ev('server.restart', 40_000, { previousUptimeSeconds: 120, uptimeSeconds: 5 }),
          F: info(40_000, { uptimeSeconds: 5 }),
        },
      );
    });
  });

  it('reports a rescheduled shutdown (the countdown jumped up)', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('-a---b---|', {
        a: snap(0, { shutdownInSeconds: 60 }),
        b: snap(5000, { shutdownInSeconds: 600 }),
      });
      expectObservable(source.pipe(diffServerInfo({ realm: 'w1' }))).toBe('-(SA)(TB)|', {
        S: ev('server.shutdown.scheduled', 0, { inSeconds: 60 }),
        A: info(0, { shutdownInSeconds: 60 }),
        T: ev('server.shutdown.scheduled', 5000, { inSeconds: 600 }),
        B: info(5000, { shutdownInSeconds: 600 }),
      });
    });
  });

  it('passes parse errors through', () => {
    const error = ev('parse.error', 3, { parser: 'p', message: 'm', raw: 'r' });
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold<Input>('-e-|', { e: { kind: 'parse.error', time: 3, event: error } });
      expectObservable(source.pipe(diffServerInfo({ realm: 'w1' }))).toBe('-E-|', { E: error });
    });
  });

  it('rejects a clear level above the threshold', () => {
    expect(() => diffServerInfo({ realm: 'w1', lag: { thresholdMs: 100, clearMs: 200 } })).toThrow(
      RangeError,
    );
  });
});

const sampleEvent = info(0, { uptimeSeconds: 1 });
operatorCompliance<Input, DraftEvent>('diffServerInfo', {
  operator: () => diffServerInfo({ realm: 'w1' }),
  values: { a: snap(0, { uptimeSeconds: 1 }) },
  single: {
    source: '-a|',
    expected: '-A|',
    expectedValues: { A: sampleEvent },
    subscription: '^-!',
  },
  multiple: {
    source: '-a-a|',
    expected: '-A-A|',
    expectedValues: { A: sampleEvent },
    subscription: '^---!',
  },
});
