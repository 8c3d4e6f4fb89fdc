/**
 * @module `diffServerInfo`: successive `server info` snapshots -> `server.info` samples,
 * `server.restart`, `server.lag` and `server.shutdown.scheduled` / `.cancelled` events.
 */
import type { OperatorFunction } from 'rxjs';
import {
  type DraftEvent,
  draftEvent,
  type EventData,
  type EventSource,
} from '../pipeline/events.ts';
import type { ParseOutput, ServerInfo } from '../pipeline/snapshots.ts';
import { forward, operate } from './internal/operate.ts';

/** Options for {@link diffServerInfo}. */
export interface DiffServerInfoConfig {
  /** Realm id put on the events. */
  realm: string;
  /** Source put on the events (default `soap`). */
  source?: EventSource;
  /**
   * Lag hysteresis (`realms[].lag`): lag starts when the update diff reaches `thresholdMs`
   * and ends when it falls to `clearMs` or below. Defaults 300 and 200; `clearMs` must not
   * exceed `thresholdMs`.
   */
  lag?: { thresholdMs: number; clearMs: number };
  /**
   * Tolerance, in seconds, between the uptime a server should have (previous uptime plus
   * the time between the samples) and the one it reports, before it counts as restarted
   * even though its uptime did not go down (a restart hidden by a long outage). Default 30.
   */
  restartSlackSeconds?: number;
}

/** The `server.info` event fields of a snapshot (TrinityCore's peak counters have none). */
function sample(info: ServerInfo): EventData<'server.info'> {
  const {
    maxActiveConnections: _a,
    maxQueuedConnections: _q,
    updateDiffSamples: _s,
    ...data
  } = info;
  return data;
}

/**
 * Derives server events from successive `server info` snapshots.
 *
 * It's like `pairwise()` + `map`, but with state: a `server.info` sample per snapshot;
 * `server.restart` when the uptime went down (or is well below what the time elapsed since
 * the last sample implies, so a restart during an outage is not missed); `server.lag`
 * `started`/`ended` with hysteresis on the update time diff (the last tick's diff, which
 * both flavours print); `server.shutdown.scheduled` when a shutdown countdown appears (or
 * jumps up: rescheduled) and `.cancelled` when it disappears without a restart.
 * `parse.error` values pass through; failed polls are ignored (reachability reports them).
 *
 * ```text
 * input:  --a--b--c--d--|     uptime 100, 105 (diff 400), 110 (diff 100), 3 (restart)
 * output: --A--(LB)-(EC)-(RD)|    A-D: server.info; L: lag started; E: lag ended; R: restart
 * ```
 *
 * ## Example
 * ```ts
 * replies$.pipe(
 *   filter((reply) => reply.command === 'server info'),
 *   parseServerInfo({ realm: 'world-1', formats }),
 *   diffServerInfo({ realm: 'world-1', lag: { thresholdMs: 300, clearMs: 200 } }),
 * );
 * ```
 *
 * @see parseServerInfo
 * @param config Realm id, lag thresholds, restart tolerance.
 * @returns An operator from server-info parse outputs to draft events.
 * @throws RangeError when `lag.clearMs` exceeds `lag.thresholdMs`.
 */
export function diffServerInfo(
  config: DiffServerInfoConfig,
): OperatorFunction<ParseOutput<ServerInfo>, DraftEvent> {
  const { realm, source = 'soap', restartSlackSeconds = 30 } = config;
  const { thresholdMs, clearMs } = config.lag ?? { thresholdMs: 300, clearMs: 200 };
  if (clearMs > thresholdMs) {
    throw new RangeError(
      `lag.clearMs (${clearMs}) must not exceed lag.thresholdMs (${thresholdMs})`,
    );
  }
  return operate((input, subscriber) => {
    let uptime: { seconds: number; time: number } | undefined;
    let shutdown: { seconds: number; time: number } | undefined;
    let lagging = false;
    const emit = <T extends DraftEvent['type']>(type: T, time: number, data: EventData<T>) =>
      subscriber.next(draftEvent(type, { realm, time, source, data }) as DraftEvent);
    forward(input, subscriber, {
      next(value) {
        if (value.kind === 'parse.error') return subscriber.next(value.event);
        if (value.kind !== 'snapshot') return;
        const { time, snapshot: info } = value;
        const elapsed = (from: number) => (time - from) / 1000;
        let restarted = false;
        if (info.uptimeSeconds !== undefined) {
          const now = info.uptimeSeconds;
          if (
            uptime && (now < uptime.seconds ||
              now + restartSlackSeconds < uptime.seconds + elapsed(uptime.time))
          ) {
            restarted = true;
            emit('server.restart', time, {
              previousUptimeSeconds: uptime.seconds,
              uptimeSeconds: now,
            });
          }
          uptime = { seconds: now, time };
        }
        const left = info.shutdownInSeconds;
        if (left !== undefined) {
          const expected = shutdown && shutdown.seconds - elapsed(shutdown.time);
          if (expected === undefined || restarted || left > expected + restartSlackSeconds) {
            emit('server.shutdown.scheduled', time, { inSeconds: left });
          }
          shutdown = { seconds: left, time };
        } else if (shutdown) {
          if (!restarted) emit('server.shutdown.cancelled', time, {});
          shutdown = undefined;
        }
        const diff = info.updateDiffMs;
        if (diff !== undefined && lagging !== (lagging ? diff > clearMs : diff >= thresholdMs)) {
          lagging = !lagging;
          const state = lagging ? 'started' : 'ended';
          emit('server.lag', time, { state, updateDiffMs: diff, thresholdMs });
        }
        emit('server.info', time, sample(info));
      },
    });
  });
}
