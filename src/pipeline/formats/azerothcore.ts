/**
 * @module AzerothCore console output formats (the `acore_string` texts and the literal
 * strings of the command handlers, which use fmt `{}` upstream), written in the template
 * language of `template.ts`. A realm's `formats` config overrides any entry by id.
 *
 * Entries of one group are tried in the order listed here, first match wins.
 * Entries under `duration.*` and `words.*` are `|`-separated word lists, not templates.
 */

/** The AzerothCore format table. */
export const AZEROTHCORE_FORMATS: Readonly<Record<string, string>> = {
  // server info (cs_server.cpp): the queue variant first, it is the longer one
  'serverInfo.version': '{product} rev. {revision}',
  'serverInfo.playersQueued':
    'Connected players: {active:int}. Characters in world: {players:int}. Queue: {queued:int}.',
  'serverInfo.players': 'Connected players: {active:int}. Characters in world: {players:int}.',
  'serverInfo.peak': 'Connection peak: {peak:int}.',
  'serverInfo.uptime': 'Server uptime: {uptime:duration}',
  // current AC prints a four-line summary; AC until ~2024 printed one line with the average
  'serverInfo.updateDiffSummary':
    'Update time diff: {diff:num}ms. Last {samples:int} diffs summary:',
  'serverInfo.updateDiffAverage': 'Update time diff: {diff:num}ms, average: {mean:num}ms.',
  'serverInfo.mean': '|- Mean: {mean:num}ms',
  'serverInfo.median': '|- Median: {median:num}ms',
  'serverInfo.percentiles': '|- Percentiles (95, 99, max): {p95:num}ms, {p99:num}ms, {max:num}ms',
  'serverInfo.shutdown': 'Time left until shutdown/restart: {timeLeft:duration}',

  // account onlinelist: id 1013 lost its printf widths in the fmt conversion (no padding)
  'onlineList.row':
    '-[{account}][{character}][{ip}][{map:int}][{zone:int}][{expansion:int}][{gmLevel:int}]-',
  'onlineList.errorRow': '|<Error>        | {character} |<Error>          |<Er>| <Error>   |',
  'onlineList.title': '-======================== Characters Online =======================-',
  'onlineList.header': '-[         Account][   Character][             IP][Map][Zone][Exp][GMLev]-',
  'onlineList.bar': '-==================================================================-',
  'onlineList.empty': 'No online players.',

  // pinfo: U+00A6 BROKEN BAR instead of TrinityCore's box drawing; the guid is a GUID string
  'pinfo.player': '¦ Player {status} {character:word} (guid: {guid})',
  'pinfo.gmMode': '¦ GM Mode active, Phase: {phase:int}',
  'pinfo.banned': '├─ Banned: (Type: {type}, Reason: {reason}, Time: {time}, By: {by})',
  'pinfo.muted': '├─ Muted: (Reason: {reason}, Time: {time}, By: {by})',
  // id 35404 has an embedded LF LF (a single LF in ACDB 12): the GM level is its own line
  'pinfo.accountGmLevel': '¦ Account: {account} (ID: {accountId:int}), GMLevel: {gmLevel:int}',
  'pinfo.account': '¦ Account: {account} (ID: {accountId:int}),',
  'pinfo.gmLevel': 'GMLevel: {gmLevel:int}',
  'pinfo.accountFlags': '| AccountFlags:',
  'pinfo.accountFlag': '|- {flag}',
  'pinfo.lastLogin': '¦ Last Login: {lastLogin} (Failed Logins: {failedLogins:int})',
  'pinfo.os': '¦ OS: {os} - Latency: {latency:int} ms',
  'pinfo.email': '¦ Registration Email: {registrationEmail} - Email: {email}',
  'pinfo.ip': '¦ Last IP: {ip} (Locked: {locked})',
  'pinfo.levelXp': '¦ Level: {level:int} ({xp:int}/{xpMax:int} XP ({xpLeft:int} XP left))',
  'pinfo.level': '¦ Level: {level:int}',
  'pinfo.race': '¦ Race: {gender} {race}, {class}',
  'pinfo.alive': '¦ Alive ?: {alive}',
  'pinfo.phase': '¦ Phase: {phase:int}',
  'pinfo.money': '¦ Money: {gold:int}g{silver:int}s{copper:int}c',
  'pinfo.mapArea': '¦ Map: {map}, Zone: {zone}, Area: {area}',
  'pinfo.map': '¦ Map: {map}, Zone: {zone}',
  'pinfo.guild': '¦ Guild: {guild} (ID: {guildId:int})',
  'pinfo.guildRank': '├─ Rank: {rank}',
  'pinfo.guildNote': '├─ Note: {note}',
  'pinfo.guildOfficerNote': '├─ O. Note: {officerNote}',
  'pinfo.played': '¦ Played time: {played:duration}',
  'pinfo.mails': '¦ Mails: {read:int} Read/{total:int} Total',

  // gm list: AC's fmt string has 4 placeholders for 6 arguments, so it prints the padding
  // numbers and drops the level (`|5 ADMIN|   5  |`)
  'gmList.row': '|{padLeft:int} {name}|{padRight:int}|',
  'gmList.sessionRow': '|    {name} GMLevel {gmLevel:int}',
  'gmList.accountsTitle': 'Current gamemasters:',
  'gmList.ingameTitle': 'There are the following active GMs on this server:',
  'gmList.bar': '========================',
  'gmList.accountsEmpty': 'No gamemasters.',
  'gmList.ingameEmpty': 'There are no GMs currently logged in on this server.',

  // lookup player account: the detailed form when the character cache has level/race/class
  'lookup.title': 'Characters at account {account} (Id: {accountId:int})',
  'lookup.characterDetails':
    '{name:word} (GUID {guid:int}) - {race} - {class} - {level:int}{online}',
  'lookup.character': '{name:word} (GUID {guid:int})',
  'lookup.limit': 'Result limit reached (max results: {max:int})',

  // server motd: title, then one `locale: text` line per locale (older AC: the text itself)
  'motd.title': 'Current Message of the day:',
  'motd.locale': '{locale:word}: {text}',

  'duration.days': 'day(s)|day|days|d',
  'duration.hours': 'hour(s)|hour|hours|h',
  'duration.minutes': 'minute(s)|minute|minutes|m',
  'duration.seconds': 'second(s)|second|seconds|s',

  'words.yes': 'Yes|true',
};
