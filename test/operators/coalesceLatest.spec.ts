import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { coalesceLatest, createOperatorStats } from '../../src/operators/index.ts';
import { createTestScheduler } from '../helpers/marbles.ts';
import { operatorCompliance } from '../helpers/operatorCompliance.ts';

interface Sample {
  realm: string;
  n: number;
}

const values: Record<string, Sample> = {
  a: { realm: 'w1', n: 1 },
  b: { realm: 'w2', n: 2 },
  A: { realm: 'w1', n: 3 },
  B: { realm: 'w2', n: 4 },
};
const latest = (maxKeys?: number) =>
  coalesceLatest<Sample>({ key: (sample) => sample.realm, windowMs: 5, maxKeys });

operatorCompliance<Sample, Sample>('coalesceLatest', {
  operator: () => latest(),
  values,
  single: { source: '-a|', expected: '--(a|)', expectedValues: values, subscription: '^-!' },
  multiple: {
    source: '-a-b-A----B-a-|',
    expected: '-----(ab)-A---(aB|)',
    expectedValues: values,
    subscription: '^-------------!',
  },
  throwing: {
    operator: () =>
      coalesceLatest<Sample>({
        key: (sample) => {
          if (sample.n === 2) throw new Error('key failed');
          return sample.realm;
        },
        windowMs: 5,
      }),
    source: '-a-b-|',
    expected: '---#',
    error: new Error('key failed'),
    subscription: '^--!',
  },
});

describe('coalesceLatest', () => {
  let testScheduler: TestScheduler;
  beforeEach(() => (testScheduler = createTestScheduler()));

  it('keeps only the latest value per key in each window', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('aAaAbB----A---|', values);
      expectObservable(source.pipe(latest())).toBe('-----(Ab)-B---(A|)', values);
      expectSubscriptions(source.subscriptions).toBe('^-------------!');
    });
  });

  it('drops values of keys beyond maxKeys and counts them', () => {
    const stats = createOperatorStats();
    const drops: number[] = [];
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('-a-b-|', values);
      const limited = coalesceLatest<Sample>({
        key: (sample) => sample.realm,
        windowMs: 5,
        maxKeys: 1,
        stats,
        onDrop: (count) => drops.push(count),
      });
      expectObservable(source.pipe(limited)).toBe('-----(a|)', values);
    });
    expect(drops).toEqual([1]);
    expect(stats).toMatchObject({ received: 2, delivered: 1, dropped: 1 });
  });
});
