import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  createOperatorStats,
  type DeadLetter,
  mapOrDeadLetter,
} from '../../src/operators/index.ts';
import { createTestScheduler } from '../helpers/marbles.ts';
import { operatorCompliance } from '../helpers/operatorCompliance.ts';

const values = { a: 'a', b: 'b', c: 'c' };
const upper = (value: string) => {
  if (value === 'b') throw new Error('cannot shout b');
  return value.toUpperCase();
};
const collector = () => {
  const letters: DeadLetter[] = [];
  return { letters, push: (letter: DeadLetter) => letters.push(letter) };
};

operatorCompliance<string, string>('mapOrDeadLetter', {
  operator: () => mapOrDeadLetter(upper, { deadLetters: collector() }),
  values,
  single: {
    source: '-a|',
    expected: '-A|',
    expectedValues: { A: 'A' },
    subscription: '^-!',
  },
  multiple: {
    source: '-a-b-c|',
    expected: '-A---C|',
    expectedValues: { A: 'A', C: 'C' },
    subscription: '^-----!',
  },
  throwing: {
    operator: () =>
      mapOrDeadLetter(upper, {
        deadLetters: {
          push: () => {
            throw new Error('sink failed');
          },
        },
      }),
    source: '-a-b-c|',
    expected: '-A-#',
    expectedValues: { A: 'A' },
    error: new Error('sink failed'),
    subscription: '^--!',
  },
});

describe('mapOrDeadLetter', () => {
  let testScheduler: TestScheduler;
  beforeEach(() => (testScheduler = createTestScheduler()));

  it('sends values whose projection throws to the dead letters and keeps going', () => {
    const sink = collector();
    const stats = createOperatorStats();
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-b-c-b-|', values);
      const config = { deadLetters: sink, stage: 'shout', stats };
      expectObservable(source.pipe(mapOrDeadLetter(upper, config))).toBe('-A---C---|', {
        A: 'A',
        C: 'C',
      });
      expectSubscriptions(source.subscriptions).toBe('^--------!');
    });
    expect(sink.letters).toEqual([
      { value: 'b', error: new Error('cannot shout b'), stage: 'shout' },
      { value: 'b', error: new Error('cannot shout b'), stage: 'shout' },
    ]);
    expect(stats).toMatchObject({ received: 4, delivered: 2, dropped: 2 });
    expect(stats.droppedByReason.error).toBe(2);
  });

  it('passes the index like map, and uses the default stage', () => {
    const sink = collector();
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('-a-b-c|', values);
      const project = (value: string, index: number) => {
        // A projection may throw anything, not only Errors; the sink must cope.
        // deno-lint-ignore no-throw-literal
        if (index === 0) throw 'first';
        return `${value}${index}`;
      };
      expectObservable(source.pipe(mapOrDeadLetter(project, { deadLetters: sink }))).toBe(
        '---x-y|',
        { x: 'b1', y: 'c2' },
      );
    });
    expect(sink.letters).toEqual([{ value: 'a', error: 'first', stage: 'processing' }]);
  });

  it('rejects a missing projection or sink', () => {
    expect(() => mapOrDeadLetter(undefined as never, { deadLetters: collector() })).toThrow(
      'mapOrDeadLetter: project must be a function, got undefined',
    );
    expect(() => mapOrDeadLetter(upper, { deadLetters: {} as never })).toThrow(
      'mapOrDeadLetter: deadLetters must have a push(letter) method',
    );
  });
});
