/**
 * @module The player: a recording under remote control (play, pause, seek to a time or a
 * marker, speed 0.25x-16x changed mid-play, idle gaps skipped, loop) with a `state$` for
 * the dashboard. Time comes from the injected scheduler, so every control is testable in
 * virtual time. Seeking is a binary search over the sorted events: nothing before the
 * target is re-emitted.
 */
import {
  asyncScheduler,
  BehaviorSubject,
  type Observable,
  type SchedulerLike,
  Subject,
  type Subscription,
} from 'rxjs';
import type { RealmEvent } from '../events.ts';
import type { MarkerEntry } from './format.ts';
import { indexAtOrAfter, type Recording } from './recording.ts';
import { typeMatcher } from './typeFilter.ts';

/** Slowest speed. */
export const MIN_SPEED = 0.25;
/** Fastest speed. */
export const MAX_SPEED = 16;

/** Options for {@link createPlayer}. */
export interface PlayerOptions {
  /** Time source (default `asyncScheduler`). */
  scheduler?: SchedulerLike;
  /** Initial speed, 0.25-16 (default 1). */
  speed?: number;
  /** Start again from 0 at the end (default false). */
  loop?: boolean;
  /** Shorten gaps without events longer than this many recording ms to this length. */
  skipIdleMs?: number;
  /** Only these event types (`player.*` wildcards; default all). */
  types?: readonly string[];
  /** Keep each event's original `source` instead of `'replay'`. */
  keepSource?: boolean;
}

/** What the player is doing. */
export interface PlayerState {
  /** Playhead, ms since the recording's start. */
  readonly position: number;
  /** Length of the recording in ms. */
  readonly duration: number;
  /** Current speed. */
  readonly speed: number;
  /** Whether it is playing. */
  readonly playing: boolean;
  /** Whether it reached the end (and stopped: not looping). */
  readonly ended: boolean;
  /** Whether it loops. */
  readonly loop: boolean;
  /** Times it went round. */
  readonly loops: number;
  /** Events emitted so far. */
  readonly emitted: number;
  /** Recording ms skipped as idle. */
  readonly skippedMs: number;
}

/** A player. */
export interface Player {
  /** The recording being played. */
  readonly recording: Recording;
  /** The markers, in order; `seek({ marker: i })` jumps to `markers[i].t`. */
  readonly markers: readonly MarkerEntry[];
  /** Events as they are played (hot). */
  readonly events$: Observable<RealmEvent>;
  /** The state on every change (replays the current one to new subscribers). */
  readonly state$: Observable<PlayerState>;
  /** The state now (with the playhead computed at the current time). */
  state(): PlayerState;
  /** Starts or resumes; from the start again when it had ended. */
  play(): void;
  /** Pauses; the playhead stays. */
  pause(): void;
  /** Same as `play()`. */
  resume(): void;
  /** Moves the playhead to a time (clamped) or a marker; keeps playing if it was. */
  seek(target: number | { marker: number }): void;
  /** Changes speed (0.25-16), also mid-play. */
  setSpeed(speed: number): void;
  /** Turns looping on or off. */
  setLoop(loop: boolean): void;
  /** Sets (or clears with undefined/0) the idle-gap threshold. */
  setSkipIdle(ms: number | undefined): void;
  /** Stops for good and completes both streams. */
  close(): void;
}

const EPSILON = 1e-7;

function checkSpeed(speed: number): number {
  if (!(speed >= MIN_SPEED && speed <= MAX_SPEED)) {
    throw new RangeError(`speed must be between ${MIN_SPEED} and ${MAX_SPEED}, got ${speed}`);
  }
  return speed;
}

/**
 * Creates a paused player over a recording.
 *
 * It's like {@link replay}, but hot and steerable: the same chained scheduling, plus a
 * playhead that controls move.
 *
 * ```text
 * recording:   a at 0, b at 1000, c at 2000
 * play() at 0, pause() at 1500, resume() at 3000:
 * events$:     a 999ms b 1999ms c
 * ```
 *
 * ## Example
 * ```ts
 * const player = createPlayer(recording, { speed: 4, skipIdleMs: 5000 });
 * player.events$.subscribe(show);
 * player.play();
 * player.seek({ marker: 2 }); // jump to the third marker
 * ```
 *
 * @param recording The recording.
 * @param options Scheduler, speed, loop, idle skipping, types.
 * @returns The player (paused at 0).
 */
