/**
 * @module A fan-out session: one server process of a variant and one client process with N
 * WebSockets, connected once, then measured over one or more windows. Used by the fanout,
 * slowConsumers and idleMemory scenarios.
 */
import { buildEntry } from '../lib/build.ts';
import { type BenchChild, forkTs } from '../lib/children.ts';
import { LatencyHistogram } from '../lib/histogram.ts';
import { round } from '../lib/stats.ts';
import type { Variant } from './server.ts';

export type { Variant };

/** Figures of one measurement window. */
export interface WindowFigures {
  /** Events the server published per second (below the offered rate: it fell behind). */
  publishedPerSecond: number;
  /** Event deliveries per second counted by the (reading) clients. */
  deliveredPerSecond: number;
  /** Delivered over expected (published events x reading clients). */
  deliveredFraction: number;
  /** Latency from publication in the hub to the client's `message` handler, ms. */
  p50Ms: number;
  p99Ms: number;
  /** Server CPU, in cores (1 = one core busy). */
  serverCores: number;
  /** Client process CPU, in cores. */
  clientCores: number;
  /** Deliveries per second of server CPU: the capacity figure compared across variants. */
  deliveredPerCoreSecond: number;
  serverRssMiB: number;
  /** Frames per second received by the clients. */
  framesPerSecond: number;
  /** Client sockets closed by the server so far. */
  closedClients: number;
}

/** A connected session. */
export interface FanoutSession {
  /**
   * Publishes at `rate` for `warmupMs + measureMs`, measuring the last `measureMs`, and waits
   * up to `settleMs` for the last deliveries (less when everything arrived).
   */
  measure(
    rate: number,
    timing: { warmupMs: number; measureMs: number; settleMs: number },
  ): Promise<{
    figures: WindowFigures;
    /** Server RSS every second of the run (warm-up included). */
    rssSamplesMiB: number[];
    /** Bytes held for clients (queues and socket buffers) at the same instants, MiB. */
    queuedSamplesMiB: number[];
    server: Record<string, unknown>;
  }>;
  /** Server RSS and heap after a full GC (the server must run with `--expose-gc`). */
  memory(): Promise<{ rss: number; heapUsed: number }>;
  /** Stops both processes. */
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const MiB = 2 ** 20;

/**
 * Starts a server of `variant` and connects `clients` WebSockets to it.
 *
 * @param variant Which server.
 * @param clients How many WebSockets.
 * @param options `paused`: clients that never read; `gc`: run the server with --expose-gc;
 *   `built`: run the server from a bundle;
 *   `beforeClients`: called once the server is up, before any client connects.
 * @returns The session.
 */
export async function openSession(
  variant: Variant,
  clients: number,
  options: {
    paused?: number;
    gc?: boolean;
    /** Run the server from an esbuild bundle on plain Node instead of through tsx. */
    built?: boolean;
    beforeClients?: (memory: FanoutSession['memory']) => Promise<void>;
  } = {},
): Promise<FanoutSession> {
  const paused = options.paused ?? 0;
  const entry = new URL('./server.ts', import.meta.url);
  const server = forkTs(
    options.built ? buildEntry(entry) : entry,
    [variant],
    options.gc ? ['--expose-gc'] : [],
  );
  let client: BenchChild | undefined;
  const memory = async () => {
    server.send({ type: 'memory' });
    return await server.receive<{ rss: number; heapUsed: number }>('memory');
  };
  try {
    const ready = await server.receive<{ port: number; token: string }>('ready');
    await options.beforeClients?.(memory);
    const path = variant === 'realmstream' ? '/ws' : '/';
    client = forkTs(new URL('./clients.ts', import.meta.url), [
      `ws://127.0.0.1:${ready.port}${path}`,
      String(clients),
      variant,
      ready.token,
      String(paused),
    ]);
    await client.receive('ready', 120_000);
  } catch (error) {
    await client?.stop();
    await server.stop();
    throw error;
  }
  const clientProcess = client;
  return {
    async measure(rate, { warmupMs, measureMs, settleMs }) {
      server.send({ type: 'run', rate, warmupMs, measureMs });
      await sleep(warmupMs);
      clientProcess.send({ type: 'start' });
      const done = await server.receive<{
        firstSeq: number;
        lastSeq: number;
        cpuCores: number;
        wallMs: number;
        rssBytes: number;
        rssSamples: number[];
        queuedSamples: number[];
        after: Record<string, unknown>;
      }>('done', measureMs + 120_000);
      clientProcess.send({
        type: 'report',
        firstSeq: done.firstSeq,
        lastSeq: done.lastSeq,
        waitMs: settleMs,
      });
      const report = await clientProcess.receive<{
        received: number;
        expected: number;
        frames: number;
        closed: number;
        cpuCores: number;
        histogram: Parameters<typeof LatencyHistogram.fromSparse>[0];
      }>('report', settleMs + 60_000);
      const histogram = LatencyHistogram.fromSparse(report.histogram);
      const seconds = done.wallMs / 1000;
      const published = done.firstSeq ? done.lastSeq - done.firstSeq + 1 : 0;
      const deliveredPerSecond = report.received / seconds;
      return {
        figures: {
          publishedPerSecond: round(published / seconds, 1),
          deliveredPerSecond: Math.round(deliveredPerSecond),
          deliveredFraction: report.expected ? round(report.received / report.expected, 4) : 0,
          p50Ms: round(histogram.percentile(50), 2),
          p99Ms: round(histogram.percentile(99), 2),
          serverCores: round(done.cpuCores),
          clientCores: round(report.cpuCores),
          deliveredPerCoreSecond: Math.round(deliveredPerSecond / Math.max(done.cpuCores, 1e-3)),
          serverRssMiB: round(done.rssBytes / MiB, 1),
          framesPerSecond: Math.round(report.frames / seconds),
          closedClients: report.closed,
        },
        rssSamplesMiB: done.rssSamples.map((bytes) => round(bytes / MiB, 1)),
        queuedSamplesMiB: done.queuedSamples.map((bytes) => round(bytes / MiB, 2)),
        server: done.after,
      };
    },
    memory,
    async stop() {
      await clientProcess.stop();
      await server.stop();
    },
  };
}
