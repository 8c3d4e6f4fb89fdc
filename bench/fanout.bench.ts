/**
 * @module Fan-out load test: 1000 WebSocket clients on loopback (in their own process)
 * receiving every event, realmstream's gateway against a plain `ws` broadcast of the same
 * pre-serialised events (one message per event per client) in the same run. Reports
 * delivered events/s, latency percentiles, and the server's CPU from `process.cpuUsage()` in
 * the server process; the target is the original design point: 1000 clients x 100 events/s,
 * every event delivered to every client, the server at no more than half a core.
 *
 * `npm run bench -- fanout` (FANOUT_CLIENTS, FANOUT_MEASURE_MS override the defaults).
 */
import { forkTs } from './lib/children.ts';
import { LatencyHistogram } from './lib/histogram.ts';
import type { Scenario, ScenarioResult } from './lib/scenario.ts';

const CLIENTS = Number(process.env.FANOUT_CLIENTS ?? 1000);
const MEASURE_MS = Number(process.env.FANOUT_MEASURE_MS ?? 10_000);
const WARMUP_MS = 2000;
const SETTLE_MS = 2000;
const DESIGN_RATE = 100;
const STRESS_RATE = 300;
const MAX_SERVER_CORES = 0.5;
// FANOUT_VARIANTS=realmstream skips the baseline (while tuning; results then lack ratios).
const VARIANTS = (process.env.FANOUT_VARIANTS ?? 'baseline,realmstream').split(',') as Array<
  'baseline' | 'realmstream'
>;

type Variant = 'baseline' | 'realmstream';

interface RunFigures {
  clients: number;
  offeredEventsPerSecond: number;
  offeredDeliveriesPerSecond: number;
  /** Events the server managed to publish per second (a saturated baseline publishes less). */
  publishedEventsPerSecond: number;
  /** The server published at least 98% of the offered rate (it kept up). */
  sustained: boolean;
  deliveredPerSecond: number;
  deliveredFraction: number;
  allDelivered: boolean;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  serverCores: number;
  clientCores: number;
  framesPerSecond: number;
  server: Record<string, unknown>;
}

const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function runOnce(variant: Variant, rate: number, measureMs: number): Promise<RunFigures> {
  const server = forkTs(new URL('./fanout/server.ts', import.meta.url), [variant]);
  let clients: ReturnType<typeof forkTs> | undefined;
  try {
    const ready = await server.receive<{ port: number; token: string }>('ready');
    const path = variant === 'realmstream' ? '/ws' : '/';
    clients = forkTs(new URL('./fanout/clients.ts', import.meta.url), [
      `ws://127.0.0.1:${ready.port}${path}`,
      String(CLIENTS),
      variant,
      ready.token,
    ]);
    await clients.receive('ready', 120_000);
    server.send({ type: 'run', rate, warmupMs: WARMUP_MS, measureMs });
    await sleep(WARMUP_MS);
    clients.send({ type: 'start' });
    const done = await server.receive<{
      firstSeq: number;
      lastSeq: number;
      cpuCores: number;
      wallMs: number;
      before: { frames?: number };
      after: Record<string, unknown> & { frames?: number };
    }>('done', measureMs + 60_000);
    await sleep(SETTLE_MS); // deliveries of the last events of the window
    clients.send({ type: 'report', firstSeq: done.firstSeq, lastSeq: done.lastSeq });
    const report = await clients.receive<{
      received: number;
      expected: number;
      minClientsPerSeq: number;
      frames: number;
      cpuCores: number;
      histogram: Parameters<typeof LatencyHistogram.fromSparse>[0];
    }>('report', 60_000);
    const histogram = LatencyHistogram.fromSparse(report.histogram);
    const seconds = done.wallMs / 1000;
    const frames = (done.after.frames ?? 0) - (done.before.frames ?? 0);
    return {
      clients: CLIENTS,
      offeredEventsPerSecond: rate,
      offeredDeliveriesPerSecond: rate * CLIENTS,
      publishedEventsPerSecond: round((done.lastSeq - done.firstSeq + 1) / seconds, 1),
      sustained: (done.lastSeq - done.firstSeq + 1) / seconds >= 0.98 * rate,
      deliveredPerSecond: Math.round(report.received / seconds),
      deliveredFraction: round(report.received / report.expected, 4),
      allDelivered: report.received === report.expected && report.minClientsPerSeq === CLIENTS,
      latencyMs: {
        p50: round(histogram.percentile(50), 2),
        p90: round(histogram.percentile(90), 2),
        p99: round(histogram.percentile(99), 2),
        max: round(histogram.max, 2),
        mean: round(histogram.mean(), 2),
      },
      serverCores: round(done.cpuCores),
      clientCores: round(report.cpuCores),
      framesPerSecond: Math.round(frames / seconds),
      server: done.after,
    };
  } finally {
    await clients?.stop();
    await server.stop();
  }
}

