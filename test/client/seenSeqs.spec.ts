import { describe, expect, it } from 'vitest';
import { SeenSeqs } from '../../src/client/seenSeqs.ts';

describe('SeenSeqs', () => {
  it('tells repeats from late events that arrive after newer ones', () => {
    const seen = new SeenSeqs(8);
    for (const seq of [10, 11, 30, 31]) seen.add(seq); // 12..29 still queued on the server
    expect(seen.max).toBe(31);
    expect(seen.has(31)).toBe(true);
    expect(seen.has(12)).toBe(false); // late, not a repeat
    seen.add(12);
    expect(seen.has(12)).toBe(true);
    expect(seen.max).toBe(31);
  });

  it('stays bounded: forgotten seqs and anything older count as seen', () => {
    const seen = new SeenSeqs(4);
    for (let seq = 1; seq <= 10_000; seq += 2) seen.add(seq);
    expect(seen.has(9_993)).toBe(true); // remembered
    expect(seen.has(9_994)).toBe(false); // never delivered, newer than the forgotten ones
    expect(seen.has(9_990)).toBe(true); // older than the forgotten ones: too old to tell
    expect(seen.max).toBe(9_999);
  });

  it('refuses a bad capacity', () => {
    expect(() => new SeenSeqs(0)).toThrow(RangeError);
  });
});
