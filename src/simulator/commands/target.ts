/**
 * @module The `PlayerIdentifier` argument of new-style commands: the name is normalised
 * (`thrall` -> `Thrall`) and looked up among online, then all characters; an unknown name
 * fails the command with `Character '<Name>' does not exist.`.
 */
import { normalizeName } from '../world/names.ts';
import type { SimCharacter } from '../world/types.ts';
import type { CommandContext } from './tree.ts';

/**
 * Resolves a character argument, printing the parser's error when it does not exist.
 *
 * @param context World and output.
 * @param token The argument.
 * @returns The character, or undefined after a failure message.
 */
export function resolveCharacter(context: CommandContext, token: string): SimCharacter | undefined {
  const name = normalizeName(token);
  const character = context.world.findCharacter(name);
  if (character) return character;
  context.out.say('CHAR_NAME_NO_EXIST', name);
  context.out.fail();
  return undefined;
}
