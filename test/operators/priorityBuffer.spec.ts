import { BehaviorSubject, type Observable, Subject } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Priority } from '../../src/pipeline/events.ts';
import {
  createOperatorStats,
  type Gap,
  gap,
  priorityBuffer,
  type PriorityBufferConfig,
  QueueOverflowError,
} from '../../src/operators/index.ts';
import { createTestScheduler } from '../helpers/marbles.ts';
import { operatorCompliance } from '../helpers/operatorCompliance.ts';

interface Item {
  id: string;
  priority: Priority;
  seq: number;
  bytes?: number;
}

const item = (id: string, priority: Priority, seq: number, bytes?: number): Item =>
  bytes === undefined ? { id, priority, seq } : { id, priority, seq, bytes };

const ready = { t: true, f: false };
const values = {
  a: item('a', 'normal', 1),
  b: item('b', 'normal', 2),
  c: item('c', 'low', 3),
  d: item('d', 'high', 4),
  e: item('e', 'normal', 5),
  k: item('k', 'critical', 6),
};

const buffer = (ready$: Observable<boolean>, extra: Partial<PriorityBufferConfig<Item>> = {}) =>
  priorityBuffer<Item>({ capacity: 3, overflow: 'drop-lowest', ready$, ...extra });

operatorCompliance<Item, Item | Gap>('priorityBuffer', {
  operator: ({ cold }) => buffer(cold('t', ready)),
  values,
  single: { source: '-a|', expected: '-a|', expectedValues: values, subscription: '^-!' },
  multiple: {
    source: '-a-b-c|',
    expected: '-a-b-c|',
    expectedValues: values,
    subscription: '^-----!',
  },
  throwing: {
    operator: ({ cold }) =>
      buffer(cold('f', ready), {
        priority: (value) => {
          if (value.id === 'b') throw new Error('priority failed');
          return value.priority;
        },
      }),
    source: '-a-b-|',
    expected: '---#',
    error: new Error('priority failed'),
    subscription: '^--!',
  },
});

