/** @module Jittered exponential backoff for reconnects. */
import type { BackoffOptions } from './types.ts';

/** Defaults of {@link BackoffOptions}. */
export const BACKOFF_DEFAULTS: Required<BackoffOptions> = {
  initialMs: 500,
  maxMs: 30_000,
  factor: 2,
  jitter: 0.5,
};

/**
 * The delay before reconnect attempt `attempt` (0 for the first retry): the exponential
 * delay `min(maxMs, initialMs * factor^attempt)`, shortened by a random part of up to
 * `jitter` of it, so that many clients dropped at once do not come back in step.
 *
 * ## Example
 * ```ts
 * backoffDelay(0, {}, () => 0); // 500
 * backoffDelay(3, {}, () => 0); // 4000
 * backoffDelay(3, {}, () => 1); // 2000 (half of it is jitter)
 * ```
 *
 * @param attempt Attempt number, from 0.
 * @param options Initial delay, maximum, factor, jitter.
 * @param random Random number in [0, 1).
 * @returns Delay in ms (an integer, at least 0).
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  const { initialMs, maxMs, factor, jitter } = { ...BACKOFF_DEFAULTS, ...options };
  if (!(initialMs >= 0 && maxMs >= 0 && factor >= 1 && jitter >= 0 && jitter <= 1)) {
    throw new RangeError('backoff needs initialMs >= 0, maxMs >= 0, factor >= 1, 0 <= jitter <= 1');
  }
  const exponential = Math.min(maxMs, initialMs * factor ** Math.max(0, attempt));
  const r = Math.min(1, Math.max(0, random()));
  return Math.round(exponential * (1 - jitter * r));
}
