/**
 * @module A run of drops waiting to be reported: the counts and sequence range per reason,
 * turned into one `Gap` marker per reason just before the next delivered value. Gap markers
 * arriving from upstream operators join the run, so a chain of operators still reports each
 * loss once, in order, without reporting someone else's drops through its own `onDrop`.
 */
import { type Gap, gap, type GapReason } from '../gap.ts';
import type { OperatorStats } from '../operatorStats.ts';

interface Tally {
  reason: GapReason;
  dropped: number;
  own: number;
  fromSeq: number | undefined;
  toSeq: number | undefined;
}

/** Accumulates drops until they are flushed as gap markers. */
export class GapRun {
  private tallies: Tally[] = [];
  private readonly onDrop: ((count: number, reason: GapReason) => void) | undefined;
  private readonly stats: OperatorStats | undefined;

  /**
   * @param onDrop The operator's drop callback: called once per marker with this operator's
   *   own share of it (per batch, not per item).
   * @param stats The operator's counters (`gaps` is counted here).
   */
  constructor(
    onDrop: ((count: number, reason: GapReason) => void) | undefined,
    stats: OperatorStats | undefined,
  ) {
    this.onDrop = onDrop;
    this.stats = stats;
  }

  /** Whether a marker is waiting to be emitted. */
  get pending(): boolean {
    return this.tallies.length > 0;
  }

  /**
   * Adds dropped values to the run.
   *
   * @param reason Why they were dropped.
   * @param dropped How many.
   * @param fromSeq Lowest sequence number among them, if known.
   * @param toSeq Highest sequence number among them, if known.
   * @param own False for a marker that came from upstream (not reported to `onDrop`).
   */
  add(reason: GapReason, dropped: number, fromSeq?: number, toSeq?: number, own = true): void {
    let tally = this.tallies.find((item) => item.reason === reason);
    if (!tally) {
      tally = { reason, dropped: 0, own: 0, fromSeq: undefined, toSeq: undefined };
      this.tallies.push(tally);
    }
    tally.dropped += dropped;
    if (own) tally.own += dropped;
    if (fromSeq !== undefined && (tally.fromSeq === undefined || fromSeq < tally.fromSeq)) {
      tally.fromSeq = fromSeq;
    }
    if (toSeq !== undefined && (tally.toSeq === undefined || toSeq > tally.toSeq)) {
      tally.toSeq = toSeq;
    }
  }

  /** Adds an upstream gap marker to the run. */
  merge(marker: Gap): void {
    this.add(marker.reason, marker.dropped, marker.fromSeq, marker.toSeq, false);
  }

  /**
   * Removes the oldest reason's tally and returns it as a marker, reporting this operator's
   * own part of it to `onDrop` first (a throwing `onDrop` propagates: callers are guarded).
   *
   * @returns The marker to emit.
   */
  take(): Gap {
    const tally = this.tallies.shift() as Tally;
    if (tally.own > 0) {
      if (this.stats) this.stats.gaps++;
      this.onDrop?.(tally.own, tally.reason);
    }
    return gap(tally.reason, tally.dropped, tally.fromSeq, tally.toSeq);
  }

  /**
   * Reports drops that will never be emitted (the subscription ended) and clears the run.
   * Runs during teardown, where a throw has nowhere to go, so `onDrop` errors are ignored.
   */
  abandon(): void {
    const tallies = this.tallies;
    this.tallies = [];
    for (const tally of tallies) {
      if (tally.own === 0) continue;
      try {
        this.onDrop?.(tally.own, tally.reason);
      } catch {
        // The subscriber is already closed: nothing can receive this error.
      }
    }
  }
}
