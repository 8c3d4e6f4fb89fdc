/**
 * @module Idle memory: server RSS per connected, subscribed, idle WebSocket client, for
 * realmstream's gateway against a plain `ws` server holding the same sockets (target: under
 * 30 KB per client). Measured after a full GC on both sides of connecting the clients.
 * realmstream runs twice: through tsx (as `bin/realmstream.js` runs it) and from an esbuild
 * bundle (as a production build would), because tsx's `keepNames` gives every closure a
 * `name` property, which costs memory per client.
 */
import { openSession, type Variant } from './fanout/session.ts';
import type { Scenario, ScenarioResult } from './lib/scenario.ts';
import { median, round } from './lib/stats.ts';
import { fmt } from './lib/table.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface MemoryFigures {
  rssBeforeMiB: number;
  rssAfterMiB: number;
  rssPerClientKiB: number;
  heapPerClientKiB: number;
}

async function measure(
  variant: Variant,
  clients: number,
  built = false,
): Promise<MemoryFigures> {
  const reading = async (memory: () => Promise<{ rss: number; heapUsed: number }>) => {
    const samples = [];
    for (let i = 0; i < 3; i++) {
      samples.push(await memory());
      await sleep(300);
    }
    return {
      rss: median(samples.map((s) => s.rss)),
      heapUsed: median(samples.map((s) => s.heapUsed)),
    };
  };
  let before = { rss: 0, heapUsed: 0 };
  const session = await openSession(variant, clients, {
    gc: true,
    built,
    beforeClients: async (memory) => {
      await sleep(500);
      before = await reading(memory);
    },
  });
  try {
    await sleep(1500);
    const after = await reading(session.memory);
    return {
      rssBeforeMiB: round(before.rss / 2 ** 20, 1),
      rssAfterMiB: round(after.rss / 2 ** 20, 1),
      rssPerClientKiB: round((after.rss - before.rss) / clients / 1024, 1),
      heapPerClientKiB: round((after.heapUsed - before.heapUsed) / clients / 1024, 1),
    };
  } finally {
    await session.stop();
  }
}

/** The idle-memory scenario. */
export const scenario: Scenario = {
  name: 'idleMemory',
  description: 'server RSS per idle subscribed WebSocket client: realmstream vs plain ws',
  async run({ quick }): Promise<ScenarioResult> {
    const clients = quick ? 50 : 1000;
    const ours = await measure('realmstream', clients);
    const bundled = await measure('realmstream', clients, true);
    const plain = await measure('ceiling', clients);
    const row = (label: string, f: MemoryFigures) => [
      label,
      String(clients),
      fmt(f.rssBeforeMiB, 1),
      fmt(f.rssAfterMiB, 1),
      fmt(f.rssPerClientKiB, 1),
      fmt(f.heapPerClientKiB, 1),
    ];
    return {
      figures: { realmstream: ours, realmstreamBundled: bundled, plainWs: plain },
      ratios: {
        rssPerClientVsPlainWs: round(ours.rssPerClientKiB / plain.rssPerClientKiB),
        bundledRssPerClientVsPlainWs: round(bundled.rssPerClientKiB / plain.rssPerClientKiB),
      },
      targets: {
        '< 30 KB RSS per idle client (tsx)': ours.rssPerClientKiB * 1024 < 30_000,
        '< 30 KB RSS per idle client (bundled)': bundled.rssPerClientKiB * 1024 < 30_000,
      },
      table: [
        [
          'server',
          'clients',
          'RSS before MiB',
          'RSS after MiB',
          'RSS/client KiB',
          'heap/client KiB',
        ],
        row('realmstream (tsx)', ours),
        row('realmstream (esbuild bundle)', bundled),
        row('plain ws', plain),
      ],
    };
  },
};
