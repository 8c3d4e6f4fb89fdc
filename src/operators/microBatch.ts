/**
 * @module The `microBatch` operator: per-consumer batching that costs no latency when the
 * consumer is idle and turns a busy stream into a few frames per window.
 */
import { asyncScheduler, type OperatorFunction, type SchedulerLike, type Subscription } from 'rxjs';
import { forward, operate } from './internal/operate.ts';

/** Options for {@link microBatch}. */
export interface MicroBatchConfig<T> {
  /**
   * Window length in scheduler time units (ms with the default scheduler), or a function
   * read each time a window opens (lets a gateway widen windows under load). A window of
   * 0 or less emits every value alone, at once.
   */
  windowMs: number | (() => number);
  /** Emit the pending batch early once it holds this many values. Default 256. */
  maxItems?: number;
  /** Emit the pending batch early once the sizes of its values reach this. Default: no limit. */
  maxBytes?: number;
  /** Size of a value, for `maxBytes`. Default: 1 per value. */
  size?: (value: T) => number;
  /** Defaults to `asyncScheduler`; tests pass a `TestScheduler`. */
  scheduler?: SchedulerLike;
}

/**
 * Batches values into arrays: the first value after a quiet period is emitted alone at
 * once, then values arriving within the following window are emitted together when it
 * ends, and another window opens; a window that ends empty makes the operator idle again.
 * A batch is emitted early when it reaches `maxItems` values or `maxBytes`. On complete
 * the pending batch is emitted; on error it is discarded (as `bufferTime` does). Nothing is
 * ever dropped.
 *
 * It's like `bufferTime`, but it emits immediately when idle, never emits empty arrays,
 * and keeps no timer running while the source is quiet.
 *
 * ```text
 * windowMs: 3 frames
 * source:  a-b-c-------d-ef----|
 * result:  a--x--y-----d--z----|   a=[a], x=[b], y=[c], d=[d], z=[e,f]
 * ```
 *
 * ## Example
 * ```ts
 * hubEvents$.pipe(
 *   microBatch({ windowMs: 5, maxItems: 256 }),
 * ).subscribe((batch) => socket.send(`[${batch.map((e) => e.json).join(',')}]`));
 * ```
 *
 * @see bufferTime
 * @param config Window, early-emit limits, size function, scheduler.
 * @returns An operator emitting non-empty arrays of values, in source order.
 */
export function microBatch<T>(config: MicroBatchConfig<T>): OperatorFunction<T, T[]> {
  const { windowMs, maxItems = 256, maxBytes = Infinity, scheduler = asyncScheduler } = config;
  const size = config.size ?? (() => 1);
  const windowLength = typeof windowMs === 'function' ? windowMs : () => windowMs;
  if (!(maxItems >= 1)) throw new RangeError('microBatch: maxItems must be at least 1');
  return operate((source, subscriber) => {
    let pending: T[] = [];
    let pendingBytes = 0;
    let window: Subscription | null = null;
    const flush = () => {
      const batch = pending;
      pending = [];
      pendingBytes = 0;
      subscriber.next(batch);
    };
    const openWindow = () => {
      const length = windowLength();
      window = length > 0 ? scheduler.schedule(closeWindow, length) : null;
    };
    // Runs from the scheduler, outside `forward`'s guard: route a throwing `windowMs`
    // function to the subscriber like any other callback error. The next window opens
    // before the batch is emitted, so a slow consumer does not stretch the period.
    function closeWindow(): void {
      window = null;
      if (pending.length === 0) return;
      const batch = pending;
      pending = [];
      pendingBytes = 0;
      try {
        openWindow();
      } catch (error) {
        subscriber.next(batch);
        subscriber.error(error);
        return;
      }
      subscriber.next(batch);
    }
    forward(source, subscriber, {
      next(value) {
        if (window === null) {
          subscriber.next([value]);
          openWindow();
          return;
        }
        pending.push(value);
        pendingBytes += size(value);
        if (pending.length >= maxItems || pendingBytes >= maxBytes) flush();
      },
      complete() {
        if (pending.length > 0) flush();
        subscriber.complete();
      },
      finalize() {
        window?.unsubscribe();
        window = null;
        pending = [];
      },
    });
  });
}
