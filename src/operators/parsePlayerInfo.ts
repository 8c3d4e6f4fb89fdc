/**
 * @module `parsePlayerInfo`: `pinfo <name>` output -> {@link PlayerInfo} snapshots.
 */
import type { OperatorFunction } from 'rxjs';
import type { FormatSet } from '../pipeline/formats/formatSet.ts';
import { lineParser, type LineReader, type ParserConfig } from '../pipeline/formats/lineParser.ts';
import type { ParseOutput, PlayerInfo } from '../pipeline/snapshots.ts';
import type { SoapReply } from '../pipeline/sources/soap/types.ts';

/** Options for {@link parsePlayerInfo}. */
export type ParsePlayerInfoConfig = ParserConfig;

type Values = Readonly<Record<string, string | number>>;

/** TrinityCore prints the low guid; AzerothCore a GUID string ending in `Low: N`. */
function lowGuid(text: string): number | undefined {
  const match = /^\d+$/.exec(text) ?? /Low: (\d+)/.exec(text);
  return match ? Number(match[1] ?? match[0]) : undefined;
}

/** Applies one recognised line (other than the first) to the snapshot. */
function apply(info: PlayerInfo, id: string, v: Values, formats: FormatSet): void {
  const s = (name: string) => v[name] as string;
  const n = (name: string) => v[name] as number;
  switch (id) {
    case 'pinfo.gmMode':
      info.gmMode = true;
      break;
    case 'pinfo.banned':
      info.ban = { type: s('type'), reason: s('reason'), time: s('time'), by: s('by') };
      break;
    case 'pinfo.muted':
      info.mute = { reason: s('reason'), time: s('time'), by: s('by') };
      break;
    case 'pinfo.accountGmLevel':
    case 'pinfo.account':
      info.account = s('account');
      info.accountId = n('accountId');
      if (v.gmLevel !== undefined) info.gmLevel = n('gmLevel');
      break;
    case 'pinfo.gmLevel':
      info.gmLevel = n('gmLevel');
      break;
    case 'pinfo.accountFlags':
      info.accountFlags = [];
      break;
    case 'pinfo.accountFlag':
      (info.accountFlags ??= []).push(s('flag'));
      break;
    case 'pinfo.lastLogin':
      info.lastLogin = s('lastLogin');
      info.failedLogins = n('failedLogins');
      break;
    case 'pinfo.os':
      info.os = s('os');
      info.latencyMs = n('latency');
      break;
    case 'pinfo.email':
      info.registrationEmail = s('registrationEmail');
      info.email = s('email');
      break;
    case 'pinfo.ip':
      info.lastIp = s('ip');
      info.locked = formats.isYes(s('locked'));
      break;
    case 'pinfo.levelXp':
      info.xp = n('xp');
      info.xpForLevel = n('xpMax');
      info.level = n('level');
      break;
    case 'pinfo.level':
      info.level = n('level');
      break;
    case 'pinfo.race':
      info.gender = s('gender');
      info.race = s('race');
      info.class = s('class');
      break;
    case 'pinfo.alive':
      info.alive = formats.isYes(s('alive'));
      break;
    case 'pinfo.phase':
      info.phase = n('phase');
      break;
    case 'pinfo.money':
      info.moneyCopper = n('gold') * 10_000 + n('silver') * 100 + n('copper');
      break;
    case 'pinfo.mapArea':
    case 'pinfo.map':
      info.map = s('map');
      info.zone = s('zone');
      if (v.area !== undefined) info.area = s('area');
      break;
    case 'pinfo.guild':
      info.guild = { name: s('guild'), id: n('guildId') };
      break;
    case 'pinfo.guildRank':
      if (info.guild) info.guild.rank = s('rank');
      break;
    case 'pinfo.guildNote':
      if (info.guild) info.guild.note = s('note');
      break;
    case 'pinfo.guildOfficerNote':
      if (info.guild) info.guild.officerNote = s('officerNote');
      break;
    case 'pinfo.played':
      info.playedSeconds = n('played');
      break;
    case 'pinfo.mails':
      info.mails = { read: n('read'), total: n('total') };
      break;
  }
}

const reader: LineReader<PlayerInfo> = {
  name: 'parsePlayerInfo',
  group: 'pinfo',
  read(lines, formats, unknown) {
    let info: PlayerInfo | undefined;
    for (const line of lines) {
      const match = formats.match('pinfo', line);
      if (!match) {
        unknown(line);
      } else if (match.id === 'pinfo.player') {
        const v = match.values;
        // The status slot holds the localised "(offline)" word, or nothing when online.
        info = { character: v.character as string, online: v.status === '' };
        const guid = lowGuid(v.guid as string);
        if (guid !== undefined) info.guid = guid;
      } else if (info) {
        apply(info, match.id, match.values, formats);
      } else {
        // A detail line before the `Player` line cannot be attributed to anyone.
        unknown(line);
      }
    }
    return info;
  },
};

/**
 * Parses `pinfo <name>` output into a {@link PlayerInfo} snapshot per reply.
 *
 * It's like `map(text => fields(text))`, but formats are data (TrinityCore's `│├─└` box
 * characters, AzerothCore's `¦` broken bar and its account line split by LF LF), and an
 * unrecognised line is a rate-limited `parse.error` value, never an exception.
 * Reads online/offline, account, level with or without XP, race, money (in copper),
 * map/zone/area, guild with rank and notes, played time (seconds), mails, bans, mutes.
 *
 * ```text
 * replies: --a----b--|      a, b: pinfo output
 * result:  --A----B--|      { kind: 'snapshot', snapshot: { character, online, level, ... } }
 * ```
 *
 * ## Example
 * ```ts
 * replies$.pipe(
 *   filter((reply) => reply.command.startsWith('pinfo ')),
 *   parsePlayerInfo({ realm: 'world-1', formats: compileFormats('trinitycore') }),
 *   diffPlayerInfo({ realm: 'world-1' }),
 * );
 * ```
 *
 * @see diffPlayerInfo
 * @param config Realm id, compiled formats, parse error rate limit.
 * @returns An operator from replies (or text) to parse outputs.
 */
export function parsePlayerInfo(
  config: ParsePlayerInfoConfig,
): OperatorFunction<SoapReply | string, ParseOutput<PlayerInfo>> {
  return lineParser(reader, config);
}
