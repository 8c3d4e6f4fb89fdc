import { describe, expect, it } from 'vitest';
import { RACE_CLASSES } from '../../../src/simulator/world/data.ts';
import { populate } from '../../../src/simulator/world/population.ts';
import { SimWorld } from '../../../src/simulator/world/world.ts';

function crowd(seed: number, players: number) {
  const world = new SimWorld({ flavor: 'tc', now: () => 1_700_000_000_000 });
  populate(world, { seed, players });
  return world;
}

describe('populate', () => {
  it('has the base roster of the reference examples', () => {
    const world = crowd(1, 0);
    expect(world.findAccount('admin')).toMatchObject({ id: 1, gmLevel: 3, password: 'admin' });
    expect(world.findAccount('GM')).toMatchObject({ gmLevel: 2 });
    expect(world.findAccount('PLAYER')).toMatchObject({ gmLevel: 0 });
    expect(world.findCharacter('Thrall')).toMatchObject({ guid: 2, accountId: 1, online: false });
    expect(world.findCharacter('Jaina')).toMatchObject({ guid: 3, accountId: 1 });
    expect(world.online()).toEqual([]);
  });

  it('generates `players` online characters plus half as many offline, deterministically', () => {
    const a = crowd(42, 20);
    const b = crowd(42, 20);
    const c = crowd(43, 20);
    const names = (world: SimWorld) => [...world.characters.values()].map((ch) => ch.name);
    expect(a.online()).toHaveLength(20);
    expect(a.characters.size).toBe(4 + 30);
    expect(names(a)).toEqual(names(b));
    expect(names(a)).not.toEqual(names(c));
  });

  it('generated characters are valid: unique names of 3-12 letters, legal race/class, some IPv6', () => {
    const world = crowd(5, 200);
    const generated = [...world.characters.values()].filter((c) => c.guid >= 10);
    const names = generated.map((c) => c.name.toLowerCase());
    expect(new Set(names).size).toBe(names.length);
    for (const character of generated) {
      expect(character.name).toMatch(/^[A-Z][a-z]{2,11}$/);
      expect(RACE_CLASSES[character.race]).toContain(character.class);
      expect(character.level).toBeGreaterThanOrEqual(1);
      expect(character.level).toBeLessThanOrEqual(80);
    }
    const ips = generated.map((c) => world.accounts.get(c.accountId)!.lastIp);
    expect(ips.some((ip) => ip.includes(':'))).toBe(true);
    expect(ips.some((ip) => /^10\./.test(ip))).toBe(true);
  });

  it('extra accounts are added, or update an existing one', () => {
    const world = new SimWorld({ flavor: 'ac' });
    populate(world, {
      seed: 1,
      players: 0,
      accounts: [{ name: 'soap', password: 'Secret', level: 3 }, {
        name: 'GM',
        password: 'x',
        level: 3,
      }],
    });
    expect(world.findAccount('SOAP')).toMatchObject({ password: 'Secret', gmLevel: 3 });
    expect(world.findAccount('gm')).toMatchObject({ password: 'x', gmLevel: 3 });
  });
});
