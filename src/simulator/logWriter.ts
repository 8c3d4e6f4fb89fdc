/**
 * @module The simulated worldserver's file appender: writes the lines TrinityCore 3.3.5 or
 * AzerothCore would write to an events log (the appender config of docs/operations.md):
 * chat (`chat.log.*` / `chat.*`), GM commands (`commands.gm`), character login/logout
 * (`entities.player.character` / `entities.player`), SOAP commands (`network.soap`), the
 * `ready...` and `Halting process...` lines, with the flavour's prefix (flags 1, 2, 4).
 * Mode `w` truncates the file at every (re)start, like the default Server.log.
 */
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import type { Logger } from '../logger.ts';
import { guidString } from './commands/pinfo.ts';
import type { SimCharacterInfo, SimFlavor, SimWorldEvent } from './world/types.ts';
import type { SimWorld } from './world/world.ts';

/** Options for {@link startLogWriter}. */
export interface LogWriterOptions {
  /** The file. */
  path: string;
  /** `a` appends (default), `w` truncates at start and at every restart (like Server.log). */
  mode?: 'a' | 'w';
  /** Appender flags: 1 time, 2 level, 4 logger type (default 7). */
  flags?: number;
  /** Write times in this UTC offset (minutes); default: this host's local time, as upstream. */
  utcOffsetMinutes?: number;
  /** Most lines waiting to be written (default 10 000); the oldest are dropped beyond. */
  maxQueuedLines?: number;
  /** Where write errors are logged. */
  logger?: Logger;
  /**
   * Write the `ready...` line at once, as for a log opened with the process (the world
   * announced its start before this writer existed). Default false.
   */
  announceStart?: boolean;
}

/** A running log writer. */
export interface LogWriter {
  /** Resolves once every line produced so far is in the file. */
  flush(): Promise<void>;
  /** Flushes, stops listening and closes the file. */
  close(): Promise<void>;
  /** Lines written and dropped. */
  stats(): { written: number; dropped: number };
}

