/**
 * @module Snapshots: what one console command says about a realm at one moment, as plain
 * typed objects, and the values the parser operators emit (a snapshot, a `parse.error`
 * event, or a failed poll). Events are derived from successive snapshots.
 */
import type { DraftEventOf } from './events.ts';
import type { SoapReply } from './sources/soap/types.ts';

/** `server info`, both flavours merged; fields the flavour does not print are absent. */
export interface ServerInfo {
  /** The first line, e.g. `TrinityCore rev. 4bec94451fb2 ... (Unix, RelWithDebInfo, Static)`. */
  version?: string;
  /** Characters in world. */
  onlinePlayers?: number;
  /** Peak characters since start (TrinityCore). */
  maxPlayers?: number;
  /** Connected sessions. */
  activeConnections?: number;
  /** Peak connected sessions (TrinityCore). */
  maxActiveConnections?: number;
  /** Sessions in the login queue. */
  queuedConnections?: number;
  /** Peak queued sessions (TrinityCore). */
  maxQueuedConnections?: number;
  /** Connection peak (AzerothCore). */
  connectionPeak?: number;
  /** Worldserver uptime in seconds. */
  uptimeSeconds?: number;
  /** Last world update time diff, ms. */
  updateDiffMs?: number;
  /** Size of the diff sample the summary is computed on (AzerothCore). */
  updateDiffSamples?: number;
  /** Mean update diff (AzerothCore; the `average` of older versions). */
  updateDiffMeanMs?: number;
  /** Median update diff (AzerothCore). */
  updateDiffMedianMs?: number;
  /** 95th percentile (AzerothCore). */
  updateDiffP95Ms?: number;
  /** 99th percentile (AzerothCore). */
  updateDiffP99Ms?: number;
  /** Largest update diff of the sample (AzerothCore). */
  updateDiffMaxMs?: number;
  /** Seconds until a pending shutdown or restart. */
  shutdownInSeconds?: number;
}

/** One row of `account onlinelist`. */
export interface OnlinePlayer {
  /** Account name (upper case on stock servers). */
  account: string;
  /** Character name. */
  character: string;
  /** Remote address (IPv4 or IPv6; AzerothCore prints the account's last IP). */
  ip: string;
  /** Map id. */
  map: number;
  /** Zone id. */
  zone: number;
  /** Expansion the account is allowed (0-2). */
  expansion: number;
  /** Account security level. */
  gmLevel: number;
  /**
   * True for AzerothCore's `<Error>` row (character online, account row missing): only
   * `character` is real; the other fields are empty strings and -1.
   */
  incomplete?: boolean;
}

/** `account onlinelist`. */
export interface OnlineList {
  /** The characters online, in the server's order. */
  players: OnlinePlayer[];
  /**
   * False when some lines were not recognised (a `parse.error` was emitted for them): the
   * list may miss characters, so derivations do not treat an absence as a logout.
   */
  complete: boolean;
}

/** `pinfo <name>`. Every field but `character` and `online` depends on what was printed. */
export interface PlayerInfo {
  /** Character name. */
  character: string;
  /** Whether the character is in the world. */
  online: boolean;
  /** Low GUID. */
  guid?: number;
  /** GM mode phase line present. */
  gmMode?: boolean;
  /** Active ban. */
  ban?: { type: string; reason: string; time: string; by: string };
  /** Active mute. */
  mute?: { reason: string; time: string; by: string };
  /** Account name. */
  account?: string;
  /** Account id. */
  accountId?: number;
  /** Account security level. */
  gmLevel?: number;
  /** Account flags (AzerothCore, online characters only). */
  accountFlags?: string[];
  /** Last login, as printed (`2025-01-13 15:02:07`). */
  lastLogin?: string;
  /** Failed logins counter. */
  failedLogins?: number;
  /** Client OS. */
  os?: string;
  /** Latency in ms (0 offline). */
  latencyMs?: number;
  /** Registration e-mail. */
  registrationEmail?: string;
  /** Current e-mail. */
  email?: string;
  /** Last IP (possibly followed by a country). */
  lastIp?: string;
  /** Account locked to its IP. */
  locked?: boolean;
  /** Character level. */
  level?: number;
  /** XP into the level (absent at max level). */
  xp?: number;
  /** XP needed for the level. */
  xpForLevel?: number;
  /** Gender, as printed. */
  gender?: string;
  /** Race, as printed. */
  race?: string;
  /** Class, as printed. */
  class?: string;
  /** Alive. */
  alive?: boolean;
  /** Phase mask. */
  phase?: number;
  /** Money in copper. */
  moneyCopper?: number;
  /** Map name. */
  map?: string;
  /** Zone name (`<unknown>` when the server has none). */
  zone?: string;
  /** Area name, when the zone has a parent. */
  area?: string;
  /** Guild membership. */
  guild?: { name: string; id: number; rank?: string; note?: string; officerNote?: string };
  /** Played time in seconds (hours resolution on TrinityCore). */
  playedSeconds?: number;
  /** Mail counters. */
  mails?: { read: number; total: number };
}

