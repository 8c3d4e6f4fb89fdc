/**
 * @module Counters that every dropping or queueing operator updates in place (STYLE G6):
 * pass one object as the `stats` option and read it whenever you like (for `/metrics`).
 * Updating numbers in place costs nothing per item and allocates nothing.
 */
import type { GapReason } from './gap.ts';

/** Counters of one operator instance; see each operator's docs for what "queued" means. */
export interface OperatorStats {
  /** Values received from upstream (gap markers from upstream are not counted). */
  received: number;
  /** Values (or summaries) emitted downstream, gap markers not included. */
  delivered: number;
  /** Values dropped, all reasons together. */
  dropped: number;
  /** Values dropped, per reason. */
  droppedByReason: Record<GapReason, number>;
  /** Gap markers emitted for this operator's own drops. */
  gaps: number;
  /** Items waiting right now (queued values, or live groups for aggregations). */
  queuedItems: number;
  /** Bytes waiting right now, as measured by the operator's `size`. */
  queuedBytes: number;
}

/**
 * Creates zeroed counters for an operator's `stats` option.
 *
 * Give each subscription its own object when you want per-consumer numbers; one object
 * shared by several subscriptions sums them.
 *
 * ## Example
 * ```ts
 * const stats = createOperatorStats();
 * events$.pipe(rateLimit({ perSecond: 50, burst: 100, onExceed: 'drop', stats }));
 * // later: stats.droppedByReason.rate
 * ```
 *
 * @returns A fresh counters object.
 */
export function createOperatorStats(): OperatorStats {
  return {
    received: 0,
    delivered: 0,
    dropped: 0,
    droppedByReason: { overflow: 0, rate: 0, expired: 0, slow: 0, history: 0, error: 0 },
    gaps: 0,
    queuedItems: 0,
    queuedBytes: 0,
  };
}
