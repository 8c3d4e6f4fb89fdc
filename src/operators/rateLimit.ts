/**
 * @module `rateLimit`: a token bucket per stream or per key, dropping or delaying the excess.
 */
import { asyncScheduler, type OperatorFunction, type SchedulerLike } from 'rxjs';
import { type Gap, type GapReason, isGap } from './gap.ts';
import { defaultSeq } from './internal/extract.ts';
import { GapRun } from './internal/gapRun.ts';
import { forward, operate } from './internal/operate.ts';
import { RingQueue } from './internal/ringQueue.ts';
import { KeyedBuckets, TokenBucket } from './internal/tokenBuckets.ts';
import {
  requireFunction,
  requireInteger,
  requireOneOf,
  requirePositive,
} from './internal/validate.ts';
import type { OperatorStats } from './operatorStats.ts';

/** Options for {@link rateLimit}. */
export interface RateLimitConfig<T> {
  /** Tokens added per second, continuously (a value costs one token). */
  perSecond: number;
  /** Bucket size: how many values may pass at once after a quiet period (integer >= 1). */
  burst: number;
  /** One bucket per key when given (e.g. per channel or per realm); one bucket otherwise. */
  key?: (value: T) => string;
  /** `'drop'` the excess (reported as gaps, reason `'rate'`) or `'delay'` it until tokens refill. */
  onExceed: 'drop' | 'delay';
  /** `'delay'` mode: most values waiting over all keys (default 1000); the excess is dropped. */
  maxQueue?: number;
  /** Most buckets (default 10 000); values of new keys are dropped while all are active. */
  maxKeys?: number;
  /** Sequence number of a dropped value, for gap markers. Default: `value.seq ?? value.event?.seq`. */
  seq?: (value: T) => number | undefined;
  /** Clock and timer. Defaults to `asyncScheduler`. */
  scheduler?: SchedulerLike;
  /** Called once per emitted gap marker with the number of values it covers. */
  onDrop?: (count: number, reason: GapReason) => void;
  /** Counters updated in place (see `createOperatorStats`); `queuedItems` = values delayed. */
  stats?: OperatorStats;
}

/**
 * Lets values through at a sustained rate with bursts, per key if asked.
 *
 * It's like `throttleTime`, but a token bucket instead of a fixed window, per key, with
 * the excess either dropped and reported, or delayed. Tokens refill continuously from
 * `scheduler.now()` at `perSecond`, up to `burst`; each value takes one. In `'drop'` mode a
 * value that finds no token is dropped; each run of drops is emitted as one {@link Gap}
 * (`reason: 'rate'`) just before the next value that passes. In `'delay'` mode values wait
 * in a FIFO per key and are released as tokens refill; when `maxQueue` values already wait,
 * new ones are dropped (`reason: 'overflow'`). When `maxKeys` buckets exist and none is
 * idle (refilled and empty), values of new keys are dropped (`'overflow'`). Upstream gap
 * markers pass through. Completion waits for delayed values; an error is forwarded at once.
 *
 * ```text
 * source:  -a-b-c-d-------e----|               (perSecond: 100, one token per 10 ms; burst: 2)
 * drop:    -a-b-----------(ge)-|               (g = gap { reason: 'rate', dropped: 2 }: c, d)
 * delay:   -a-b-------c---------d---------(e|)
 * ```
 *
 * ## Example
 * ```ts
 * chat$.pipe(
 *   rateLimit({ perSecond: 2, burst: 5, key: (e) => e.data.channel, onExceed: 'drop' }),
 * );
 * ```
 *
 * @see priorityBuffer
 * @param config Rate, burst, keying and what to do with the excess.
 * @returns An operator emitting the values that pass and gap markers for those dropped.
 */
export function rateLimit<T>(config: RateLimitConfig<T>): OperatorFunction<T, T | Gap> {
  const name = 'rateLimit';
  const perMs = requirePositive(name, 'perSecond', config.perSecond) / 1000;
  const burst = requireInteger(name, 'burst', config.burst);
  const mode = requireOneOf(name, 'onExceed', config.onExceed, ['drop', 'delay'] as const);
  const maxQueue = requireInteger(name, 'maxQueue', config.maxQueue ?? 1000);
  const maxKeys = requireInteger(name, 'maxKeys', config.maxKeys ?? 10_000);
  for (const option of ['key', 'seq', 'onDrop'] as const) {
    if (config[option] !== undefined) requireFunction(name, option, config[option]);
  }
  const { key, onDrop, stats, scheduler = asyncScheduler } = config;
  const seqOf = config.seq ?? defaultSeq;
  return operate<T, T | Gap>((source, subscriber) => {
    const run = new GapRun(onDrop, stats);
    const keyed = key ? new KeyedBuckets<T>(maxKeys, perMs, burst) : undefined;
    const single = key ? undefined : new TokenBucket<T>(burst, scheduler.now());
    let waiting = 0;
    let sourceDone = false;
    const drop = (value: T, reason: GapReason) => {
      const seq = seqOf(value);
      run.add(reason, 1, seq, seq);
      if (stats) {
        stats.dropped++;
        stats.droppedByReason[reason]++;
      }
    };
    const deliver = (value: T) => {
      while (run.pending) subscriber.next(run.take());
      if (stats) stats.delivered++;
      subscriber.next(value);
    };
    const finishIfDone = () => {
      if (!sourceDone || waiting > 0) return;
      while (run.pending) subscriber.next(run.take());
      subscriber.complete();
    };
    const release = (bucket: TokenBucket<T>) => {
      bucket.release = undefined;
      const queue = bucket.queue as RingQueue<T>;
      bucket.refill(scheduler.now(), perMs, burst);
      while (queue.length > 0 && !subscriber.closed && bucket.tryTake()) {
        waiting--;
        if (stats) stats.queuedItems = waiting;
        deliver(queue.shift());
      }
      if (queue.length > 0) schedule(bucket);
      finishIfDone();
    };
    const schedule = (bucket: TokenBucket<T>) => {
      bucket.release = scheduler.schedule(() => release(bucket), bucket.wait(perMs));
    };
    forward(source, subscriber, {
      next: (value) => {
        if (isGap(value)) {
          run.merge(value);
          while (run.pending) subscriber.next(run.take());
          return;
        }
        if (stats) stats.received++;
        const now = scheduler.now();
        const bucket = single ?? keyed?.get(key!(value), now);
        if (!bucket) return drop(value, 'overflow');
        const queue = bucket.queue;
        if (!queue || queue.length === 0) {
          bucket.refill(now, perMs, burst);
          if (bucket.tryTake()) return deliver(value);
          if (mode === 'drop') return drop(value, 'rate');
        }
        if (waiting >= maxQueue) return drop(value, 'overflow');
        (bucket.queue ??= new RingQueue<T>()).push(value, 0, 1);
        waiting++;
        if (stats) stats.queuedItems = waiting;
        if (!bucket.release) schedule(bucket);
      },
      complete: () => {
        sourceDone = true;
        finishIfDone();
      },
      finalize: () => {
        run.abandon();
        keyed?.clear();
        single?.release?.unsubscribe();
        if (stats) stats.queuedItems = 0;
      },
    });
  });
}
