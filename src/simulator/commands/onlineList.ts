/**
 * @module `account onlinelist`: the framed table of characters in the world. TrinityCore pads
 * the columns (`%16s`, `%3d`...), AzerothCore lost the widths in the fmt conversion and prints
 * them unpadded; both print only `No online players.` when nobody is on.
 */
import type { CommandContext } from './tree.ts';

/**
 * `account onlinelist`.
 *
 * @param context World and output.
 * @returns Always true.
 */
export function accountOnlineList({ world, out }: CommandContext): boolean {
  // TC walks the session map (ordered here by account id); AC reads `characters` by guid.
  const online = world.online();
  const rows = out.flavor === 'tc'
    ? [...online].sort((a, b) => a.accountId - b.accountId || a.guid - b.guid)
    : online;
  if (rows.length === 0) {
    out.say('ACCOUNT_LIST_EMPTY');
    return true;
  }
  out.say('ACCOUNT_LIST_BAR_HEADER');
  out.say('ACCOUNT_LIST_HEADER');
  out.say('ACCOUNT_LIST_BAR');
  for (const character of rows) {
    const account = world.accounts.get(character.accountId);
    out.say(
      'ACCOUNT_LIST_LINE',
      account?.name ?? '',
      character.name,
      account?.lastIp ?? '',
      character.map,
      character.zone,
      account?.expansion ?? 2,
      account?.gmLevel ?? 0,
    );
  }
  out.say('ACCOUNT_LIST_BAR');
  return true;
}
