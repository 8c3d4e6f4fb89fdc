/**
 * @module `statsWindow`: event counts per type per window, as `stats.window` draft events.
 */
import { filter, map, type OperatorFunction, pipe, type SchedulerLike } from 'rxjs';
import { draftEvent, type DraftEventOf } from '../pipeline/events.ts';
import { aggregateByKey } from './aggregateByKey.ts';
import type { GapReason } from './gap.ts';
import { requireInteger } from './internal/validate.ts';
import type { OperatorStats } from './operatorStats.ts';

/** Options for {@link statsWindow}. */
export interface StatsWindowConfig {
  /** Window length in scheduler time units (ms); windows are aligned to multiples of it. */
  windowMs: number;
  /** Most realms counted at once (default 256); events of further realms are dropped. */
  maxRealms?: number;
  /** Most distinct types per window and realm (default 64); the rest are counted as `other`. */
  maxTypes?: number;
  /**
   * Empty windows a quiet realm still reports (as `total: 0`) before it stops, so charts
   * fall to zero instead of just ending (default 3).
   */
  idleWindows?: number;
  /** Clock and timer. Defaults to `asyncScheduler`. */
  scheduler?: SchedulerLike;
  /** Called at each window boundary with the number of events dropped for lack of room. */
  onDrop?: (count: number, reason: GapReason) => void;
  /** Counters (see `createOperatorStats`). */
  stats?: OperatorStats;
}

/** The part of an event `statsWindow` reads. */
export interface CountableEvent {
  /** Realm id. */
  readonly realm: string;
  /** Event type. */
  readonly type: string;
}

interface Tally {
  total: number;
  counts: Record<string, number>;
  types: number;
}

/** The key under which types beyond `maxTypes` are counted. */
export const OTHER_TYPES = 'other';
const SELF = 'stats.window';

/**
 * Counts events per realm and type in each window and emits one `stats.window` draft event
 * per realm at the window's end (the dashboard charts consume them).
 *
 * It's like `bufferTime` + `countBy`, but it keeps counters instead of the events, bounds
 * realms and types, and speaks the event catalog: each emission is
 * `draftEvent('stats.window', { realm, time: windowEnd, source: 'gateway', data: { windowMs,
 * total, counts } })`, ready for the hub. `stats.window` events themselves are not counted,
 * so publishing the output back into the hub does not feed on itself. Built on
 * {@link aggregateByKey}.
 *
 * ```text
 * source:  -a-b-a-------|   (realm w1; a = player.login, b = chat.message; windowMs: 5)
 * result:  -----S----T--|   (S: total 2, counts { player.login: 1, chat.message: 1 }; T: total 1)
 * ```
 *
 * ## Example
 * ```ts
 * hub.events$.pipe(
 *   map((stamped) => stamped.event),
 *   statsWindow({ windowMs: 10_000 }),
 * ).subscribe((draft) => hub.publish(draft));
 * ```
 *
 * @see aggregateByKey
 * @param config Window, limits, clock.
 * @returns An operator emitting `stats.window` draft events.
 */
export function statsWindow<E extends CountableEvent>(
  config: StatsWindowConfig,
): OperatorFunction<E, DraftEventOf<'stats.window'>> {
  const { windowMs, scheduler, onDrop, stats } = config;
  const maxTypes = requireInteger('statsWindow', 'maxTypes', config.maxTypes ?? 64);
  return pipe(
    // Filtered before grouping, so they neither open a group nor keep one alive.
    filter((event: E) => event.type !== SELF),
    aggregateByKey<E, string, Tally>({
      key: (event) => event.realm,
      windowMs,
      seed: () => ({ total: 0, counts: {}, types: 0 }),
      reduce: (tally, event) => {
        let type = event.type;
        if (!Object.hasOwn(tally.counts, type)) {
          if (tally.types >= maxTypes) type = OTHER_TYPES;
          else tally.types++;
        }
        tally.counts[type] = (tally.counts[type] ?? 0) + 1;
        tally.total++;
        return tally;
      },
      maxGroups: config.maxRealms ?? 256,
      idleWindows: config.idleWindows ?? 3,
      scheduler,
      onDrop,
      stats,
    }),
    map(({ key, windowEnd, value }) =>
      draftEvent('stats.window', {
        realm: key,
        time: windowEnd,
        source: 'gateway',
        data: { windowMs, total: value.total, counts: value.counts },
      })
    ),
  );
}
