/**
 * @module The command output strings of both cores, as the reference quotes them from
 * `trinity_string` (TrinityCore 3.3.5, printf syntax) and `acore_string` / hard-coded calls
 * (AzerothCore, `{}` syntax). Where upstream uses `%.*s` with a string view, the table says
 * `%s`: the output is the same and every call site passes plain strings.
 */
import type { SimFlavor } from '../world/types.ts';

/** The keys every flavour defines. */
export type StringKey = keyof typeof TC_STRINGS;

const TC_STRINGS = {
  CMD_INVALID: "Command '%s' does not exist",
  CMD_AMBIGUOUS: "Command '%s' is ambiguous:",
  SUBCMD_AMBIGUOUS: "Subcommand '%s%c%s' is ambiguous:",
  SUBCMDS_LIST: 'Possible subcommands:',
  SUBCMDS_LIST_ENTRY: '|- %s',
  SUBCMDS_LIST_ENTRY_ELLIPSIS: '|- %s ...',
  CMD_HELP_GENERIC: '### USAGE: .%s ...',
  CHAR_NAME_NO_EXIST: "Character '%s' does not exist.",
  // server info
  FULL_VERSION: '%s',
  CONNECTED_PLAYERS: 'Online players: %u (max: %u)',
  CONNECTED_USERS: 'Active connections: %u (max: %u) Queued connections: %u (max: %u)',
  UPTIME: 'Server uptime: %s',
  UPDATE_DIFF: 'Update time diff: %u.',
  SHUTDOWN_TIMELEFT: 'Time left until shutdown/restart: %s',
  // account onlinelist
  ACCOUNT_LIST_BAR_HEADER: '-======================== Characters Online =======================-',
  ACCOUNT_LIST_HEADER: '-[         Account][   Character][             IP][Map][Zone][Exp][GMLev]-',
  ACCOUNT_LIST_BAR: '-==================================================================-',
  ACCOUNT_LIST_LINE: '-[%16s][%12s][%15s][%3d][%4d][%d][%d]-',
  ACCOUNT_LIST_EMPTY: 'No online players.',
  // motd
  MOTD_CURRENT: 'Current Message of the day: \r\n%s',
  // pinfo
  OFFLINE: ' (offline)',
  PINFO_PLAYER: '│Player %s %s (guid: %u)',
  PINFO_GM_ACTIVE: '│ GM Mode active, Phase: -1',
  PINFO_ACC_ACCOUNT: '│ Account: %s (ID: %u), GMLevel: %u',
  PINFO_ACC_LASTLOGIN: '│ Last Login: %s (Failed Logins: %u)',
  PINFO_ACC_OS: '│ OS: %s - Latency: %u ms',
  PINFO_ACC_REGMAILS: '└ Registration Email: %s - Email: %s',
  PINFO_ACC_IP: '│ Last IP: %s (Locked: %s)',
  PINFO_CHR_LEVEL_LOW: '│ Level: %u (%u/%u XP (%u XP left))',
  PINFO_CHR_LEVEL_HIGH: '│ Level: %u',
  PINFO_CHR_RACE: '│ Race: %s %s, %s',
  PINFO_CHR_ALIVE: '│ Alive ?: %s',
  PINFO_CHR_PHASE: '│ Phase: %u',
  PINFO_CHR_MONEY: '│ Money: %ug%us%uc',
  PINFO_CHR_MAP_WITH_AREA: '│ Map: %s, Zone: %s, Area: %s',
  PINFO_CHR_MAP: '│ Map: %s, Zone: %s',
  PINFO_CHR_GUILD: '│ Guild: %s (ID: %u)',
  PINFO_CHR_GUILD_RANK: '├─ Rank: %s',
  PINFO_CHR_PLAYEDTIME: '│ Played time: %s',
  PINFO_CHR_MAILS: '│ Mails: %d Read/%u Total',
  YES: 'Yes',
  NO: 'No',
  MALE: 'Male',
  FEMALE: 'Female',
  // gm
  GMLIST: 'Current gamemasters:',
  GMLIST_EMPTY: 'No gamemasters.',
  GMS_ON_SRV: 'The following GMs are active on this server:',
  GMS_NOT_LOGGED: 'There are no GMs currently logged in on this server.',
  GM_BAR: '========================',
  GM_LINE: '|%*s%s%*s|   %u  |',
  // lookup
  LOOKUP_PLAYER_ACCOUNT: 'Characters at account %s (Id: %u)',
  LOOKUP_PLAYER_CHARACTER: '  %s (GUID %u) %s',
  ONLINE: '(online)',
  NO_PLAYERS_FOUND: 'No players found!',
  // character level
  YOU_CHANGE_LVL: 'You changed level of %s to %i.',
  // shutdown
  SHUTDOWN_DELAYED:
    "Server shutdown delayed to %d seconds as other users are still connected. Specify 'force' to override.",
  SHUTDOWN_CANCELLED: 'Server shutdown scheduled for T+%d seconds was successfully cancelled.',
  BAD_VALUE: 'Incorrect values.',
} as const;

