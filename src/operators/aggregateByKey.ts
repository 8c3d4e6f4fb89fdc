/**
 * @module `aggregateByKey`: one summary per key per time window, with bounded groups.
 */
import { asyncScheduler, type OperatorFunction, type SchedulerLike, type Subscription } from 'rxjs';
import type { GapReason } from './gap.ts';
import { KeyedGroups, type KeyedSummary } from './internal/keyedGroups.ts';
import { forward, operate } from './internal/operate.ts';
import { requireFunction, requireInteger, requirePositive } from './internal/validate.ts';
import type { OperatorStats } from './operatorStats.ts';

export type { KeyedSummary };

/** Options for {@link aggregateByKey}. */
export interface AggregateByKeyConfig<T, K, A> {
  /** The group a value belongs to. */
  key: (value: T) => K;
  /** Window length in scheduler time units (ms); windows are aligned to multiples of it. */
  windowMs: number;
  /** A fresh accumulator; called once per group per window, so it may be mutable. */
  seed: () => A;
  /** Folds a value into its group's accumulator and returns the (new or same) accumulator. */
  reduce: (acc: A, value: T) => A;
  /** Most live groups; values of new keys beyond it are dropped and counted. */
  maxGroups: number;
  /**
   * How many empty windows a group survives, emitting a `count: 0` summary (with `seed()` as
   * its value) for each, before it is closed. Default 0: a group closes at its first empty
   * window and only non-empty windows are reported.
   */
  idleWindows?: number;
  /** Clock and timer. Defaults to `asyncScheduler`. */
  scheduler?: SchedulerLike;
  /** Called at each window boundary with the number of values dropped during that window. */
  onDrop?: (count: number, reason: GapReason) => void;
  /** Counters (see `createOperatorStats`); `delivered` counts summaries, `queuedItems` live groups. */
  stats?: OperatorStats;
}

/**
 * Summarises values per key per time window, emitting every summary at the window's end.
 *
 * It's like `groupBy` + `bufferTime` + `reduce`, but flat, bounded and cheap: no inner
 * Observable per group, no buffered values (only the accumulator), at most `maxGroups`
 * groups, and each group closes by itself after `idleWindows` empty windows. Unlike a
 * debounce, a steady stream still produces a summary at every window boundary. Windows
 * are `[n * windowMs, (n + 1) * windowMs)` on the scheduler's clock, so every instance's
 * windows line up; a timer runs only while groups are live. Values of a new key that find
 * `maxGroups` groups live are dropped, counted in `stats` and reported to `onDrop(count,
 * 'overflow')` at the window's end. On completion the current window is flushed early
 * (non-empty groups only, with the window's nominal `windowEnd`); an error is forwarded
 * at once.
 *
 * ```text
 * source:  -a-b-a---a--b-|   (windowMs: 5; key: the letter; reduce: count)
 * result:  -----(AB)-(C)-(D|)
 *          A = { key: a, windowStart: 0, windowEnd: 5, count: 1 }, B = { key: b, count: 1 },
 *          C = { key: a, windowStart: 5, windowEnd: 10, count: 2 } (a value at 5 is in [5, 10)),
 *          D = { key: b, windowStart: 10, windowEnd: 15, count: 1 } (flushed early by completion)
 * ```
 *
 * ## Example
 * ```ts
 * events$.pipe(
 *   aggregateByKey({
 *     key: (e) => e.type,
 *     windowMs: 10_000,
 *     seed: () => 0,
 *     reduce: (n) => n + 1,
 *     maxGroups: 256,
 *   }),
 * ).subscribe(({ key, value, windowEnd }) => chart.add(key, windowEnd, value));
 * ```
 *
 * @see coalesceLatest
 * @see statsWindow
 * @param config Key, window, accumulator and limits.
 * @returns An operator emitting one {@link KeyedSummary} per live group per window.
 */
export function aggregateByKey<T, K, A>(
  config: AggregateByKeyConfig<T, K, A>,
): OperatorFunction<T, KeyedSummary<K, A>> {
  const name = 'aggregateByKey';
  const windowMs = requirePositive(name, 'windowMs', config.windowMs);
  const maxGroups = requireInteger(name, 'maxGroups', config.maxGroups);
  const idleWindows = requireInteger(name, 'idleWindows', config.idleWindows ?? 0, 0);
  for (const option of ['key', 'seed', 'reduce', 'onDrop'] as const) {
    if (option !== 'onDrop' || config.onDrop !== undefined) {
      requireFunction(name, option, config[option]);
    }
  }
  const { key, seed, reduce, onDrop, stats, scheduler = asyncScheduler } = config;
  return operate<T, KeyedSummary<K, A>>((source, subscriber) => {
    const groups = new KeyedGroups<T, K, A>(seed, reduce, maxGroups, idleWindows);
    let windowEnd: number | undefined; // undefined while no group is live
    let timer: Subscription | undefined;
    const emit = (summary: KeyedSummary<K, A>) => {
      if (stats) stats.delivered++;
      subscriber.next(summary);
    };
    const closeWindow = (partial: boolean) => {
      const end = windowEnd as number;
      groups.close(end - windowMs, end, emit, partial);
      const refused = groups.refused;
      groups.refused = 0;
      if (stats) stats.queuedItems = groups.size;
      if (refused > 0) onDrop?.(refused, 'overflow');
      windowEnd = groups.size > 0 ? end + windowMs : undefined;
    };
    const closeUpTo = (now: number) => {
      while (windowEnd !== undefined && now >= windowEnd) closeWindow(false);
    };
    const tick = () => {
      timer = undefined;
      try {
        closeUpTo(scheduler.now());
        armTimer();
      } catch (error) {
        subscriber.error(error); // a throwing seed or onDrop, outside forward's guard
      }
    };
    const armTimer = () => {
      if (!timer && windowEnd !== undefined && !subscriber.closed) {
        timer = scheduler.schedule(tick, Math.max(0, windowEnd - scheduler.now()));
      }
    };
    forward(source, subscriber, {
      next: (value) => {
        if (stats) stats.received++;
        const now = scheduler.now();
        closeUpTo(now);
        windowEnd ??= Math.floor(now / windowMs) * windowMs + windowMs;
        if (!groups.add(key(value), value) && stats) {
          stats.dropped++;
          stats.droppedByReason.overflow++;
        }
        if (stats) stats.queuedItems = groups.size;
        armTimer();
      },
      complete: () => {
        closeUpTo(scheduler.now());
        if (windowEnd !== undefined) closeWindow(true);
        subscriber.complete();
      },
      finalize: () => {
        timer?.unsubscribe();
        timer = undefined;
        groups.clear();
        if (stats) stats.queuedItems = 0;
        try {
          if (groups.refused > 0) onDrop?.(groups.refused, 'overflow');
        } catch {
          // Teardown: the subscriber is closed, nothing can receive this error.
        }
      },
    });
  });
}
