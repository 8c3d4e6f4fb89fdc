/**
 * @module Forwards accepted Metric-push bodies, unchanged, to a real InfluxDB
 * (`ingest.forwardUrl`), so operators keep their Grafana dashboards while realmstream
 * turns the same lines into events. Fire-and-forget: one request in flight, a bounded
 * queue that drops the oldest body when full, failures counted and logged once per streak.
 * The worldserver's response never waits for it.
 */
import { type Logger, silentLogger } from '../../logger.ts';

/** Options for {@link createIngestForwarder}. */
export interface IngestForwarderConfig {
  /**
   * Base URL of the InfluxDB, e.g. `http://127.0.0.1:8086`. The original path and query
   * (`/write?db=...`) are appended; query parameters of the base URL (`u`, `p` for
   * InfluxDB 1.x auth) are added to every request.
   */
  url: string;
  /** Most bodies waiting (default 64); the oldest is dropped beyond. */
  maxQueue?: number;
  /** Most bytes waiting (default 8 MiB); the oldest bodies are dropped beyond. */
  maxQueueBytes?: number;
  /** Per-request timeout in ms (default 10 000). */
  timeoutMs?: number;
  /** The fetch to use (default `globalThis.fetch`). */
  fetch?: typeof fetch;
  /** Where failures are logged. */
  logger?: Logger;
}

/** Counters of a forwarder. */
export interface IngestForwarderStats {
  /** Bodies the InfluxDB accepted (2xx). */
  forwarded: number;
  /** Bodies that failed (network error, timeout or non-2xx answer). */
  failed: number;
  /** Bodies dropped from a full queue. */
  dropped: number;
  /** Bodies waiting now (including the one in flight). */
  queued: number;
}

/** The forwarder. */
export interface IngestForwarder {
  /**
   * Queues a body.
   *
   * @param pathAndQuery The original request path and query, e.g. `/write?db=worldserver`.
   * @param body The raw body as received.
   * @param contentEncoding The body's `Content-Encoding`, if any (`gzip`).
   */
  forward(pathAndQuery: string, body: Uint8Array, contentEncoding?: string): void;
  /** Counters. */
  stats(): IngestForwarderStats;
  /** Resolves when the queue is empty (tests, shutdown). */
  idle(): Promise<void>;
}

interface Pending {
  url: string;
  body: Uint8Array;
  contentEncoding?: string;
}

/**
 * Creates a forwarder.
 *
 * ## Example
 * ```ts
 * const forwarder = createIngestForwarder({ url: config.ingest.forwardUrl, logger });
 * forwarder.forward('/write?db=worldserver', rawBody);
 * ```
 *
 * @param config Target, queue bounds, timeout, fetch, logger.
 * @returns The forwarder.
 */
export function createIngestForwarder(config: IngestForwarderConfig): IngestForwarder {
  const base = new URL(config.url);
  const maxQueue = config.maxQueue ?? 64;
  const maxQueueBytes = config.maxQueueBytes ?? 8 * 1024 * 1024;
  const timeoutMs = config.timeoutMs ?? 10_000;
  const doFetch = config.fetch ?? globalThis.fetch;
  const logger = config.logger ?? silentLogger;
  const queue: Pending[] = [];
  let queuedBytes = 0;
  let inFlight = false;
  let failing = false;
  let waiters: Array<() => void> = [];
  const stats = { forwarded: 0, failed: 0, dropped: 0 };

  const target = (pathAndQuery: string): string => {
    const original = new URL(pathAndQuery, 'http://placeholder');
    const url = new URL(base.href);
    url.pathname = base.pathname.replace(/\/+$/, '') + original.pathname;
    const params = new URLSearchParams(original.search);
    for (const [name, value] of base.searchParams) params.set(name, value);
    url.search = params.toString();
    return url.href;
  };

  const settle = (ok: boolean, detail: string) => {
    if (ok) {
      stats.forwarded++;
      if (failing) logger.info('metric forwarding works again', { url: base.origin });
      failing = false;
      return;
    }
    stats.failed++;
    if (!failing) logger.warn('metric forwarding failed', { url: base.origin, detail });
    failing = true;
  };

  const pump = async () => {
    if (inFlight) return;
    inFlight = true;
    while (queue.length > 0) {
      const next = queue[0];
      try {
        const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8' };
        if (next.contentEncoding) headers['content-encoding'] = next.contentEncoding;
        const response = await doFetch(next.url, {
          method: 'POST',
          headers,
          body: next.body as Uint8Array<ArrayBuffer>,
          signal: AbortSignal.timeout(timeoutMs),
        });
        await response.body?.cancel().catch(() => undefined);
        settle(response.ok, `HTTP ${response.status}`);
      } catch (error) {
        settle(false, (error as Error)?.name ?? 'error');
      }
      if (queue[0] === next) {
        queue.shift();
        queuedBytes -= next.body.byteLength;
      }
    }
    inFlight = false;
    const done = waiters;
    waiters = [];
    for (const wake of done) wake();
  };

  return {
    forward(pathAndQuery, body, contentEncoding) {
      queue.push({ url: target(pathAndQuery), body, contentEncoding });
      queuedBytes += body.byteLength;
      // Never drop the body in flight (index 0 while a request runs).
      const keep = inFlight ? 1 : 0;
      while ((queue.length > maxQueue || queuedBytes > maxQueueBytes) && queue.length > keep + 1) {
        const [dropped] = queue.splice(keep, 1);
        queuedBytes -= dropped.body.byteLength;
        stats.dropped++;
      }
      void pump();
    },
    stats: () => ({ ...stats, queued: queue.length }),
    idle: () =>
      queue.length === 0 && !inFlight
        ? Promise.resolve()
        : new Promise<void>((resolve) => waiters.push(resolve)),
  };
}
