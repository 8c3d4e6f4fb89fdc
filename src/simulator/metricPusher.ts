/**
 * @module The simulated worldserver's Metric sink: what TrinityCore/AzerothCore's
 * `Metric.cpp` sends to InfluxDB, byte for byte. Every `Metric.Interval`, if anything is
 * queued, one `POST /write?db=<database> HTTP/1.1` on a kept TCP stream with the headers
 * the worldserver writes, lines joined by `\n` without a trailing newline, expecting 204.
 * If the very first connect fails the sink disables itself, as the worldserver does.
 */
import { connect, type Socket } from 'node:net';
import type { Logger } from '../logger.ts';
import type { SimWorld } from './world/world.ts';
import type { SimWorldEvent } from './world/types.ts';

/** Options for {@link startMetricPusher}. */
export interface MetricPusherOptions {
  /**
   * Where to write: `http://host:port/write?db=NAME` (the path and query are sent as they
   * are; without a path, `/write?db=<database>`).
   */
  url: string;
  /** Database when the URL has no path (default `worldserver`, the upstream default). */
  database?: string;
  /** `Metric.Interval` in ms (default 1000): how often queued lines are sent. */
  intervalMs?: number;
  /** `Metric.OverallStatusInterval` in ms (default 1000): online players and DB queues. */
  overallStatusIntervalMs?: number;
  /** Most lines queued (default 50 000); the oldest are dropped beyond (the real one grows). */
  maxQueuedLines?: number;
  /** Where connect and HTTP errors are logged (the worldserver's `metric` log lines). */
  logger?: Logger;
  /**
   * Queue `Worldserver started` at once, as a sink created with the process does (the
   * world announced its start before this pusher existed). Default false.
   */
  announceStart?: boolean;
}

/** Counters of a pusher. */
export interface MetricPusherStats {
  /** Requests answered (any status). */
  requests: number;
  /** Requests answered with something other than 204. */
  errors: number;
  /** Lines sent. */
  lines: number;
  /** Lines dropped from a full queue. */
  dropped: number;
  /** Statuses received, in order (the last 100). */
  statuses: number[];
}

/** A running pusher. */
export interface MetricPusher {
  /** False once the first connect failed (like the worldserver, it stays off). */
  readonly enabled: boolean;
  /** Counters. */
  stats(): MetricPusherStats;
  /** Sends what is queued now (tests; the timer does it every interval). */
  flush(): Promise<void>;
  /** Stops the timers, sends nothing more, closes the stream. */
  stop(): Promise<void>;
}

/**
 * Escapes a tag value the way `Metric.cpp` does: spaces only (commas and `=` are left as
 * they are, an upstream ToDo).
 */
function tagValue(text: string): string {
  return text.replaceAll(' ', '\\ ');
}

/**
 * Starts pushing a simulated world's metrics.
 *
 * ## Example
 * ```ts
 * const sim = await startSimulator({ flavor: 'tc' });
 * const pusher = startMetricPusher(sim.world, { url: 'http://127.0.0.1:8787/write?db=sim' });
 * ```
 *
 * @param world The simulated world (its events become lines).
 * @param options Target, intervals, queue bound, logger.
 * @returns The pusher.
 */
