import { EMPTY, NEVER, of, Subject, take } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { microBatch } from '../../src/operators/index.ts';
import { createTestScheduler } from '../helpers/marbles.ts';
import { operatorCompliance } from '../helpers/operatorCompliance.ts';

describe('microBatch', () => {
  let testScheduler: TestScheduler;
  beforeEach(() => (testScheduler = createTestScheduler()));

  it('emits the first value at once, then one batch per window, idle when a window is empty', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold(' a-b-c-------d-ef----|');
      const sub = '         ^-------------------!';
      const expected = '    a--x--y-----d--z----|';
      expectObservable(source.pipe(microBatch({ windowMs: 3, scheduler: testScheduler }))).toBe(
        expected,
        { a: ['a'], x: ['b'], y: ['c'], d: ['d'], z: ['e', 'f'] },
      );
      expectSubscriptions(source.subscriptions).toBe(sub);
    });
  });

  it('emits early when maxItems is reached, keeping the window running', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold(' a-(bcd)-e-----|');
      const expected = '    a-x-------y---|';
      expectObservable(
        source.pipe(microBatch({ windowMs: 10, maxItems: 3, scheduler: testScheduler })),
      ).toBe(expected, { a: ['a'], x: ['b', 'c', 'd'], y: ['e'] });
    });
  });

  it('emits early when maxBytes is reached', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold(' a-b-c-d-----|', { a: 1, b: 5, c: 6, d: 2 });
      const expected = '    a---x-y-----|';
      expectObservable(
        source.pipe(
          microBatch<number>({
            windowMs: 6,
            maxBytes: 10,
            size: (n) => n,
            scheduler: testScheduler,
          }),
        ),
      ).toBe(expected, { a: [1], x: [5, 6], y: [2] });
    });
  });

  it('reads a function window each time a window opens', () => {
    const lengths = [2, 5];
    let calls = 0;
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold(' ab---c-----|');
      const expected = '    a-x----y---|';
      const windowMs = () => lengths[Math.min(calls++, lengths.length - 1)];
      expectObservable(source.pipe(microBatch({ windowMs, scheduler: testScheduler }))).toBe(
        expected,
        { a: ['a'], x: ['b'], y: ['c'] },
      );
    });
    expect(calls).toBe(3);
  });

  it('emits every value alone when the window is 0', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold(' a(bc)-|');
      const expected = '    a(bc)-|';
      expectObservable(source.pipe(microBatch({ windowMs: 0, scheduler: testScheduler }))).toBe(
        expected,
        { a: ['a'], b: ['b'], c: ['c'] },
      );
    });
  });

  it('flushes the pending batch on complete', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold(' ab|');
      const expected = '    a-(x|)';
      expectObservable(source.pipe(microBatch({ windowMs: 10, scheduler: testScheduler }))).toBe(
        expected,
        { a: ['a'], x: ['b'] },
      );
    });
  });

  it('forwards errors and discards the pending batch', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold(' ab#');
      const sub = '         ^-!';
      const expected = '    a-#';
      expectObservable(source.pipe(microBatch({ windowMs: 10, scheduler: testScheduler }))).toBe(
        expected,
        { a: ['a'] },
      );
      expectSubscriptions(source.subscriptions).toBe(sub);
    });
  });

  it('routes a throwing window function or size function to error', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold(' ab---|');
      let calls = 0;
      const windowMs = () => {
        if (calls++ > 0) throw new Error('no window');
        return 2;
      };
      expectObservable(source.pipe(microBatch({ windowMs, scheduler: testScheduler }))).toBe(
        'a-(b#)',
        { a: ['a'], b: ['b'] },
        new Error('no window'),
      );
      const sizing = cold('ab---|');
      const size = () => {
        throw new Error('no size');
      };
      expectObservable(
        sizing.pipe(microBatch({ windowMs: 3, size, scheduler: testScheduler })),
      ).toBe('a#', { a: ['a'] }, new Error('no size'));
    });
  });

  it('handles never, empty, single values and never-ending sources', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const options = { windowMs: 3, scheduler: testScheduler };
      expectObservable(NEVER.pipe(microBatch(options))).toBe('-');
      expectObservable(EMPTY.pipe(microBatch(options))).toBe('|');
      expectObservable(of('a').pipe(microBatch(options))).toBe('(a|)', { a: ['a'] });
      expectObservable(cold('a-b---').pipe(microBatch(options))).toBe('a--b--', {
        a: ['a'],
        b: ['b'],
      });
    });
  });

  it('stops its timer and the source on early unsubscribe', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold(' ab-c-d-|');
      const sub = '         ^--!';
      const unsub = '       ^--!';
      expectObservable(
        source.pipe(microBatch({ windowMs: 5, scheduler: testScheduler })),
        unsub,
      ).toBe('a--', { a: ['a'] });
      expectSubscriptions(source.subscriptions).toBe(sub);
    });
    expect(testScheduler.actions.length).toBe(0);
  });

  it('does not break unsubscription chains and stops pulling from a synchronous source', () => {
    const input = new Subject<number>();
    let pulled = 0;
    const seen: number[][] = [];
    const subscription = input
      .pipe(microBatch({ windowMs: 0 }), take(2))
      .subscribe((batch) => seen.push(batch));
    for (let i = 0; i < 5; i++) {
      if (!input.observed) break;
      pulled++;
      input.next(i);
    }
    expect(seen).toEqual([[0], [1]]);
    expect(pulled).toBe(2);
    expect(subscription.closed).toBe(true);
  });

  it('refuses maxItems below 1', () => {
    expect(() => microBatch({ windowMs: 1, maxItems: 0 })).toThrow(RangeError);
  });
});

const letters = { a: 'a', b: 'b', c: 'c' };
operatorCompliance<string, string[]>('microBatch', {
  operator: () => microBatch<string>({ windowMs: 3 }),
  values: letters,
  single: { source: '-a|', expected: '-x|', expectedValues: { x: ['a'] }, subscription: '^-!' },
  multiple: {
    source: '-a-bc----|',
    expected: '-x--y----|',
    expectedValues: { x: ['a'], y: ['b', 'c'] },
    subscription: '^--------!',
  },
  throwing: {
    operator: () =>
      microBatch<string>({
        windowMs: 3,
        size: (item) => {
          if (item === 'b') throw new Error('no size');
          return 1;
        },
      }),
    source: '-a-b-|',
    expected: '-x-#',
    expectedValues: { x: ['a'] },
    error: new Error('no size'),
    subscription: '^--!',
  },
});
