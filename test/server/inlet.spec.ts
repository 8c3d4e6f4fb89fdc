import { describe, expect, it } from 'vitest';
import { createInlet } from '../../src/server/inlet.ts';

describe('inlet', () => {
  it('pushes to its one subscriber, completes it, and refuses a second one', () => {
    const inlet = createInlet<number>();
    inlet.next(0); // nobody listens yet: dropped
    const seen: number[] = [];
    let completed = false;
    const subscription = inlet.observable.subscribe({
      next: (n) => seen.push(n),
      complete: () => (completed = true),
    });
    inlet.next(1);
    inlet.next(2);
    let refused: unknown;
    inlet.observable.subscribe({ error: (error) => (refused = error) });
    expect(String(refused)).toContain('one subscriber');
    inlet.complete();
    expect(seen).toEqual([1, 2]);
    expect(completed).toBe(true);
    expect(subscription.closed).toBe(true);
  });

  it('forgets its subscriber on unsubscribe', () => {
    const inlet = createInlet<number>();
    const seen: number[] = [];
    inlet.observable.subscribe((n) => seen.push(n)).unsubscribe();
    inlet.next(1);
    const again = inlet.observable.subscribe((n) => seen.push(n));
    inlet.next(2);
    again.unsubscribe();
    expect(seen).toEqual([2]);
  });
});
