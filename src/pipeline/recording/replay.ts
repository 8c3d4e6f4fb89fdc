/**
 * @module Replay: a recording as a cold Observable that emits each event at its recorded
 * offset on the given scheduler. On a `TestScheduler` this is virtual time, so tests of
 * user pipelines run on real recordings in microseconds.
 */
import { asyncScheduler, Observable, type SchedulerLike, type Subscription } from 'rxjs';
import type { RealmEvent } from '../events.ts';
import { indexAtOrAfter, type Recording } from './recording.ts';
import { typeMatcher } from './typeFilter.ts';

/** Options for {@link replay}. */
export interface ReplayOptions {
  /** Time source (default `asyncScheduler`; pass a `TestScheduler` for virtual time). */
  scheduler?: SchedulerLike;
  /** Playback rate: 2 plays twice as fast (default 1; any positive number). */
  speed?: number;
  /** Start at this `t` (ms since the recording's start, inclusive; default 0). */
  from?: number;
  /** Stop before this `t` (exclusive; default: the end). */
  to?: number;
  /** Only these event types (`player.*` wildcards; default all). */
  types?: readonly string[];
  /** Keep each event's original `source` instead of setting it to `'replay'`. */
  keepSource?: boolean;
}

/** Slack for float comparisons of due times (speeds that are not powers of two). */
const EPSILON = 1e-7;

/**
 * Replays a recording in (scheduler) time.
 *
 * It's like `from(events)`, but each event arrives at `(t - from) / speed` after
 * subscription, and the stream completes at the end of the recording (its last line, or
 * `to`). Events keep their original `time`, `id` and `seq`; `source` becomes `'replay'`
 * unless `keepSource` is set. Scheduling is one action per distinct `t`, chained, so a
 * 100 000-event recording replays in virtual time in well under a second.
 *
 * ```text
 * recording:  a at t=0, b and c at t=3, d at t=7, last line at t=9
 * replay():   a 2ms (bc) d 1ms |
 * speed 2:    a at 0, b and c at 1.5, d at 3.5, complete at 4.5
 * ```
 *
 * ## Example
 * ```ts
 * testScheduler.run(({ expectObservable }) => {
 *   expectObservable(replay(recording).pipe(map((e) => e.type)))
 *     .toBe('a 999ms b 4999ms |', { a: 'player.login', b: 'player.logout' });
 * });
 * ```
 *
 * @param recording The recording (see `loadRecording`, `createRecording`).
 * @param options Scheduler, speed, range, types.
 * @returns A cold Observable of events.
 */
export function replay(recording: Recording, options: ReplayOptions = {}): Observable<RealmEvent> {
  const speed = options.speed ?? 1;
  if (!(speed > 0) || !Number.isFinite(speed)) {
    throw new RangeError(`replay speed must be a positive number, got ${speed}`);
  }
  const from = Math.max(0, options.from ?? 0);
  const to = options.to ?? Infinity;
  const matches = typeMatcher(options.types);
  const filtered = options.types !== undefined && options.types.length > 0;
  const keepSource = options.keepSource === true;
  return new Observable<RealmEvent>((subscriber) => {
    const scheduler = options.scheduler ?? asyncScheduler;
    const events = recording.events;
    const stop = Math.min(indexAtOrAfter(events, to), events.length);
    let index = indexAtOrAfter(events, from);
    const end = Math.max(from, Math.min(to, recording.durationMs));
    const origin = scheduler.now();
    const due = (t: number) => (t - from) / speed;
    let action: Subscription | undefined;

    const step = () => {
      const elapsed = scheduler.now() - origin;
      while (index < stop) {
        const entry = events[index];
        if (due(entry.t) > elapsed + EPSILON) break;
        index++;
        if (filtered && !matches(entry.event.type)) continue;
        subscriber.next(
          keepSource ? entry.event : { ...entry.event, source: 'replay' } as RealmEvent,
        );
        if (subscriber.closed) return;
      }
      const next = index < stop ? due(events[index].t) : due(end);
      if (index >= stop && next <= elapsed + EPSILON) {
        subscriber.complete();
        return;
      }
      action = scheduler.schedule(step, Math.max(0, next - elapsed));
    };

    action = scheduler.schedule(step, index < stop ? due(events[index].t) : due(end));
    return () => action?.unsubscribe();
  });
}
