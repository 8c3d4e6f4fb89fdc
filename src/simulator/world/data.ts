/**
 * @module Static game data the simulated world needs: races, classes (ids as in the 3.3.5
 * DBCs, English names), maps, zones and areas with a few coordinates, and the XP curve.
 * A small, fixed subset: enough for varied output, not a copy of any database.
 */

/** A playable race: id, English name, faction, the language it speaks by default. */
export interface RaceInfo {
  readonly id: number;
  readonly name: string;
  readonly faction: 'alliance' | 'horde';
  /** Language id used in chat log lines (7 Common, 1 Orcish). */
  readonly language: number;
  /** Starting zone id. */
  readonly homeZone: number;
}

/** Races by id. */
export const RACES: Readonly<Record<number, RaceInfo>> = {
  1: { id: 1, name: 'Human', faction: 'alliance', language: 7, homeZone: 12 },
  2: { id: 2, name: 'Orc', faction: 'horde', language: 1, homeZone: 14 },
  3: { id: 3, name: 'Dwarf', faction: 'alliance', language: 7, homeZone: 1 },
  4: { id: 4, name: 'Night Elf', faction: 'alliance', language: 7, homeZone: 141 },
  5: { id: 5, name: 'Undead', faction: 'horde', language: 1, homeZone: 85 },
  6: { id: 6, name: 'Tauren', faction: 'horde', language: 1, homeZone: 215 },
  7: { id: 7, name: 'Gnome', faction: 'alliance', language: 7, homeZone: 1 },
  8: { id: 8, name: 'Troll', faction: 'horde', language: 1, homeZone: 14 },
  10: { id: 10, name: 'Blood Elf', faction: 'horde', language: 1, homeZone: 3430 },
  11: { id: 11, name: 'Draenei', faction: 'alliance', language: 7, homeZone: 3524 },
};

/** Classes by id. */
export const CLASSES: Readonly<Record<number, string>> = {
  1: 'Warrior',
  2: 'Paladin',
  3: 'Hunter',
  4: 'Rogue',
  5: 'Priest',
  6: 'Death Knight',
  7: 'Shaman',
  8: 'Mage',
  9: 'Warlock',
  11: 'Druid',
};

/** Which classes each race may be (3.3.5). */
export const RACE_CLASSES: Readonly<Record<number, readonly number[]>> = {
  1: [1, 2, 4, 5, 6, 8, 9],
  2: [1, 3, 4, 6, 7, 9],
  3: [1, 2, 3, 4, 5, 6],
  4: [1, 3, 4, 5, 6, 11],
  5: [1, 4, 5, 6, 8, 9],
  6: [1, 3, 6, 7, 11],
  7: [1, 4, 6, 8, 9],
  8: [1, 3, 4, 5, 6, 7, 8],
  10: [2, 3, 4, 5, 6, 8, 9],
  11: [1, 2, 3, 5, 6, 7, 8],
};

/** Map names (Map.dbc). */
export const MAPS: Readonly<Record<number, string>> = {
  0: 'Eastern Kingdoms',
  1: 'Kalimdor',
  530: 'Outland',
  571: 'Northrend',
};

/** A zone: its map, name, a representative position, and sub-areas. */
export interface ZoneInfo {
  readonly id: number;
  readonly map: number;
  readonly name: string;
  readonly position: { readonly x: number; readonly y: number; readonly z: number };
  /** Areas inside the zone (id and name); pinfo prints `Area:` only for these. */
  readonly areas: readonly { readonly id: number; readonly name: string }[];
  /** Level band, for choosing where a generated character of a given level stands. */
  readonly levels: readonly [number, number];
}

const zone = (
  id: number,
  map: number,
  name: string,
  position: [number, number, number],
  levels: [number, number],
  areas: [number, string][] = [],
): ZoneInfo => ({
  id,
  map,
  name,
  position: { x: position[0], y: position[1], z: position[2] },
  levels,
  areas: areas.map(([areaId, areaName]) => ({ id: areaId, name: areaName })),
});