// AzerothCore's `server info` has no "users" line: CONNECTED_PLAYERS and CONNECTED_USERS hold
// its two variants of the players line (without and with a login queue).
const AC_STRINGS: Readonly<Record<StringKey, string>> = {
  CMD_INVALID: "Command '{}' does not exist",
  CMD_AMBIGUOUS: "Command '{}' is ambiguous:",
  SUBCMD_AMBIGUOUS: "Subcommand '{}{}{}' is ambiguous:",
  SUBCMDS_LIST: 'Possible subcommands:',
  SUBCMDS_LIST_ENTRY: '|- {}',
  SUBCMDS_LIST_ENTRY_ELLIPSIS: '|- {} ...',
  CMD_HELP_GENERIC: '### USAGE: .{} ...',
  CHAR_NAME_NO_EXIST: "Character '{}' does not exist.",
  FULL_VERSION: '{}',
  CONNECTED_PLAYERS: 'Connected players: {}. Characters in world: {}.',
  CONNECTED_USERS: 'Connected players: {}. Characters in world: {}. Queue: {}.',
  UPTIME: 'Server uptime: {}',
  UPDATE_DIFF: 'Update time diff: {}ms. Last {} diffs summary:',
  SHUTDOWN_TIMELEFT: 'Time left until shutdown/restart: {}',
  ACCOUNT_LIST_BAR_HEADER: TC_STRINGS.ACCOUNT_LIST_BAR_HEADER,
  ACCOUNT_LIST_HEADER: TC_STRINGS.ACCOUNT_LIST_HEADER,
  ACCOUNT_LIST_BAR: TC_STRINGS.ACCOUNT_LIST_BAR,
  ACCOUNT_LIST_LINE: '-[{}][{}][{}][{}][{}][{}][{}]-',
  ACCOUNT_LIST_EMPTY: 'No online players.',
  MOTD_CURRENT: 'Current Message of the day:',
  OFFLINE: ' (offline)',
  PINFO_PLAYER: '¦ Player {} {} (guid: {})',
  PINFO_GM_ACTIVE: '¦ GM Mode active, Phase: -1',
  PINFO_ACC_ACCOUNT: '¦ Account: {} (ID: {}),\n\n GMLevel: {}',
  PINFO_ACC_LASTLOGIN: '¦ Last Login: {} (Failed Logins: {})',
  PINFO_ACC_OS: '¦ OS: {} - Latency: {} ms',
  PINFO_ACC_REGMAILS: '¦ Registration Email: {} - Email: {}',
  PINFO_ACC_IP: '¦ Last IP: {} (Locked: {})',
  PINFO_CHR_LEVEL_LOW: '¦ Level: {} ({}/{} XP ({} XP left))',
  PINFO_CHR_LEVEL_HIGH: '¦ Level: {}',
  PINFO_CHR_RACE: '¦ Race: {} {}, {}',
  PINFO_CHR_ALIVE: '¦ Alive ?: {}',
  PINFO_CHR_PHASE: '¦ Phase: {}',
  PINFO_CHR_MONEY: '¦ Money: {}g{}s{}c',
  PINFO_CHR_MAP_WITH_AREA: '¦ Map: {}, Zone: {}, Area: {}',
  PINFO_CHR_MAP: '¦ Map: {}, Zone: {}',
  PINFO_CHR_GUILD: '¦ Guild: {} (ID: {})',
  PINFO_CHR_GUILD_RANK: '├─ Rank: {}',
  PINFO_CHR_PLAYEDTIME: '¦ Played time: {}',
  PINFO_CHR_MAILS: '¦ Mails: {} Read/{} Total',
  YES: 'Yes',
  NO: 'No',
  MALE: 'Male',
  FEMALE: 'Female',
  GMLIST: 'Current gamemasters:',
  GMLIST_EMPTY: 'No gamemasters.',
  GMS_ON_SRV: 'There are the following active GMs on this server:',
  GMS_NOT_LOGGED: 'There are no GMs currently logged in on this server.',
  GM_BAR: '========================',
  GM_LINE: '|{}{}{}|   {}  |',
  LOOKUP_PLAYER_ACCOUNT: 'Characters at account {} (Id: {})',
  LOOKUP_PLAYER_CHARACTER: '  {} (GUID {}) - {} - {} - {}{}',
  ONLINE: ' - [ONLINE]',
  NO_PLAYERS_FOUND: 'No players found!',
  YOU_CHANGE_LVL: 'You changed level of {} to {}.',
  SHUTDOWN_DELAYED: TC_STRINGS.SHUTDOWN_DELAYED.replace('%d', '{}'),
  SHUTDOWN_CANCELLED: 'Server shutdown scheduled for T+{} seconds was successfully cancelled.',
  BAD_VALUE: 'Incorrect values.',
};

/** AzerothCore-only strings (no TrinityCore counterpart). */
export const AC_ONLY = {
  CONNECTION_PEAK: 'Connection peak: {}.',
  DIFF_MEAN: '|- Mean: {}ms',
  DIFF_MEDIAN: '|- Median: {}ms',
  DIFF_PERCENTILES: '|- Percentiles (95, 99, max): {}ms, {}ms, {}ms',
  MOTD_LOCALE_LINE: '{}: {}',
  ACCOUNT_FLAGS_PINFO: '| AccountFlags:',
  ACCOUNT_FLAG_ENTRY: '|- {}',
} as const;

/** Locale names in `LocaleConstant` order (AzerothCore prints the MOTD for each). */
export const AC_LOCALES = [
  'enUS',
  'koKR',
  'frFR',
  'deDE',
  'zhCN',
  'zhTW',
  'esES',
  'esMX',
  'ruRU',
] as const;

/**
 * The string table of a flavour.
 *
 * @param flavor `tc` or `ac`.
 * @returns Its strings.
 */
export function stringsFor(flavor: SimFlavor): Readonly<Record<StringKey, string>> {
  return flavor === 'tc' ? TC_STRINGS : AC_STRINGS;
}
