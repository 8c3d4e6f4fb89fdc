import { type Observable, of } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { createOperatorStats, type Gap, gap, mergeByPriority } from '../../src/operators/index.ts';
import { createTestScheduler } from '../helpers/marbles.ts';
import { operatorCompliance } from '../helpers/operatorCompliance.ts';

const ready = { t: true, f: false };
const values = { h: 'h', i: 'i', l: 'l', m: 'm', n: 'n' };

operatorCompliance<string, string | Gap>('mergeByPriority (one source)', {
  operator: ({ cold }) => (source: Observable<string>) =>
    mergeByPriority({ normal: source }, {
      capacity: 10,
      overflow: 'drop-lowest',
      ready$: cold('t', ready),
    }),
  values,
  single: { source: '-h|', expected: '-h|', expectedValues: values, subscription: '^-!' },
  multiple: {
    source: '-h-l-m|',
    expected: '-h-l-m|',
    expectedValues: values,
    subscription: '^-----!',
  },
  throwing: {
    operator: ({ cold }) => (source: Observable<string>) =>
      mergeByPriority({ normal: source }, {
        capacity: 10,
        overflow: 'drop-lowest',
        ready$: cold('f', ready),
        size: (value) => {
          if (value === 'l') throw new Error('size failed');
          return 1;
        },
      }),
    source: '-h-l-|',
    expected: '---#',
    error: new Error('size failed'),
    subscription: '^--!',
  },
});

describe('mergeByPriority', () => {
  let testScheduler: TestScheduler;
  beforeEach(() => (testScheduler = createTestScheduler()));

  it('releases higher priorities first while the consumer was not ready', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const high = cold('----h-------|', values);
      const low = cold(' -l-m--------|', values);
      const ready$ = cold('f------t', ready);
      const config = { capacity: 10, overflow: 'drop-lowest' as const, ready$ };
      expectObservable(mergeByPriority({ high, low }, config)).toBe('-------(hlm)|', values);
      expectSubscriptions(high.subscriptions).toBe('^-----------!');
      expectSubscriptions(low.subscriptions).toBe(' ^-----------!');
    });
  });

  it('interleaves in arrival order while the consumer is ready', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const critical = cold('---i-|', values);
      const low = cold('     -l---m|', values);
      const config = { capacity: 10, overflow: 'drop-lowest' as const, ready$: cold('t', ready) };
      expectObservable(mergeByPriority({ critical, low }, config)).toBe('-l-i-m|', values);
    });
  });

  it('drops the lowest priority first when the queue overflows, with exact counts', () => {
    const stats = createOperatorStats();
    testScheduler.run(({ cold, expectObservable }) => {
      const high = cold('-----h-i---------|', values);
      const low = cold(' -l-m-n-----------|', values);
      const ready$ = cold('f----------t', ready);
      const config = { capacity: 3, overflow: 'drop-lowest' as const, ready$, stats };
      expectObservable(mergeByPriority({ high, low }, config)).toBe('-----------(ghin)|', {
        ...values,
        g: gap('overflow', 2),
      });
    });
    expect(stats).toMatchObject({ received: 5, delivered: 3, dropped: 2 });
  });

  it('reads size and seq from the values themselves', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const events = {
        a: { seq: 1, bytes: 60 },
        b: { seq: 2, bytes: 60 },
      };
      const low = cold('-a-b-|', events);
      const config = {
        capacity: 10,
        capacityBytes: 100,
        overflow: 'drop-newest' as const,
        ready$: cold('f----t', ready),
      };
      expectObservable(mergeByPriority({ low }, config)).toBe('-----(ga|)', {
        ...events,
        g: gap('overflow', 1, 2, 2),
      });
    });
  });

  it('completes at once with no sources and rejects unknown priorities', () => {
    testScheduler.run(({ expectObservable }) => {
      const config = { capacity: 1, overflow: 'error' as const, ready$: of(true) };
      expectObservable(mergeByPriority({}, config)).toBe('|');
    });
    expect(() =>
      mergeByPriority({ urgent: of(1) } as never, {
        capacity: 1,
        overflow: 'error',
        ready$: of(true),
      })
    ).toThrow('mergeByPriority: unknown priority "urgent" (use critical, high, normal, low)');
  });
});