export function createPlayer(recording: Recording, options: PlayerOptions = {}): Player {
  const scheduler = options.scheduler ?? asyncScheduler;
  const events = recording.events;
  const duration = recording.durationMs;
  const matches = typeMatcher(options.types);
  const keepSource = options.keepSource === true;
  let speed = checkSpeed(options.speed ?? 1);
  let loop = options.loop === true;
  let skipIdleMs = options.skipIdleMs && options.skipIdleMs > 0 ? options.skipIdleMs : undefined;
  let playing = false;
  let ended = false;
  let closed = false;
  let loops = 0;
  let emitted = 0;
  let skippedMs = 0;
  let anchorPosition = 0;
  let anchorTime = scheduler.now();
  let index = 0;
  let action: Subscription | undefined;
  const events$ = new Subject<RealmEvent>();
  const state$ = new BehaviorSubject<PlayerState>(snapshot());

  function position(): number {
    if (!playing) return anchorPosition;
    return Math.min(duration, anchorPosition + (scheduler.now() - anchorTime) * speed);
  }

  function snapshot(): PlayerState {
    return {
      position: position(),
      duration,
      speed,
      playing,
      ended,
      loop,
      loops,
      emitted,
      skippedMs,
    };
  }

  function publishState(): void {
    if (!closed) state$.next(snapshot());
  }

  function reanchor(at = position()): void {
    anchorPosition = at;
    anchorTime = scheduler.now();
  }

  function cancel(): void {
    action?.unsubscribe();
    action = undefined;
  }

  function scheduleNext(): void {
    cancel();
    if (!playing) return;
    const at = position();
    const target = index < events.length ? events[index].t : duration;
    let gap = target - at;
    if (skipIdleMs !== undefined && gap > skipIdleMs) {
      skippedMs += gap - skipIdleMs;
      reanchor(target - skipIdleMs);
      gap = skipIdleMs;
    }
    action = scheduler.schedule(step, Math.max(0, gap / speed));
  }

  function step(): void {
    action = undefined;
    if (!playing || closed) return;
    const at = position();
    while (index < events.length && events[index].t <= at + EPSILON) {
      const entry = events[index++];
      if (!matches(entry.event.type)) continue;
      emitted++;
      events$.next(keepSource ? entry.event : { ...entry.event, source: 'replay' } as RealmEvent);
      if (!playing || closed) return; // a subscriber paused, sought or closed
    }
    if (index >= events.length && at >= duration - EPSILON) {
      if (loop && events.length > 0) {
        loops++;
        index = 0;
        reanchor(0);
      } else {
        playing = false;
        ended = true;
        anchorPosition = duration;
        publishState();
        return;
      }
    }
    publishState();
    scheduleNext();
  }

  function seek(target: number | { marker: number }): void {
    let t: number;
    if (typeof target === 'number') {
      if (!Number.isFinite(target)) throw new RangeError('seek target must be a finite number');
      t = target;
    } else {
      const marker = recording.markers[target.marker];
      if (!Number.isInteger(target.marker) || !marker) {
        throw new RangeError(`no marker ${target.marker} (there are ${recording.markers.length})`);
      }
      t = marker.t;
    }
    t = Math.min(Math.max(0, t), duration);
    index = indexAtOrAfter(events, t);
    ended = false;
    reanchor(t);
    if (playing) scheduleNext();
    publishState();
  }

  const assertOpen = () => {
    if (closed) throw new Error('player is closed');
  };

  function play(): void {
    assertOpen();
    if (playing) return;
    if (ended) seek(0);
    playing = true;
    reanchor(anchorPosition);
    // Emit what is due at the playhead right away (e.g. events at t = 0).
    cancel();
    action = scheduler.schedule(step, 0);
    publishState();
  }

  return {
    recording,
    markers: recording.markers,
    events$: events$.asObservable(),
    state$: state$.asObservable(),
    state: snapshot,
    play,
    pause() {
      assertOpen();
      if (!playing) return;
      reanchor();
      playing = false;
      cancel();
      publishState();
    },
    resume: play,
    seek(target) {
      assertOpen();
      seek(target);
    },
    setSpeed(next) {
      assertOpen();
      checkSpeed(next);
      reanchor();
      speed = next;
      if (playing) scheduleNext();
      publishState();
    },
    setLoop(value) {
      assertOpen();
      loop = value;
      publishState();
    },
    setSkipIdle(ms) {
      assertOpen();
      skipIdleMs = ms && ms > 0 ? ms : undefined;
      if (playing) {
        reanchor();
        scheduleNext();
      }
      publishState();
    },
    close() {
      if (closed) return;
      cancel();
      playing = false;
      publishState();
      closed = true;
      events$.complete();
      state$.complete();
    },
  };
}
