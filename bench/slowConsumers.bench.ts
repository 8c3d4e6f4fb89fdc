/**
 * @module Slow consumers: 1000 clients at 100 events/s of which 10 never read (their
 * sockets are paused once subscribed). Over 30 s the gateway's RSS is sampled every second
 * and must stay bounded (the stalled clients are held to their queue caps and cut off with
 * 4409, never buffered without limit), and the 990 fast clients' throughput must stay
 * within 10% of the all-fast case, measured in the same run as the baseline.
 */
import { openSession } from './fanout/session.ts';
import type { Scenario, ScenarioResult } from './lib/scenario.ts';
import { round } from './lib/stats.ts';
import { fmt } from './lib/table.ts';

const RATE = 100;

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
    const cut = Math.floor((samples.length * 2) / 3);
    const earlierMax = Math.max(...samples.slice(0, cut));
    const lastThirdMax = Math.max(...samples.slice(cut));
    const growthLastThird = round(lastThirdMax - earlierMax, 1);
    const queued = withSlow.queuedSamplesMiB;
    const fastRatio = round(ours / baseline);
    const dropped = (withSlow.server.dropped ?? {}) as Record<string, number>;
    const closes = (withSlow.server.closes ?? {}) as Record<string, number>;
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
        closes,
        dropped,
      },
      ratios: { fastThroughputVsAllFast: fastRatio },
      targets: {
        'fast clients within 10% of the all-fast case': fastRatio >= 0.9,
        'RSS bounded (last third <= 8 MiB above the earlier peak)': growthLastThird <= 8,
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
      ],
      notes: [
        `RSS over ${slowTiming.measureMs / 1000} s with ${slow} stalled clients (MiB, every ` +
        `second): ${samples.join(' ')}. Bytes held for clients (server queues and socket ` +
        `buffers, MiB): ${queued.join(' ')}. Server close codes: ${JSON.stringify(closes)}; ` +
        `drops: ${JSON.stringify(dropped)}.`,
      ],
    };
  },
};