/** `gm list` (accounts) or `gm ingame` (characters in world). */
export interface GmList {
  /** Which command printed it. */
  scope: 'accounts' | 'ingame';
  /** Names with their level; AzerothCore's console output drops the level. */
  gms: { name: string; gmLevel?: number }[];
}

/** `lookup player account <name>`. */
export interface AccountCharacters {
  /** Account name. */
  account: string;
  /** Account id. */
  accountId: number;
  /** The account's characters. */
  characters: {
    name: string;
    guid: number;
    online: boolean;
    race?: string;
    class?: string;
    level?: number;
  }[];
  /** Set when the server stopped at its result limit. */
  limitReached?: number;
}

/** `server motd`. */
export interface Motd {
  /** The message (AzerothCore: the `enUS` one, or the first locale printed). */
  text: string;
  /** AzerothCore: the message per locale (`enUS`, `koKR`, ...). */
  locales?: Record<string, string>;
}

/** Reasons a poll fails, the `server.down` vocabulary (the SOAP error `kind`). */
export type PollFailureReason =
  | 'unreachable'
  | 'timeout'
  | 'auth'
  | 'forbidden'
  | 'protocol'
  | 'fault'
  | 'http';

const REASONS: readonly PollFailureReason[] = [
  'unreachable',
  'timeout',
  'auth',
  'forbidden',
  'protocol',
  'fault',
  'http',
];

/**
 * The `server.down` reason of a poll error: its `kind` when it is one of the SOAP client's,
 * else `protocol` (as the SOAP client's own `soapErrorReason` does).
 *
 * @param error What the transport errored with.
 * @returns The reason.
 */
export function pollFailureReason(error: unknown): PollFailureReason {
  const kind = (error as { kind?: unknown } | null)?.kind;
  return REASONS.includes(kind as PollFailureReason) ? kind as PollFailureReason : 'protocol';
}

/** A parsed snapshot. */
export interface SnapshotValue<S> {
  /** Discriminant. */
  readonly kind: 'snapshot';
  /** Scheduler time of the reply, ms. */
  readonly time: number;
  /** The command that produced it, when it came from a SOAP reply. */
  readonly command?: string;
  /** The snapshot. */
  readonly snapshot: S;
}

/** Input that matched no known format, as the (rate-limited) event to publish. */
export interface ParseErrorValue {
  /** Discriminant. */
  readonly kind: 'parse.error';
  /** Scheduler time, ms. */
  readonly time: number;
  /** The `parse.error` draft event. */
  readonly event: DraftEventOf<'parse.error'>;
}

/** A poll that got no output: the realm was unreachable or the command failed. */
export interface PollFailedValue {
  /** Discriminant. */
  readonly kind: 'poll.failed';
  /** Scheduler time of the failure, ms. */
  readonly time: number;
  /** The command. */
  readonly command: string;
  /** The error kind. */
  readonly reason: PollFailureReason;
  /** The error message. */
  readonly message: string;
}

/** What a parser operator emits. */
export type ParseOutput<S> = SnapshotValue<S> | ParseErrorValue | PollFailedValue;

/**
 * Tells `diffOnline` that the worldserver restarted (`server.restart` was derived): every
 * character seen before has been logged out.
 */
export interface RestartMark {
  /** Discriminant. */
  readonly kind: 'restart';
  /** Scheduler time the restart was detected, ms. */
  readonly time: number;
}

/**
 * The {@link PollFailedValue} of a failed reply.
 *
 * @param reply An error reply.
 * @returns The value parsers and derivations understand.
 */
export function pollFailedValue(reply: Extract<SoapReply, { kind: 'error' }>): PollFailedValue {
  return {
    kind: 'poll.failed',
    time: reply.time,
    command: reply.command,
    reason: pollFailureReason(reply.error),
    message: reply.error.message,
  };
}
