import { describe, expect, it } from 'vitest';
import { Ring } from '../../../src/ui/lib/ring.ts';

describe('Ring', () => {
  it('keeps the last `capacity` items in order and reports what it drops', () => {
    const ring = new Ring<number>(3);
    expect([1, 2, 3].map((n) => ring.push(n))).toEqual([undefined, undefined, undefined]);
    expect(ring.push(4)).toBe(1);
    expect(ring.toArray()).toEqual([2, 3, 4]);
    expect(ring.size).toBe(3);
    expect([ring.at(0), ring.at(2), ring.at(3), ring.at(-1)]).toEqual([2, 4, undefined, undefined]);
  });

  it('removes matching items and clears', () => {
    const ring = new Ring<number>(4);
    for (let n = 1; n <= 6; n++) ring.push(n);
    expect(ring.removeWhere((n) => n % 2 === 0)).toBe(2);
    expect(ring.toArray()).toEqual([3, 5]);
    ring.push(7);
    expect(ring.toArray()).toEqual([3, 5, 7]);
    ring.clear();
    expect(ring.toArray()).toEqual([]);
  });

  it('refuses a capacity below 1', () => {
    expect(() => new Ring(0)).toThrow(RangeError);
    expect(() => new Ring(1.5)).toThrow(RangeError);
  });
});
