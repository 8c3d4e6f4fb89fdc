import { of } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  createDeadLetterSink,
  type DeadLetter,
  mapOrDeadLetter,
} from '../../src/operators/index.ts';
import { createTestScheduler } from '../helpers/marbles.ts';

describe('createDeadLetterSink', () => {
  let testScheduler: TestScheduler;
  beforeEach(() => (testScheduler = createTestScheduler()));

  it('keeps the latest N records with time, stage and error text, and counts everything', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const sink = createDeadLetterSink({ capacity: 2, scheduler: testScheduler });
      const failing = (value: number) => {
        if (value > 1) throw new RangeError(`too big: ${value}`);
        return value;
      };
      const source = cold('-a-b-c-d|', { a: 1, b: 2, c: 3, d: 4 });
      const result = source.pipe(mapOrDeadLetter(failing, { deadLetters: sink, stage: 'check' }));
      expectObservable(result).toBe('-a------|', { a: 1 });
      testScheduler.schedule(() => {
        expect(sink.recent()).toEqual([
          {
            value: 3,
            stage: 'check',
            time: 5,
            error: { name: 'RangeError', message: 'too big: 3' },
          },
          {
            value: 4,
            stage: 'check',
            time: 7,
            error: { name: 'RangeError', message: 'too big: 4' },
          },
        ]);
        expect(sink.stats).toEqual({ received: 3, evicted: 1, byStage: { check: 3 } });
      }, 8);
    });
  });

  it('streams each dead letter live, with the original error', () => {
    const sink = createDeadLetterSink({ capacity: 1 });
    const seen: DeadLetter[] = [];
    sink.letters$.subscribe((letter) => seen.push(letter));
    const error = new Error('boom');
    sink.push({ value: 'x', error, stage: 'relay' });
    expect(seen).toEqual([{ value: 'x', error, stage: 'relay' }]);
    expect(seen[0].error).toBe(error);
  });

  it('describes thrown non-errors and bounds the number of stages', () => {
    const sink = createDeadLetterSink({ capacity: 1 });
    of(...Array.from({ length: 70 }, (_, i) => i)).subscribe((i) =>
      sink.push({ value: i, error: 'nope', stage: `stage-${i}` })
    );
    expect(sink.recent()[0].error).toEqual({ name: 'string', message: 'nope' });
    expect(Object.keys(sink.stats.byStage)).toHaveLength(65);
    expect(sink.stats.byStage.other).toBe(6);
    expect(sink.stats).toMatchObject({ received: 70, evicted: 69 });
  });

  it('rejects a bad capacity', () => {
    expect(() => createDeadLetterSink({ capacity: 0 })).toThrow(
      'createDeadLetterSink: capacity must be an integer >= 1, got 0',
    );
  });
});
