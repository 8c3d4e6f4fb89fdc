/**
 * @module The `parseLogLine` operator: worldserver log lines (TrinityCore and AzerothCore,
 * any appender prefix) -> chat, GM command, login/logout and startup/halt events.
 */
import { asyncScheduler, type OperatorFunction, type SchedulerLike } from 'rxjs';
import { type DraftEvent, draftEvent } from '../pipeline/events.ts';
import { parseLogMessage, splitLogPrefix, stampToTime } from '../pipeline/sources/logLine.ts';
import { forward, operate } from './internal/operate.ts';

/** Counters of {@link parseLogLine}, updated in place (read them for `/metrics`). */
export interface LogLineCounters {
  /** Lines received. */
  lines: number;
  /** Events emitted. */
  events: number;
  /** Lines that meant nothing to realmstream (other loggers, unknown wording). */
  ignored: number;
}

/** Options for {@link parseLogLine}. */
export interface ParseLogLineConfig {
  /** Realm id stamped on the events. */
  realm: string;
  /**
   * Time the events by the line's prefix time when it has one (default true); otherwise,
   * and for lines without a time, by `scheduler.now()` when the line is read.
   */
  lineTime?: boolean;
  /** The worldserver's UTC offset in minutes; default: this host's local time zone. */
  utcOffsetMinutes?: number;
  /** Clock for lines without a time. Defaults to `asyncScheduler`. */
  scheduler?: SchedulerLike;
  /** Counters to update; see {@link LogLineCounters}. */
  counters?: LogLineCounters;
}

/**
 * Creates zeroed counters for {@link ParseLogLineConfig.counters}.
 *
 * @returns The counters.
 */
export function createLogLineCounters(): LogLineCounters {
  return { lines: 0, events: 0, ignored: 0 };
}

/**
 * Turns worldserver log lines into realm events: chat lines of every channel into
 * `chat.message`, `commands.gm` lines into `gm.command` (with position, map, area, zone
 * and target), character login/logout into `player.login` / `player.logout`, and the
 * `ready...` / `Halting process...` lines into `server.started` / `server.shutdown`, all
 * with source `log`. Lines it does not know are ignored and counted, never an error: a
 * log holds far more than these.
 *
 * It's like `map(parse)` + `filter(Boolean)`, but it reads both cores' wordings and
 * prefix styles and times each event by the line's own timestamp.
 *
 * ```text
 * source:  a-b-c-|      a = 'Player Thrall says (language 1): hi', b = 'DB updated', c = 'Halting process...'
 * result:  x---y-|      x = chat.message, y = server.shutdown
 * ```
 *
 * ## Example
 * ```ts
 * logTail({ path: 'logs/Events.log' }).pipe(
 *   parseLogLine({ realm: 'world-1' }),
 * ).subscribe((event) => hub.publish(event));
 * ```
 *
 * @see logTail
 * @param config Realm, time handling, clock, counters.
 * @returns An operator from lines to draft events.
 */
export function parseLogLine(config: ParseLogLineConfig): OperatorFunction<string, DraftEvent> {
  const { realm, lineTime = true, utcOffsetMinutes, scheduler = asyncScheduler } = config;
  const counters = config.counters ?? createLogLineCounters();
  return operate((source, subscriber) => {
    forward(source, subscriber, {
      next(line) {
        counters.lines++;
        const prefix = splitLogPrefix(line);
        const record = parseLogMessage(prefix.message, prefix.logger);
        if (!record) {
          counters.ignored++;
          return;
        }
        const stamped = lineTime && prefix.stamp
          ? stampToTime(prefix.stamp, utcOffsetMinutes)
          : undefined;
        const time = stamped ?? scheduler.now();
        const fields = { realm, time, source: 'log' as const };
        let event: DraftEvent;
        switch (record.kind) {
          case 'chat':
            event = draftEvent('chat.message', { ...fields, data: record.data });
            break;
          case 'gm':
            event = draftEvent('gm.command', { ...fields, data: record.data });
            break;
          case 'login':
            event = draftEvent('player.login', { ...fields, data: record.data });
            break;
          case 'logout':
            event = draftEvent('player.logout', { ...fields, data: record.data });
            break;
          case 'started':
            event = draftEvent('server.started', { ...fields, data: { message: record.message } });
            break;
          case 'shutdown':
            event = draftEvent('server.shutdown', { ...fields, data: { message: record.message } });
            break;
        }
        counters.events++;
        subscriber.next(event);
      },
    });
  });
}
