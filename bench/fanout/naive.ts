/**
 * @module The naive gateway, as the original design sketched it and as a user would first
 * write it: an `EventEmitter` hub, one listener per client that checks a fixed-window rate
 * limit and calls `JSON.stringify` for its own copy of every event, one WebSocket message per
 * event per client, and no backpressure (nothing looks at `bufferedAmount`). It is the
 * baseline realmstream's fan-out must beat by 5x.
 */
import { EventEmitter } from 'node:events';
import type { WebSocket, WebSocketServer } from 'ws';
import type { DraftEvent } from '../../src/pipeline/events.ts';

/** Counters of the naive gateway. */
export interface NaiveStats {
  frames: number;
  delivered: number;
  rateDropped: number;
}

/**
 * Serves the naive gateway on a `ws` server.
 *
 * @param wss The WebSocket server (any path).
 * @param perSecond Messages per client per one-second window (the fixed-window limit).
 * @returns `publish` and the counters.
 */
export function startNaiveGateway(
  wss: WebSocketServer,
  perSecond: number,
): { publish(draft: DraftEvent): number; stats: NaiveStats } {
  const hub = new EventEmitter();
  hub.setMaxListeners(0);
  const stats: NaiveStats = { frames: 0, delivered: 0, rateDropped: 0 };
  let seq = 0;
  wss.on('connection', (socket: WebSocket) => {
    let types: string[] = ['*'];
    let windowStart = Date.now();
    let inWindow = 0;
    const listener = (event: DraftEvent & { seq: number; id: string }) => {
      if (!types.includes('*') && !types.includes(event.type)) return;
      const now = Date.now();
      if (now - windowStart >= 1000) {
        windowStart = now;
        inWindow = 0;
      }
      if (++inWindow > perSecond) {
        stats.rateDropped++;
        return;
      }
      socket.send(JSON.stringify({ op: 'event', event }));
      stats.frames++;
      stats.delivered++;
    };
    socket.on('message', (data) => {
      try {
        const message = JSON.parse(String(data)) as { op?: string; types?: string[] };
        if (message.op === 'subscribe' && Array.isArray(message.types)) types = message.types;
      } catch {
        // The naive gateway ignores what it cannot parse.
      }
    });
    hub.on('event', listener);
    socket.on('close', () => hub.off('event', listener));
  });
  return {
    publish(draft) {
      seq++;
      hub.emit('event', { id: `naive:${seq}`, seq, ...draft });
      return seq;
    },
    stats,
  };
}
