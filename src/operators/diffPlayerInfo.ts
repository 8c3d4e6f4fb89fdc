/**
 * @module `diffPlayerInfo`: successive `pinfo` snapshots -> `player.level` events.
 */
import type { OperatorFunction } from 'rxjs';
import { type DraftEvent, draftEvent, type EventSource } from '../pipeline/events.ts';
import type { ParseOutput, PlayerInfo } from '../pipeline/snapshots.ts';
import { forward, operate } from './internal/operate.ts';

/** Options for {@link diffPlayerInfo}. */
export interface DiffPlayerInfoConfig {
  /** Realm id put on the events. */
  realm: string;
  /** Source put on the events (default `soap`). */
  source?: EventSource;
  /**
   * Most characters whose level is remembered (default 10 000); beyond it the least
   * recently seen is forgotten (its next sample only sets a baseline).
   */
  maxTracked?: number;
}

/**
 * Derives `player.level` from `pinfo` snapshots (the realm pipeline polls `pinfo` round-robin
 * over the online characters when `poll.pinfo.enabled`).
 *
 * It's like `groupBy(character)` + `pairwise()` + `filter(levels differ)`, but with one
 * bounded map instead of a group per character: the first sample of a character only sets
 * its baseline, later samples with another level emit `{ character, from, to }`.
 * `parse.error` values pass through; failed polls are ignored.
 *
 * ```text
 * input:  -a-b-c-|     Thrall level 10, 10, 11
 * output: -----L-|     L: player.level { character: 'Thrall', from: 10, to: 11 }
 * ```
 *
 * ## Example
 * ```ts
 * pinfoReplies$.pipe(parsePlayerInfo({ realm: 'world-1', formats }), diffPlayerInfo({ realm: 'world-1' }));
 * ```
 *
 * @see parsePlayerInfo
 * @param config Realm id, event source, memory bound.
 * @returns An operator from pinfo parse outputs to draft events.
 */
export function diffPlayerInfo(
  config: DiffPlayerInfoConfig,
): OperatorFunction<ParseOutput<PlayerInfo>, DraftEvent> {
  const { realm, source = 'soap', maxTracked = 10_000 } = config;
  return operate((input, subscriber) => {
    const levels = new Map<string, number>();
    forward(input, subscriber, {
      next(value) {
        if (value.kind === 'parse.error') return subscriber.next(value.event);
        if (value.kind !== 'snapshot' || value.snapshot.level === undefined) return;
        const { character, level } = value.snapshot;
        const before = levels.get(character);
        // Re-inserting keeps the map in least-recently-seen order for eviction.
        levels.delete(character);
        levels.set(character, level);
        if (levels.size > maxTracked) levels.delete(levels.keys().next().value!);
        if (before === undefined || before === level) return;
        const data = { character, from: before, to: level };
        subscriber.next(draftEvent('player.level', { realm, time: value.time, source, data }));
      },
      finalize: () => levels.clear(),
    });
  });
}
