/**
 * @module Gateway counters (connections, deliveries, drops per reason, closes per code,
 * refusals), shared by the WebSocket and SSE sessions and rendered by `/metrics` and
 * `/api/stats`. Counted per frame or per batch, never with per-event allocations.
 */

/** Transport of a client. */
export type Transport = 'ws' | 'sse';

/** Counters of one gateway. */
export class GatewayMetrics {
  /** Connections accepted since start, per transport. */
  readonly connections: Record<Transport, number> = { ws: 0, sse: 0 };
  /** Events delivered (written to a socket or stream), per transport. */
  readonly delivered: Record<Transport, number> = { ws: 0, sse: 0 };
  /** WebSocket frames and SSE chunks written. */
  framesSent = 0;
  /** Characters written (about bytes for the ASCII-heavy JSON). */
  charsSent = 0;
  /** Events dropped for a client, per reason (`rate`, `overflow`, ...). */
  readonly dropped = new Map<string, number>();
  /** Connections closed, per close code (`1006` when the socket just died). */
  readonly closes = new Map<string, number>();
  /** Connections or requests refused, per reason (`origin`, `ip`, `auth`, ...). */
  readonly refused = new Map<string, number>();
  /** Protocol errors answered with an `error` message. */
  protocolErrors = 0;
  /** Heartbeat timeouts (sockets terminated for not answering pings). */
  heartbeatTimeouts = 0;
  /** HTTP API requests served, per route. */
  readonly requests = new Map<string, number>();
  /** Console command attempts, per outcome (`ok`, `failed`, or why it was refused). */
  readonly commands = new Map<string, number>();

  /** Adds `count` dropped events for `reason`. */
  countDrop(reason: string, count: number): void {
    this.dropped.set(reason, (this.dropped.get(reason) ?? 0) + count);
  }

  /** Counts a close with `code`. */
  countClose(code: number): void {
    const key = String(code);
    this.closes.set(key, (this.closes.get(key) ?? 0) + 1);
  }

  /** Counts a refusal for `reason`. */
  countRefusal(reason: string): void {
    this.refused.set(reason, (this.refused.get(reason) ?? 0) + 1);
  }

  /** Counts a console command attempt with `outcome`. */
  countCommand(outcome: string): void {
    this.commands.set(outcome, (this.commands.get(outcome) ?? 0) + 1);
  }

  /** Counts an HTTP request on `route`. */
  countRequest(route: string): void {
    this.requests.set(route, (this.requests.get(route) ?? 0) + 1);
  }
}
