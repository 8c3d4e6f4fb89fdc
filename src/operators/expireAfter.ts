/**
 * @module `expireAfter`: drops values that are too old by the time they get here.
 */
import { asyncScheduler, type OperatorFunction, type SchedulerLike } from 'rxjs';
import { type Gap, type GapReason, isGap } from './gap.ts';
import { defaultSeq, defaultTime } from './internal/extract.ts';
import { GapRun } from './internal/gapRun.ts';
import { forward, operate } from './internal/operate.ts';
import { requireFunction, requirePositive } from './internal/validate.ts';
import type { OperatorStats } from './operatorStats.ts';

/** Options for {@link expireAfter}. */
export interface ExpireAfterConfig<T> {
  /** Oldest age that still passes, in scheduler time units (ms); older values are dropped. */
  maxAgeMs: number;
  /**
   * When a value happened, on the scheduler's clock. Default: `value.time ?? value.event?.time`.
   * `undefined` means "no time": the value passes. Anything else but a finite number errors.
   */
  time?: (value: T) => number | undefined;
  /** Sequence number of a dropped value, for gap markers. Default: `value.seq ?? value.event?.seq`. */
  seq?: (value: T) => number | undefined;
  /** Clock. Defaults to `asyncScheduler`. */
  scheduler?: SchedulerLike;
  /** Called once per emitted gap marker with the number of values it covers. */
  onDrop?: (count: number, reason: GapReason) => void;
  /** Counters updated in place (see `createOperatorStats`). */
  stats?: OperatorStats;
}

/**
 * Drops values older than `maxAgeMs` (by their own `time`) when they arrive.
 *
 * It's like `filter(v => now - v.time <= maxAgeMs)`, but it reads the clock from the
 * scheduler and says what it dropped: each run of expired values becomes one {@link Gap}
 * (`reason: 'expired'`) just before the next value that passes, or before completion. Put
 * it after a queue that may have sat behind a slow consumer, so stale events are not
 * delivered as if they were news. Values exactly `maxAgeMs` old still pass. Upstream gap
 * markers pass through.
 *
 * ```text
 * source:  -a-b-c---|   (times: a = 0, b = 0, c = 4; maxAgeMs: 2)
 * result:  -a---(gc)|   (b is 3 ms old at frame 3: g = gap { reason: 'expired', dropped: 1 })
 * ```
 *
 * ## Example
 * ```ts
 * queued$.pipe(expireAfter({ maxAgeMs: 30_000 }));
 * ```
 *
 * @see priorityBuffer
 * @param config Age limit, time extractor, clock.
 * @returns An operator emitting fresh values and gap markers for the expired ones.
 */
export function expireAfter<T>(config: ExpireAfterConfig<T>): OperatorFunction<T, T | Gap> {
  const name = 'expireAfter';
  const maxAgeMs = requirePositive(name, 'maxAgeMs', config.maxAgeMs);
  for (const option of ['time', 'seq', 'onDrop'] as const) {
    if (config[option] !== undefined) requireFunction(name, option, config[option]);
  }
  const { onDrop, stats, scheduler = asyncScheduler } = config;
  const timeOf = config.time ?? defaultTime;
  const seqOf = config.seq ?? defaultSeq;
  return operate<T, T | Gap>((source, subscriber) => {
    const run = new GapRun(onDrop, stats);
    const flush = () => {
      while (run.pending) subscriber.next(run.take());
    };
    forward(source, subscriber, {
      next: (value) => {
        if (isGap(value)) {
          run.merge(value);
          return flush();
        }
        if (stats) stats.received++;
        const time = timeOf(value);
        if (time !== undefined && (typeof time !== 'number' || !Number.isFinite(time))) {
          throw new TypeError(`${name}: time must be a finite number, got ${String(time)}`);
        }
        if (time !== undefined && scheduler.now() - time > maxAgeMs) {
          const seq = seqOf(value);
          run.add('expired', 1, seq, seq);
          if (stats) {
            stats.dropped++;
            stats.droppedByReason.expired++;
          }
          return;
        }
        flush();
        if (stats) stats.delivered++;
        subscriber.next(value);
      },
      complete: () => {
        flush();
        subscriber.complete();
      },
      finalize: () => run.abandon(),
    });
  });
}
