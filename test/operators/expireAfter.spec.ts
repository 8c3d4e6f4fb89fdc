import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { createOperatorStats, expireAfter, type Gap, gap } from '../../src/operators/index.ts';
import { createTestScheduler } from '../helpers/marbles.ts';
import { operatorCompliance } from '../helpers/operatorCompliance.ts';

interface Stamped {
  id: string;
  event: { seq: number; time: number };
}

const stamped = (id: string, seq: number, time: number): Stamped => ({ id, event: { seq, time } });
const values = {
  a: stamped('a', 1, 0),
  b: stamped('b', 2, 0),
  c: stamped('c', 3, 4),
  d: stamped('d', 4, 1),
};

operatorCompliance<Stamped, Stamped | Gap>('expireAfter', {
  operator: () => expireAfter({ maxAgeMs: 1_000_000 }),
  values,
  single: { source: '-a|', expected: '-a|', expectedValues: values, subscription: '^-!' },
  multiple: {
    source: '-a-b-c|',
    expected: '-a-b-c|',
    expectedValues: values,
    subscription: '^-----!',
  },
  throwing: {
    operator: () =>
      expireAfter<Stamped>({
        maxAgeMs: 10,
        time: (value) => {
          if (value.id === 'b') throw new Error('time failed');
          return value.event.time;
        },
      }),
    source: '-a-b-|',
    expected: '-a-#',
    expectedValues: values,
    error: new Error('time failed'),
    subscription: '^--!',
  },
});

describe('expireAfter', () => {
  let testScheduler: TestScheduler;
  beforeEach(() => (testScheduler = createTestScheduler()));

  it('drops values older than maxAgeMs and reports them as one gap before the next value', () => {
    const stats = createOperatorStats();
    const drops: [number, string][] = [];
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-b-c---|', values);
      const config = {
        maxAgeMs: 2,
        stats,
        onDrop: (count: number, reason: string) => drops.push([count, reason]),
      };
      expectObservable(source.pipe(expireAfter(config))).toBe('-a---(gc)|', {
        ...values,
        g: gap('expired', 1, 2, 2),
      });
      expectSubscriptions(source.subscriptions).toBe('^--------!');
    });
    expect(drops).toEqual([[1, 'expired']]);
    expect(stats).toMatchObject({ received: 3, delivered: 2, dropped: 1, gaps: 1 });
    expect(stats.droppedByReason.expired).toBe(1);
  });

  it('lets a value exactly maxAgeMs old through and drops one a millisecond older', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const atLimit = { a: stamped('a', 1, 0), b: stamped('b', 2, 0) };
      const source = cold('--a-b|', atLimit); // a is 2 ms old at frame 2, b 4 ms at frame 4
      expectObservable(source.pipe(expireAfter({ maxAgeMs: 2 }))).toBe('--a--(g|)', {
        ...atLimit,
        g: gap('expired', 1, 2, 2),
      });
    });
  });

  it('coalesces a run and emits it before completing', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('-----(abd)|', values);
      expectObservable(source.pipe(expireAfter({ maxAgeMs: 3 }))).toBe('----------(g|)', {
        g: gap('expired', 3, 1, 4),
      });
    });
  });

  it('reads top-level time and seq, and lets values without a time through', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const plain = { p: { time: 0, seq: 9 }, q: { note: 'no time' } };
      const source = cold('---p-q---|', plain);
      expectObservable(source.pipe(expireAfter({ maxAgeMs: 1 }))).toBe('-----(gq)|', {
        ...plain,
        g: gap('expired', 1, 9, 9),
      });
    });
  });

  it('errors on a time that is not a finite number', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const bad = { x: { time: 'yesterday' } };
      expectObservable(cold('-x|', bad).pipe(expireAfter({ maxAgeMs: 1 }))).toBe(
        '-#',
        undefined,
        new TypeError('expireAfter: time must be a finite number, got yesterday'),
      );
    });
  });

  it('passes upstream gap markers through', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const marker = gap('rate', 2);
      const source = cold('-u|', { u: marker as unknown as Stamped });
      expectObservable(source.pipe(expireAfter({ maxAgeMs: 1 }))).toBe('-u|', { u: marker });
    });
  });

  it('rejects bad configuration when created', () => {
    expect(() => expireAfter({ maxAgeMs: 0 })).toThrow(
      'expireAfter: maxAgeMs must be a finite number > 0, got 0',
    );
    expect(() => expireAfter({ maxAgeMs: 1, time: 5 as never })).toThrow(
      'expireAfter: time must be a function, got number',
    );
  });
});