type Level = 'INFO' | 'DEBUG';
interface Line {
  readonly time: number;
  readonly level: Level;
  readonly type: string;
  readonly text: string;
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');
const REOPEN = Symbol('reopen');

/**
 * Formats a line with the flavour's prefix: TC `2025-01-13_15:02:07 INFO  [type] text`
 * (underscore, level padded to 5), AC `2025-08-22 05:26:35 INFO [type] text`.
 *
 * @param flavor `tc` or `ac`.
 * @param line Time, level, logger type, text.
 * @param flags Appender flags.
 * @param utcOffsetMinutes Fixed offset; undefined: local time.
 * @returns The line, without its newline.
 */
export function formatLogLine(
  flavor: SimFlavor,
  line: Line,
  flags = 7,
  utcOffsetMinutes?: number,
): string {
  let prefix = '';
  if (flags & 1) {
    const d = new Date(
      utcOffsetMinutes === undefined ? line.time : line.time + utcOffsetMinutes * 60_000,
    );
    const utc = utcOffsetMinutes !== undefined;
    const date = `${d[utc ? 'getUTCFullYear' : 'getFullYear']()}-${
      pad(d[utc ? 'getUTCMonth' : 'getMonth']() + 1)
    }-${pad(d[utc ? 'getUTCDate' : 'getDate']())}`;
    const time = `${pad(d[utc ? 'getUTCHours' : 'getHours']())}:${
      pad(d[utc ? 'getUTCMinutes' : 'getMinutes']())
    }:${pad(d[utc ? 'getUTCSeconds' : 'getSeconds']())}`;
    prefix += `${date}${flavor === 'tc' ? '_' : ' '}${time} `;
  }
  if (flags & 2) prefix += flavor === 'tc' ? `${line.level.padEnd(5)} ` : `${line.level} `;
  if (flags & 4) prefix += `[${line.type}] `;
  return prefix + line.text;
}

/**
 * The log lines a world event produces (none for most events).
 *
 * @param flavor `tc` or `ac`.
 * @param event A world event.
 * @param version The worldserver version line (for `ready...`).
 * @returns The lines, in order.
 */
export function linesFor(flavor: SimFlavor, event: SimWorldEvent, version: string): Line[] {
  const tc = flavor === 'tc';
  const at = (level: Level, type: string, text: string): Line => ({
    time: event.time,
    level,
    type,
    text,
  });
  switch (event.type) {
    case 'started':
      return [at('INFO', 'server.worldserver', `${version} (worldserver-daemon) ready...`)];
    case 'shutdown':
    case 'restart':
      return [at('INFO', 'server.worldserver', 'Halting process...')];
    case 'login':
    case 'logout':
      return [at(
        'INFO',
        tc ? 'entities.player.character' : 'entities.player',
        session(
          flavor,
          event.type === 'login' ? 'Login' : 'Logout',
          event.character,
        ),
      )];
    case 'chat': {
      const chat = chatLine(flavor, event);
      return chat ? [at(tc ? 'DEBUG' : 'INFO', chat.type, chat.text)] : [];
    }
    case 'gmCommand':
      return [at('INFO', 'commands.gm', gmLine(flavor, event))];
    case 'soapCommand':
      return [at(tc ? 'INFO' : 'DEBUG', 'network.soap', `Received command '${event.command}'`)];
    default:
      return [];
  }
}

function session(flavor: SimFlavor, what: 'Login' | 'Logout', c: SimCharacterInfo): string {
  const head = `Account: ${c.accountId} (IP: ${c.ip}) ${what} Character:[${c.name}]`;
  if (flavor === 'ac') return `${head} (${guidString(c.guid, 'ac')}) Level: ${c.level}`;
  const left = Math.max(0, c.xpForNextLevel - c.xp);
  return `${head} ${
    guidString(c.guid, 'tc')
  } Level: ${c.level}, XP: ${c.xp}/${c.xpForNextLevel} (${left} left)`;
}

function chatLine(
  flavor: SimFlavor,
  e: Extract<SimWorldEvent, { type: 'chat' }>,
): { type: string; text: string } | undefined {
  const tc = flavor === 'tc';
  const name = e.character.name;
  const base = tc ? 'chat.log.' : 'chat.';
  const leader = e.leader ?? '<unknown>';
  const isLeader = e.leader === name;
  switch (e.channel) {
    case 'say':
    case 'yell':
      return {
        type: base + e.channel,
        text: `Player ${name} ${e.channel}s (language ${e.language}): ${e.text}`,
      };
    case 'emote':
      return {
        type: base + 'emote',
        text: tc
          ? `Player ${name} emotes: ${e.text}`
          : `Player ${name} emotes (language ${e.language}): ${e.text}`,
      };
    case 'whisper': {
      const to = e.target ?? '<unknown>';
      return {
        type: base + 'whisper',
        text: tc
          ? `Player ${name} tells ${to}: ${e.text}`
          : `Player ${name} whisper ${to}: ${e.text}`,
      };
    }
    case 'party':
    case 'raid': {
      if (!tc) {
        const role = isLeader ? 'Leader player' : 'Player';
        return {
          type: base + e.channel,
          text: `${role} ${name} tells ${e.channel} with leader ${leader}: ${e.text}`,
        };
      }
      if (e.channel === 'party') {
        return {
          type: base + 'party',
          text: isLeader
            ? `Leader ${name} tells group: ${e.text}`
            : `Player ${name} tells group with leader ${leader}: ${e.text}`,
        };
      }
      return {
        type: base + 'raid',
        text: isLeader
          ? `Leader player ${name} tells raid: ${e.text}`
          : `Player ${name} tells raid with leader ${leader}: ${e.text}`,
      };
    }
    case 'guild':
    case 'officer': {
      const guild = e.guild ?? e.character.guild ?? '<unknown>';
      if (tc) {
        return e.channel === 'guild'
          ? { type: 'chat.log.guild', text: `Player ${name} tells guild ${guild}: ${e.text}` }
          : {
            type: 'chat.log.guild.officer',
            text: `Player ${name} tells guild ${guild} officers: ${e.text}`,
          };
      }
      const word = e.channel === 'guild' ? 'guild' : 'guild.officer';
      return { type: `chat.${word}`, text: `Player ${name} tells ${word} "${guild}": ${e.text}` };
    }
    case 'channel': {
      const channel = e.channelName ?? 'world';
      // System channels (General, Trade, LocalDefense, LookingForGroup) carry a zone suffix.
      const system = / - /.test(channel) || /^(General|Trade|LookingForGroup)\b/.test(channel);
      const type = system ? (tc ? 'chat.log.system' : 'chat.channel') : `${base}channel.${channel}`;
      return { type, text: `Player ${name} tells channel ${channel}: ${e.text}` };
    }
  }
}

function gmLine(flavor: SimFlavor, e: Extract<SimWorldEvent, { type: 'gmCommand' }>): string {
  const c = e.character;
  const { x, y, z } = c.position;
  const zone = flavor === 'tc' ? c.zoneName : `${c.zone} (${c.zoneName})`;
  // No selection prints an empty name before the empty GUID, as upstream does.
  const selected = `${e.target?.name ?? ''} (${guidString(e.target?.guid ?? 0, flavor)})`;
  return `Command: ${e.command} [Player: ${c.name} (${guidString(c.guid, flavor)}) ` +
    `(Account: ${c.accountId}) X: ${x} Y: ${y} Z: ${z} Map: ${c.map} (${c.mapName}) ` +
    `Area: ${c.area} (${c.areaName}) Zone: ${zone} Selected: ${selected}]`;
}

/**
 * Starts writing a simulated world's log.
 *
 * ## Example
 * ```ts
 * const sim = await startSimulator({ flavor: 'ac' });
 * const writer = await startLogWriter(sim.world, { path: 'logs/Events.log' });
 * ```
 *
 * @param world The simulated world.
 * @param options File, mode, flags, time zone, queue bound, logger.
 * @returns The writer, once the file is open.
 */
export async function startLogWriter(
  world: SimWorld,
  options: LogWriterOptions,
): Promise<LogWriter> {
  const mode = options.mode ?? 'a';
  const flags = options.flags ?? 7;
  const maxQueued = options.maxQueuedLines ?? 10_000;
  let handle: FileHandle | null = await open(options.path, mode);
  // Lines, and REOPEN where the worldserver process would start again.
  let queue: Array<string | typeof REOPEN> = [];
  let written = 0;
  let dropped = 0;
  let chain: Promise<void> = Promise.resolve();
  let failing = false;

  const drain = async () => {
    const items = queue;
    queue = [];
    let text = '';
    let count = 0;
    const write = async () => {
      if (text !== '' && handle) await handle.write(text);
      written += count;
      text = '';
      count = 0;
    };
    for (const item of items) {
      if (item !== REOPEN) {
        text += item;
        count++;
        continue;
      }
      await write();
      if (mode === 'w') {
        // A new process opens Server.log with mode `w`: the file is truncated.
        await handle?.close();
        handle = await open(options.path, 'w');
      }
    }
    await write();
  };
  const schedule = () => {
    chain = chain.then(drain).then(
      () => {
        failing = false;
      },
      (error: unknown) => {
        if (!failing) options.logger?.warn('log writer failed', { error: String(error) });
        failing = true;
      },
    );
    return chain;
  };
  const enqueue = (item: string | typeof REOPEN) => {
    queue.push(item);
    if (queue.length > maxQueued) {
      const index = queue.findIndex((queued) => queued !== REOPEN);
      queue.splice(index, 1);
      dropped++;
    }
  };

  const write = (lines: Line[]) => {
    for (const line of lines) {
      enqueue(formatLogLine(world.flavor, line, flags, options.utcOffsetMinutes) + '\n');
    }
  };
  // A stop is announced before the world logs everybody out, but the worldserver writes
  // `Halting process...` after the sessions are gone: the stop lines wait until the
  // synchronous logouts are written, and whatever happens after the stop waits for them.
  let afterStop: SimWorldEvent[] | null = null;
  const onEvent = (event: SimWorldEvent): void => {
    if (afterStop) {
      const sessionEnd = event.type === 'logout' && event.reason !== 'logout';
      if (sessionEnd) write(linesFor(world.flavor, event, world.version));
      else afterStop.push(event);
      return;
    }
    if (event.type === 'shutdown' || event.type === 'restart') {
      const pending: SimWorldEvent[] = [];
      afterStop = pending;
      queueMicrotask(() => {
        afterStop = null;
        write(linesFor(world.flavor, event, world.version));
        // The restarted world announces itself (`started`): that reopens the file.
        for (const later of pending) onEvent(later);
        void schedule();
      });
      return;
    }
    // A start is a new process: it reopens the file (truncating it in mode `w`).
    if (event.type === 'started') enqueue(REOPEN);
    write(linesFor(world.flavor, event, world.version));
    void schedule();
  };
  const unsubscribe = world.subscribe(onEvent);
  if (options.announceStart && world.running) {
    const ready = `${world.version} (worldserver-daemon) ready...`;
    write([{ time: world.now(), level: 'INFO', type: 'server.worldserver', text: ready }]);
    void schedule();
  }

  return {
    flush: () => schedule(),
    async close() {
      unsubscribe();
      await schedule();
      await handle?.close();
      handle = null;
    },
    stats: () => ({ written, dropped }),
  };
}
