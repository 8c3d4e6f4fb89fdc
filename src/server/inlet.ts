/**
 * @module A single-subscriber push source for hot paths: like a `Subject` with one
 * observer, without the per-value closure and observer-list copy a `Subject.next` costs
 * (per event per client, that adds up).
 */
import { Observable, type Subscriber } from 'rxjs';

/** A push source with at most one subscriber. */
export interface Inlet<T> {
  /** The Observable to pipe from (subscribe it once). */
  readonly observable: Observable<T>;
  /** Pushes a value to the subscriber, if any. */
  next(value: T): void;
  /** Completes the subscriber, if any. */
  complete(): void;
}

/**
 * Creates an inlet.
 *
 * @returns The inlet.
 */
export function createInlet<T>(): Inlet<T> {
  let target: Subscriber<T> | undefined;
  return {
    observable: new Observable<T>((subscriber) => {
      if (target) throw new Error('an inlet takes one subscriber');
      target = subscriber;
      return () => {
        if (target === subscriber) target = undefined;
      };
    }),
    next(value) {
      target?.next(value);
    },
    complete() {
      target?.complete();
    },
  };
}
