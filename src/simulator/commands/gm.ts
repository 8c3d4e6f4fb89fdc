/**
 * @module `gm list` (accounts with a security level) and `gm ingame` (GMs in the world).
 * The console line is `|%*s%s%*s|   %u  |` with six arguments: TrinityCore centres the name
 * in 16 columns (uint8 arithmetic included), AzerothCore's `{}` version has only four
 * placeholders and prints the padding numbers instead, dropping the level.
 */
import type { CommandContext } from './tree.ts';

/**
 * The padding arguments upstream computes for a name (uint8 wrap-around included: a
 * 16-character name gives 255 spaces on the right).
 *
 * @param length Name length in bytes.
 * @returns `[max, max2]`.
 */
export function gmPadding(length: number): [number, number] {
  // (16 - strlen(name)) is size_t arithmetic: wrap to 64 bits, halve, keep the low byte.
  const max = Number(((BigInt(16) - BigInt(length)) & ((1n << 64n) - 1n)) / 2n & 0xffn);
  let max2 = max;
  if (max + max2 + length === 16) max2 = (max - 1) & 0xff;
  return [max, max2];
}

function line(context: CommandContext, name: string, level: number): void {
  const [max, max2] = gmPadding(new TextEncoder().encode(name).length);
  context.out.say('GM_LINE', max, ' ', name, max2, ' ', level);
}

/**
 * `gm list`.
 *
 * @param context World and output.
 * @returns Always true.
 */
export function gmList(context: CommandContext): boolean {
  const { world, out } = context;
  const gms = [...world.accounts.values()].filter((a) => a.gmLevel >= 1).sort((a, b) =>
    a.id - b.id
  );
  if (gms.length === 0) {
    out.say('GMLIST_EMPTY');
    return true;
  }
  out.say('GMLIST');
  out.say('GM_BAR');
  for (const account of gms) line(context, account.name, account.gmLevel);
  out.say('GM_BAR');
  return true;
}

/**
 * `gm ingame`.
 *
 * @param context World and output.
 * @returns Always true.
 */
export function gmIngame(context: CommandContext): boolean {
  const { world, out } = context;
  const gms = world.online().filter((character) =>
    character.gmMode || (world.accounts.get(character.accountId)?.gmLevel ?? 0) >= 1
  );
  if (gms.length === 0) {
    out.say('GMS_NOT_LOGGED');
    return true;
  }
  out.say('GMS_ON_SRV');
  out.say('GM_BAR');
  for (const character of gms) {
    line(context, character.name, world.accounts.get(character.accountId)?.gmLevel ?? 0);
  }
  out.say('GM_BAR');
  return true;
}
