/**
 * @module TrinityCore 3.3.5 console output formats (the `trinity_string` texts and the
 * literal strings of the command handlers), written in the template language of
 * `template.ts`. A realm's `formats` config overrides any entry by id.
 *
 * Entries of one group (`serverInfo.*`) are tried in the order listed here, first match
 * wins: keep the more specific template first (`pinfo.mapArea` before `pinfo.map`).
 * Entries under `duration.*` and `words.*` are `|`-separated word lists, not templates.
 */

/** The TrinityCore format table. */
export const TRINITYCORE_FORMATS: Readonly<Record<string, string>> = {
  // server info (cs_server.cpp HandleServerInfoCommand; ids 60, 12, 13, 19, 20)
  'serverInfo.version': '{product} rev. {revision}',
  'serverInfo.players': 'Online players: {players:int} (max: {maxPlayers:int})',
  'serverInfo.connections':
    'Active connections: {active:int} (max: {maxActive:int}) Queued connections: {queued:int} (max: {maxQueued:int})',
  'serverInfo.uptime': 'Server uptime: {uptime:duration}',
  'serverInfo.updateDiff': 'Update time diff: {diff:num}.',
  'serverInfo.shutdown': 'Time left until shutdown/restart: {timeLeft:duration}',

  // account onlinelist (cs_account.cpp; ids 1013, 1011, 1015, 1010, 1012, 1014)
  'onlineList.row':
    '-[{account}][{character}][{ip}][{map:int}][{zone:int}][{expansion:int}][{gmLevel:int}]-',
  'onlineList.errorRow': '|<Error>        | {character} |<Error>          |<Er>| <Error>   |',
  'onlineList.title': '-======================== Characters Online =======================-',
  'onlineList.header': '-[         Account][   Character][             IP][Map][Zone][Exp][GMLev]-',
  'onlineList.bar': '-==================================================================-',
  'onlineList.empty': 'No online players.',

  // pinfo (cs_misc.cpp HandlePInfoCommand; ids 453, 548-550, 714, 716, 749, 879, 752, 843...)
  'pinfo.player': '│Player {status} {character:word} (guid: {guid})',
  'pinfo.gmMode': '│ GM Mode active, Phase: {phase:int}',
  'pinfo.banned': '├─ Banned: (Type: {type}, Reason: {reason}, Time: {time}, By: {by})',
  'pinfo.muted': '├─ Muted: (Reason: {reason}, Time: {time}, By: {by})',
  'pinfo.account': '│ Account: {account} (ID: {accountId:int}), GMLevel: {gmLevel:int}',
  'pinfo.lastLogin': '│ Last Login: {lastLogin} (Failed Logins: {failedLogins:int})',
  'pinfo.os': '│ OS: {os} - Latency: {latency:int} ms',
  'pinfo.email': '└ Registration Email: {registrationEmail} - Email: {email}',
  'pinfo.ip': '│ Last IP: {ip} (Locked: {locked})',
  'pinfo.levelXp': '│ Level: {level:int} ({xp:int}/{xpMax:int} XP ({xpLeft:int} XP left))',
  'pinfo.level': '│ Level: {level:int}',
  'pinfo.race': '│ Race: {gender} {race}, {class}',
  'pinfo.alive': '│ Alive ?: {alive}',
  'pinfo.phase': '│ Phase: {phase:int}',
  'pinfo.money': '│ Money: {gold:int}g{silver:int}s{copper:int}c',
  'pinfo.mapArea': '│ Map: {map}, Zone: {zone}, Area: {area}',
  'pinfo.map': '│ Map: {map}, Zone: {zone}',
  'pinfo.guild': '│ Guild: {guild} (ID: {guildId:int})',
  'pinfo.guildRank': '├─ Rank: {rank}',
  'pinfo.guildNote': '├─ Note: {note}',
  'pinfo.guildOfficerNote': '├─ O. Note: {officerNote}',
  'pinfo.played': '│ Played time: {played:duration}',
  'pinfo.mails': '│ Mails: {read:int} Read/{total:int} Total',

  // gm list / gm ingame (cs_gm.cpp; ids 597, 599, 16, 17)
  'gmList.row': '|{name}|{gmLevel:int}|',
  'gmList.sessionRow': '|    {name} GMLevel {gmLevel:int}',
  'gmList.accountsTitle': 'Current gamemasters:',
  'gmList.ingameTitle': 'The following GMs are active on this server:',
  'gmList.bar': '========================',
  'gmList.accountsEmpty': 'No gamemasters.',
  'gmList.ingameEmpty': 'There are no GMs currently logged in on this server.',

  // lookup player account (cs_lookup.cpp; ids 328, 329, 5029)
  'lookup.title': 'Characters at account {account} (Id: {accountId:int})',
  'lookup.characterStatus': '{name:word} (GUID {guid:int}) {online}',
  'lookup.character': '{name:word} (GUID {guid:int})',
  'lookup.limit': 'Result limit reached (max results: {max:int})',

  // server motd (id 56; the MOTD itself follows on the next lines)
  'motd.title': 'Current Message of the day:',

  // secsToTimeString unit words (FullText, older "(s)" forms, ShortText)
  'duration.days': 'Day|Days|Day(s)|d',
  'duration.hours': 'Hour|Hours|Hour(s)|h',
  'duration.minutes': 'Minute|Minutes|Minute(s)|m',
  'duration.seconds': 'Second|Seconds|Second(s)|s',

  // answers of yes/no fields (pinfo `Locked`, `Alive ?`; ids 421, 422)
  'words.yes': 'Yes',
};
