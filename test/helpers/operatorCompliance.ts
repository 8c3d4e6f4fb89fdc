/**
 * @module The operator compliance suite (STYLE G8, Vector's `assert_transform_compliance`):
 * one call per operator spec registers the checks every operator must pass, from RxJS's
 * CONTRIBUTING list: never, empty, single and multiple values, source error, a never-ending
 * source, early unsubscription, a throwing user callback, "does not break unsubscription
 * chains" and "stops pulling from a synchronous source when unsubscribed". It also checks
 * that nothing stays scheduled after unsubscription (a leaked timer would keep the gateway
 * busy forever). The operator-specific outputs (single, multiple, throwing) come from the
 * caller; the rest needs no knowledge of the operator.
 */
import {
  interval,
  map,
  mergeMap,
  Observable,
  type ObservableNotification,
  of,
  type OperatorFunction,
  Subject,
  takeUntil,
} from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { createTestScheduler } from './marbles.ts';

/** What `testScheduler.run()` hands its callback. */
export type RunHelpers = Parameters<Parameters<TestScheduler['run']>[0]>[0];

/** One marble case: a cold source, the expected output and the source subscription. */
export interface ComplianceCase<R> {
  /** Cold source marble, using the letters of `values`. */
  source: string;
  /** Expected output marble. */
  expected: string;
  /** Values of the expected marble. */
  expectedValues?: Record<string, R>;
  /** The error of `#` in `expected`. */
  error?: unknown;
  /** Expected subscription marble of the source, e.g. `'^--!'`. */
  subscription: string;
}

/** What {@link operatorCompliance} needs to know about an operator. */
export interface OperatorComplianceConfig<T, R> {
  /**
   * Builds a fresh operator. Called inside `testScheduler.run()`, so operators using the
   * default `asyncScheduler` (or `helpers`' scheduler) run in virtual time.
   */
  operator: (helpers: RunHelpers, scheduler: TestScheduler) => OperatorFunction<T, R>;
  /** Source values by marble letter (at least one). */
  values: Record<string, T>;
  /** One value in. */
  single: ComplianceCase<R>;
  /** Several values in. */
  multiple: ComplianceCase<R>;
  /** For operators with user callbacks: an operator whose callback throws. */
  throwing?: ComplianceCase<R> & {
    operator: (helpers: RunHelpers, scheduler: TestScheduler) => OperatorFunction<T, R>;
  };
}

// Frames after which a still-scheduled action counts as leaked.
const LEAK_HORIZON = 10_000;

/**
 * Registers the compliance suite for one operator as a `describe` block.
 *
 * @param name The operator's name (the describe title).
 * @param config How to build it and what it must output.
 */
