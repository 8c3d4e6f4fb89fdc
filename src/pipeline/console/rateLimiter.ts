/**
 * @module A per-key sliding-window limit ("at most N attempts in any 60 s") on the injected
 * scheduler's clock, for console commands per token. Bounded: at most N timestamps per key
 * and at most `maxKeys` keys (the least recently used key is forgotten first).
 */
import { asyncScheduler, type SchedulerLike } from 'rxjs';

/** Options for {@link createRateLimiter}. */
export interface RateLimiterConfig {
  /** Attempts allowed per key within `windowMs`. */
  limit: number;
  /** Window length in ms (default 60 000). */
  windowMs?: number;
  /** Keys remembered at most (default 1024). */
  maxKeys?: number;
  /** Clock (default `asyncScheduler`). */
  scheduler?: SchedulerLike;
}

/** The outcome of {@link RateLimiter.take}. */
export type RateDecision =
  | { readonly ok: true }
  | { readonly ok: false; readonly retryAfterMs: number };

/** A per-key attempt limiter. */
export interface RateLimiter {
  /** Counts one attempt for `key`; refused attempts are not counted. */
  take(key: string): RateDecision;
}

/**
 * Creates a sliding-window rate limiter.
 *
 * ## Example
 * ```ts
 * const limiter = createRateLimiter({ limit: 30 });
 * if (!limiter.take(actor.name).ok) refuse('rate_limited');
 * ```
 *
 * @param config Limit, window, key bound, clock.
 * @returns The limiter.
 */
export function createRateLimiter(config: RateLimiterConfig): RateLimiter {
  const { limit, windowMs = 60_000, maxKeys = 1024, scheduler = asyncScheduler } = config;
  const attempts = new Map<string, number[]>();
  return {
    take(key) {
      const now = scheduler.now();
      const times = attempts.get(key) ?? [];
      attempts.delete(key); // re-inserted below: Map order is the LRU order
      while (times.length > 0 && now - times[0] >= windowMs) times.shift();
      if (times.length >= limit) {
        attempts.set(key, times);
        return { ok: false, retryAfterMs: Math.max(1, windowMs - (now - times[0])) };
      }
      times.push(now);
      attempts.set(key, times);
      if (attempts.size > maxKeys) attempts.delete(attempts.keys().next().value as string);
      return { ok: true };
    },
  };
}
