/**
 * @module Resume without a burst: reads the hub's history after a position in chunks, as
 * fast as the client drains, instead of pushing the whole backlog at once (a 16 MiB history
 * would overflow any client queue). Events published meanwhile are read from the history
 * too, so order is kept; the caller switches to live delivery when the cursor reaches the
 * hub's last sequence number. Events evicted before the cursor reached them are reported as
 * one gap (reason `history`).
 */
import type { Hub, StampedEvent } from '../pipeline/hub.ts';
import type { RealmEvent } from '../pipeline/events.ts';

/** One step of a catch-up. */
export interface CatchUpChunk {
  /** Matching events, oldest first. */
  readonly events: StampedEvent[];
  /** Hub events evicted before they could be read (seq range, count of hub events). */
  readonly gap?: { fromSeq: number; toSeq: number; dropped: number };
  /** True when the cursor reached the hub's last seq: switch to live delivery now. */
  readonly done: boolean;
}

/** A history reader after a position. */
export interface CatchUp {
  /** The last seq read (live events at or below it were already covered). */
  readonly cursor: number;
  /** Reads the next chunk: at most `maxItems` events or about `maxBytes` of JSON. */
  next(maxItems: number, maxBytes: number): CatchUpChunk;
}

/**
 * Starts reading the history after `afterSeq`.
 *
 * @param hub The hub.
 * @param afterSeq Last seq the client has (same epoch).
 * @param predicate The subscription's filter.
 * @returns The reader.
 */
export function createCatchUp(
  hub: Hub,
  afterSeq: number,
  predicate: (event: RealmEvent) => boolean,
): CatchUp {
  let cursor = afterSeq;
  return {
    get cursor() {
      return cursor;
    },
    next(maxItems, maxBytes) {
      const target = hub.seq;
      if (cursor >= target) return { events: [], done: true };
      const history = hub.recent({ afterSeq: cursor });
      let gap: CatchUpChunk['gap'];
      const first = history[0]?.event.seq ?? target + 1;
      if (first > cursor + 1) {
        const toSeq = Math.min(first - 1, target);
        gap = { fromSeq: cursor + 1, toSeq, dropped: toSeq - cursor };
        cursor = toSeq;
      }
      const events: StampedEvent[] = [];
      let bytes = 0;
      for (const item of history) {
        if (events.length >= maxItems || bytes >= maxBytes) break;
        cursor = item.event.seq;
        if (predicate(item.event)) {
          events.push(item);
          bytes += item.bytes;
        }
      }
      return { events, gap, done: cursor >= hub.seq };
    },
  };
}
