/**
 * @module The practical ceiling: a plain `ws` server that does the least work possible to
 * send the same batched frames realmstream sends. Each event is serialised once; every
 * window the pending JSON strings are joined into one `events` frame (the gateway's frame
 * shape) and that one string is sent to every client. No subscriptions, filters, queues,
 * rate limits or backpressure: what is left is the cost of the sockets themselves.
 */
import type { WebSocketServer } from 'ws';
import type { DraftEvent } from '../../src/pipeline/events.ts';

/**
 * The gateway's batch window for `clients` active clients, with its defaults
 * (`server.batchMs` 5 ms, at most 200 ms, 8000 frames/s; see `ClientRegistry.batchWindowMs`),
 * so that the ceiling sends as many frames as realmstream does.
 *
 * @param clients Active clients.
 * @returns Window in ms.
 */
export function gatewayWindowMs(clients: number): number {
  return Math.min(200, Math.max(5, (clients / 8000) * 1000));
}

/**
 * Serves the ceiling broadcast on a `ws` server.
 *
 * @param wss The WebSocket server.
 * @returns `publish`, the counters and `stop` (clears the window timer).
 */
export function startCeiling(wss: WebSocketServer): {
  publish(draft: DraftEvent): number;
  stats: { frames: number; delivered: number; windowMs: number };
  stop(): void;
} {
  const stats = { frames: 0, delivered: 0, windowMs: 5 };
  let seq = 0;
  let pending: string[] = [];
  let timer: ReturnType<typeof setInterval> | undefined;
  const flush = () => {
    if (pending.length === 0) return;
    const frame = pending.length === 1
      ? `{"op":"event","sub":"all","event":${pending[0]}}`
      : `{"op":"events","subs":[${pending.map(() => '"all"').join(',')}],"events":[${
        pending.join(',')
      }]}`;
    for (const client of wss.clients) client.send(frame);
    stats.frames += wss.clients.size;
    stats.delivered += wss.clients.size * pending.length;
    pending = [];
  };
  return {
    publish(draft) {
      seq++;
      pending.push(JSON.stringify({ id: `ceiling:${seq}`, seq, ...draft }));
      // A fixed tick, like the gateway's under steady load: one frame per client per window.
      if (!timer) {
        stats.windowMs = gatewayWindowMs(wss.clients.size);
        timer = setInterval(flush, stats.windowMs);
      }
      return seq;
    },
    stats,
    stop: () => clearInterval(timer),
  };
}
