/**
 * @module The `dedupeSources` operator: one event per real-world happening when several
 * sources report it (the Metric push, the log tail and the SOAP poll diff all see a
 * login), with every confirming source recorded in `data.confirmedBy`.
 */
import { asyncScheduler, type MonoTypeOperatorFunction, type SchedulerLike } from 'rxjs';
import type { Subscription } from 'rxjs';
import type { DraftEvent, EventSource } from '../pipeline/events.ts';
import { forward, operate } from './internal/operate.ts';

/** Counters of {@link dedupeSources}, updated in place. */
export interface DedupeSourcesStats {
  /** Events received. */
  received: number;
  /** Events emitted (deduplicated ones and pass-through ones). */
  emitted: number;
  /** Reports merged into an earlier one (not emitted on their own). */
  merged: number;
  /** Of those, confirmations that arrived after the event had been emitted. */
  late: number;
  /** Keys forgotten early because `maxKeys` was reached. */
  evicted: number;
}

/** Options for {@link dedupeSources}. */
export interface DedupeSourcesConfig {
  /**
   * How long after the first report (scheduler time, ms) reports of the same key from
   * other sources are taken as the same happening (realm `dedupeWindowMs`).
   */
  windowMs: number;
  /**
   * Hold each event up to this long to gather confirmations before emitting it (default 0:
   * emit at first sight). At most `windowMs`.
   */
  holdMs?: number;
  /**
   * Release a held event as soon as every one of these sources confirmed it (the sources
   * the realm has enabled), instead of waiting out `holdMs`.
   */
  expectedSources?: readonly EventSource[];
  /**
   * The dedupe key of an event, or undefined to pass it through untouched. Default:
   * {@link defaultDedupeKey} (logins and logouts per character, starts and shutdowns).
   */
  key?: (event: DraftEvent) => string | undefined;
  /** Most keys remembered (default 10 000); beyond it the oldest is released and forgotten. */
  maxKeys?: number;
  /** Called for a confirmation that arrives after its event was emitted. */
  onLateConfirmation?: (event: DraftEvent, source: EventSource) => void;
  /** Counters to update. */
  stats?: DedupeSourcesStats;
  /** Defaults to `asyncScheduler`. */
  scheduler?: SchedulerLike;
}

/**
 * The default key: `player.login` / `player.logout` per realm and character,
 * `server.started` / `server.shutdown` per realm; every other type passes through.
 *
 * @param event Any draft event.
 * @returns The key, or undefined.
 */
export function defaultDedupeKey(event: DraftEvent): string | undefined {
  switch (event.type) {
    case 'player.login':
    case 'player.logout':
      return `${event.realm}\u0000${event.type}\u0000${event.data.character}`;
    case 'server.started':
    case 'server.shutdown':
      return `${event.realm}\u0000${event.type}`;
    default:
      return undefined;
  }
}

/**
 * Creates zeroed counters for {@link DedupeSourcesConfig.stats}.
 *
 * @returns The counters.
 */
export function createDedupeSourcesStats(): DedupeSourcesStats {
  return { received: 0, emitted: 0, merged: 0, late: 0, evicted: 0 };
}

interface Entry {
  readonly key: string;
  readonly firstSeen: number;
  readonly sources: EventSource[];
  best: DraftEvent;
  held: boolean;
  timer: Subscription | null;
}

// Fields that describe how one source saw the event; never copied from another report.
const OWN_FIELDS = new Set(['approximate', 'outage', 'confirmedBy']);

/**
 * Merges reports of the same happening from different sources: the first report of a key
 * opens a window of `windowMs`; reports of that key from *other* sources inside the window
 * are confirmations. A second report from a source that already reported the key is a new
 * happening (the character logged in again) and opens a new window.
 *
 * What is emitted: the earliest report (by `time`), with `data.confirmedBy` listing every
 * source that reported it; fields the earliest lacks (account, map, zone, level...) are
 * filled in from the confirmations received before emission. If one source missed the
 * happening, the others still produce it: the poll diff fills the gap of a lost push.
 *
 * An emitted event cannot change, so a confirmation arriving after emission is not an
 * event: it is counted (`stats.late`) and given to `onLateConfirmation`. `holdMs` trades
 * latency for completeness: with 0 (default) every event is emitted at first sight with
 * `confirmedBy: [firstSource]`; with `holdMs` >= the poll interval and `expectedSources`,
 * it is emitted once all expected sources agree (usually well before `holdMs`), or when
 * `holdMs` runs out, whichever comes first. Held events may be emitted after pass-through
 * events that arrived later. On completion (or error) held events are emitted first.
 *
 * It's like `distinct` with a key and a flush window, but it merges the duplicates'
 * sources into the survivor instead of dropping them silently.
 *
 * ```text
 * windowMs: 20, holdMs: 6, expectedSources: [metric, log, soap]
 * source:  m-l--s----n-------|   m, l, s = one login seen by metric, log, soap; n = a relogin (metric)
 * result:  -----x----------y-|   x = m, confirmedBy [metric, log, soap]; y = n, [metric], after holdMs
 * ```
 *
 * ## Example
 * ```ts
 * merge(pollEvents$, metricEvents$, logEvents$).pipe(
 *   dedupeSources({ windowMs: realm.dedupeWindowMs, holdMs: 6000, expectedSources: ['soap', 'metric', 'log'] }),
 * );
 * ```
 *
 * @see distinct
 * @param config Window, hold, expected sources, key, limits, callbacks, counters, scheduler.
 * @returns An operator on draft events.
 */
