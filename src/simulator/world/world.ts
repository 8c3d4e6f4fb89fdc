/**
 * @module The simulated world: accounts, characters, guilds, uptime, update diffs, peaks,
 * the shutdown timer and the MOTD, with the mutations drivers and tests use (login, logout,
 * move, level, chat, GM commands, restart) and a stream of typed `SimWorldEvent`s.
 * Time comes from an injected clock, so tests can freeze or step it.
 */
import { type Observable, Subject } from 'rxjs';
import { CLASSES, MAPS, RACES, xpForNextLevel, ZONES } from './data.ts';
import { normalizeName } from './names.ts';
import { createPrng, type Prng } from './prng.ts';
import type {
  SimAccount,
  SimCharacter,
  SimCharacterInfo,
  SimChatChannel,
  SimFlavor,
  SimGuild,
  SimWorldEvent,
} from './types.ts';
import { UpdateTimeStats } from './updateTime.ts';

/** Options for {@link SimWorld}. */
export interface SimWorldOptions {
  /** Which core to imitate. */
  flavor: SimFlavor;
  /** World clock in ms since the epoch (default `Date.now`). */
  now?: () => number;
  /** Seed of the random parts (latency, update-diff jitter). */
  seed?: number;
  /** Realm name (for the `started` event). */
  realmName?: string;
  /** MOTD; `@` starts a new line, like the `Motd` config value. */
  motd?: string;
  /** Typical world update diff in ms (default 12). */
  updateDiffMs?: number;
  /** Random spread added to each diff sample, in ms (default 0). */
  updateDiffJitterMs?: number;
}

/** What `login` accepts besides the name. */
export interface LoginOptions {
  /** Account name; created (security level 0) when unknown. Default: the character's. */
  account?: string;
  race?: number;
  class?: number;
  gender?: 0 | 1;
  level?: number;
  map?: number;
  zone?: number;
  area?: number;
  /** Session address (IPv4 or IPv6). */
  ip?: string;
  gmMode?: boolean;
}

/** A zone change. */
export interface MoveTarget {
  map: number;
  zone: number;
  /** Area id; defaults to the zone's first area, or the zone itself. */
  area?: number;
}

/** Chat details besides channel and text. */
export interface ChatOptions {
  target?: string;
  channelName?: string;
  leader?: string;
  language?: number;
}

/** A pending shutdown or restart. */
export interface ShutdownTimer {
  readonly mode: 'shutdown' | 'restart';
  /** World time when it runs out. */
  readonly at: number;
}

/** The full version line of each flavour (`server info` line 1). */
export const VERSIONS: Readonly<Record<SimFlavor, string>> = {
  tc:
    'TrinityCore rev. 4bec94451fb2 2025-01-13 15:02:07 +0100 (3.3.5 branch) (Unix, RelWithDebInfo, Static)',
  ac:
    'AzerothCore rev. c67d4efa4a19 2025-08-22 05:26:35 -0300 (master branch) (Unix, RelWithDebInfo, Static)',
};

const DEFAULT_MOTD: Readonly<Record<SimFlavor, string>> = {
  tc: 'Welcome to a Trinity Core server.',
  ac: 'Welcome to an AzerothCore server.',
};

/** A character or account that does not exist (test API misuse). */
export class SimWorldError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimWorldError';
  }
}

/** The state of one simulated realm. */
export class SimWorld {
  readonly flavor: SimFlavor;
  readonly version: string;
  readonly realmName: string;
  readonly now: () => number;
  readonly accounts = new Map<number, SimAccount>();
  readonly characters = new Map<number, SimCharacter>();
  readonly guilds = new Map<number, SimGuild>();
  readonly updateTime = new UpdateTimeStats();
  motd: string;
  /** Sessions connected without a character in the world (character screen). */
  idleSessions = 0;
  startedAt: number;
  running = true;
  shutdownTimer?: ShutdownTimer;
  maxPlayers = 0;
  maxSessions = 0;
  readonly #events = new Subject<SimWorldEvent>();
  // Two generators: the diff jitter is drawn per `server info` request, whose count depends on
  // poll timing; keeping it apart keeps the latencies drawn at login reproducible per seed.
  readonly #latencyRandom: Prng;
  readonly #diffRandom: Prng;
  #diffBase: number;
  #diffJitter: number;
  #lag?: { ms: number; until: number };
  #lastSampleAt: number;
  #nextGuid = 1;
  #nextAccountId = 1;

