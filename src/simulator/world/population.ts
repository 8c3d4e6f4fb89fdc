/**
 * @module The scripted population: a fixed base roster (the accounts and characters of the
 * reference examples: ADMIN with Thrall and Jaina, a GM, a player) and a seeded, generated
 * crowd with varied races, classes, levels, zones, guilds and addresses (some IPv6).
 */
import { RACE_CLASSES, RACES, xpForNextLevel, zoneForLevel, ZONES } from './data.ts';
import { generateName } from './names.ts';
import { createPrng } from './prng.ts';
import type { SimWorld } from './world.ts';

/** An account to create: name, password, security level. */
export interface SimAccountSpec {
  name: string;
  password: string;
  /** Security level (3 = administrator, needed for SOAP). */
  level: number;
}

/** Options for {@link populate}. */
export interface PopulationOptions {
  /** Seed of the generated crowd. */
  seed: number;
  /** Characters online at start (generated; the base roster starts offline). */
  players: number;
  /** Extra accounts (e.g. the SOAP user from the command line). */
  accounts?: readonly SimAccountSpec[];
}

const GUILDS = ['Horde Heroes', 'Stormwind Guard', 'Knights of Dawn', 'Ironforge Miners'];
const RANKS = ['Guild Master', 'Officer', 'Veteran', 'Member', 'Initiate'];
const OSES = ['Win', 'Win', 'Win', 'OSX'];

/**
 * Fills a world: base roster, extra accounts, and `players` generated characters online
 * (plus half as many offline ones that lively mode can log in).
 *
 * @param world The world to fill.
 * @param options Seed, crowd size, extra accounts.
 */
export function populate(world: SimWorld, options: PopulationOptions): void {
  addBaseRoster(world);
  for (const spec of options.accounts ?? []) {
    const existing = world.findAccount(spec.name);
    if (existing) {
      existing.password = spec.password;
      existing.gmLevel = spec.level;
    } else {
      world.addAccount({ name: spec.name, password: spec.password, gmLevel: spec.level });
    }
  }
  const random = createPrng(options.seed);
  const taken = new Set([...world.characters.values()].map((c) => c.name.toLowerCase()));
  const total = options.players + Math.ceil(options.players / 2);
  const startAccount = 10;
  const startGuid = 10;
  for (let index = 0; index < total; index++) {
    const accountName = `PLAYER${index + 1}`;
    const ipv6 = random.chance(0.15);
    const ip = ipv6
      ? `2001:db8:${random.int(1, 0xffff).toString(16)}::${random.int(1, 0xffff).toString(16)}`
      : `10.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(1, 254)}`;
    const account = world.addAccount({
      id: startAccount + index,
      name: accountName,
      password: 'player',
      gmLevel: random.chance(0.05) ? random.int(1, 2) : 0,
      lastIp: ip,
      os: random.pick(OSES),
      email: `${accountName.toLowerCase()}@example.org`,
      regEmail: `${accountName.toLowerCase()}@example.org`,
      lastLogin: world.now() - random.int(1, 30) * 86_400_000,
    });
    const race = random.pick(Object.keys(RACE_CLASSES).map(Number));
    const level = random.chance(0.35) ? 80 : random.int(1, 79);
    const zone = zoneForLevel(level, race, random.next());
    const info = ZONES[zone];
    const inGuild = random.chance(0.5);
    const guildId = inGuild
      ? (RACES[race].faction === 'horde' ? random.pick([1, 3]) : random.pick([2, 4]))
      : undefined;
    world.addCharacter({
      guid: startGuid + index,
      name: generateName(random, taken),
      accountId: account.id,
      race,
      class: random.pick(RACE_CLASSES[race]),
      gender: random.chance(0.5) ? 1 : 0,
      level,
      xp: level >= 80 ? 0 : random.int(0, xpForNextLevel(level) - 1),
      money: random.int(0, level * level * 2000),
      zone,
      area: info.areas.length && random.chance(0.6) ? info.areas[0].id : zone,
      guildId,
      guildRank: guildId === undefined ? undefined : random.pick(RANKS),
      playedSeconds: random.int(level * 1800, level * 7200),
      mailsRead: random.int(0, 3),
      mailsTotal: random.int(3, 6),
    });
  }
  const crowd = [...world.characters.values()].filter((c) => c.guid >= startGuid);
  for (const character of crowd.slice(0, options.players)) world.login(character.name);
}

function addBaseRoster(world: SimWorld): void {
  GUILDS.forEach((name, index) => world.addGuild(index + 1, name));
  world.addAccount({ id: 1, name: 'ADMIN', password: 'admin', gmLevel: 3, os: 'Win' });
  world.addAccount({
    id: 2,
    name: 'GM',
    password: 'gm',
    gmLevel: 2,
    lastIp: '192.168.1.20',
    email: 'gm@example.org',
    regEmail: 'gm@example.org',
    flags: ['ACCOUNT_FLAG_GM'],
  });
  world.addAccount({
    id: 3,
    name: 'PLAYER',
    password: 'player',
    gmLevel: 0,
    lastIp: '2001:db8::1f',
    os: 'OSX',
    email: 'player@example.org',
    regEmail: 'player@example.org',
  });
  world.addCharacter({
    guid: 2,
    name: 'Thrall',
    accountId: 1,
    race: 2,
    class: 7,
    gender: 0,
    level: 80,
    money: 12_345_678,
    zone: 14,
    area: 362,
    guildId: 1,
    guildRank: 'Guild Master',
    playedSeconds: 93_600,
    mailsRead: 1,
    mailsTotal: 3,
  });
  world.addCharacter({
    guid: 3,
    name: 'Jaina',
    accountId: 1,
    race: 1,
    class: 8,
    gender: 1,
    level: 80,
    money: 5_000_000,
    zone: 4395,
    area: 4395,
    playedSeconds: 360_000,
  });
  world.addCharacter({
    guid: 4,
    name: 'Sylvanas',
    accountId: 2,
    race: 5,
    class: 3,
    gender: 1,
    level: 80,
    money: 2_500_000,
    zone: 1497,
    area: 1497,
    playedSeconds: 200_000,
  });
  world.addCharacter({
    guid: 5,
    name: 'Varian',
    accountId: 3,
    race: 1,
    class: 1,
    gender: 0,
    level: 42,
    xp: 1200,
    money: 123_456,
    zone: 1519,
    area: 1519,
    playedSeconds: 72_000,
  });
}
