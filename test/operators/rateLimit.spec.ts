import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  createOperatorStats,
  type Gap,
  gap,
  rateLimit,
  type RateLimitConfig,
} from '../../src/operators/index.ts';
import { createTestScheduler } from '../helpers/marbles.ts';
import { operatorCompliance } from '../helpers/operatorCompliance.ts';

interface Message {
  id: string;
  channel: string;
  seq: number;
}

const values: Record<string, Message> = {
  a: { id: 'a', channel: 'say', seq: 1 },
  b: { id: 'b', channel: 'say', seq: 2 },
  c: { id: 'c', channel: 'say', seq: 3 },
  d: { id: 'd', channel: 'say', seq: 4 },
  e: { id: 'e', channel: 'say', seq: 5 },
  x: { id: 'x', channel: 'yell', seq: 6 },
  y: { id: 'y', channel: 'yell', seq: 7 },
};

// One token per 10 ms, two at once.
const limit = (extra: Partial<RateLimitConfig<Message>> = {}) =>
  rateLimit<Message>({ perSecond: 100, burst: 2, onExceed: 'drop', ...extra });

operatorCompliance<Message, Message | Gap>('rateLimit (drop)', {
  operator: () => limit(),
  values,
  single: { source: '-a|', expected: '-a|', expectedValues: values, subscription: '^-!' },
  multiple: {
    source: '-a-b-c-|',
    expected: '-a-b---(g|)',
    expectedValues: { ...values, g: gap('rate', 1, 3, 3) },
    subscription: '^------!',
  },
  throwing: {
    operator: () =>
      limit({
        key: (value) => {
          if (value.id === 'b') throw new Error('key failed');
          return value.channel;
        },
      }),
    source: '-a-b-|',
    expected: '-a-#',
    expectedValues: values,
    error: new Error('key failed'),
    subscription: '^--!',
  },
});

operatorCompliance<Message, Message | Gap>('rateLimit (delay)', {
  operator: () => limit({ onExceed: 'delay' }),
  values,
  single: { source: '-a|', expected: '-a|', expectedValues: values, subscription: '^-!' },
  multiple: {
    source: '-a-b-c-|',
    expected: '-a-b-------(c|)',
    expectedValues: values,
    subscription: '^------!',
  },
});