export function startMetricPusher(world: SimWorld, options: MetricPusherOptions): MetricPusher {
  const target = new URL(options.url);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  const port = Number(target.port || 80);
  const path = target.pathname === '/' && target.search === ''
    ? `/write?db=${options.database ?? 'worldserver'}`
    : target.pathname + target.search;
  const intervalMs = Math.max(1000, options.intervalMs ?? 1000);
  const statusIntervalMs = Math.max(1000, options.overallStatusIntervalMs ?? 1000);
  const maxQueued = options.maxQueuedLines ?? 50_000;
  const realmTag = `realm=${tagValue(world.realmName)}`;
  const stats: MetricPusherStats = { requests: 0, errors: 0, lines: 0, dropped: 0, statuses: [] };
  let queue: string[] = [];
  let enabled = true;
  let everConnected = false;
  let stopped = false;
  let socket: Socket | null = null;
  let sending: Promise<void> | null = null;

  const ns = (ms: number) => `${BigInt(Math.trunc(ms)) * 1_000_000n}`;
  const push = (line: string) => {
    queue.push(line);
    if (queue.length > maxQueued) {
      queue.shift();
      stats.dropped++;
    }
  };
  const event = (category: string, title: string, text: string, time: number) =>
    // Title and text are written raw: a quote in a name is not escaped (upstream behaviour).
    push(`${category},${realmTag} title="${title}",text="${text}" ${ns(time)}`);
  const value = (category: string, v: number, time: number) =>
    push(`${category},${realmTag} value=${Math.trunc(v)}i ${ns(time)}`);

  // A stop is announced before the world logs everybody out; the worldserver reports it
  // after the sessions are gone. So the stop line waits for the synchronous logouts, and
  // what follows the stop (the restarted world's `started`) waits for the stop line.
  let afterStop: SimWorldEvent[] | null = null;
  const onWorld = (e: SimWorldEvent): void => {
    if (afterStop && !(e.type === 'logout' && e.reason !== 'logout')) {
      afterStop.push(e);
      return;
    }
    switch (e.type) {
      case 'started':
        event('events', 'Worldserver started', '', e.time);
        break;
      case 'login':
        event('player_events', 'Login', e.character.name, e.time);
        break;
      case 'logout':
        event('player_events', 'Logout', e.character.name, e.time);
        break;
      case 'updateDiff':
        value('update_time_diff', e.diffMs, e.time);
        break;
      case 'shutdown':
      case 'restart': {
        const pending: SimWorldEvent[] = [];
        afterStop = pending;
        queueMicrotask(() => {
          afterStop = null;
          event('events', 'Worldserver shutdown', '', e.time);
          for (const later of pending) onWorld(later);
        });
        break;
      }
    }
  };
  const unsubscribe = world.subscribe(onWorld);
  if (options.announceStart && world.running) {
    event('events', 'Worldserver started', '', world.now());
  }

  const overallStatus = () => {
    if (!world.running) return;
    const time = world.now();
    value('online_players', world.online().length, time);
    for (const queueName of ['db_queue_login', 'db_queue_character', 'db_queue_world']) {
      value(queueName, 0, time);
    }
  };

  const openSocket = () =>
    new Promise<Socket>((resolve, reject) => {
      const fresh = connect({ host, port });
      const fail = (error: Error) => reject(error);
      fresh.once('error', fail);
      fresh.once('connect', () => {
        fresh.off('error', fail);
        fresh.on('error', () => fresh.destroy());
        fresh.once('close', () => {
          if (socket === fresh) socket = null;
        });
        resolve(fresh);
      });
    });

  const send = async () => {
    if (!enabled || stopped || queue.length === 0) return;
    const lines = queue;
    queue = [];
    const body = new TextEncoder().encode(lines.join('\n'));
    try {
      if (!socket || socket.destroyed) socket = await openSocket();
      everConnected = true;
    } catch (error) {
      if (!everConnected) {
        // Metric::Connect failing at start: the sink turns itself off for good.
        enabled = false;
        options.logger?.error('Error connecting to metric endpoint, disabling metrics', {
          url: options.url,
          error: (error as Error).message,
        });
      } else {
        options.logger?.warn('Metric endpoint unreachable', { error: (error as Error).message });
        queue = lines.concat(queue).slice(-maxQueued);
      }
      return;
    }
    const head = `POST ${path} HTTP/1.1\r\n` +
      `Host: ${target.host}\r\n` +
      `Accept: */*\r\n` +
      `Content-Type: application/octet-stream\r\n` +
      `Content-Transfer-Encoding: binary\r\n` +
      `Content-Length: ${body.byteLength}\r\n\r\n`;
    const current = socket;
    try {
      const response = readResponse(current);
      current.write(head);
      current.write(body);
      const { status, close } = await response;
      stats.requests++;
      stats.lines += lines.length;
      stats.statuses.push(status);
      if (stats.statuses.length > 100) stats.statuses.shift();
      if (status !== 204) {
        stats.errors++;
        options.logger?.error(`Error sending data, returned HTTP code: ${status}`);
      }
      if (close) current.destroy();
    } catch (error) {
      current.destroy();
      options.logger?.warn('Metric request failed', { error: (error as Error).message });
    }
  };

  const flush = () => {
    sending ??= send().finally(() => (sending = null));
    return sending;
  };
  const pushTimer = setInterval(() => void flush(), intervalMs);
  const statusTimer = setInterval(overallStatus, statusIntervalMs);
  // Never keep a process alive for metrics alone.
  (pushTimer as { unref?: () => void }).unref?.();
  (statusTimer as { unref?: () => void }).unref?.();

  return {
    get enabled() {
      return enabled;
    },
    stats: () => ({ ...stats, statuses: [...stats.statuses] }),
    flush,
    async stop() {
      stopped = true;
      clearInterval(pushTimer);
      clearInterval(statusTimer);
      unsubscribe();
      await sending;
      socket?.destroy();
      socket = null;
    },
  };
}

const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * Reads one HTTP/1.1 response (status line, headers, a `Content-Length` or chunked body)
 * from a kept socket, as the worldserver's sink does before its next request.
 */
function readResponse(socket: Socket): Promise<{ status: number; close: boolean }> {
  return new Promise((resolve, reject) => {
    let buffer = Buffer.alloc(0);
    const cleanup = () => {
      socket.off('data', onData);
      socket.off('close', onClose);
      clearTimeout(timer);
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error('no response within 10 s'));
    }, 10_000);
    const onClose = () => {
      cleanup();
      reject(new Error('connection closed before the response'));
    };
    const onData = (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (buffer.length > MAX_RESPONSE_BYTES) {
        cleanup();
        reject(new Error('response too large'));
        return;
      }
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const [statusLine, ...headerLines] = buffer.subarray(0, end).toString('latin1').split('\r\n');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
      const headers = new Map(
        headerLines.map((line) => {
          const colon = line.indexOf(':');
          return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
        }),
      );
      const rest = buffer.subarray(end + 4);
      const length = Number(headers.get('content-length') ?? 0);
      const chunked = /chunked/i.test(headers.get('transfer-encoding') ?? '');
      const complete = chunked ? rest.includes('0\r\n\r\n') : rest.length >= length;
      if (!complete && status !== 204 && status !== 304) return;
      cleanup();
      resolve({ status, close: /close/i.test(headers.get('connection') ?? '') });
    };
    socket.on('data', onData);
    socket.once('close', onClose);
  });
}
