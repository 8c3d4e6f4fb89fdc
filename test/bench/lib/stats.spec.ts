/** @module The benchmark statistics helpers. */
import { describe, expect, it } from 'vitest';
import { median, medianFields, round } from '../../../bench/lib/stats.ts';

describe('median', () => {
  it('takes the middle value, or the mean of the middle two, without sorting the input', () => {
    const values = [5, 1, 3];
    expect(median(values)).toBe(3);
    expect(values).toEqual([5, 1, 3]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('works field by field over runs', () => {
    expect(medianFields([{ a: 1, b: 9 }, { a: 3, b: 7 }, { a: 2, b: 8 }])).toEqual({ a: 2, b: 8 });
  });
});

describe('round', () => {
  it('keeps the asked decimals', () => {
    expect(round(1.23456)).toBe(1.235);
    expect(round(1.25, 1)).toBe(1.3);
  });
});
