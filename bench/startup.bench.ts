/**
 * @module Startup: time from spawning the real `realmstream serve` command (embedded default
 * config: one simulated realm, no dashboard) to its first `200` on `/healthz`, on Node (the
 * `bin/realmstream.js` entry, through tsx) and on Deno (`deno run -A src/cli.ts`), against
 * the floor of each runtime: a one-line HTTP server started the same way. Median of 3.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { DENO } from './lib/machine.ts';
import type { Scenario, ScenarioResult } from './lib/scenario.ts';
import { median, round } from './lib/stats.ts';
import { fmt } from './lib/table.ts';

const ROOT = new URL('../', import.meta.url).pathname;
const TIMEOUT_MS = 30_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Spawns `command` and polls `/healthz` (or `/`) until it answers 200; returns ms. */
async function timeToHealthy(command: string, args: (port: number) => string[], path: string) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(command, args(port), {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  try {
    while (performance.now() - started < TIMEOUT_MS) {
      if (child.exitCode !== null) throw new Error(`${command} exited: ${stderr.slice(0, 500)}`);
      try {
        const response = await fetch(`http://127.0.0.1:${port}${path}`);
        await response.arrayBuffer();
        if (response.status === 200) return performance.now() - started;
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`${command} did not answer ${path} within ${TIMEOUT_MS} ms`);
  } finally {
    await stop(child);
  }
}

const CASES = {
  realmstreamNode: () =>
    timeToHealthy(
      process.execPath,
      (port) => ['bin/realmstream.js', 'serve', '--no-ui', '--port', String(port)],
      '/healthz',
    ),
  floorNode: () =>
    timeToHealthy(
      process.execPath,
      (port) => [
        '-e',
        `require('node:http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1')`,
      ],
      '/',
    ),
  realmstreamDeno: () =>
    timeToHealthy(
      DENO,
      (port) => ['run', '-A', 'src/cli.ts', 'serve', '--no-ui', '--port', String(port)],
      '/healthz',
    ),
  floorDeno: () =>
    timeToHealthy(
      DENO,
      (port) => [
        'eval',
        `Deno.serve({ port: ${port}, hostname: '127.0.0.1', onListen() {} }, () => new Response('ok'))`,
      ],
      '/',
    ),
};

/** The startup scenario. */
export const scenario: Scenario = {
  name: 'startup',
  description: 'time to the first /healthz of `realmstream serve` on Node and Deno vs a ' +
    'one-line HTTP server on each runtime',
  async run({ quick }): Promise<ScenarioResult> {
    const repeats = quick ? 1 : 3;
    const samples: Record<keyof typeof CASES, number[]> = {
      realmstreamNode: [],
      floorNode: [],
      realmstreamDeno: [],
      floorDeno: [],
    };
    for (let i = 0; i < repeats; i++) {
      for (const name of Object.keys(CASES) as Array<keyof typeof CASES>) {
        samples[name].push(await CASES[name]());
      }
    }
    const ms = Object.fromEntries(
      Object.entries(samples).map(([name, values]) => [name, round(median(values), 1)]),
    ) as Record<keyof typeof CASES, number>;
    return {
      figures: { medianMs: ms, samplesMs: samples },
      ratios: {
        nodeVsFloor: round(ms.realmstreamNode / ms.floorNode, 2),
        denoVsFloor: round(ms.realmstreamDeno / ms.floorDeno, 2),
        denoVsNode: round(ms.realmstreamDeno / ms.realmstreamNode, 2),
      },
      table: [
        ['runtime', 'realmstream serve ms', 'one-line server ms', 'ratio'],
        [
          'Node (tsx)',
          fmt(ms.realmstreamNode),
          fmt(ms.floorNode),
          fmt(ms.realmstreamNode / ms.floorNode, 1),
        ],
        [
          'Deno',
          fmt(ms.realmstreamDeno),
          fmt(ms.floorDeno),
          fmt(ms.realmstreamDeno / ms.floorDeno, 1),
        ],
      ],
      notes: [
        'Node runs the TypeScript sources through tsx (its loader compiles on first use); ' +
        'a prebuilt bundle would start faster.',
      ],
    };
  },
};
