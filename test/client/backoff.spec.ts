import { describe, expect, it } from 'vitest';
import { BACKOFF_DEFAULTS, backoffDelay } from '../../src/client/backoff.ts';

describe('backoffDelay', () => {
  it('grows exponentially up to the maximum', () => {
    const delays = [0, 1, 2, 3, 10, 30].map((attempt) => backoffDelay(attempt, {}, () => 0));
    expect(delays).toEqual([500, 1000, 2000, 4000, 30_000, 30_000]);
  });

  it('takes up to `jitter` of the delay away at random', () => {
    expect(backoffDelay(2, { jitter: 0.5 }, () => 0.999999)).toBe(1000);
    expect(backoffDelay(2, { jitter: 0.5 }, () => 0.5)).toBe(1500);
    expect(backoffDelay(2, { jitter: 0 }, () => 0.9)).toBe(2000);
    expect(backoffDelay(2, { jitter: 1 }, () => 0.25)).toBe(1500);
  });

  it('uses the defaults and custom settings', () => {
    expect(BACKOFF_DEFAULTS).toEqual({ initialMs: 500, maxMs: 30_000, factor: 2, jitter: 0.5 });
    expect(backoffDelay(3, { initialMs: 10, factor: 3, maxMs: 1000 }, () => 0)).toBe(270);
  });

  it('clamps a random source that leaves [0, 1)', () => {
    expect(backoffDelay(0, {}, () => 7)).toBe(250);
    expect(backoffDelay(0, {}, () => -1)).toBe(500);
  });

  it('refuses nonsensical settings', () => {
    expect(() => backoffDelay(0, { factor: 0.5 })).toThrow(RangeError);
    expect(() => backoffDelay(0, { jitter: 2 })).toThrow(RangeError);
    expect(() => backoffDelay(0, { initialMs: -1 })).toThrow(RangeError);
    expect(() => backoffDelay(0, { maxMs: Number.NaN })).toThrow(RangeError);
  });
});
