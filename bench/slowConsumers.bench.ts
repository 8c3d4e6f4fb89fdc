/**
 * @module Slow consumers: 1000 clients at 100 events/s of which 10 never read (their
 * sockets are paused once subscribed). Over 30 s the gateway's RSS is sampled every second
 * and must stay bounded, and the 990 fast clients' throughput must stay within 10% of the
 * all-fast case, measured in the same run as the baseline. Then an overload phase (20
 * clients, 10 stalled, 1800 events/s) fills the kernel's socket buffers so the server has to
 * hold data: realmstream must keep each stalled client within its queue cap and cut it off
 * (4409), where the naive gateway, measured the same way, buffers without limit.
 */
import { openSession, type WindowFigures } from './fanout/session.ts';
import type { Scenario, ScenarioResult } from './lib/scenario.ts';
import { round } from './lib/stats.ts';
import { fmt } from './lib/table.ts';

const RATE = 100;

interface OverloadFigures {
  window: WindowFigures;
  rssSamplesMiB: number[];
  queuedSamplesMiB: number[];
  rssGrowthMiB: number;
  rssGrowthLastThirdMiB: number;
  heldMaxMiB: number;
  closes: Record<string, number>;
}

/** Bounded = a plateau: how far the last third rises above the earlier peak, MiB. */
function lastThirdGrowth(samples: readonly number[]): number {
  const cut = Math.floor((samples.length * 2) / 3);
  return round(Math.max(...samples.slice(cut)) - Math.max(...samples.slice(0, cut)), 1);
}

async function overloadRun(
  variant: 'realmstream' | 'naive',
  o: {
    clients: number;
    stalled: number;
    rate: number;
    warmupMs: number;
    measureMs: number;
    settleMs: number;
  },
): Promise<OverloadFigures> {
  const session = await openSession(variant, o.clients, { paused: o.stalled });
  try {
    const run = await session.measure(o.rate, o);
    const samples = run.rssSamplesMiB;
    return {
      window: run.figures,
      rssSamplesMiB: samples,
      queuedSamplesMiB: run.queuedSamplesMiB,
      rssGrowthMiB: round(samples[samples.length - 1] - samples[0], 1),
      rssGrowthLastThirdMiB: lastThirdGrowth(samples),
      heldMaxMiB: Math.max(...run.queuedSamplesMiB),
      closes: (run.server.closes ?? {}) as Record<string, number>,
    };
  } finally {
    await session.stop();
  }
}

