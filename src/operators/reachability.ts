/**
 * @module `reachability`: SOAP replies -> `server.up` / `server.down` transitions.
 */
import type { OperatorFunction } from 'rxjs';
import { type DraftEvent, draftEvent, type EventSource } from '../pipeline/events.ts';
import { pollFailureReason } from '../pipeline/snapshots.ts';
import type { SoapReply } from '../pipeline/sources/soap/types.ts';
import { forward, operate } from './internal/operate.ts';

/** Options for {@link reachability}. */
export interface ReachabilityConfig {
  /** Realm id put on the events. */
  realm: string;
  /** Source put on the events (default `soap`). */
  source?: EventSource;
}

/**
 * Derives `server.up` / `server.down` from poll replies, only on transitions.
 *
 * It's like `distinctUntilChanged()` on "did the poll work", but it starts from "unknown"
 * (so the first answer gives `server.up`, or the first failure `server.down`), `server.down`
 * carries the typed reason (the SOAP error `kind`: `unreachable`, `timeout`, `auth`,
 * `forbidden`, `protocol`, `http`) with `stopped: true` for `auth`/`forbidden` (the poller
 * stops: fix the config and restart), and `server.up` says how long the realm was down.
 * A SOAP fault counts as reachable: the server answered, one command failed.
 *
 * ```text
 * replies: -a-a-x-x-a-|     a: ok reply; x: timeout
 * output:  -U---D---V-|     U: server.up; D: server.down (timeout); V: server.up { downForMs }
 * ```
 *
 * ## Example
 * ```ts
 * soapPoll({ realm: 'world-1', transport, commands }).pipe(reachability({ realm: 'world-1' }));
 * ```
 *
 * @param config Realm id and event source.
 * @returns An operator from replies to `server.up` / `server.down` draft events.
 */
export function reachability(config: ReachabilityConfig): OperatorFunction<SoapReply, DraftEvent> {
  const { realm, source = 'soap' } = config;
  return operate((input, subscriber) => {
    let downSince: number | undefined;
    let known = false;
    forward(input, subscriber, {
      next(reply) {
        const reason = reply.kind === 'error' ? pollFailureReason(reply.error) : undefined;
        const time = reply.time;
        if (reason === undefined || reason === 'fault') {
          if (known && downSince === undefined) return;
          const data = downSince === undefined ? {} : { downForMs: time - downSince };
          known = true;
          downSince = undefined;
          subscriber.next(draftEvent('server.up', { realm, time, source, data }));
          return;
        }
        if (downSince !== undefined) return;
        known = true;
        downSince = time;
        const message = (reply as Extract<SoapReply, { kind: 'error' }>).error.message;
        const data = reason === 'auth' || reason === 'forbidden'
          ? { reason, message, stopped: true }
          : { reason, message };
        subscriber.next(draftEvent('server.down', { realm, time, source, data }));
      },
    });
  });
}