  /** Every world event, as it happens (hot). */
  readonly events$: Observable<SimWorldEvent> = this.#events.asObservable();

  constructor(options: SimWorldOptions) {
    this.flavor = options.flavor;
    this.version = VERSIONS[options.flavor];
    this.realmName = options.realmName ?? 'Simulated Realm';
    this.now = options.now ?? (() => Date.now());
    this.motd = options.motd ?? DEFAULT_MOTD[options.flavor];
    this.#latencyRandom = createPrng((options.seed ?? 42) ^ 0x5eed);
    this.#diffRandom = createPrng((options.seed ?? 42) ^ 0xd1ff);
    this.#diffBase = options.updateDiffMs ?? 12;
    this.#diffJitter = options.updateDiffJitterMs ?? 0;
    this.startedAt = this.now();
    this.#lastSampleAt = this.startedAt;
    this.updateTime.push(this.#diffBase);
  }

  /**
   * Subscribes to world events; returns the unsubscribe function.
   *
   * @param listener Called for each event.
   * @returns Unsubscribe.
   */
  subscribe(listener: (event: SimWorldEvent) => void): () => void {
    const subscription = this.#events.subscribe(listener);
    return () => subscription.unsubscribe();
  }

  /** Publishes the `started` event (the simulator calls it once listening). */
  announceStarted(): void {
    this.#emit({
      type: 'started',
      time: this.now(),
      flavor: this.flavor,
      realmName: this.realmName,
      version: this.version,
    });
  }

  // --- records -------------------------------------------------------------------------

  /**
   * Adds an account.
   *
   * @param fields Name (stored upper case), password, level and optional details.
   * @returns The account.
   */
  addAccount(
    fields: Partial<Omit<SimAccount, 'id' | 'name'>> & { name: string; id?: number },
  ): SimAccount {
    const id = fields.id ?? this.#nextAccountId;
    this.#nextAccountId = Math.max(this.#nextAccountId, id + 1);
    const account: SimAccount = {
      id,
      name: fields.name.toUpperCase(),
      password: fields.password ?? '',
      gmLevel: fields.gmLevel ?? 0,
      lastIp: fields.lastIp ?? '127.0.0.1',
      lastLogin: fields.lastLogin ?? this.now(),
      os: fields.os ?? 'Win',
      regEmail: fields.regEmail ?? '',
      email: fields.email ?? '',
      failedLogins: fields.failedLogins ?? 0,
      expansion: fields.expansion ?? 2,
      flags: fields.flags ?? [],
    };
    this.accounts.set(id, account);
    return account;
  }

  /**
   * Adds an offline character.
   *
   * @param fields Name, account and optional details.
   * @returns The character.
   */
  addCharacter(
    fields: Partial<Omit<SimCharacter, 'guid' | 'name'>> & {
      name: string;
      accountId: number;
      guid?: number;
    },
  ): SimCharacter {
    const guid = fields.guid ?? this.#nextGuid;
    this.#nextGuid = Math.max(this.#nextGuid, guid + 1);
    const zone = ZONES[fields.zone ?? 14] ?? ZONES[14];
    const character: SimCharacter = {
      guid,
      name: normalizeName(fields.name),
      accountId: fields.accountId,
      race: fields.race ?? 2,
      class: fields.class ?? 1,
      gender: fields.gender ?? 0,
      level: fields.level ?? 1,
      xp: fields.xp ?? 0,
      money: fields.money ?? 0,
      map: fields.map ?? zone.map,
      zone: zone.id,
      area: fields.area ?? zone.areas[0]?.id ?? zone.id,
      position: fields.position ?? zone.position,
      guildId: fields.guildId,
      guildRank: fields.guildRank,
      online: false,
      playedSeconds: fields.playedSeconds ?? 0,
      alive: fields.alive ?? true,
      gmMode: fields.gmMode ?? false,
      latencyMs: fields.latencyMs ?? 0,
      mailsRead: fields.mailsRead ?? 0,
      mailsTotal: fields.mailsTotal ?? 0,
    };
    this.characters.set(guid, character);
    return character;
  }

  /**
   * Adds a guild.
   *
   * @param id Guild id.
   * @param name Guild name.
   * @returns The guild.
   */
  addGuild(id: number, name: string): SimGuild {
    const guild = { id, name };
    this.guilds.set(id, guild);
    return guild;
  }

  /**
   * Finds an account by name (case-insensitive, like the auth database's collation).
   *
   * @param name Account name.
   * @returns The account, if any.
   */
  findAccount(name: string): SimAccount | undefined {
    const upper = name.toUpperCase();
    for (const account of this.accounts.values()) if (account.name === upper) return account;
    return undefined;
  }

  /**
   * Finds a character by name (any case).
   *
   * @param name Character name.
   * @returns The character, if any.
   */
  findCharacter(name: string): SimCharacter | undefined {
    const normalized = normalizeName(name);
    for (const character of this.characters.values()) {
      if (character.name === normalized) return character;
    }
    return undefined;
  }

  /** Characters in the world, by GUID. */
  online(): SimCharacter[] {
    return [...this.characters.values()].filter((c) => c.online).sort((a, b) => a.guid - b.guid);
  }

  /** Connected sessions: characters in the world plus idle sessions. */
  activeSessions(): number {
    return this.online().length + this.idleSessions;
  }

  /** Seconds since the world (re)started. */
  uptimeSeconds(): number {
    return Math.max(0, Math.floor((this.now() - this.startedAt) / 1000));
  }

  /** Seconds left on the shutdown timer, if one runs. */
  shutdownSecondsLeft(): number | undefined {
    if (!this.shutdownTimer) return undefined;
    return Math.max(0, Math.ceil((this.shutdownTimer.at - this.now()) / 1000));
  }

  /**
   * A self-contained description of a character, for events.
   *
   * @param character The character.
   * @returns The description.
   */
  describe(character: SimCharacter): SimCharacterInfo {
    const account = this.accounts.get(character.accountId);
    const zone = ZONES[character.zone];
    const area = zone?.areas.find((candidate) => candidate.id === character.area);
    const guild = character.guildId === undefined ? undefined : this.guilds.get(character.guildId);
    return {
      guid: character.guid,
      name: character.name,
      accountId: character.accountId,
      account: account?.name ?? '',
      ip: account?.lastIp ?? '127.0.0.1',
      race: character.race,
      raceName: RACES[character.race]?.name ?? 'Unknown',
      class: character.class,
      className: CLASSES[character.class] ?? 'Unknown',
      gender: character.gender,
      level: character.level,
      xp: character.xp,
      xpForNextLevel: xpForNextLevel(character.level),
      map: character.map,
      mapName: MAPS[character.map] ?? 'Unknown',
      zone: character.zone,
      zoneName: zone?.name ?? 'Unknown',
      area: character.area,
      areaName: area?.name ?? zone?.name ?? 'Unknown',
      position: character.position,
      ...(guild ? { guild: guild.name } : {}),
      gmLevel: account?.gmLevel ?? 0,
      language: RACES[character.race]?.language ?? 0,
    };
  }

  // --- mutations -------------------------------------------------------------------------

  /**
   * Brings a character into the world, creating it (and its account) when unknown.
   *
   * @param name Character name.
   * @param options Details for a new character, or overrides for this session.
   * @returns The character.
   */
  login(name: string, options: LoginOptions = {}): SimCharacter {
    let character = this.findCharacter(name);
    if (!character) {
      const accountName = options.account ?? normalizeName(name);
      const account = this.findAccount(accountName) ?? this.addAccount({ name: accountName });
      const race = options.race ?? 2;
      const zone = options.zone ?? RACES[race]?.homeZone ?? 14;
      character = this.addCharacter({
        name,
        accountId: account.id,
        race,
        class: options.class ?? 1,
        gender: options.gender ?? 0,
        level: options.level ?? 1,
        zone,
      });
    } else if (options.account !== undefined) {
      const account = this.findAccount(options.account) ??
        this.addAccount({ name: options.account });
      character.accountId = account.id;
    }
    if (character.online) return character;
    if (options.level !== undefined) character.level = clampLevel(options.level);
    if (options.zone !== undefined) {
      this.#place(character, { map: options.map ?? -1, zone: options.zone, area: options.area });
    }
    if (options.gmMode !== undefined) character.gmMode = options.gmMode;
    const account = this.accounts.get(character.accountId);
    const time = this.now();
    if (account) {
      if (options.ip) account.lastIp = options.ip;
      account.lastLogin = time;
    }
    character.online = true;
    character.loginAt = time;
    character.latencyMs = 20 + Math.floor(this.#latencyRandom.next() * 180);
    this.maxPlayers = Math.max(this.maxPlayers, this.online().length);
    this.maxSessions = Math.max(this.maxSessions, this.activeSessions());
    this.#emit({ type: 'login', time, character: this.describe(character) });
    return character;
  }

  /**
   * Takes a character out of the world.
   *
   * @param name Character name.
   * @param reason Why (default `logout`).
   * @returns The character.
   */
  logout(name: string, reason: 'logout' | 'restart' | 'shutdown' = 'logout'): SimCharacter {
    const character = this.#require(name);
    if (!character.online) return character;
    const time = this.now();
    const sessionSeconds = Math.max(0, Math.floor((time - (character.loginAt ?? time)) / 1000));
    character.playedSeconds += sessionSeconds;
    character.online = false;
    character.loginAt = undefined;
    character.latencyMs = 0;
    this.#emit({
      type: 'logout',
      time,
      character: this.describe(character),
      sessionSeconds,
      reason,
    });
    return character;
  }

  /**
   * Moves a character to another zone (and map, area).
   *
   * @param name Character name.
   * @param target Map, zone and optional area.
   * @returns The character.
   */
  move(name: string, target: MoveTarget): SimCharacter {
    const character = this.#require(name);
    const from = { map: character.map, zone: character.zone, area: character.area };
    this.#place(character, target);
    if (
      character.online &&
      (from.map !== character.map || from.zone !== character.zone || from.area !== character.area)
    ) {
      this.#emit({ type: 'zone', time: this.now(), character: this.describe(character), from });
    }
    return character;
  }

  /**
   * Sets a character's level (XP into the level goes back to 0).
   *
   * @param name Character name.
   * @param level New level (clamped to 1-255).
   * @returns The character.
   */
  setLevel(name: string, level: number): SimCharacter {
    const character = this.#require(name);
    const from = character.level;
    character.level = clampLevel(level);
    character.xp = 0;
    if (from !== character.level) {
      this.#emit({
        type: 'level',
        time: this.now(),
        character: this.describe(character),
        from,
        to: character.level,
      });
    }
    return character;
  }

  /**
   * A character says something (must be online).
   *
   * @param name Character name.
   * @param channel Chat channel.
   * @param text The message.
   * @param options Whisper target, channel name, leader, language.
   */
  chat(name: string, channel: SimChatChannel, text: string, options: ChatOptions = {}): void {
    const character = this.#requireOnline(name);
    const info = this.describe(character);
    this.#emit({
      type: 'chat',
      time: this.now(),
      character: info,
      channel,
      text,
      language: options.language ?? info.language,
      ...(options.target !== undefined ? { target: options.target } : {}),
      ...(channel === 'channel'
        ? { channelName: options.channelName ?? `General - ${info.zoneName}` }
        : {}),
      ...((channel === 'guild' || channel === 'officer') && info.guild
        ? { guild: info.guild }
        : {}),
      ...((channel === 'party' || channel === 'raid')
        ? { leader: options.leader ?? character.name }
        : {}),
    });
  }

  /**
   * A GM runs a command in game (must be online).
   *
   * @param name The GM character.
   * @param command The command, with or without its leading dot.
   * @param target Name of the selected character, if any.
   */
  gmCommand(name: string, command: string, target?: string): void {
    const character = this.#requireOnline(name);
    const selected = target === undefined ? undefined : this.findCharacter(target);
    this.#emit({
      type: 'gmCommand',
      time: this.now(),
      character: this.describe(character),
      command: command.replace(/^[.!]/, ''),
      ...(selected ? { target: { name: selected.name, guid: selected.guid } } : {}),
    });
  }

  /**
   * Broadcasts a server message (the `announce` command).
   *
   * @param text The message.
   */
  announce(text: string): void {
    this.#emit({ type: 'announce', time: this.now(), text });
  }

  /**
   * Records a console command received over SOAP (for the log writer's `network.soap` lines).
   *
   * @param command The command text.
   * @param account The SOAP account.
   * @param ok Whether it succeeded.
   */
  soapCommand(command: string, account: string, ok: boolean): void {
    this.#emit({ type: 'soapCommand', time: this.now(), command, account, ok });
  }

  /**
   * Restarts the world at once: everyone is logged out, uptime, peaks and diffs start over.
   */
  restart(): void {
    const previousUptimeSeconds = this.uptimeSeconds();
    this.#emit({ type: 'restart', time: this.now(), previousUptimeSeconds });
    this.stop('restart');
    this.start();
  }

  /**
   * Stops the world: everyone is logged out, the shutdown timer is cleared.
   *
   * @param reason Why the sessions end.
   */
  stop(reason: 'restart' | 'shutdown'): void {
    for (const character of this.online()) this.logout(character.name, reason);
    this.idleSessions = 0;
    this.shutdownTimer = undefined;
    this.running = false;
  }

  /** Starts the world again: uptime, peaks and update diffs start over. */
  start(): void {
    this.startedAt = this.now();
    this.#lastSampleAt = this.startedAt;
    this.maxPlayers = 0;
    this.maxSessions = 0;
    this.updateTime.clear();
    this.updateTime.push(this.#diffBase);
    this.running = true;
    this.announceStarted();
  }

  /**
   * Sets the typical world update diff (and its jitter).
   *
   * @param ms New diff in ms.
   * @param jitterMs Random spread (default 0).
   */
  setUpdateDiff(ms: number, jitterMs = 0): void {
    this.#diffBase = Math.max(0, ms);
    this.#diffJitter = Math.max(0, jitterMs);
    this.#lag = undefined;
    this.updateTime.push(this.#diffBase);
  }

  /**
   * A lag spike: diffs of `ms` for `durationMs` of world time.
   *
   * @param ms Diff during the spike.
   * @param durationMs How long.
   */
  lag(ms: number, durationMs: number): void {
    this.#lag = { ms, until: this.now() + durationMs };
    this.updateTime.push(ms);
  }

  /**
   * Starts a shutdown or restart countdown.
   *
   * @param mode Shutdown or restart.
   * @param seconds Delay.
   */
  scheduleShutdown(mode: 'shutdown' | 'restart', seconds: number): void {
    this.shutdownTimer = { mode, at: this.now() + seconds * 1000 };
    this.#emit({ type: 'shutdownScheduled', time: this.now(), mode, inSeconds: seconds });
  }

  /**
   * Cancels the countdown.
   *
   * @returns The seconds that were left (0 when none was running).
   */
  cancelShutdown(): number {
    const left = this.shutdownSecondsLeft();
    const timer = this.shutdownTimer;
    if (!timer || left === undefined) return 0;
    this.shutdownTimer = undefined;
    this.#emit({ type: 'shutdownCancelled', time: this.now(), mode: timer.mode });
    return left;
  }

  /**
   * One world update (called every tick): records update diffs for the world time that
   * passed and runs out the shutdown timer.
   *
   * @returns The mode when the shutdown timer ran out during this update.
   */
  update(): 'shutdown' | 'restart' | undefined {
    if (!this.running) return undefined;
    const now = this.now();
    let recorded = 0;
    while (recorded < 500) {
      const diff = this.#sampleDiff(this.#lastSampleAt);
      const step = Math.max(diff, 10);
      if (this.#lastSampleAt + step > now) break;
      this.#lastSampleAt += step;
      this.updateTime.push(diff);
      recorded++;
    }
    if (recorded === 500) this.#lastSampleAt = now;
    if (recorded > 0) {
      this.#emit({
        type: 'updateDiff',
        time: now,
        diffMs: this.updateTime.last,
        onlinePlayers: this.online().length,
      });
    }
    const timer = this.shutdownTimer;
    if (timer && now >= timer.at) {
      this.#emit({ type: 'shutdown', time: now, mode: timer.mode });
      this.stop(timer.mode === 'restart' ? 'restart' : 'shutdown');
      return timer.mode;
    }
    return undefined;
  }

  /** Completes the event stream (the simulator is closing). */
  dispose(): void {
    this.#events.complete();
  }

  #sampleDiff(at: number): number {
    if (this.#lag && at < this.#lag.until) return this.#lag.ms;
    if (this.#lag) this.#lag = undefined;
    return this.#diffBase + Math.round(this.#diffRandom.next() * this.#diffJitter);
  }

  #place(character: SimCharacter, target: MoveTarget): void {
    const zone = ZONES[target.zone];
    character.zone = target.zone;
    character.map = target.map >= 0 ? target.map : zone?.map ?? character.map;
    character.area = target.area ?? zone?.areas[0]?.id ?? target.zone;
    if (zone) character.position = zone.position;
  }

  #require(name: string): SimCharacter {
    const character = this.findCharacter(name);
    if (!character) throw new SimWorldError(`no character named '${name}'`);
    return character;
  }

  #requireOnline(name: string): SimCharacter {
    const character = this.#require(name);
    if (!character.online) throw new SimWorldError(`'${character.name}' is not online`);
    return character;
  }

  #emit(event: SimWorldEvent): void {
    this.#events.next(event);
  }
}

function clampLevel(level: number): number {
  return Math.min(255, Math.max(1, Math.trunc(level)));
}