function line(label: string, f: RunFigures): string {
  return `${label.padEnd(28)} published ${f.publishedEventsPerSecond}/s, ` +
    `delivered ${String(f.deliveredPerSecond).padStart(7)}/s ` +
    `(${
      (f.deliveredFraction * 100).toFixed(1)
    }%)  p50 ${f.latencyMs.p50} ms  p99 ${f.latencyMs.p99} ms  ` +
    `server ${f.serverCores} cores  clients ${f.clientCores} cores  ${f.framesPerSecond} frames/s`;
}

/** The fan-out scenario. */
export const scenario: Scenario = {
  name: 'fanout',
  description:
    `${CLIENTS} WebSocket clients on loopback, realmstream vs a plain ws broadcast, at ` +
    `${DESIGN_RATE} and ${STRESS_RATE} events/s`,
  async run(): Promise<ScenarioResult> {
    const figures: Record<string, Record<string, RunFigures>> = { baseline: {}, realmstream: {} };
    const summary: string[] = [];
    for (
      const [label, rate, measureMs] of [
        ['design', DESIGN_RATE, MEASURE_MS],
        ['stress', STRESS_RATE, Math.min(MEASURE_MS, 5000)],
      ] as const
    ) {
      for (const variant of VARIANTS) {
        const result = await runOnce(variant, rate, measureMs);
        figures[variant][label] = result;
        summary.push(line(`${variant} ${label} (${rate}/s)`, result));
      }
    }
    const ours = figures.realmstream.design;
    const base = figures.baseline.design ?? ours;
    const oursStress = figures.realmstream.stress;
    const baseStress = figures.baseline.stress ?? oursStress;
    const pass = ours.sustained && ours.allDelivered && ours.serverCores <= MAX_SERVER_CORES;
    summary.push(
      `design point ${CLIENTS} x ${DESIGN_RATE}/s: sustained ${ours.sustained}, ` +
        `all delivered ${ours.allDelivered}, ` +
        `server ${ours.serverCores} cores (target <= ${MAX_SERVER_CORES})`,
    );
    return {
      figures: {
        ...figures,
        designPoint: {
          clients: CLIENTS,
          eventsPerSecond: DESIGN_RATE,
          maxServerCores: MAX_SERVER_CORES,
          sustained: ours.sustained,
          allDelivered: ours.allDelivered,
          serverCores: ours.serverCores,
          baselineSustained: base.sustained,
        },
      },
      ratios: {
        designServerCpu_realmstreamOverBaseline: round(ours.serverCores / base.serverCores),
        designP99_realmstreamOverBaseline: round(ours.latencyMs.p99 / base.latencyMs.p99),
        designDelivered_realmstreamOverBaseline: round(
          ours.deliveredPerSecond / base.deliveredPerSecond,
        ),
        stressDelivered_realmstreamOverBaseline: round(
          oursStress.deliveredPerSecond / baseStress.deliveredPerSecond,
        ),
        stressP99_realmstreamOverBaseline: round(
          oursStress.latencyMs.p99 / baseStress.latencyMs.p99,
        ),
      },
      pass,
      summary,
    };
  },
};
