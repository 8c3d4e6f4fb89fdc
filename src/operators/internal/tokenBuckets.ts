/**
 * @module Token buckets for `rateLimit`: continuous refill from the scheduler's clock, one
 * bucket per key in a bounded map. A bucket that has refilled to `burst` and holds no
 * queued values behaves exactly like a new one, so it can be evicted without changing the
 * limiter's behaviour; the map sweeps such idle buckets when it needs room, at most once
 * per refill period, so the sweep's cost is spread over many values.
 */
import type { Subscription } from 'rxjs';
import { RingQueue } from './ringQueue.ts';

// Float tolerance for "one whole token": refills are sums of products of milliseconds.
const EPSILON = 1e-9;

/** One token bucket, with the values it holds back in `'delay'` mode. */
export class TokenBucket<T> {
  /** Tokens available at `last`. */
  tokens: number;
  /** Scheduler time of the last refill. */
  last: number;
  /** Values waiting for a token (`'delay'` mode only). */
  queue: RingQueue<T> | undefined;
  /** The scheduled release of the queue's head, if any. */
  release: Subscription | undefined;

  constructor(burst: number, now: number) {
    this.tokens = burst;
    this.last = now;
  }

  /** Adds the tokens earned since the last refill, up to `burst`. */
  refill(now: number, perMs: number, burst: number): void {
    if (now > this.last) {
      this.tokens = Math.min(burst, this.tokens + (now - this.last) * perMs);
      this.last = now;
    }
  }

  /** Takes one token if there is one. */
  tryTake(): boolean {
    if (this.tokens < 1 - EPSILON) return false;
    this.tokens = Math.max(0, this.tokens - 1);
    return true;
  }

  /** Milliseconds until one whole token is available (at least 1). */
  wait(perMs: number): number {
    return Math.max(1, Math.ceil((1 - this.tokens) / perMs - EPSILON));
  }

  /** Whether evicting this bucket would change nothing. */
  idle(now: number, perMs: number, burst: number): boolean {
    if ((this.queue && this.queue.length > 0) || this.release) return false;
    this.refill(now, perMs, burst);
    return this.tokens >= burst - EPSILON;
  }
}

/** Buckets by key, at most `maxKeys` of them. */
export class KeyedBuckets<T> {
  private readonly buckets = new Map<string, TokenBucket<T>>();
  private readonly maxKeys: number;
  private readonly perMs: number;
  private readonly burst: number;
  private nextSweep = -Infinity;

  constructor(maxKeys: number, perMs: number, burst: number) {
    this.maxKeys = maxKeys;
    this.perMs = perMs;
    this.burst = burst;
  }

  /** Number of live buckets. */
  get size(): number {
    return this.buckets.size;
  }

  /** The bucket for `key`, created if there is room; `undefined` when the map is full. */
  get(key: string, now: number): TokenBucket<T> | undefined {
    const existing = this.buckets.get(key);
    if (existing) return existing;
    if (this.buckets.size >= this.maxKeys && now >= this.nextSweep) {
      for (const [other, bucket] of this.buckets) {
        if (bucket.idle(now, this.perMs, this.burst)) this.buckets.delete(other);
      }
      // Any bucket still here needs at least a full refill period to become idle.
      this.nextSweep = now + this.burst / this.perMs;
    }
    if (this.buckets.size >= this.maxKeys) return undefined;
    const bucket = new TokenBucket<T>(this.burst, now);
    this.buckets.set(key, bucket);
    return bucket;
  }

  /** Cancels every scheduled release and forgets every bucket. */
  clear(): void {
    for (const bucket of this.buckets.values()) bucket.release?.unsubscribe();
    this.buckets.clear();
  }
}
