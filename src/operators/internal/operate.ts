/**
 * @module The one local helper for operators that cannot be composed from existing ones.
 * It reproduces what RxJS's internal `operate`/`OperatorSubscriber` do, with public API
 * only: every user callback is guarded, so a throw becomes `subscriber.error` instead of
 * an unhandled error, and teardown always runs.
 */
import { Observable, type OperatorFunction, type Subscriber, type TeardownLogic } from 'rxjs';

/** Handlers for {@link forward}; each is optional and defaults to passing through. */
export interface ForwardHandlers<T> {
  /** Called for each source value; a throw errors the result. */
  next?: (value: T) => void;
  /** Called when the source errors; defaults to forwarding the error. */
  error?: (error: unknown) => void;
  /** Called when the source completes; defaults to completing the result. */
  complete?: () => void;
  /** Called once when the subscription to the source ends for any reason. */
  finalize?: () => void;
}

/**
 * Subscribes to `source` on behalf of `destination`, guarding every handler: a handler that
 * throws errors `destination` (and unsubscribes from the source).
 *
 * @param source The upstream Observable.
 * @param destination The downstream subscriber.
 * @param handlers Callbacks; missing ones pass through.
 */
export function forward<T, R>(
  source: Observable<T>,
  destination: Subscriber<R>,
  handlers: ForwardHandlers<T>,
): void {
  // One wrapper per handler kind, each with a fixed arity: `next` runs once per value, so
  // it must not allocate (a rest-parameter wrapper would build an array per call).
  const onNext = handlers.next ?? ((value: T) => destination.next(value as unknown as R));
  const onError = handlers.error ?? ((error: unknown) => destination.error(error));
  const onComplete = handlers.complete ?? (() => destination.complete());
  const guard0 = (fn: () => void) => () => {
    try {
      fn();
    } catch (error) {
      destination.error(error);
    }
  };
  // The subscriber the source sees must be linked to `destination` BEFORE the source runs:
  // a synchronous source checks `subscriber.closed` in its loop, and the Subscription that
  // `subscribe()` returns only exists once that loop is over. Wrapping the source in an
  // Observable hands us that subscriber (a Subscriber instance, which `source.subscribe`
  // uses as is) so downstream unsubscription closes it at once.
  new Observable<T>((inner) => {
    destination.add(inner);
    return source.subscribe(inner);
  }).subscribe({
    next: (value: T) => {
      try {
        onNext(value);
      } catch (error) {
        destination.error(error);
      }
    },
    error: (error: unknown) => {
      try {
        onError(error);
      } catch (thrown) {
        destination.error(thrown);
      }
    },
    complete: guard0(onComplete),
  });
  // Added after the source so teardown unsubscribes upstream first; if the source already
  // finished synchronously, `add` on the closed destination runs it at once.
  if (handlers.finalize) destination.add(guard0(handlers.finalize));
}

/**
 * Builds an operator from an `init` function that wires source to subscriber, like RxJS's
 * internal `operate`. `init` runs once per subscription; its return value is the teardown.
 *
 * @param init Sets up per-subscription state and calls {@link forward}.
 * @returns The operator.
 */
export function operate<T, R>(
  init: (source: Observable<T>, subscriber: Subscriber<R>) => TeardownLogic,
): OperatorFunction<T, R> {
  return (source) =>
    new Observable<R>((subscriber) => {
      try {
        return init(source, subscriber);
      } catch (error) {
        subscriber.error(error);
        return undefined;
      }
    });
}