/** Zones by id. */
export const ZONES: Readonly<Record<number, ZoneInfo>> = Object.fromEntries(
  [
    zone(1, 0, 'Dun Morogh', [-5603.76, -482.7, 396.98], [1, 10], [[131, 'Kharanos']]),
    zone(12, 0, 'Elwynn Forest', [-9464.0, 62.0, 56.0], [1, 10], [[87, 'Goldshire']]),
    zone(14, 1, 'Durotar', [340.29, -4686.47, 16.4599], [1, 10], [[362, 'Razor Hill']]),
    zone(17, 1, 'The Barrens', [-452.0, -2650.0, 95.0], [10, 25], [[380, 'The Crossroads']]),
    zone(85, 0, 'Tirisfal Glades', [2269.0, 244.0, 34.0], [1, 10], [[159, 'Brill']]),
    zone(141, 1, 'Teldrassil', [9889.0, 915.0, 1307.0], [1, 10], [[186, 'Dolanaar']]),
    zone(215, 1, 'Mulgore', [-2338.0, -367.0, -8.0], [1, 10], [[222, 'Bloodhoof Village']]),
    zone(1519, 0, 'Stormwind City', [-8833.38, 628.62, 94.0], [1, 80]),
    zone(1637, 1, 'Orgrimmar', [1629.36, -4373.39, 31.26], [1, 80]),
    zone(1537, 0, 'Ironforge', [-4918.88, -940.41, 501.56], [1, 80]),
    zone(1497, 0, 'Undercity', [1584.07, 241.99, -52.15], [1, 80]),
    zone(1638, 1, 'Thunder Bluff', [-1277.37, 124.8, 131.29], [1, 80]),
    zone(1657, 1, 'Darnassus', [9949.56, 2284.21, 1341.4], [1, 80]),
    zone(3430, 530, 'Eversong Woods', [9024.0, -6682.0, 16.0], [1, 10]),
    zone(3524, 530, 'Azuremyst Isle', [-3961.0, -13931.0, 100.0], [1, 10]),
    zone(3483, 530, 'Hellfire Peninsula', [-248.0, 956.0, 84.0], [58, 63]),
    zone(3518, 530, 'Nagrand', [-1145.0, 8182.0, 3.6], [64, 68]),
    zone(3703, 530, 'Shattrath City', [-1838.16, 5301.79, -12.43], [60, 80]),
    zone(3537, 571, 'Borean Tundra', [2954.0, 5379.0, 60.0], [68, 72]),
    zone(495, 571, 'Howling Fjord', [1902.0, -4846.0, 175.0], [68, 72]),
    zone(210, 571, 'Icecrown', [6233.0, 2200.0, 500.0], [77, 80]),
    zone(4197, 571, 'Wintergrasp', [5100.0, 2840.0, 409.0], [77, 80]),
    zone(4395, 571, 'Dalaran', [5804.15, 624.77, 647.77], [74, 80]),
  ].map((info) => [info.id, info]),
);

/** The highest player level (`MaxPlayerLevel`, 80 in 3.3.5). */
export const MAX_PLAYER_LEVEL = 80;

/**
 * XP needed to go from `level` to `level + 1`. The classic formula
 * (`(8 * level + diff) * (45 + 5 * level)`, rounded to 100) rather than the exact DBC table:
 * it gives the right magnitude (400 at level 1, 900 at level 2) for pinfo's `XP left`.
 *
 * @param level Current level.
 * @returns XP for the next level (0 at the cap).
 */
export function xpForNextLevel(level: number): number {
  if (level >= MAX_PLAYER_LEVEL) return 0;
  const diff = level <= 28
    ? 0
    : level === 29
    ? 1
    : level === 30
    ? 3
    : level === 31
    ? 6
    : 5 * (level - 30);
  return Math.round(((8 * level + diff) * (45 + 5 * level)) / 100) * 100;
}

/**
 * The zone a character of `level` and `race` typically stands in.
 *
 * @param level Character level.
 * @param race Race id.
 * @param pick A number in [0, 1) choosing among the candidates.
 * @returns A zone id.
 */
export function zoneForLevel(level: number, race: number, pick: number): number {
  const faction = RACES[race]?.faction ?? 'horde';
  if (level < 10) return RACES[race]?.homeZone ?? 14;
  const capitals = faction === 'horde' ? [1637, 1497, 1638] : [1519, 1537, 1657];
  const fitting = Object.values(ZONES)
    .filter((info) => info.levels[0] <= level && level <= info.levels[1] && info.levels[0] > 1)
    .map((info) => info.id);
  const candidates = [...fitting, ...capitals];
  return candidates[Math.min(candidates.length - 1, Math.floor(pick * candidates.length))];
}