/** The slow-consumer scenario. */
export const scenario: Scenario = {
  name: 'slowConsumers',
  description: `1000 clients at ${RATE} events/s, 10 never read: RSS over 30 s and the fast ` +
    "clients' throughput against the all-fast case",
  async run({ quick }): Promise<ScenarioResult> {
    const clients = quick ? 40 : 1000;
    const slow = quick ? 2 : 10;
    const fastTiming = quick
      ? { warmupMs: 300, measureMs: 1000, settleMs: 300 }
      : { warmupMs: 1500, measureMs: 10_000, settleMs: 1000 };
    const slowTiming = quick
      ? { warmupMs: 300, measureMs: 2000, settleMs: 300 }
      : { warmupMs: 1000, measureMs: 30_000, settleMs: 1000 };

    const allFastSession = await openSession('realmstream', clients);
    let allFast;
    try {
      allFast = await allFastSession.measure(RATE, fastTiming);
    } finally {
      await allFastSession.stop();
    }
    const slowSession = await openSession('realmstream', clients, { paused: slow });
    let withSlow;
    try {
      withSlow = await slowSession.measure(RATE, slowTiming);
    } finally {
      await slowSession.stop();
    }
    const perFastClient = (deliveredPerSecond: number, readers: number) =>
      deliveredPerSecond / readers;
    const baseline = perFastClient(allFast.figures.deliveredPerSecond, clients);
    const ours = perFastClient(withSlow.figures.deliveredPerSecond, clients - slow);
    // Bounded = a plateau: the last third of the window does not rise above what the first
    // two thirds reached (a leak or an unbounded queue keeps climbing to the end).
    const samples = withSlow.rssSamplesMiB;
    const growthLastThird = lastThirdGrowth(samples);
    const queued = withSlow.queuedSamplesMiB;
    const fastRatio = round(ours / baseline);
    const dropped = (withSlow.server.dropped ?? {}) as Record<string, number>;
    const closes = (withSlow.server.closes ?? {}) as Record<string, number>;
    // Overload: at 100 events/s a stalled socket's ~25 KB/s fits in the kernel's loopback
    // buffers for the whole window, so the server never holds anything. A few clients at
    // 1800 events/s fill those buffers within seconds; then realmstream must hold each
    // stalled client to its queue cap and cut it off (4409), while the naive gateway keeps
    // buffering. Both run here, in the same setup.
    const overload = quick
      ? { clients: 6, stalled: 3, rate: 1800, warmupMs: 300, measureMs: 2000, settleMs: 300 }
      : { clients: 20, stalled: 10, rate: 1800, warmupMs: 1000, measureMs: 25_000, settleMs: 1000 };
    const overloaded: Record<'realmstream' | 'naive', OverloadFigures> = {
      realmstream: await overloadRun('realmstream', overload),
      naive: await overloadRun('naive', overload),
    };
    const row = (label: string, f: typeof allFast.figures, readers: number) => [
      label,
      String(readers),
      fmt(f.deliveredPerSecond),
      fmt(f.deliveredPerSecond / readers, 1),
      `${(f.deliveredFraction * 100).toFixed(1)}%`,
      fmt(f.p99Ms, 1),
      fmt(f.serverCores, 3),
      fmt(f.serverRssMiB, 1),
    ];
    return {
      figures: {
        allFast: allFast.figures,
        withSlow: withSlow.figures,
        rssSamplesMiB: samples,
        rssStartMiB: samples[0],
        rssMaxMiB: Math.max(...samples),
        rssEndMiB: samples[samples.length - 1],
        rssGrowthLastThirdMiB: growthLastThird,
        queuedSamplesMiB: queued,
        queuedMaxMiB: Math.max(...queued),
        overload: { ...overload, ...overloaded },
        closes,
        dropped,
      },
      ratios: {
        fastThroughputVsAllFast: fastRatio,
        overloadRssGrowthVsNaive: round(
          overloaded.realmstream.rssGrowthMiB / Math.max(overloaded.naive.rssGrowthMiB, 0.1),
        ),
      },
      targets: {
        'fast clients within 10% of the all-fast case': fastRatio >= 0.9,
        'RSS bounded (last third <= 8 MiB above the earlier peak)': growthLastThird <= 8,
        // Held = server queues plus socket send buffers; each stalled client may hold up to
        // `server.clientQueueBytes` (4 MiB) before it is cut off.
        'overload: every stalled client cut off (4409), held bytes within their caps':
          (overloaded.realmstream.closes['4409'] ?? 0) >= overload.stalled &&
          overloaded.realmstream.heldMaxMiB <= overload.stalled * 4.5,
      },
      table: [
        [
          'case',
          'reading clients',
          'delivered/s',
          'per client/s',
          'delivered',
          'p99 ms',
          'server cores',
          'RSS MiB',
        ],
        row('all fast', allFast.figures, clients),
        row(`${slow} never read`, withSlow.figures, clients - slow),
        ...(['realmstream', 'naive'] as const).map((variant) => {
          const f = overloaded[variant];
          return [
            `overload ${overload.rate}/s, ${overload.stalled} of ${overload.clients} stalled, ${variant}`,
            String(overload.clients - overload.stalled),
            fmt(f.window.deliveredPerSecond),
            fmt(f.window.deliveredPerSecond / (overload.clients - overload.stalled), 1),
            `${(f.window.deliveredFraction * 100).toFixed(1)}%`,
            fmt(f.window.p99Ms, 1),
            fmt(f.window.serverCores, 3),
            fmt(f.window.serverRssMiB, 1),
          ];
        }),
      ],
      notes: [
        `RSS over ${slowTiming.measureMs / 1000} s with ${slow} stalled clients (MiB, every ` +
        `second): ${samples.join(' ')}. Bytes held for clients (server queues and socket ` +
        `buffers, MiB): ${queued.join(' ')}. Server close codes: ${JSON.stringify(closes)}; ` +
        `drops: ${JSON.stringify(dropped)}.`,
        ...(['realmstream', 'naive'] as const).map((variant) => {
          const f = overloaded[variant];
          return `Overload, ${variant}: RSS (MiB) ${f.rssSamplesMiB.join(' ')}; grew ` +
            `${f.rssGrowthMiB} MiB; held for clients (MiB) ${f.queuedSamplesMiB.join(' ')}; ` +
            `close codes ${JSON.stringify(f.closes)}.`;
        }),
      ],
    };
  },
};
