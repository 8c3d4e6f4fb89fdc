/**
 * @module `lookup player account <name> [limit]`, `announce <text>` and
 * `character level <name> <level>`, in both flavours.
 */
import { CLASSES, MAX_PLAYER_LEVEL, RACES } from '../world/data.ts';
import { resolveCharacter } from './target.ts';
import type { CommandContext } from './tree.ts';

/**
 * `lookup player account`: the account's characters, `No players found!` (a fault) when the
 * account is unknown or has none.
 *
 * @param context World and output.
 * @param args Account name and optional limit.
 * @returns False without a name (help).
 */
export function lookupPlayerAccount({ world, out }: CommandContext, args: string): boolean {
  const [name, limitText] = args.split(' ').filter((token) => token !== '');
  if (name === undefined) return false;
  const limit = limitText !== undefined && /^\d+$/.test(limitText) ? Number(limitText) : -1;
  const account = world.findAccount(name);
  const characters = account
    ? [...world.characters.values()].filter((c) => c.accountId === account.id).sort((a, b) =>
      a.guid - b.guid
    )
    : [];
  if (!account || characters.length === 0) {
    out.say('NO_PLAYERS_FOUND');
    out.fail();
    return false;
  }
  out.say('LOOKUP_PLAYER_ACCOUNT', account.name, account.id);
  let count = 0;
  for (const character of characters) {
    if (limit !== -1 && count >= limit) break;
    if (out.flavor === 'tc') {
      out.say(
        'LOOKUP_PLAYER_CHARACTER',
        character.name,
        character.guid,
        character.online ? out.text('ONLINE') : '',
      );
    } else {
      out.say(
        'LOOKUP_PLAYER_CHARACTER',
        character.name,
        character.guid,
        RACES[character.race]?.name ?? 'Unknown',
        CLASSES[character.class] ?? 'Unknown',
        character.level,
        character.online ? out.text('ONLINE') : '',
      );
    }
    count++;
  }
  return true;
}

/**
 * `announce`: broadcasts `[SERVER] <text>` to players and prints nothing (`<result/>`).
 *
 * @param context World and output.
 * @param args The message.
 * @returns False for an empty message (help).
 */
export function announce({ world }: CommandContext, args: string): boolean {
  if (args === '') return false;
  world.announce(args);
  return true;
}

/**
 * `character level <name> <level>`: TrinityCore clamps to 1-255, AzerothCore rejects < 1 and
 * caps at the maximum player level.
 *
 * @param context World and output.
 * @param args Name and level.
 * @returns False on bad usage (help).
 */
export function characterLevel(context: CommandContext, args: string): boolean {
  const { world, out } = context;
  const tokens = args.split(' ').filter((token) => token !== '');
  if (tokens.length !== 2 || !/^[+-]?\d+$/.test(tokens[1])) return false;
  const character = resolveCharacter(context, tokens[0]);
  if (!character) return false;
  let level = Number(tokens[1]);
  if (level < -32768 || level > 32767) return false;
  if (out.flavor === 'ac') {
    if (level < 1) return false;
    level = Math.min(level, MAX_PLAYER_LEVEL);
  } else {
    level = Math.min(255, Math.max(1, level));
  }
  world.setLevel(character.name, level);
  out.say('YOU_CHANGE_LVL', character.name, level);
  return true;
}
