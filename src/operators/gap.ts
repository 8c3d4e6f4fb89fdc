/**
 * @module The gap marker: what an operator emits in place of values it dropped, so a
 * consumer always knows it missed something (and how much, and which sequence range).
 */

/** Why values were dropped. */
export type GapReason = 'overflow' | 'rate' | 'expired' | 'slow' | 'history' | 'error';

/** Emitted downstream in place of dropped values. */
export interface Gap {
  /** Discriminant: `'gap'`. */
  readonly kind: 'gap';
  /** Why. */
  readonly reason: GapReason;
  /** How many values were dropped. */
  readonly dropped: number;
  /** Lowest sequence number dropped, when the values carry one. */
  readonly fromSeq?: number;
  /** Highest sequence number dropped, when the values carry one. */
  readonly toSeq?: number;
}

/**
 * Whether a value is a gap marker.
 *
 * @param value Anything an operator emitted.
 * @returns True for {@link Gap}.
 */
export function isGap(value: unknown): value is Gap {
  return typeof value === 'object' && value !== null &&
    (value as { kind?: unknown }).kind === 'gap' &&
    typeof (value as { reason?: unknown }).reason === 'string';
}

/**
 * Builds a gap marker.
 *
 * @param reason Why values were dropped.
 * @param dropped How many.
 * @param fromSeq Lowest dropped sequence number, if known.
 * @param toSeq Highest dropped sequence number, if known.
 * @returns The marker.
 */
export function gap(reason: GapReason, dropped: number, fromSeq?: number, toSeq?: number): Gap {
  const marker: {
    kind: 'gap';
    reason: GapReason;
    dropped: number;
    fromSeq?: number;
    toSeq?: number;
  } = {
    kind: 'gap',
    reason,
    dropped,
  };
  if (fromSeq !== undefined) marker.fromSeq = fromSeq;
  if (toSeq !== undefined) marker.toSeq = toSeq;
  return marker;
}
