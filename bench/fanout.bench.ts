/**
 * @module Fan-out: N = 10, 100, 1000 WebSocket clients (one client process, loopback)
 * receiving every event of a realistic stream at the design rate, 100 events/s, from three
 * servers in the same run: realmstream's gateway, the plain `ws` ceiling sending the same
 * batched frames, and the naive gateway (EventEmitter, stringify per client, one message per
 * event, no backpressure). Each (N, server) is measured three times; the median is reported.
 *
 * The comparison figure is deliveries per second of server CPU (`deliveredPerCoreSecond`):
 * at a fixed offered rate every server that keeps up delivers the same events/s, and a
 * saturated one (the naive gateway at 1000 clients) delivers what one core allows, so
 * delivered events per CPU-second is the capacity each would reach on a dedicated core.
 */
import {
  type FanoutSession,
  openSession,
  type Variant,
  type WindowFigures,
} from './fanout/session.ts';
import type { Scenario, ScenarioResult } from './lib/scenario.ts';
import { medianFields, round } from './lib/stats.ts';
import { fmt } from './lib/table.ts';

const RATE = 100;
const VARIANTS: Variant[] = ['realmstream', 'ceiling', 'naive'];

/**
 * Measures one session `repeats` times and takes the median of each figure.
 *
 * @param session A connected session.
 * @param repeats Windows.
 * @param timing Window timing.
 * @returns Median figures.
 */
export async function medianWindow(
  session: FanoutSession,
  repeats: number,
  timing: { warmupMs: number; measureMs: number; settleMs: number },
): Promise<WindowFigures> {
  const runs: WindowFigures[] = [];
  for (let i = 0; i < repeats; i++) runs.push((await session.measure(RATE, timing)).figures);
  return medianFields(runs as unknown as Array<Record<keyof WindowFigures, number>>);
}

/** The fan-out scenario. */
export const scenario: Scenario = {
  name: 'fanout',
  description: `N WebSocket clients at ${RATE} events/s: realmstream vs the plain ws ceiling ` +
    '(same batched frames) vs the naive gateway; median of 3 windows',
  async run({ quick }): Promise<ScenarioResult> {
    // BENCH_FANOUT_SIZES=1000 measures one size only (while tuning).
    const sizes = process.env.BENCH_FANOUT_SIZES?.split(',').map(Number) ??
      (quick ? [10] : [10, 100, 1000]);
    const repeats = quick ? 1 : 3;
    const timing = quick
      ? { warmupMs: 300, measureMs: 700, settleMs: 300 }
      : { warmupMs: 1500, measureMs: 3000, settleMs: 3000 };
    // BENCH_FANOUT_VARIANTS=realmstream skips the others (while profiling: no ratios then).
    const variants = (process.env.BENCH_FANOUT_VARIANTS?.split(',') ?? VARIANTS) as Variant[];
    const figures: Record<string, Record<Variant, WindowFigures>> = {};
    const table = [[
      'clients',
      'server',
      'published/s',
      'delivered/s',
      'delivered',
      'p50 ms',
      'p99 ms',
      'server cores',
      'deliveries/core-s',
      'RSS MiB',
      'frames/s',
    ]];
    for (const clients of sizes) {
      const row = {} as Record<Variant, WindowFigures>;
      for (const variant of variants) {
        const session = await openSession(variant, clients);
        try {
          row[variant] = await medianWindow(session, repeats, timing);
        } finally {
          await session.stop();
        }
        const f = row[variant];
        table.push([
          String(clients),
          variant,
          fmt(f.publishedPerSecond, 1),
          fmt(f.deliveredPerSecond),
          `${(f.deliveredFraction * 100).toFixed(1)}%`,
          fmt(f.p50Ms, 1),
          fmt(f.p99Ms, 1),
          fmt(f.serverCores, 3),
          fmt(f.deliveredPerCoreSecond),
          fmt(f.serverRssMiB, 1),
          fmt(f.framesPerSecond),
        ]);
      }
      figures[`clients${clients}`] = row;
    }
    const ratios: Record<string, number> = {};
    const largest = sizes[sizes.length - 1];
    const big = figures[`clients${largest}`];
    if (!big.ceiling || !big.naive) return { figures, ratios: {}, table }; // variants skipped
    for (const clients of sizes) {
      const row = figures[`clients${clients}`];
      const capacity = (variant: Variant) => row[variant].deliveredPerCoreSecond;
      ratios[`vsWsCeiling_${clients}`] = round(capacity('realmstream') / capacity('ceiling'));
      ratios[`vsNaive_${clients}`] = round(capacity('realmstream') / capacity('naive'));
    }
    ratios.vsWsCeiling = ratios[`vsWsCeiling_${largest}`];
    ratios.vsNaive = ratios[`vsNaive_${largest}`];
    ratios.deliveredVsNaive = round(
      big.realmstream.deliveredPerSecond / big.naive.deliveredPerSecond,
    );
    const ours = big.realmstream;
    const designPoint = ours.publishedPerSecond >= 0.98 * RATE &&
      ours.deliveredFraction >= 0.999 && ours.serverCores <= 0.5;
    return {
      figures,
      ratios,
      targets: {
        [`vsWsCeiling >= 0.7 at ${largest} clients`]: ratios.vsWsCeiling >= 0.7,
        [`vsNaive >= 5 at ${largest} clients`]: ratios.vsNaive >= 5,
        [`${largest} clients x ${RATE} events/s fully delivered at <= 0.5 core`]: designPoint,
      },
      table,
      notes: [
        `Capacity ratios compare deliveries per server CPU-second; at ${largest} clients ` +
        `realmstream used ${ours.serverCores} cores for ${fmt(ours.deliveredPerSecond)} ` +
        `deliveries/s, the ceiling ${big.ceiling.serverCores}, the naive gateway ` +
        `${big.naive.serverCores} for ${fmt(big.naive.deliveredPerSecond)}/s.`,
      ],
    };
  },
};
