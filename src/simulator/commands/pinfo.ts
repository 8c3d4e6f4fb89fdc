/**
 * @module `pinfo <name>`: the account and character box. TrinityCore draws it with `│├─└`
 * (U+2502, U+251C, U+2500, U+2514) and shows the low GUID; AzerothCore uses `¦` (U+00A6),
 * shows the full GUID string, splits the account line with two LFs and adds the account
 * flags block for online characters.
 */
import { CLASSES, MAPS, MAX_PLAYER_LEVEL, RACES, xpForNextLevel, ZONES } from '../world/data.ts';
import { acTimeString, tcTimeString } from '../timeString.ts';
import type { SimCharacter } from '../world/types.ts';
import { AC_ONLY } from './strings.ts';
import { resolveCharacter } from './target.ts';
import type { CommandContext } from './tree.ts';

/**
 * `ObjectGuid::ToString()` of a player: TrinityCore prints upper-case hex, AzerothCore
 * lower-case.
 *
 * @param guid Low GUID.
 * @param flavor `tc` or `ac`.
 * @returns `GUID Full: 0x... Type: Player Low: N`.
 */
export function guidString(guid: number, flavor: 'tc' | 'ac'): string {
  const hex = guid.toString(16).padStart(16, '0');
  return `GUID Full: 0x${flavor === 'tc' ? hex.toUpperCase() : hex} Type: Player Low: ${guid}`;
}

/**
 * A world-clock time as MySQL's `DATE_FORMAT(..., '%Y-%m-%d %T')` prints it (UTC here).
 *
 * @param ms Milliseconds since the epoch.
 * @returns `YYYY-MM-DD HH:MM:SS`.
 */
export function sqlDateTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * `pinfo`.
 *
 * @param context World and output.
 * @param args The character name.
 * @returns False without exactly one argument (help).
 */
export function pinfo(context: CommandContext, args: string): boolean {
  const tokens = args.split(' ').filter((token) => token !== '');
  if (tokens.length !== 1) return false;
  const character = resolveCharacter(context, tokens[0]);
  if (!character) return false;
  printBox(context, character);
  return true;
}

function printBox({ world, out }: CommandContext, character: SimCharacter): void {
  const tc = out.flavor === 'tc';
  const account = world.accounts.get(character.accountId);
  const online = character.online;
  out.say(
    'PINFO_PLAYER',
    online ? '' : out.text('OFFLINE'),
    character.name,
    tc ? character.guid : guidString(character.guid, 'ac'),
  );
  if (online && character.gmMode) out.say('PINFO_GM_ACTIVE');
  out.say(
    'PINFO_ACC_ACCOUNT',
    account?.name ?? '<error>',
    character.accountId,
    account?.gmLevel ?? 0,
  );
  if (!tc && online) {
    out.format(AC_ONLY.ACCOUNT_FLAGS_PINFO);
    for (const flag of account?.flags ?? []) out.format(AC_ONLY.ACCOUNT_FLAG_ENTRY, flag);
  }
  out.say('PINFO_ACC_LASTLOGIN', sqlDateTime(account?.lastLogin ?? 0), account?.failedLogins ?? 0);
  out.say('PINFO_ACC_OS', account?.os ?? '', online ? character.latencyMs : 0);
  out.say('PINFO_ACC_REGMAILS', account?.regEmail ?? '', account?.email ?? '');
  out.say('PINFO_ACC_IP', account?.lastIp ?? '', out.text('NO'));
  if (character.level !== MAX_PLAYER_LEVEL) {
    const next = xpForNextLevel(character.level);
    out.say(
      'PINFO_CHR_LEVEL_LOW',
      character.level,
      character.xp,
      next,
      Math.max(0, next - character.xp),
    );
  } else {
    out.say('PINFO_CHR_LEVEL_HIGH', character.level);
  }
  out.say(
    'PINFO_CHR_RACE',
    out.text(character.gender === 0 ? 'MALE' : 'FEMALE'),
    RACES[character.race]?.name ?? '<error>',
    CLASSES[character.class] ?? '<error>',
  );
  out.say('PINFO_CHR_ALIVE', out.text(character.alive ? 'YES' : 'NO'));
  if (online && !character.gmMode) out.say('PINFO_CHR_PHASE', 1);
  const money = character.money;
  out.say(
    'PINFO_CHR_MONEY',
    Math.floor(money / 10000),
    Math.floor((money % 10000) / 100),
    money % 100,
  );
  const zone = ZONES[character.zone];
  const mapName = MAPS[character.map] ?? '<error>';
  const zoneName = zone?.name ?? ' <unknown> ';
  const area = zone?.areas.find((candidate) => candidate.id === character.area);
  if (area) out.say('PINFO_CHR_MAP_WITH_AREA', mapName, zoneName, area.name);
  else out.say('PINFO_CHR_MAP', mapName, zoneName);
  const guild = character.guildId === undefined ? undefined : world.guilds.get(character.guildId);
  if (guild) {
    out.say('PINFO_CHR_GUILD', guild.name, guild.id);
    out.say('PINFO_CHR_GUILD_RANK', character.guildRank ?? '');
  }
  const session = online && character.loginAt !== undefined
    ? Math.floor((world.now() - character.loginAt) / 1000)
    : 0;
  const played = character.playedSeconds + Math.max(0, session);
  out.say(
    'PINFO_CHR_PLAYEDTIME',
    tc ? tcTimeString(played, 'short', true) : acTimeString(played, true),
  );
  if (character.mailsTotal >= 1) {
    out.say('PINFO_CHR_MAILS', character.mailsRead, character.mailsTotal);
  }
}
