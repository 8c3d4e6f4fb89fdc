import { map } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  createDedupeSourcesStats,
  dedupeSources,
  defaultDedupeKey,
} from '../../src/operators/index.ts';
import { type DraftEvent, draftEvent, type EventSource } from '../../src/pipeline/events.ts';
import { createTestScheduler } from '../helpers/marbles.ts';
import { operatorCompliance } from '../helpers/operatorCompliance.ts';

const login = (
  source: EventSource,
  character = 'Thrall',
  time = 1000,
  data: Record<string, unknown> = {},
  realm = 'r',
) => draftEvent('player.login', { realm, time, source, data: { character, ...data } });

const confirmed = (event: DraftEvent, ...sources: EventSource[]) =>
  ({ ...event, data: { ...event.data, confirmedBy: sources } }) as DraftEvent;

describe('dedupeSources', () => {
  let testScheduler: TestScheduler;
  beforeEach(() => (testScheduler = createTestScheduler()));

  it('emits at first sight by default and counts later confirmations as late', () => {
    const late: Array<[EventSource[], EventSource]> = [];
    const stats = createDedupeSourcesStats();
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const m = login('metric');
      const source = cold('m-l--s|', { m, l: login('log'), s: login('soap') });
      const result = source.pipe(
        dedupeSources({
          windowMs: 100,
          stats,
          onLateConfirmation: (event, from) =>
            late.push([(event.data as { confirmedBy: EventSource[] }).confirmedBy, from]),
        }),
      );
      expectObservable(result).toBe('x-----|', { x: confirmed(m, 'metric') });
      expectSubscriptions(source.subscriptions).toBe('^-----!');
    });
    expect(late).toEqual([
      [['metric', 'log'], 'log'],
      [['metric', 'log', 'soap'], 'soap'],
    ]);
    expect(stats).toEqual({ received: 3, emitted: 1, merged: 2, late: 2, evicted: 0 });
  });

  it('with holdMs and expected sources, emits once all sources agreed', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const m = login('metric');
      const n = login('metric', 'Thrall', 2000);
      const source = cold('m-l--s----n-------|', { m, l: login('log'), s: login('soap'), n });
      const result = source.pipe(
        dedupeSources({ windowMs: 20, holdMs: 6, expectedSources: ['metric', 'log', 'soap'] }),
      );
      expectObservable(result).toBe('-----x----------y-|', {
        x: confirmed(m, 'metric', 'log', 'soap'),
        y: confirmed(n, 'metric'),
      });
      expectSubscriptions(source.subscriptions).toBe('^-----------------!');
    });
  });

  it('emits a held event when holdMs runs out, with the sources seen so far', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const m = login('metric');
      const source = cold('m-l------s|', { m, l: login('log'), s: login('soap') });
      const result = source.pipe(
        dedupeSources({ windowMs: 100, holdMs: 4, expectedSources: ['metric', 'log', 'soap'] }),
      );
      expectObservable(result).toBe('----x-----|', { x: confirmed(m, 'metric', 'log') });
    });
  });

  it('fills the gap: with the push missed, the poll alone still produces the event', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const s = login('soap', 'Jaina', 5000, { account: 'JAINA', map: 0, zone: 12 });
      const source = cold('--s-|', { s });
      const result = source.pipe(
        dedupeSources({ windowMs: 100, holdMs: 2, expectedSources: ['metric', 'soap'] }),
      );
      expectObservable(result).toBe('----(x|)', { x: confirmed(s, 'soap') });
    });
  });

  it('keeps the earliest report and fills in what it lacks (but not per-source fields)', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const s = login('soap', 'Thrall', 5000, {
        account: 'THRALL',
        map: 1,
        zone: 14,
        approximate: true,
        outage: { from: 1, to: 2 },
      });
      const m = login('metric', 'Thrall', 4200);
      const source = cold('s-m|', { s, m });
      const result = source.pipe(
        dedupeSources({ windowMs: 100, holdMs: 10, expectedSources: ['soap', 'metric'] }),
      );
      expectObservable(result).toBe('--x|', {
        x: {
          ...m,
          data: {
            character: 'Thrall',
            account: 'THRALL',
            map: 1,
            zone: 14,
            confirmedBy: ['soap', 'metric'],
          },
        },
      });
    });
  });

  it('treats a report after the window as a new happening', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const m = login('metric');
      const s = login('soap', 'Thrall', 1006);
      const source = cold('m-----s|', { m, s });
      expectObservable(source.pipe(dedupeSources({ windowMs: 5 }))).toBe('x-----y|', {
        x: confirmed(m, 'metric'),
        y: confirmed(s, 'soap'),
      });
    });
  });

  it('treats a second report from the same source as a new happening (a relogin)', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const a = login('metric', 'Thrall', 1000);
      const b = login('metric', 'Thrall', 1002);
      const source = cold('a-b|', { a, b });
      const result = source.pipe(dedupeSources({ windowMs: 100, holdMs: 10 }));
      // The first is released as soon as the second shows it was a separate login.
      expectObservable(result).toBe('--x(y|)', {
        x: confirmed(a, 'metric'),
        y: confirmed(b, 'metric'),
      });
    });
  });

  it('keeps realms, types and characters apart, and passes other events through at once', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const values = {
        a: login('metric', 'Thrall'),
        b: login('log', 'Jaina'),
        c: login('soap', 'Thrall', 1000, {}, 'other'),
        d: draftEvent('player.logout', {
          realm: 'r',
          time: 1000,
          source: 'log',
          data: { character: 'Thrall' },
        }),
        e: draftEvent('chat.message', {
          realm: 'r',
          time: 1000,
          source: 'log',
          data: { channel: 'say', character: 'Thrall', text: 'hi' },
        }),
      };
      const source = cold('abcde|', values);
      expectObservable(source.pipe(dedupeSources({ windowMs: 100 }))).toBe('abcde|', {
        a: confirmed(values.a, 'metric'),
        b: confirmed(values.b, 'log'),
        c: confirmed(values.c, 'soap'),
        d: confirmed(values.d, 'log'),
        e: values.e,
      });
    });
  });

  it('dedupes server.started and server.shutdown per realm', () => {
    const started = (source: EventSource) =>
      draftEvent('server.started', { realm: 'r', time: 1, source, data: { message: source } });
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('ab|', { a: started('metric'), b: started('log') });
      expectObservable(source.pipe(dedupeSources({ windowMs: 100, holdMs: 5 }))).toBe('--(x|)', {
        x: confirmed(started('metric'), 'metric', 'log'),
      });
    });
  });

  it('emits held events before completing and before forwarding an error', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const m = login('metric');
      const failure = new Error('boom');
      expectObservable(cold('m-|', { m }).pipe(dedupeSources({ windowMs: 10, holdMs: 5 })))
        .toBe('--(x|)', { x: confirmed(m, 'metric') });
      expectObservable(cold('m-#', { m }, failure).pipe(dedupeSources({ windowMs: 10, holdMs: 5 })))
        .toBe('--(x#)', { x: confirmed(m, 'metric') }, failure);
    });
  });

  it('remembers at most maxKeys keys: the oldest is released and counted', () => {
    const stats = createDedupeSourcesStats();
    testScheduler.run(({ cold, expectObservable }) => {
      const a = login('metric', 'Thrall');
      const b = login('metric', 'Jaina');
      const c = login('log', 'Thrall');
      const source = cold('a-b-c|', { a, b, c });
      expectObservable(source.pipe(dedupeSources({ windowMs: 100, holdMs: 50, maxKeys: 1, stats })))
        .toBe('--x-y(z|)', {
          x: confirmed(a, 'metric'),
          y: confirmed(b, 'metric'),
          z: confirmed(c, 'log'),
        });
    });
    expect(stats.evicted).toBe(2);
  });

  it('rejects impossible settings', () => {
    expect(() => dedupeSources({ windowMs: -1 })).toThrow(RangeError);
    expect(() => dedupeSources({ windowMs: 10, holdMs: 11 })).toThrow(/holdMs/);
    expect(() => dedupeSources({ windowMs: 10, maxKeys: 0 })).toThrow(/maxKeys/);
  });

  it('defaultDedupeKey keys logins, logouts, starts and shutdowns only', () => {
    expect(defaultDedupeKey(login('soap'))).toBe('r\u0000player.login\u0000Thrall');
    expect(
      defaultDedupeKey(
        draftEvent('server.info', { realm: 'r', time: 0, source: 'metric', data: {} }),
      ),
    ).toBeUndefined();
  });
});

const describeEvent = (event: DraftEvent) =>
  `${event.source}:${(event.data as { character: string }).character}:${
    (event.data as { confirmedBy?: string[] }).confirmedBy?.join('+')
  }`;

operatorCompliance<DraftEvent, string>('dedupeSources', {
  operator: () => (source) => source.pipe(dedupeSources({ windowMs: 1000 }), map(describeEvent)),
  values: { a: login('metric', 'Thrall'), b: login('log', 'Thrall'), c: login('soap', 'Jaina') },
  single: {
    source: '-a-|',
    expected: '-x-|',
    expectedValues: { x: 'metric:Thrall:metric' },
    subscription: '^--!',
  },
  multiple: {
    source: 'a-b-c-a|',
    expected: 'x---y-z|',
    expectedValues: { x: 'metric:Thrall:metric', y: 'soap:Jaina:soap', z: 'metric:Thrall:metric' },
    subscription: '^------!',
  },
  throwing: {
    operator: () => (source) =>
      source.pipe(
        dedupeSources({
          windowMs: 10,
          key: () => {
            throw new Error('key failed');
          },
        }),
        map(describeEvent),
      ),
    source: '-a-|',
    expected: '-#',
    error: new Error('key failed'),
    subscription: '^!',
  },
});
