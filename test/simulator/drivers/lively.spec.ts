import { describe, expect, it } from 'vitest';
import { startLively } from '../../../src/simulator/drivers/lively.ts';
import { populate } from '../../../src/simulator/world/population.ts';
import type { SimWorldEvent } from '../../../src/simulator/world/types.ts';
import { SimWorld } from '../../../src/simulator/world/world.ts';

async function run(seed: number, steps: number) {
  const world = new SimWorld({ flavor: 'tc', now: () => 1_700_000_000_000, seed });
  populate(world, { seed, players: 8 });
  const events: string[] = [];
  world.subscribe((event: SimWorldEvent) => {
    if (event.type === 'chat') {
      events.push(`chat:${event.character.name}:${event.channel}:${event.text}`);
    } else if ('character' in event) events.push(`${event.type}:${event.character.name}`);
    else events.push(event.type);
  });
  const stop = startLively(world, { seed, intervalMs: 4 });
  const until = Date.now() + 5000;
  while (events.length < steps && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  stop();
  return events.slice(0, steps);
}

describe('lively driver', () => {
  it('produces varied happenings, the same sequence for the same seed', async () => {
    const a = await run(11, 30);
    const b = await run(11, 30);
    expect(a).toHaveLength(30);
    expect(a).toEqual(b);
    const kinds = new Set(a.map((entry) => entry.split(':')[0]));
    expect(kinds.size).toBeGreaterThanOrEqual(3);
    expect(await run(12, 30)).not.toEqual(a);
  });

  it('stops when told', async () => {
    const world = new SimWorld({ flavor: 'ac' });
    populate(world, { seed: 1, players: 3 });
    let count = 0;
    world.subscribe(() => count++);
    const stop = startLively(world, { seed: 1, intervalMs: 5 });
    stop();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(count).toBe(0);
  });
});
