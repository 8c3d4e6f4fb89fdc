/**
 * @module `coalesceLatest`: the latest value per key per window, for state-like events.
 */
import { map, type MonoTypeOperatorFunction, pipe, type SchedulerLike } from 'rxjs';
import { aggregateByKey } from './aggregateByKey.ts';
import type { GapReason } from './gap.ts';
import type { OperatorStats } from './operatorStats.ts';

/** Options for {@link coalesceLatest}. */
export interface CoalesceLatestConfig<T> {
  /** Key extractor; within one window only the latest value per key survives. */
  key: (value: T) => string;
  /** Window length in scheduler time units (ms); windows are aligned to multiples of it. */
  windowMs: number;
  /** Most keys per window (default 1000); values of further keys are dropped and counted. */
  maxKeys?: number;
  /** Clock and timer. Defaults to `asyncScheduler`. */
  scheduler?: SchedulerLike;
  /** Called at each window boundary with the number of values dropped for lack of room. */
  onDrop?: (count: number, reason: GapReason) => void;
  /** Counters (see `createOperatorStats`); replaced values are not drops, they are the point. */
  stats?: OperatorStats;
}

/**
 * Keeps only the latest value per key in each time window and emits them at its end.
 *
 * It's like `auditTime` per key (or `groupBy` + `auditTime`), but flat and bounded: one
 * slot per key, at most `maxKeys` keys, and windows aligned to multiples of `windowMs` so
 * all keys flush together. Meant for state-like events where only the newest sample
 * matters (`server.info` per realm): a burst of samples costs one emission per window.
 * Built on {@link aggregateByKey}.
 *
 * ```text
 * source:  -a-b-A----B-a-|      (key: realm; a, A of w1; b, B of w2; windowMs: 5)
 * result:  -----(ab)-A---(aB|)  (A at 5 opens the next window; completion flushes early)
 * ```
 *
 * ## Example
 * ```ts
 * events$.pipe(
 *   filter((e) => e.type === 'server.info'),
 *   coalesceLatest({ key: (e) => e.realm, windowMs: 1000 }),
 * );
 * ```
 *
 * @see aggregateByKey
 * @param config Key, window, limits.
 * @returns An operator emitting the latest value of each key, once per window.
 */
export function coalesceLatest<T>(config: CoalesceLatestConfig<T>): MonoTypeOperatorFunction<T> {
  const { key, windowMs, maxKeys = 1000, scheduler, onDrop, stats } = config;
  return pipe(
    aggregateByKey<T, string, T | undefined>({
      key,
      windowMs,
      seed: () => undefined,
      reduce: (_previous, value) => value,
      maxGroups: maxKeys,
      scheduler,
      onDrop,
      stats,
    }),
    // idleWindows is 0, so every summary holds at least one value.
    map((summary) => summary.value as T),
  );
}
