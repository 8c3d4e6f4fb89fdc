import { describe, expect, it } from 'vitest';
import { BoundedHistory } from '../../src/pipeline/history.ts';

const item = (id: number, bytes = 10) => ({ id, bytes });

describe('BoundedHistory', () => {
  it('keeps at most maxItems, evicting the oldest', () => {
    const history = new BoundedHistory<{ id: number; bytes: number }>({
      maxItems: 3,
      maxBytes: 1000,
    });
    for (let i = 1; i <= 5; i++) history.push(item(i));
    expect(history.slice().map((x) => x.id)).toEqual([3, 4, 5]);
    expect(history.size).toBe(3);
    expect(history.evicted).toBe(2);
    expect(history.bytes).toBe(30);
  });

  it('keeps at most maxBytes, but always the newest item', () => {
    const history = new BoundedHistory<{ id: number; bytes: number }>({
      maxItems: 100,
      maxBytes: 25,
    });
    history.push(item(1));
    history.push(item(2));
    history.push(item(3));
    expect(history.slice().map((x) => x.id)).toEqual([2, 3]);
    history.push(item(4, 500));
    expect(history.slice().map((x) => x.id)).toEqual([4]);
    expect(history.bytes).toBe(500);
  });

  it('grows past its initial capacity and wraps correctly', () => {
    const history = new BoundedHistory<{ id: number; bytes: number }>({
      maxItems: 5000,
      maxBytes: 1e9,
    });
    for (let i = 0; i < 6000; i++) history.push(item(i, 1));
    expect(history.size).toBe(5000);
    expect(history.first()?.id).toBe(1000);
    expect(history.last()?.id).toBe(5999);
    expect(history.at(10)?.id).toBe(1010);
    expect(history.at(5000)).toBeUndefined();
  });

  it('findFirst binary-searches the first item after a position', () => {
    const history = new BoundedHistory<{ id: number; bytes: number }>({
      maxItems: 4,
      maxBytes: 1000,
    });
    for (let i = 1; i <= 6; i++) history.push(item(i));
    expect(history.findFirst((x) => x.id > 4)).toBe(2);
    expect(history.findFirst((x) => x.id > 100)).toBe(4);
    expect(history.findFirst((x) => x.id > 0)).toBe(0);
  });

  it('rejects limits below 1', () => {
    expect(() => new BoundedHistory({ maxItems: 0, maxBytes: 10 })).toThrow(RangeError);
  });
});