export function dedupeSources(config: DedupeSourcesConfig): MonoTypeOperatorFunction<DraftEvent> {
  const { windowMs, holdMs = 0, maxKeys = 10_000, scheduler = asyncScheduler } = config;
  const keyOf = config.key ?? defaultDedupeKey;
  const expected = config.expectedSources ? new Set(config.expectedSources) : undefined;
  const stats = config.stats ?? createDedupeSourcesStats();
  if (!(windowMs >= 0)) throw new RangeError('dedupeSources: windowMs must be >= 0');
  if (!(holdMs >= 0 && holdMs <= windowMs)) {
    throw new RangeError('dedupeSources: holdMs must be between 0 and windowMs');
  }
  if (!(maxKeys >= 1)) throw new RangeError('dedupeSources: maxKeys must be at least 1');
  return operate((source, subscriber) => {
    // Insertion order is first-seen order: the oldest entry is always first.
    let entries: Map<string, Entry> | null = new Map();

    const emit = (event: DraftEvent) => {
      stats.emitted++;
      subscriber.next(event);
    };
    const release = (entry: Entry) => {
      entry.timer?.unsubscribe();
      entry.timer = null;
      if (!entry.held) return;
      entry.held = false;
      emit(withSources(entry.best, entry.sources));
    };
    // Runs from the scheduler, outside `forward`'s guard.
    const releaseLater = (entry: Entry) => {
      try {
        release(entry);
      } catch (error) {
        subscriber.error(error);
      }
    };
    const complete = (entry: Entry) =>
      expected !== undefined && [...expected].every((s) => entry.sources.includes(s));
    const forget = (entry: Entry) => {
      release(entry);
      entries?.delete(entry.key);
    };
    const expire = (now: number) => {
      for (const entry of entries!.values()) {
        if (entry.firstSeen + windowMs > now) break;
        forget(entry);
      }
    };
    const releaseAll = () => {
      for (const entry of entries?.values() ?? []) release(entry);
    };

    forward(source, subscriber, {
      next(event) {
        stats.received++;
        const key = keyOf(event);
        if (key === undefined) {
          emit(event);
          return;
        }
        const now = scheduler.now();
        expire(now);
        const current = entries!.get(key);
        if (current && !current.sources.includes(event.source)) {
          current.sources.push(event.source);
          stats.merged++;
          if (current.held) {
            current.best = current.best.time <= event.time
              ? fill(current.best, event)
              : fill(event, current.best);
            if (complete(current)) release(current);
          } else {
            stats.late++;
            config.onLateConfirmation?.(withSources(current.best, current.sources), event.source);
          }
          return;
        }
        if (current) forget(current); // the same source again: a new happening
        if (entries!.size >= maxKeys) {
          stats.evicted++;
          forget(entries!.values().next().value!);
        }
        const entry: Entry = {
          key,
          firstSeen: now,
          sources: [event.source],
          best: event,
          held: true,
          timer: null,
        };
        entries!.set(key, entry);
        if (holdMs === 0 || complete(entry)) release(entry);
        else entry.timer = scheduler.schedule(() => releaseLater(entry), holdMs);
      },
      complete() {
        releaseAll();
        subscriber.complete();
      },
      error(error) {
        releaseAll();
        subscriber.error(error);
      },
      finalize() {
        for (const entry of entries?.values() ?? []) entry.timer?.unsubscribe();
        entries = null;
      },
    });
  });
}

function withSources(event: DraftEvent, sources: readonly EventSource[]): DraftEvent {
  return { ...event, data: { ...event.data, confirmedBy: [...sources] } } as DraftEvent;
}

/** `base` with the data fields it lacks taken from `other` (except per-source fields). */
function fill(base: DraftEvent, other: DraftEvent): DraftEvent {
  const data: Record<string, unknown> = { ...base.data };
  let changed = false;
  for (const [name, value] of Object.entries(other.data)) {
    if (OWN_FIELDS.has(name) || data[name] !== undefined || value === undefined) continue;
    data[name] = value;
    changed = true;
  }
  return changed ? { ...base, data } as DraftEvent : base;
}
