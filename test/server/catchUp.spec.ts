import { describe, expect, it } from 'vitest';
import { createHub } from '../../src/pipeline/hub.ts';
import { createCatchUp } from '../../src/server/catchUp.ts';
import { chat, login } from './fixtures.ts';

describe('catch-up reader', () => {
  it('reads the history after a position in chunks, filtered, then reports done', () => {
    const hub = createHub({ epoch: 'c' });
    for (let i = 1; i <= 10; i++) hub.publish(i % 2 ? login(`L${i}`) : chat(`C${i}`, 'x'));
    const reader = createCatchUp(hub, 2, (event) => event.type === 'player.login');
    const first = reader.next(2, Infinity);
    expect(first.events.map((e) => e.event.seq)).toEqual([3, 5]);
    expect(first.done).toBe(false);
    expect(reader.cursor).toBe(5);
    hub.publish(login('Late')); // seq 11: read from the history too, in order
    const second = reader.next(10, Infinity);
    expect(second.events.map((e) => e.event.seq)).toEqual([7, 9, 11]);
    expect(second).toMatchObject({ done: true });
    expect(reader.next(10, Infinity)).toEqual({ events: [], done: true });
  });

  it('stops a chunk at the byte budget', () => {
    const hub = createHub({ epoch: 'c' });
    for (let i = 0; i < 5; i++) hub.publish(chat(`C${i}`, 'z'.repeat(500)));
    const chunk = createCatchUp(hub, 0, () => true).next(100, 1000);
    expect(chunk.events).toHaveLength(2);
  });

  it('reports events evicted before the cursor reached them as a gap', () => {
    const hub = createHub({ epoch: 'c', historyMaxEvents: 3 });
    for (let i = 0; i < 8; i++) hub.publish(login(`P${i}`));
    const chunk = createCatchUp(hub, 1, () => true).next(100, Infinity);
    expect(chunk.gap).toEqual({ fromSeq: 2, toSeq: 5, dropped: 4 });
    expect(chunk.events.map((e) => e.event.seq)).toEqual([6, 7, 8]);
    expect(chunk.done).toBe(true);
  });
});
