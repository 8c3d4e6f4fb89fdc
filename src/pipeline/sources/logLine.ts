/**
 * @module The worldserver log line grammar (TrinityCore 3.3.5 and AzerothCore): the
 * appender prefix (TC `2025-01-13_15:02:07 INFO  [chat.log.say] `, AC `2025-08-22 05:26:35
 * INFO [chat.say] `, any subset of time / level / logger, or none), and the messages of
 * the chat log script (every channel, old and new AzerothCore wording), the GM command
 * log, character login/logout, and the startup/halt lines. Pure functions; the operator
 * that turns lines into events is `src/operators/parseLogLine.ts`.
 */
import type { EventData } from '../events.ts';

/** The appender prefix of a line, and the message after it. */
export interface LogPrefix {
  /** Date and time of the prefix (flag 1), as written (server local time). */
  readonly stamp?: {
    year: number;
    month: number;
    day: number;
    hour: number;
    minute: number;
    second: number;
  };
  /** Level (flag 2): `INFO`, `DEBUG`, ... */
  readonly level?: string;
  /** Logger / filter type (flag 4): `chat.log.say`, `commands.gm`, ... */
  readonly logger?: string;
  /** The message text. */
  readonly message: string;
}

/** What a recognised message means. */
export type LogRecord =
  | { readonly kind: 'chat'; readonly data: EventData<'chat.message'> }
  | { readonly kind: 'gm'; readonly data: EventData<'gm.command'> }
  | { readonly kind: 'login'; readonly data: EventData<'player.login'> }
  | { readonly kind: 'logout'; readonly data: EventData<'player.logout'> }
  | { readonly kind: 'started' | 'shutdown'; readonly message: string };

const PREFIX =
  /^(?:(\d{4})-(\d{2})-(\d{2})[_ ](\d{2}):(\d{2}):(\d{2}) +)?(?:(FATAL|ERROR|WARN|WARNING|INFO|DEBUG|TRACE) +)?(?:\[([A-Za-z0-9_.\-]+)\] +)?/;

/**
 * Splits a line into its appender prefix and message. Every part of the prefix is
 * optional, as the appender flags decide which are written.
 *
 * @param line One log line, without its newline.
 * @returns The prefix parts and the message.
 */
export function splitLogPrefix(line: string): LogPrefix {
  const match = PREFIX.exec(line)!;
  const [whole, year, month, day, hour, minute, second, level, logger] = match;
  const prefix: {
    stamp?: LogPrefix['stamp'];
    level?: string;
    logger?: string;
    message: string;
  } = { message: line.slice(whole.length) };
  if (year !== undefined) {
    prefix.stamp = {
      year: Number(year),
      month: Number(month),
      day: Number(day),
      hour: Number(hour),
      minute: Number(minute),
      second: Number(second),
    };
  }
  if (level !== undefined) prefix.level = level;
  if (logger !== undefined) prefix.logger = logger;
  return prefix;
}

/**
 * Converts a prefix time to ms since the epoch.
 *
 * @param stamp The prefix time.
 * @param utcOffsetMinutes The worldserver's UTC offset; undefined: this host's local zone.
 * @returns The time, or undefined when the fields do not form a real date.
 */
export function stampToTime(
  stamp: NonNullable<LogPrefix['stamp']>,
  utcOffsetMinutes?: number,
): number | undefined {
  const { year, month, day, hour, minute, second } = stamp;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return undefined;
  }
  if (utcOffsetMinutes !== undefined) {
    return Date.UTC(year, month - 1, day, hour, minute, second) - utcOffsetMinutes * 60_000;
  }
  return new Date(year, month - 1, day, hour, minute, second).getTime();
}

type Chat = EventData<'chat.message'>;
type Channel = Chat['channel'];

const NAME = '(\\S+)';
const CHAT_RULES: ReadonlyArray<readonly [RegExp, (m: RegExpExecArray) => Omit<Chat, 'addon'>]> = [
  // say / yell / emote: TC and AC (AC also gives the language of emotes).
  [
    new RegExp(`^Player ${NAME} (says|yells|emotes) \\(language (\\d+)\\): (.*)$`),
    (m) => ({
      channel: VERB_CHANNEL[m[2]],
      character: m[1],
      language: Number(m[3]),
      text: m[4],
    }),
  ],
  [
    new RegExp(`^Player ${NAME} emotes: (.*)$`),
    (m) => ({ channel: 'emote', character: m[1], text: m[2] }),
  ],
  // AzerothCore (current): `{role} {name} {tells|sends raid warning} {party|raid|bg} with leader {leader}: {text}`
  [
    new RegExp(
      `^(Player|Leader player) ${NAME} (tells|sends raid warning) (party|raid|bg) with leader ${NAME}: (.*)$`,
    ),
    (m) => ({
      channel: m[3] === 'tells' ? GROUP_CHANNEL[m[4]] : 'raid_warning',
      character: m[2],
      leader: m[5],
      text: m[6],
    }),
  ],
  // TrinityCore (and older AzerothCore) group chat.
  [
    new RegExp(`^Player ${NAME} tells (group|raid|battleground) with leader ${NAME}: (.*)$`),
    (m) => ({ channel: GROUP_CHANNEL[m[2]], character: m[1], leader: m[3], text: m[4] }),
  ],
  [
    new RegExp(`^Leader (?:player )?${NAME} tells (group|raid|battleground): (.*)$`),
    (m) => ({ channel: GROUP_CHANNEL[m[2]], character: m[1], leader: m[1], text: m[3] }),
  ],
  [
    new RegExp(`^Leader player ${NAME} (?:warns raid with|sends raid warning): (.*)$`),
    (m) => ({ channel: 'raid_warning', character: m[1], text: m[2] }),
  ],
  // AzerothCore guild: `Player {} tells guild "{}": {}` / `tells guild.officer "{}"`.
  [
    new RegExp(`^Player ${NAME} tells (guild|guild\\.officer) "([^"]*)": (.*)$`),
    (m) => ({
      channel: m[2] === 'guild' ? 'guild' : 'officer',
      character: m[1],
      guild: m[3],
      text: m[4],
    }),
  ],
  [
    new RegExp(`^Player ${NAME} tells guild (.+?) officers: (.*)$`),
    (m) => ({ channel: 'officer', character: m[1], guild: m[2], text: m[3] }),
  ],
  [
    new RegExp(`^Player ${NAME} tells guild (.+?): (.*)$`),
    (m) => ({ channel: 'guild', character: m[1], guild: m[2], text: m[3] }),
  ],
  [
    new RegExp(`^Player ${NAME} tells channel (.+?): (.*)$`),
    (m) => ({ channel: 'channel', character: m[1], channelName: m[2], text: m[3] }),
  ],
  // Whisper: TC `tells {receiver}`, AC `whisper {receiver}`; `<unknown>` when offline.
  [
    new RegExp(`^Player ${NAME} (?:tells|whisper) ${NAME}: (.*)$`),
    (m) => ({
      channel: 'whisper',
      character: m[1],
      ...(m[2] === '<unknown>' ? {} : { target: m[2] }),
      text: m[3],
    }),
  ],
];

