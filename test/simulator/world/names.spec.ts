import { describe, expect, it } from 'vitest';
import { generateName, normalizeName } from '../../../src/simulator/world/names.ts';
import { createPrng } from '../../../src/simulator/world/prng.ts';

describe('names', () => {
  it('normalises like normalizePlayerName', () => {
    expect(normalizeName('tHRALL')).toBe('Thrall');
    expect(normalizeName('élise')).toBe('Élise');
    expect(normalizeName('')).toBe('');
  });

  it('generates unique names even when the syllable space runs dry', () => {
    const taken = new Set<string>();
    const random = createPrng(9);
    const names = Array.from({ length: 5000 }, () => generateName(random, taken));
    expect(new Set(names).size).toBe(5000);
    for (const name of names) expect(name.length).toBeLessThanOrEqual(12);
  });
});

describe('createPrng', () => {
  it('is deterministic per seed and stays in range', () => {
    const a = createPrng(1);
    const b = createPrng(1);
    const first = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(first);
    expect(createPrng(2).next()).not.toBe(first[0]);
    const random = createPrng(3);
    for (let i = 0; i < 1000; i++) {
      const value = random.int(3, 7);
      expect(value >= 3 && value <= 7 && Number.isInteger(value)).toBe(true);
    }
    expect(random.pick(['only'])).toBe('only');
    expect([random.chance(0), random.chance(1)]).toEqual([false, true]);
  });
});
