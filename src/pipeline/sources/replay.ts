/**
 * @module The replay source: a recording (or a player) as a hub source. The hub stamps its
 * own `epoch`, `seq` and `id`, so the recorded ones are dropped; `time` and `data` stay as
 * recorded and `source` is `'replay'`. This is how `realmstream replay` serves a recording
 * through the normal gateway, so any client or bot works on a replay exactly as on live.
 */
import { map, type Observable, repeat } from 'rxjs';
import type { DraftEvent, RealmEvent } from '../events.ts';
import type { Player } from '../recording/player.ts';
import type { Recording } from '../recording/recording.ts';
import { replay, type ReplayOptions } from '../recording/replay.ts';

/** Options for {@link replaySource}. */
export interface ReplaySourceOptions extends Omit<ReplayOptions, 'keepSource'> {
  /** Start again at the end, forever (default false). */
  loop?: boolean;
}

/**
 * Turns a recorded event back into a draft for the hub: drops `id` and `seq`, sets
 * `source: 'replay'`.
 *
 * @param event A recorded event.
 * @returns The draft.
 */
export function toReplayDraft(event: RealmEvent): DraftEvent {
  const { id: _id, seq: _seq, ...draft } = event;
  return { ...draft, source: 'replay' } as DraftEvent;
}

/**
 * A recording as a hub source, at its recorded pace (or `speed`), optionally looping.
 *
 * It's like {@link replay}, but emits drafts for `hub.connect()`.
 *
 * ```text
 * recording:  a at 0, b at 3, end at 5
 * source:     a 2ms b 1ms |          (with loop: a 2ms b 1ms a 2ms b 1ms ...)
 * ```
 *
 * ## Example
 * ```ts
 * hub.connect(replaySource(await loadRecording(file), { speed: 2, loop: true }));
 * ```
 *
 * @param recording The recording.
 * @param options Scheduler, speed, range, types, loop.
 * @returns Drafts for the hub.
 */
export function replaySource(
  recording: Recording,
  options: ReplaySourceOptions = {},
): Observable<DraftEvent> {
  const { loop, ...rest } = options;
  const drafts = replay(recording, { ...rest, keepSource: true }).pipe(map(toReplayDraft));
  // An empty recording would loop without ever waiting: only loop when there is time.
  return loop && recording.durationMs > 0 ? drafts.pipe(repeat()) : drafts;
}

/**
 * A player's events as a hub source (the dashboard's recordings view).
 *
 * @param player The player.
 * @returns Drafts for the hub; completes when the player is closed.
 */
export function playerSource(player: Player): Observable<DraftEvent> {
  return player.events$.pipe(map(toReplayDraft));
}