const VERB_CHANNEL: Readonly<Record<string, Channel>> = {
  says: 'say',
  yells: 'yell',
  emotes: 'emote',
};
const GROUP_CHANNEL: Readonly<Record<string, Channel>> = {
  group: 'party',
  party: 'party',
  raid: 'raid',
  battleground: 'battleground',
  bg: 'battleground',
};

const GM_DETAILS = new RegExp(
  `^${NAME} \\((GUID Full:[^)]*)\\) \\(Account: (\\d+)\\) X: (\\S+) Y: (\\S+) Z: (\\S+) ` +
    `Map: (\\d+) \\((.*?)\\) Area: (\\d+) \\((.*?)\\) Zone: (.*?) Selected: (.*?) \\((GUID Full:[^)]*)\\)\\]$`,
);
const SESSION =
  /^Account: (\d+) \(IP: ([^)]*)\) (Login|Logout) Character:\[([^\]]+)\] .*?Level: (\d+)/;
const READY = /\(worldserver-daemon\) ready\.\.\.\s*$/;
const HALTING = /^Halting process\.\.\.\s*$/;

/**
 * Recognises a message (the text after the prefix).
 *
 * @param message The message.
 * @param logger The logger from the prefix, when written: it disambiguates guild officer
 *   chat and marks addon messages (`chat.log.addon.*`, `chat.addon.*`).
 * @returns What it means, or undefined for lines realmstream does not use.
 */
export function parseLogMessage(message: string, logger?: string): LogRecord | undefined {
  if (message.startsWith('Player ') || message.startsWith('Leader ')) {
    const chat = parseChat(message, logger);
    if (chat) return { kind: 'chat', data: chat };
    return undefined;
  }
  if (message.startsWith('Command: ')) return parseGmCommand(message);
  if (message.startsWith('Account: ')) {
    const m = SESSION.exec(message);
    if (!m) return undefined;
    const [, account, ip, what, character, level] = m;
    if (what === 'Logout') return { kind: 'logout', data: { character, account } };
    return { kind: 'login', data: { character, account, level: Number(level), ip } };
  }
  if (READY.test(message)) return { kind: 'started', message: message.trim() };
  if (HALTING.test(message)) return { kind: 'shutdown', message: message.trim() };
  return undefined;
}

function parseChat(message: string, logger?: string): Chat | undefined {
  // With the logger known, guild chat is unambiguous even for a guild named "... officers".
  const guildLogger = logger?.match(/(?:^|\.)guild(\.officer)?$/);
  for (const [regex, build] of CHAT_RULES) {
    const m = regex.exec(message);
    if (!m) continue;
    let chat: Chat = build(m);
    if (guildLogger && chat.channel === 'officer' && !guildLogger[1] && !message.includes('"')) {
      const plain = /^Player (\S+) tells guild (.+?): (.*)$/.exec(message)!;
      chat = { channel: 'guild', character: plain[1], guild: plain[2], text: plain[3] };
    }
    if (logger && /(^|\.)addon(\.|$)/.test(logger)) chat = { ...chat, addon: true };
    return chat;
  }
  return undefined;
}

function parseGmCommand(message: string): LogRecord | undefined {
  // The command text may contain anything; the details block is always last.
  const at = message.lastIndexOf(' [Player: ');
  if (at < 0) return undefined;
  const command = message.slice('Command: '.length, at);
  const m = GM_DETAILS.exec(message.slice(at + ' [Player: '.length));
  if (!m || command === '') return undefined;
  const [, character, , account, x, y, z, map, mapName, area, areaName, zoneText, selected] = m;
  const data: EventData<'gm.command'> = { command, character, account };
  const position = { x: Number(x), y: Number(y), z: Number(z) };
  if (Number.isFinite(position.x) && Number.isFinite(position.y) && Number.isFinite(position.z)) {
    data.position = position;
  }
  data.map = Number(map);
  data.mapName = mapName;
  data.area = Number(area);
  data.areaName = areaName;
  // TrinityCore writes the zone name only; AzerothCore `{id} ({name})`.
  const zone = /^(\d+) \((.*)\)$/.exec(zoneText);
  if (zone) {
    data.zone = Number(zone[1]);
    data.zoneName = zone[2];
  } else {
    data.zoneName = zoneText;
  }
  if (selected !== '') data.target = selected;
  return { kind: 'gm', data };
}
