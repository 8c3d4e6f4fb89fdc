import { Observable, of, take, throwError } from 'rxjs';
import { beforeEach, describe, expect, it } from 'vitest';
import type { TestScheduler } from 'rxjs/testing';
import { forward, operate } from '../../src/operators/internal/operate.ts';
import { createTestScheduler } from '../helpers/marbles.ts';

const double = operate<number, number>((source, subscriber) => {
  forward(source, subscriber, { next: (value) => subscriber.next(value * 2) });
});

describe('operate/forward', () => {
  let testScheduler: TestScheduler;
  beforeEach(() => (testScheduler = createTestScheduler()));

  it('passes values through the handler, and completion and errors by default', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold(' -a-b-|', { a: 1, b: 2 });
      const sub = '        ^----!';
      expectObservable(source.pipe(double)).toBe('-x-y-|', { x: 2, y: 4 });
      expectSubscriptions(source.subscriptions).toBe(sub);
      const failing = cold('-a-#', { a: 1 });
      expectObservable(failing.pipe(double)).toBe('-x-#', { x: 2 });
    });
  });

  it('routes a throwing handler to error and unsubscribes from the source', () => {
    const boom = operate<number, number>((source, subscriber) => {
      forward(source, subscriber, {
        next: (value) => {
          if (value === 2) throw new Error('handler failed');
          subscriber.next(value);
        },
      });
    });
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold(' -a-b-c-|', { a: 1, b: 2, c: 3 });
      const sub = '        ^--!';
      expectObservable(source.pipe(boom)).toBe('-a-#', { a: 1 }, new Error('handler failed'));
      expectSubscriptions(source.subscriptions).toBe(sub);
    });
  });

  it('runs finalize once on completion, error and unsubscribe', () => {
    let finalized = 0;
    const counted = operate<number, number>((source, subscriber) => {
      forward(source, subscriber, { finalize: () => finalized++ });
    });
    of(1).pipe(counted).subscribe();
    throwError(() => new Error('x')).pipe(counted).subscribe({ error: () => {} });
    testScheduler.run(({ cold }) => {
      cold('-a-', { a: 1 }).pipe(counted).subscribe().unsubscribe();
    });
    expect(finalized).toBe(3);
  });

  it('turns a throwing init into an error', () => {
    const broken = operate<number, number>(() => {
      throw new Error('init failed');
    });
    let message = '';
    of(1).pipe(broken).subscribe({ error: (error: Error) => (message = error.message) });
    expect(message).toBe('init failed');
  });
});

describe('operate/forward with synchronous sources', () => {
  it('stops pulling from a synchronous source when unsubscribed downstream', () => {
    const pulled: number[] = [];
    const synchronous = new Observable<number>((subscriber) => {
      for (let i = 0; i < 100 && !subscriber.closed; i++) {
        pulled.push(i);
        subscriber.next(i);
      }
      subscriber.complete();
    });
    synchronous.pipe(double, take(3)).subscribe();
    expect(pulled).toEqual([0, 1, 2]);
  });
});
