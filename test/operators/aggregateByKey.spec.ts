import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  aggregateByKey,
  type AggregateByKeyConfig,
  createOperatorStats,
  type KeyedSummary,
} from '../../src/operators/index.ts';
import { createTestScheduler } from '../helpers/marbles.ts';
import { operatorCompliance } from '../helpers/operatorCompliance.ts';

const values = { a: 'a', b: 'b', c: 'c' };
const count = (extra: Partial<AggregateByKeyConfig<string, string, number>> = {}) =>
  aggregateByKey<string, string, number>({
    key: (value) => value,
    windowMs: 5,
    seed: () => 0,
    reduce: (n) => n + 1,
    maxGroups: 10,
    ...extra,
  });
const summary = (key: string, windowStart: number, value: number, windowMs = 5, n = value) => ({
  key,
  windowStart,
  windowEnd: windowStart + windowMs,
  value,
  count: n,
});

operatorCompliance<string, KeyedSummary<string, number>>('aggregateByKey', {
  operator: () => count(),
  values,
  single: {
    source: '-a|',
    expected: '--(A|)',
    expectedValues: { A: summary('a', 0, 1) },
    subscription: '^-!',
  },
  multiple: {
    source: '-a-b-a---a--b-|',
    expected: '-----(AB)-(C)-(D|)',
    expectedValues: {
      A: summary('a', 0, 1),
      B: summary('b', 0, 1),
      C: summary('a', 5, 2), // a value exactly at a boundary belongs to the next window
      D: summary('b', 10, 1),
    },
    subscription: '^-------------!',
  },
  throwing: {
    operator: () =>
      count({
        reduce: (n, value) => {
          if (value === 'b') throw new Error('reduce failed');
          return n + 1;
        },
      }),
    source: '-a-b-|',
    expected: '---#',
    error: new Error('reduce failed'),
    subscription: '^--!',
  },
});

describe('aggregateByKey', () => {
  let testScheduler: TestScheduler;
  beforeEach(() => (testScheduler = createTestScheduler()));

  it('emits at every window boundary for a steady stream (unlike a debounce)', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('aaaaaaaaaaaa|', values);
      const expected = '   -----A----B-(C|)';
      expectObservable(source.pipe(count())).toBe(expected, {
        A: summary('a', 0, 5),
        B: summary('a', 5, 5),
        C: summary('a', 10, 2),
      });
      expectSubscriptions(source.subscriptions).toBe('^-----------!');
    });
  });

  it('aligns windows to multiples of windowMs on the scheduler clock', () => {
    testScheduler.run(({ hot, expectObservable }) => {
      const source = hot('---a--b---c-|', values);
      const sub = '       ---^';
      expectObservable(source.pipe(count()), sub).toBe('-----A----B-(C|)', {
        A: summary('a', 0, 1),
        B: summary('b', 5, 1),
        C: summary('c', 10, 1),
      });
    });
  });

  it('keeps an idle group for idleWindows empty windows, then closes it and stops its timer', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('-a-------------------------|', values);
      const expected = '   -----A----B----C-----------|';
      expectObservable(source.pipe(count({ idleWindows: 2 }))).toBe(expected, {
        A: summary('a', 0, 1),
        B: summary('a', 5, 0),
        C: summary('a', 10, 0),
      });
    });
    expect(testScheduler.actions.length).toBe(0);
  });

  it('drops values of new keys while maxGroups groups are live, and reports them per window', () => {
    const stats = createOperatorStats();
    const drops: [number, string][] = [];
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('-a-b-c-b-a|', values);
      const config = {
        maxGroups: 1,
        stats,
        onDrop: (n: number, reason: string) => drops.push([n, reason]),
      };
      expectObservable(source.pipe(count(config))).toBe('-----A----(B|)', {
        A: summary('a', 0, 1),
        B: summary('a', 5, 1),
      });
    });
    // a keeps its group while it is active: b is refused in the first window, c and b in
    // the second (each window reports its own drops when it closes).
    expect(drops).toEqual([[1, 'overflow'], [2, 'overflow']]);
    expect(stats).toMatchObject({ received: 5, delivered: 2, dropped: 3, queuedItems: 0 });
    expect(stats.droppedByReason.overflow).toBe(3);
  });

  it('takes a fresh seed per group per window, so mutable accumulators are safe', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('-a-b---a-|', values);
      const collect = aggregateByKey<string, string, string[]>({
        key: () => 'all',
        windowMs: 5,
        seed: () => [],
        reduce: (list, value) => {
          list.push(value);
          return list;
        },
        maxGroups: 1,
      });
      expectObservable(source.pipe(collect)).toBe('-----A---(B|)', {
        A: { key: 'all', windowStart: 0, windowEnd: 5, value: ['a', 'b'], count: 2 },
        B: { key: 'all', windowStart: 5, windowEnd: 10, value: ['a'], count: 1 },
      });
    });
  });

  it('forwards an error at once and discards the open window', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-b-a----#', values);
      expectObservable(source.pipe(count())).toBe('-----(AB)-#', {
        A: summary('a', 0, 1),
        B: summary('b', 0, 1),
      });
      expectSubscriptions(source.subscriptions).toBe('^---------!');
    });
  });

  it('errors when seed throws at a window boundary', () => {
    let calls = 0;
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('-a-----------|', values);
      const config = {
        idleWindows: 1,
        seed: () => {
          if (++calls > 1) throw new Error('seed failed');
          return 0;
        },
      };
      expectObservable(source.pipe(count(config))).toBe(
        '-----A----#',
        { A: summary('a', 0, 1) },
        new Error('seed failed'),
      );
    });
  });

  it('rejects bad configuration when created', () => {
    const base = { key: String, seed: () => 0, reduce: (n: number) => n, maxGroups: 1 };
    expect(() => aggregateByKey({ ...base, windowMs: 0 })).toThrow(
      'aggregateByKey: windowMs must be a finite number > 0, got 0',
    );
    expect(() => aggregateByKey({ ...base, windowMs: 1, maxGroups: 0 })).toThrow(
      'aggregateByKey: maxGroups must be an integer >= 1, got 0',
    );
    expect(() => aggregateByKey({ ...base, windowMs: 1, idleWindows: -1 })).toThrow(
      'aggregateByKey: idleWindows must be an integer >= 0, got -1',
    );
    expect(() => aggregateByKey({ ...base, windowMs: 1, reduce: undefined as never })).toThrow(
      'aggregateByKey: reduce must be a function, got undefined',
    );
  });
});