describe('priorityBuffer', () => {
  let testScheduler: TestScheduler;
  beforeEach(() => (testScheduler = createTestScheduler()));

  it('passes values through while ready and queues them while not', () => {
    testScheduler.run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-b-e-----|', values);
      const ready$ = hot(' t--f--t', ready);
      const sub = '        ^----------!';
      expectObservable(source.pipe(buffer(ready$))).toBe('-a----(be)-|', values);
      expectSubscriptions(source.subscriptions).toBe(sub);
    });
  });

  it('is not ready until ready$ emits', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('-a-b-|', values);
      const ready$ = cold(' ---------t', ready);
      expectObservable(source.pipe(buffer(ready$))).toBe('---------(ab|)', values);
    });
  });

  it('drains the highest priority first and keeps FIFO within a priority', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('-c-a-d-k-b-|', values);
      const ready$ = cold(' f----------t', ready);
      const config = { capacity: 10 };
      expectObservable(source.pipe(buffer(ready$, config))).toBe('-----------(kdabc|)', values);
    });
  });

  it('drop-lowest: drops the lowest priority present, oldest first, as one gap', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('-a-b-c-d----------e-|', values);
      const ready$ = cold(' f-----------t', ready);
      const expected = '   ------------(gdab)e-|';
      const expectedValues = { ...values, g: gap('overflow', 1, 3, 3) };
      expectObservable(source.pipe(buffer(ready$))).toBe(expected, expectedValues);
    });
  });

  it('drop-lowest: drops the arriving value when it is strictly the lowest', () => {
    const low = { x: item('x', 'low', 10), y: item('y', 'low', 11), z: item('z', 'normal', 12) };
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('-a-b-e-x-y-z--------|', { ...values, ...low });
      const ready$ = cold(' f------------t', ready);
      // x and y arrive into a full queue of normals: they go. z evicts a (oldest normal).
      const expectedValues = { ...values, g: gap('overflow', 3, 1, 11) };
      expectObservable(source.pipe(buffer(ready$))).toBe('-------------(gbez)-|', {
        ...expectedValues,
        ...low,
      });
    });
  });

  it('drop-oldest: drops the oldest non-critical value, whatever its priority', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('-k-a-d-b-e-|', values);
      const ready$ = cold(' f----------t', ready);
      // b evicts a; e evicts d (older than b although higher); k is critical and stays.
      const expected = '   -----------(gkbe|)';
      const config = { overflow: 'drop-oldest' as const };
      expectObservable(source.pipe(buffer(ready$, config))).toBe(expected, {
        ...values,
        g: gap('overflow', 2, 1, 4),
      });
    });
  });

  it('drop-newest: drops arriving values, counting each run exactly', () => {
    const stats = createOperatorStats();
    const drops: [number, string][] = [];
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('-a-b-c-d-e---a-b-c-d-|', values);
      const ready$ = cold(' f-----------tf---------t', ready);
      const expected = '   ------------(gab)------(hab|)';
      const config = {
        overflow: 'drop-newest' as const,
        capacity: 2,
        stats,
        onDrop: (count: number, reason: string) => drops.push([count, reason]),
      };
      const expectedValues = {
        ...values,
        g: gap('overflow', 3, 3, 5),
        h: gap('overflow', 2, 3, 4),
      };
      expectObservable(source.pipe(buffer(ready$, config))).toBe(expected, expectedValues);
    });
    expect(drops).toEqual([[3, 'overflow'], [2, 'overflow']]);
    expect(stats).toMatchObject({
      received: 9,
      delivered: 4,
      dropped: 5,
      gaps: 2,
      queuedItems: 0,
      queuedBytes: 0,
    });
    expect(stats.droppedByReason.overflow).toBe(5);
  });

  it('never drops critical while anything lower is queued (drop-newest evicts a lower one)', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const critical = { k: item('k', 'critical', 6), m: item('m', 'critical', 7) };
      const source = cold('-a-b-k-m-|', { ...values, ...critical });
      const ready$ = cold(' f--------t', ready);
      const config = { capacity: 2, overflow: 'drop-newest' as const };
      expectObservable(source.pipe(buffer(ready$, config))).toBe('---------(gkm|)', {
        ...critical,
        g: gap('overflow', 2, 1, 2),
      });
    });
  });

  it('drops critical values only when nothing lower is queued', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const critical = {
        k: item('k', 'critical', 1),
        m: item('m', 'critical', 2),
        n: item('n', 'critical', 3),
        a: item('a', 'normal', 4),
      };
      const source = cold('-k-m-n-a-|', critical);
      const ready$ = cold(' f--------t', ready);
      const config = { capacity: 2, overflow: 'drop-oldest' as const };
      // n evicts k (all critical); a is lower than everything queued, so it goes itself.
      expectObservable(source.pipe(buffer(ready$, config))).toBe('---------(gmn|)', {
        ...critical,
        g: gap('overflow', 2, 1, 4),
      });
    });
  });

  it('bounds the queue in bytes and drops a value larger than the whole limit', () => {
    const stats = createOperatorStats();
    const sized = {
      p: item('p', 'normal', 1, 40),
      q: item('q', 'normal', 2, 40),
      r: item('r', 'normal', 3, 30),
      s: item('s', 'critical', 4, 500),
    };
    const peaks: number[] = [];
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('-p-q-r-s-|', sized);
      const ready$ = cold(' f--------t', ready);
      const config = { capacity: 10, capacityBytes: 100, stats };
      source.subscribe(() => peaks.push(stats.queuedBytes));
      expectObservable(source.pipe(buffer(ready$, config))).toBe('---------(gqr|)', {
        ...sized,
        g: gap('overflow', 2, 1, 4),
      });
    });
    expect(Math.max(...peaks)).toBeLessThanOrEqual(100);
    expect(stats).toMatchObject({ received: 4, delivered: 2, dropped: 2, queuedBytes: 0 });
  });

  it("overflow 'error' fails with QueueOverflowError and drops nothing", () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-b-c-d-|', values);
      const ready$ = cold(' f', ready);
      const error = new QueueOverflowError({
        operator: 'priorityBuffer',
        capacity: 3,
        capacityBytes: undefined,
        queuedItems: 3,
        queuedBytes: 3,
      });
      const config = { overflow: 'error' as const };
      expectObservable(source.pipe(buffer(ready$, config))).toBe('-------#', undefined, error);
      expectSubscriptions(source.subscriptions).toBe('^------!');
    });
    expect(
      new QueueOverflowError({
        operator: 'priorityBuffer',
        capacity: 3,
        capacityBytes: 10,
        queuedItems: 3,
        queuedBytes: 9,
      }).message,
    ).toBe('priorityBuffer: queue full (3/3 items, 9/10 bytes)');
  });

  it('stops draining as soon as the consumer turns ready$ false inside next', () => {
    const ready$ = new BehaviorSubject(false);
    const source = new Subject<Item>();
    const received: string[] = [];
    source.pipe(buffer(ready$, { capacity: 10 })).subscribe((value) => {
      received.push('id' in value ? value.id : 'gap');
      ready$.next(false); // e.g. the socket's bufferedAmount went over its high-water mark
    });
    source.next(values.a);
    source.next(values.b);
    source.next(values.d);
    ready$.next(true);
    expect(received).toEqual(['d']);
    ready$.next(true);
    expect(received).toEqual(['d', 'a']);
    ready$.next(true);
    ready$.next(true);
    expect(received).toEqual(['d', 'a', 'b']);
  });

  it('keeps priority order for values the source emits during a drain', () => {
    const ready$ = new BehaviorSubject(false);
    const source = new Subject<Item>();
    const received: string[] = [];
    source.pipe(buffer(ready$, { capacity: 10 })).subscribe((value) => {
      if (!('id' in value)) return;
      received.push(value.id);
      if (value.id === 'a') source.next(values.k); // synchronous re-entry from the consumer
    });
    source.next(values.a);
    source.next(values.b);
    ready$.next(true);
    expect(received).toEqual(['a', 'k', 'b']);
  });

  it('completes only after the queue has drained; an error discards the queue', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-|', values);
      const ready$ = cold(' f-----t', ready);
      expectObservable(source.pipe(buffer(ready$))).toBe('------(a|)', values);
      expectSubscriptions(source.subscriptions).toBe('^--!');
      const failing = cold('-a-#', values);
      expectObservable(failing.pipe(buffer(cold('f-----t', ready)))).toBe('---#');
    });
  });

  it('merges gap markers from upstream into its own run', () => {
    const upstream = { ...values, u: gap('rate', 4, 10, 20) } as Record<string, Item | Gap>;
    const drops: number[] = [];
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('-u-a-b-e-d-|', upstream) as Observable<Item>;
      const ready$ = cold(' f----------t', ready);
      const config = { onDrop: (count: number) => drops.push(count) };
      expectObservable(source.pipe(buffer(ready$, config))).toBe('-----------(rgdbe|)', {
        ...values,
        r: gap('rate', 4, 10, 20),
        g: gap('overflow', 1, 1, 1),
      });
    });
    expect(drops).toEqual([1]); // upstream drops are not reported as this operator's
  });

  it('passes an upstream gap straight through while ready', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const marker = gap('expired', 2);
      const source = cold('-u-a-|', { u: marker, a: values.a }) as Observable<Item>;
      expectObservable(source.pipe(buffer(cold('t', ready)))).toBe('-u-a-|', {
        u: marker,
        a: values.a,
      });
    });
  });

  it('errors with the demand signal and keeps the last readiness when it completes', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const failing = cold('t-#', ready);
      expectObservable(cold('-a-b-|', values).pipe(buffer(failing))).toBe('-a#', values);
      const completing = cold('t|', ready);
      expectObservable(cold('-a-b-|', values).pipe(buffer(completing))).toBe('-a-b-|', values);
    });
  });

  it('rejects values with an unknown priority or a bad size', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const bad = { x: { id: 'x', priority: 'urgent', seq: 1 } as unknown as Item };
      expectObservable(cold('-x|', bad).pipe(buffer(cold('f', ready)))).toBe(
        '-#',
        undefined,
        new RangeError('priorityBuffer: unknown priority "urgent"'),
      );
      const huge = { x: item('x', 'normal', 1, Number.NaN) };
      expectObservable(cold('-x|', huge).pipe(buffer(cold('f', ready)))).toBe(
        '-#',
        undefined,
        new RangeError('priorityBuffer: size must be a finite number >= 0, got NaN'),
      );
    });
  });

  it('rejects bad configuration when created', () => {
    const ready$ = new BehaviorSubject(true);
    expect(() => priorityBuffer({ capacity: 0, overflow: 'drop-oldest', ready$ })).toThrow(
      'priorityBuffer: capacity must be an integer >= 1, got 0',
    );
    expect(() =>
      priorityBuffer({ capacity: 1, capacityBytes: -1, overflow: 'drop-oldest', ready$ })
    ).toThrow('priorityBuffer: capacityBytes must be a finite number > 0, got -1');
    expect(() => priorityBuffer({ capacity: 1, overflow: 'drop-all' as 'error', ready$ })).toThrow(
      "priorityBuffer: overflow must be one of 'drop-lowest', 'drop-oldest', 'drop-newest', " +
        '\'error\', got "drop-all"',
    );
    expect(() => priorityBuffer({ capacity: 1, overflow: 'error', ready$: undefined as never }))
      .toThrow('priorityBuffer: ready$ must be an Observable<boolean>');
    expect(() => priorityBuffer({ capacity: 1, overflow: 'error', ready$, size: 5 as never }))
      .toThrow('priorityBuffer: size must be a function, got number');
  });
});