export function operatorCompliance<T, R>(
  name: string,
  config: OperatorComplianceConfig<T, R>,
): void {
  const letters = Object.keys(config.values);
  if (letters.length === 0) throw new Error('operatorCompliance: values must not be empty');
  const valueAt = (index: number): T => config.values[letters[index % letters.length]];
  // A hot source that never completes: the value letters, one every other frame.
  const endless = '-' + Array.from({ length: 12 }, (_, i) => letters[i % letters.length]).join('-');

  describe(`${name} (compliance)`, () => {
    let testScheduler: TestScheduler;
    beforeEach(() => (testScheduler = createTestScheduler()));

    const runCase = (
      build: OperatorComplianceConfig<T, R>['operator'],
      item: ComplianceCase<R>,
    ) => {
      testScheduler.run((helpers) => {
        const source = helpers.cold(item.source, config.values);
        helpers.expectObservable(source.pipe(build(helpers, testScheduler))).toBe(
          item.expected,
          item.expectedValues,
          item.error,
        );
        helpers.expectSubscriptions(source.subscriptions).toBe(item.subscription);
      });
    };

    it('emits nothing and stays subscribed for a never source', () => {
      testScheduler.run((helpers) => {
        const source = helpers.cold<T>('-');
        helpers.expectObservable(source.pipe(config.operator(helpers, testScheduler))).toBe('-');
        helpers.expectSubscriptions(source.subscriptions).toBe('^');
      });
    });

    it('completes at once for an empty source', () => {
      testScheduler.run((helpers) => {
        const source = helpers.cold<T>('|');
        helpers.expectObservable(source.pipe(config.operator(helpers, testScheduler))).toBe('|');
        helpers.expectSubscriptions(source.subscriptions).toBe('(^!)');
      });
    });

    it('handles a single value', () => runCase(config.operator, config.single));

    it('handles multiple values', () => runCase(config.operator, config.multiple));

    it('forwards a source error unchanged', () => {
      const error = new Error('source failed');
      testScheduler.run((helpers) => {
        const source = helpers.cold<T>('--#', undefined, error);
        const result = source.pipe(config.operator(helpers, testScheduler));
        helpers.expectObservable(result).toBe('--#', undefined, error);
        helpers.expectSubscriptions(source.subscriptions).toBe('^-!');
      });
    });

    if (config.throwing) {
      const throwing = config.throwing;
      it('errors (and unsubscribes from the source) when a user callback throws', () =>
        runCase(throwing.operator, throwing));
    }

    it('unsubscribes from the source when unsubscribed early', () => {
      testScheduler.run((helpers) => {
        const source = helpers.hot(endless, config.values);
        const seen: ObservableNotification<R>[] = [];
        const subscription = source.pipe(config.operator(helpers, testScheduler)).subscribe({
          next: (value) => seen.push({ kind: 'N', value }),
          error: (error) => seen.push({ kind: 'E', error }),
          complete: () => seen.push({ kind: 'C' }),
        });
        testScheduler.schedule(() => {
          subscription.unsubscribe();
          seen.length = 0;
        }, 6);
        helpers.expectSubscriptions(source.subscriptions).toBe('^-----!');
        testScheduler.schedule(() => expect(seen).toEqual([]), 40);
      });
    });

    it('keeps running on a never-ending source and leaves no timer behind', () => {
      testScheduler.run((helpers) => {
        const source = interval(1).pipe(map(valueAt));
        const notifications: string[] = [];
        const subscription = source.pipe(config.operator(helpers, testScheduler)).subscribe({
          next: () => {},
          error: () => notifications.push('error'),
          complete: () => notifications.push('complete'),
        });
        testScheduler.schedule(() => subscription.unsubscribe(), 500);
        testScheduler.maxFrames = LEAK_HORIZON;
        testScheduler.schedule(() => expect(notifications).toEqual([]), 499);
      });
      // Anything still scheduled past the horizon was left behind by the operator.
      expect(testScheduler.actions.length).toBe(0);
    });

    it('does not break unsubscription chains', () => {
      testScheduler.run((helpers) => {
        const source = helpers.hot(endless, config.values);
        const result = source.pipe(
          mergeMap((value) => of(value)),
          config.operator(helpers, testScheduler),
          mergeMap((value) => of(value)),
        );
        const subscription = result.subscribe({ error: () => {} });
        testScheduler.schedule(() => subscription.unsubscribe(), 4);
        helpers.expectSubscriptions(source.subscriptions).toBe('^---!');
      });
    });

    it('stops pulling from a synchronous source when unsubscribed', () => {
      const pulled: number[] = [];
      testScheduler.run((helpers) => {
        const stop = new Subject<void>();
        const synchronous = new Observable<T>((subscriber) => {
          for (let i = 0; i < 100 && !subscriber.closed; i++) {
            pulled.push(i);
            subscriber.next(valueAt(i));
            if (i === 2) stop.next();
          }
          subscriber.complete();
        });
        synchronous.pipe(config.operator(helpers, testScheduler), takeUntil(stop)).subscribe({
          error: () => {},
        });
      });
      expect(pulled).toEqual([0, 1, 2]);
    });
  });
}
