import { signal } from '@preact/signals';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RealmEvent } from '../../../src/pipeline/events.ts';
import { ChartsModel } from '../../../src/ui/models/charts.ts';
import type { RealmView } from '../../../src/ui/models/realms.ts';

const event = (type: string) => ({ type, realm: 'r1', source: 'soap' }) as RealmEvent;

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('ChartsModel', () => {
  it('samples rates per type every second, in rings, and ranks the distribution', () => {
    const realms = signal<ReadonlyMap<string, RealmView>>(
      new Map([['r1', { id: 'r1', up: true, players: 4, latencyMs: 3, updateDiffMs: 12 }]]),
    );
    const list = signal<readonly RealmView[]>([]);
    const model = new ChartsModel(realms, list, 3);
    model.count([event('a'), event('a'), event('b')]);
    vi.advanceTimersByTime(1000);
    model.count([event('b')]);
    vi.advanceTimersByTime(1000);
    expect(model.ratesFrame.value.datasets).toEqual([
      { label: 'a', data: [2, 0] },
      { label: 'b', data: [1, 1] },
    ]);
    expect(model.distributionFrame.value).toEqual({
      labels: ['a', 'b'],
      datasets: [{ label: 'events', data: [2, 2] }],
    });
    expect(model.playersFrame.value.datasets).toEqual([{ label: 'r1', data: [4, 4] }]);
    expect(model.latencyFrame.value.datasets).toEqual([
      { label: 'r1 SOAP latency', data: [3, 3] },
      { label: 'r1 update diff', data: [12, 12] },
    ]);
    vi.advanceTimersByTime(5000);
    expect(model.ratesFrame.value.labels).toHaveLength(3);
    expect(model.playersFrame.value.datasets[0].data).toHaveLength(3);
    model[Symbol.dispose]();
    const ticks = model.tick.value;
    vi.advanceTimersByTime(3000);
    expect(model.tick.value).toBe(ticks);
  });
});
