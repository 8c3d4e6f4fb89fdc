import { describe, expect, it } from 'vitest';
import {
  RACE_CLASSES,
  RACES,
  xpForNextLevel,
  zoneForLevel,
  ZONES,
} from '../../../src/simulator/world/data.ts';

describe('world data', () => {
  it('XP for the next level: 400 at 1, 900 at 2, 0 at the cap', () => {
    expect([xpForNextLevel(1), xpForNextLevel(2), xpForNextLevel(3), xpForNextLevel(80)]).toEqual([
      400,
      900,
      1400,
      0,
    ]);
    for (let level = 1; level < 79; level++) {
      expect(xpForNextLevel(level + 1)).toBeGreaterThan(xpForNextLevel(level));
    }
  });

  it('every race has classes and a known home zone; zones have known maps', () => {
    for (const race of Object.values(RACES)) {
      expect(RACE_CLASSES[race.id].length).toBeGreaterThan(0);
      expect(ZONES[race.homeZone]).toBeDefined();
    }
    for (const zone of Object.values(ZONES)) expect([0, 1, 530, 571]).toContain(zone.map);
  });

  it('zoneForLevel picks a zone that fits the level, or a capital of the faction', () => {
    expect(zoneForLevel(5, 2, 0.3)).toBe(14);
    for (let pick = 0; pick < 1; pick += 0.05) {
      const zone = ZONES[zoneForLevel(78, 1, pick)];
      const capital = [1519, 1537, 1657].includes(zone.id);
      expect(capital || (zone.levels[0] <= 78 && 78 <= zone.levels[1])).toBe(true);
    }
  });
});
