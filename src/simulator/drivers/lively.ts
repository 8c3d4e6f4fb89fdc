/**
 * @module The seeded random driver ("lively" mode): every few seconds something happens —
 * a login, a logout, a zone change, a level-up, a chat line, now and then a GM command or a
 * lag spike. The same seed gives the same sequence of choices; timing follows the host clock.
 */
import { MAX_PLAYER_LEVEL, zoneForLevel, ZONES } from '../world/data.ts';
import { createPrng, type Prng } from '../world/prng.ts';
import type { SimChatChannel } from '../world/types.ts';
import type { SimWorld } from '../world/world.ts';

/** Options for {@link startLively}. */
export interface LivelyOptions {
  /** Seed of the choices. */
  seed: number;
  /** Mean time between two happenings, ms (default 2500). */
  intervalMs?: number;
  /** Online population the driver steers towards (default: online count at start, min 5). */
  targetOnline?: number;
}

const PHRASES = [
  'lfg dungeon',
  'anyone for a raid tonight?',
  'wts [Runecloth] x20',
  'hello',
  'gz!',
  'where is the flight master?',
  'brb',
  'need a healer',
  'lol',
  'ty for the group',
  'inc mid',
  'selling ore',
  'how do I get to Dalaran?',
  'good night all',
];
const CHANNELS: SimChatChannel[] = ['say', 'say', 'yell', 'guild', 'channel', 'whisper', 'emote'];
const GM_COMMANDS = [
  'additem 6948',
  'go creature 1234',
  'modify speed 2',
  'revive',
  'kick',
  'tele Orgrimmar',
];

function step(world: SimWorld, random: Prng, targetOnline: number): void {
  const online = world.online();
  const offline = [...world.characters.values()].filter((c) => !c.online);
  const roll = random.next();
  const wantLogin = online.length < targetOnline ? 0.4 : 0.15;
  if (roll < wantLogin && offline.length) {
    world.login(random.pick(offline).name);
  } else if (roll < wantLogin + 0.15 && online.length > 1) {
    world.logout(random.pick(online).name);
  } else if (roll < 0.55 && online.length) {
    const character = random.pick(online);
    const zone = ZONES[zoneForLevel(character.level, character.race, random.next())];
    const area = zone.areas.length && random.chance(0.5) ? zone.areas[0].id : zone.id;
    world.move(character.name, { map: zone.map, zone: zone.id, area });
  } else if (roll < 0.65 && online.length) {
    const character = random.pick(online);
    if (character.level < MAX_PLAYER_LEVEL) world.setLevel(character.name, character.level + 1);
  } else if (roll < 0.95 && online.length) {
    const character = random.pick(online);
    const channel = random.pick(CHANNELS);
    const others = online.filter((other) => other !== character);
    if (channel === 'whisper' && others.length === 0) return;
    const target = channel === 'whisper' ? random.pick(others).name : undefined;
    if ((channel === 'guild') && character.guildId === undefined) {
      world.chat(character.name, 'say', random.pick(PHRASES));
      return;
    }
    world.chat(character.name, channel, random.pick(PHRASES), { target });
  } else if (roll < 0.98) {
    const gms = online.filter((c) => (world.accounts.get(c.accountId)?.gmLevel ?? 0) >= 1);
    if (gms.length) {
      const gm = random.pick(gms);
      const target = online.length > 1 ? random.pick(online.filter((c) => c !== gm)) : undefined;
      world.gmCommand(gm.name, random.pick(GM_COMMANDS), target?.name);
    }
  } else {
    world.lag(random.int(350, 900), random.int(3000, 8000));
  }
}

/**
 * Starts the random driver.
 *
 * @param world The world to drive.
 * @param options Seed and pace.
 * @returns A function that stops it.
 */
export function startLively(world: SimWorld, options: LivelyOptions): () => void {
  const random = createPrng(options.seed ^ 0x1a7e1);
  const mean = options.intervalMs ?? 2500;
  const target = options.targetOnline ?? Math.max(5, world.online().length);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const schedule = () => {
    timer = setTimeout(() => {
      if (stopped) return;
      if (world.running) {
        try {
          step(world, random, target);
        } catch {
          // A step that races a stopped world is simply skipped.
        }
      }
      schedule();
    }, Math.round(mean * (0.5 + random.next())));
    (timer as { unref?: () => void }).unref?.();
  };
  schedule();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