describe('rateLimit', () => {
  let testScheduler: TestScheduler;
  beforeEach(() => (testScheduler = createTestScheduler()));

  it("'drop': drops the excess and reports each run as one gap before the next value", () => {
    const stats = createOperatorStats();
    const drops: number[] = [];
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-b-c-d-------e----|', values);
      const sub = '        ^-------------------!';
      const expected = '   -a-b-----------(ge)-|';
      const config = { stats, onDrop: (count: number) => drops.push(count) };
      expectObservable(source.pipe(limit(config))).toBe(expected, {
        ...values,
        g: gap('rate', 2, 3, 4),
      });
      expectSubscriptions(source.subscriptions).toBe(sub);
    });
    expect(drops).toEqual([2]);
    expect(stats).toMatchObject({ received: 5, delivered: 3, dropped: 2, gaps: 1 });
    expect(stats.droppedByReason.rate).toBe(2);
  });

  it('refills continuously: a token is back exactly 1000 / perSecond ms later', () => {
    testScheduler.run(({ cold, time, expectObservable }) => {
      const refill = time('  ----------|');
      const source = cold('(ab)------c-d|', values);
      // At 10 ms the bucket holds exactly one token again (c passes); d at 12 finds 0.2.
      const config = { burst: 2, perSecond: 1000 / refill };
      expectObservable(source.pipe(limit(config))).toBe('(ab)------c--(g|)', {
        ...values,
        g: gap('rate', 1, 4, 4),
      });
    });
  });

  it('emits a pending gap before completing', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('(abc)|', values);
      expectObservable(source.pipe(limit())).toBe('(ab)-(g|)', {
        ...values,
        g: gap('rate', 1, 3, 3),
      });
    });
  });

  it('keeps one bucket per key', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('-a-b-c-x----y-|', values);
      const config = { key: (value: Message) => value.channel };
      expectObservable(source.pipe(limit(config))).toBe('-a-b---(gx)-y-|', {
        ...values,
        g: gap('rate', 1, 3, 3),
      });
    });
  });

  it('drops values of new keys while maxKeys buckets are all active, then evicts idle ones', () => {
    const stats = createOperatorStats();
    testScheduler.run(({ cold, expectObservable }) => {
      // say's bucket is busy at 3 (one token used): yell gets no bucket. At 30 it is idle again.
      const source = cold('-a-x 26ms y 9ms |', values);
      const config = { key: (value: Message) => value.channel, maxKeys: 1, stats };
      expectObservable(source.pipe(limit(config))).toBe('-a-- 26ms (gy) 6ms |', {
        ...values,
        g: gap('overflow', 1, 6, 6),
      });
    });
    expect(stats.droppedByReason.overflow).toBe(1);
  });

  it("'delay': releases the excess as tokens refill and completes after the last one", () => {
    const stats = createOperatorStats();
    const queued: number[] = [];
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-b-c-d-------e----|', values);
      const sub = '        ^-------------------!';
      const expected = '   -a-b-------c---------d---------(e|)';
      source.subscribe(() => queued.push(stats.queuedItems));
      expectObservable(source.pipe(limit({ onExceed: 'delay', stats }))).toBe(expected, values);
      expectSubscriptions(source.subscriptions).toBe([sub, sub]);
    });
    expect(queued).toEqual([0, 0, 0, 1, 1]); // seen just before each value is processed
    expect(stats).toMatchObject({ received: 5, delivered: 5, dropped: 0, queuedItems: 0 });
  });

  it("'delay': drops what does not fit in maxQueue, with a gap before the next release", () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('(abcde)|', values);
      const config = { onExceed: 'delay' as const, maxQueue: 2 };
      expectObservable(source.pipe(limit(config))).toBe('(ab)------(gc)------(d|)', {
        ...values,
        g: gap('overflow', 1, 5, 5),
      });
    });
  });

  it("'delay': keys wait independently", () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('(abcxy)|', values);
      const config = { onExceed: 'delay' as const, burst: 1, key: (m: Message) => m.channel };
      expectObservable(source.pipe(limit(config))).toBe('(ax)------(by)------(c|)', values);
    });
  });

  it("'delay': cancels pending releases when unsubscribed", () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('(abcd)|', values);
      const unsub = '      ------------!';
      expectObservable(source.pipe(limit({ onExceed: 'delay' })), unsub).toBe(
        '(ab)------c-',
        values,
      );
      expectSubscriptions(source.subscriptions).toBe('^-----!');
    });
    expect(testScheduler.actions.length).toBe(0);
  });

  it('forwards an error at once, discarding delayed values', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('(abc)-#', values);
      expectObservable(source.pipe(limit({ onExceed: 'delay' }))).toBe('(ab)--#', values);
    });
  });

  it('passes gap markers from upstream straight through', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const marker = gap('overflow', 3, 1, 9);
      const source = cold('-u-a|', { u: marker as unknown as Message, a: values.a });
      expectObservable(source.pipe(limit())).toBe('-u-a|', { u: marker, a: values.a });
    });
  });

  it('rejects bad configuration when created', () => {
    expect(() => rateLimit({ perSecond: 0, burst: 1, onExceed: 'drop' })).toThrow(
      'rateLimit: perSecond must be a finite number > 0, got 0',
    );
    expect(() => rateLimit({ perSecond: 1, burst: 0.5, onExceed: 'drop' })).toThrow(
      'rateLimit: burst must be an integer >= 1, got 0.5',
    );
    expect(() => rateLimit({ perSecond: 1, burst: 1, onExceed: 'queue' as 'drop' })).toThrow(
      "rateLimit: onExceed must be one of 'drop', 'delay', got \"queue\"",
    );
    expect(() => rateLimit({ perSecond: 1, burst: 1, onExceed: 'delay', maxQueue: 0 })).toThrow(
      'rateLimit: maxQueue must be an integer >= 1, got 0',
    );
    expect(() => rateLimit({ perSecond: 1, burst: 1, onExceed: 'drop', key: 'x' as never }))
      .toThrow('rateLimit: key must be a function, got string');
  });
});
