import { describe, expect, it } from 'vitest';
import { UPDATE_TIME_SAMPLES, UpdateTimeStats } from '../../../src/simulator/world/updateTime.ts';

describe('UpdateTimeStats', () => {
  it('keeps at most 500 samples and the last one', () => {
    const stats = new UpdateTimeStats();
    for (let i = 1; i <= 1200; i++) stats.push(i);
    expect(stats.size).toBe(UPDATE_TIME_SAMPLES);
    expect(stats.last).toBe(1200);
    expect(stats.percentile(0)).toBe(701);
    expect(stats.percentile(100)).toBe(1200);
  });

  it('integer mean and interpolated percentiles', () => {
    const stats = new UpdateTimeStats();
    for (const value of [1, 2, 2, 3, 7, 12]) stats.push(value);
    expect(stats.mean()).toBe(4);
    expect(stats.percentile(50)).toBe(2);
    expect(stats.percentile(95)).toBe(10);
    expect(stats.percentile(99)).toBe(11);
  });

  it('is zero when empty, and clear() empties it', () => {
    const stats = new UpdateTimeStats();
    expect([stats.mean(), stats.percentile(50), stats.last, stats.size]).toEqual([0, 0, 0, 0]);
    stats.push(5);
    stats.clear();
    expect(stats.size).toBe(0);
  });
});
