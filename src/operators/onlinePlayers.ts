/**
 * @module `onlinePlayers`: a per-realm series of online player counts, one point per window.
 */
import { filter, map, type OperatorFunction, pipe, type SchedulerLike } from 'rxjs';
import type { DraftEvent } from '../pipeline/events.ts';
import { aggregateByKey } from './aggregateByKey.ts';
import type { GapReason } from './gap.ts';
import type { OperatorStats } from './operatorStats.ts';

/** Options for {@link onlinePlayers}. */
export interface OnlinePlayersConfig {
  /** Window length in scheduler time units (ms); windows are aligned to multiples of it. */
  windowMs: number;
  /** Most realms tracked at once (default 256). */
  maxRealms?: number;
  /** Clock and timer. Defaults to `asyncScheduler`. */
  scheduler?: SchedulerLike;
  /** Called at each window boundary with the number of samples dropped for lack of room. */
  onDrop?: (count: number, reason: GapReason) => void;
  /** Counters (see `createOperatorStats`). */
  stats?: OperatorStats;
}

/** One point of the series. */
export interface OnlinePlayersPoint {
  /** Realm id. */
  readonly realm: string;
  /** Window start, inclusive. */
  readonly windowStart: number;
  /** Window end, exclusive. */
  readonly windowEnd: number;
  /** The last count seen in the window. */
  readonly online: number;
  /** The lowest count seen in the window. */
  readonly min: number;
  /** The highest count seen in the window. */
  readonly max: number;
  /** How many samples the window had. */
  readonly samples: number;
}

interface Sample {
  realm: string;
  online: number;
}

interface Range {
  last: number;
  min: number;
  max: number;
}

function sampleOf(event: DraftEvent): Sample | undefined {
  if (event.type === 'server.info' && event.data.onlinePlayers !== undefined) {
    return { realm: event.realm, online: event.data.onlinePlayers };
  }
  if (event.type === 'realm.roster') return { realm: event.realm, online: event.data.count };
  return undefined;
}

/**
 * Turns `server.info` samples (`onlinePlayers`) and `realm.roster` counts into one point per
 * realm per window: last, min and max.
 *
 * It's like `groupBy(realm)` + `bufferTime` + min/max/last, but flat and bounded (see
 * {@link aggregateByKey}); other events are ignored, and windows without a sample produce
 * no point (a gap in the series, not a made-up zero).
 *
 * ```text
 * source:  -a-b-c---|       (server.info of w1, onlinePlayers a = 10, b = 14, c = 12; windowMs: 5)
 * result:  -----P---(Q|)   (P: online 14, min 10, max 14, samples 2; Q: 12, flushed early)
 * ```
 *
 * ## Example
 * ```ts
 * events$.pipe(onlinePlayers({ windowMs: 60_000 })).subscribe((p) => chart.push(p));
 * ```
 *
 * @see aggregateByKey
 * @param config Window, limits, clock.
 * @returns An operator emitting one point per realm per window with samples.
 */
export function onlinePlayers(
  config: OnlinePlayersConfig,
): OperatorFunction<DraftEvent, OnlinePlayersPoint> {
  const { windowMs, scheduler, onDrop, stats } = config;
  return pipe(
    map(sampleOf),
    filter((sample): sample is Sample => sample !== undefined),
    aggregateByKey<Sample, string, Range | undefined>({
      key: (sample) => sample.realm,
      windowMs,
      seed: () => undefined,
      reduce: (range, { online }) =>
        range
          ? { last: online, min: Math.min(range.min, online), max: Math.max(range.max, online) }
          : { last: online, min: online, max: online },
      maxGroups: config.maxRealms ?? 256,
      scheduler,
      onDrop,
      stats,
    }),
    map(({ key, windowStart, windowEnd, value, count }): OnlinePlayersPoint => {
      const range = value as Range;
      return {
        realm: key,
        windowStart,
        windowEnd,
        online: range.last,
        min: range.min,
        max: range.max,
        samples: count,
      };
    }),
  );
}
