/**
 * @module The simulated world's records (accounts, characters, guilds) and the typed events
 * it publishes (`SimWorldEvent`). The events carry everything a Metric pusher or a log writer
 * needs to produce the worldserver's own lines: account id, IP, GUID, level, XP, position.
 */

/** Which core the simulator imitates. */
export type SimFlavor = 'tc' | 'ac';

/** An account of the auth database. */
export interface SimAccount {
  /** Account id. */
  readonly id: number;
  /** User name, upper case (as the auth database stores it). */
  readonly name: string;
  /** Password; compared case-insensitively (Latin letters), like SRP6 on upper-cased input. */
  password: string;
  /** Security level: 0 player, 1 moderator, 2 gamemaster, 3 administrator. */
  gmLevel: number;
  /** Address of the last login. */
  lastIp: string;
  /** Last login, ms since the epoch (world clock). */
  lastLogin: number;
  /** Client OS of the last session (`Win`, `OSX`). */
  os: string;
  /** Registration email and current email. */
  regEmail: string;
  email: string;
  /** Failed logins counter. */
  failedLogins: number;
  /** Expansion (2 = Wrath of the Lich King). */
  expansion: number;
  /** AzerothCore account flags shown by pinfo (`ACCOUNT_FLAG_GM`...). */
  flags: string[];
}

/** A position in the world. */
export interface SimPosition {
  readonly x: number;
  readonly y: number;
  readonly z: number;
}

/** A character of the characters database (online or not). */
export interface SimCharacter {
  /** Low GUID. */
  readonly guid: number;
  /** Name (first letter upper case, rest lower case). */
  readonly name: string;
  /** Owning account id. */
  accountId: number;
  race: number;
  class: number;
  /** 0 male, 1 female. */
  gender: 0 | 1;
  level: number;
  /** XP into the current level. */
  xp: number;
  /** Money in copper. */
  money: number;
  map: number;
  zone: number;
  /** Area id; equal to `zone` when the character stands in no sub-area. */
  area: number;
  position: SimPosition;
  guildId?: number;
  guildRank?: string;
  online: boolean;
  /** Session start (world clock, ms) while online. */
  loginAt?: number;
  /** Played time in seconds, not counting the current session. */
  playedSeconds: number;
  alive: boolean;
  /** GM mode (`.gm on`): pinfo prints `GM Mode active`, gm ingame lists it. */
  gmMode: boolean;
  /** Latency in ms while online. */
  latencyMs: number;
  mailsRead: number;
  mailsTotal: number;
}

/** A guild. */
export interface SimGuild {
  readonly id: number;
  readonly name: string;
}

/** A self-contained description of a character at the time of an event. */
export interface SimCharacterInfo {
  readonly guid: number;
  readonly name: string;
  readonly accountId: number;
  readonly account: string;
  /** The session's remote address (IPv4 or IPv6). */
  readonly ip: string;
  readonly race: number;
  readonly raceName: string;
  readonly class: number;
  readonly className: string;
  readonly gender: 0 | 1;
  readonly level: number;
  readonly xp: number;
  /** XP needed for the next level (0 at the cap). */
  readonly xpForNextLevel: number;
  readonly map: number;
  readonly mapName: string;
  readonly zone: number;
  readonly zoneName: string;
  readonly area: number;
  readonly areaName: string;
  readonly position: SimPosition;
  readonly guild?: string;
  /** The account's security level. */
  readonly gmLevel: number;
  /** Default chat language of the race (7 Common, 1 Orcish). */
  readonly language: number;
}

/** Chat channels the simulator can produce (the log formats of both cores). */
export type SimChatChannel =
  | 'say'
  | 'yell'
  | 'emote'
  | 'whisper'
  | 'party'
  | 'raid'
  | 'guild'
  | 'officer'
  | 'channel';

/** Fields every world event has. */
interface SimEventBase {
  /** World clock, ms since the epoch. */
  readonly time: number;
}

/** What happens in the simulated world, for the Metric pusher, the log writer and tests. */
export type SimWorldEvent =
  | SimEventBase & {
    readonly type: 'started';
    readonly flavor: SimFlavor;
    readonly realmName: string;
    readonly version: string;
  }
  | SimEventBase & { readonly type: 'login'; readonly character: SimCharacterInfo }
  | SimEventBase & {
    readonly type: 'logout';
    readonly character: SimCharacterInfo;
    readonly sessionSeconds: number;
    readonly reason: 'logout' | 'restart' | 'shutdown';
  }
  | SimEventBase & {
    readonly type: 'zone';
    readonly character: SimCharacterInfo;
    readonly from: { readonly map: number; readonly zone: number; readonly area: number };
  }
  | SimEventBase & {
    readonly type: 'level';
    readonly character: SimCharacterInfo;
    readonly from: number;
    readonly to: number;
  }
  | SimEventBase & {
    readonly type: 'chat';
    readonly character: SimCharacterInfo;
    readonly channel: SimChatChannel;
    readonly text: string;
    /** Language id (say, yell). */
    readonly language: number;
    /** Whisper receiver. */
    readonly target?: string;
    /** Channel name for `channel` (e.g. `General - Durotar`). */
    readonly channelName?: string;
    /** Guild name for `guild`/`officer`. */
    readonly guild?: string;
    /** Group or raid leader for `party`/`raid`. */
    readonly leader?: string;
  }
  | SimEventBase & {
    readonly type: 'gmCommand';
    readonly character: SimCharacterInfo;
    /** The command without its leading dot. */
    readonly command: string;
    /** The selected unit, if any (name and GUID). */
    readonly target?: { readonly name: string; readonly guid: number };
  }
  | SimEventBase & {
    readonly type: 'shutdownScheduled';
    readonly mode: 'shutdown' | 'restart';
    readonly inSeconds: number;
  }
  | SimEventBase & { readonly type: 'shutdownCancelled'; readonly mode: 'shutdown' | 'restart' }
  | SimEventBase & { readonly type: 'shutdown'; readonly mode: 'shutdown' | 'restart' }
  | SimEventBase & { readonly type: 'restart'; readonly previousUptimeSeconds: number }
  | SimEventBase & {
    readonly type: 'updateDiff';
    readonly diffMs: number;
    readonly onlinePlayers: number;
  }
  | SimEventBase & { readonly type: 'announce'; readonly text: string }
  | SimEventBase & {
    readonly type: 'soapCommand';
    readonly command: string;
    readonly account: string;
    readonly ok: boolean;
  };

/** The type names of {@link SimWorldEvent}. */
export type SimWorldEventType = SimWorldEvent['type'];
