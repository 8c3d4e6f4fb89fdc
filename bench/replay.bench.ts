/**
 * @module Benchmark: replaying a 100 000-event recording in virtual time. `replay()`
 * schedules one action per distinct `t` and chains them; the naive baseline schedules one
 * `timer` per event up front (100 000 pending actions, which a `VirtualTimeScheduler` keeps
 * sorted on every insert); the floor is `from(events)` with no timing at all. Also times
 * loading the same recording from a file (streaming read, full validation).
 * Run with `npx tsx bench/replay.bench.ts`; results go to stdout and
 * `bench/results/replay.json`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { from, map, mergeMap, timer, VirtualTimeScheduler } from 'rxjs';
import { draftEvent, type RealmEvent } from '../src/pipeline/events.ts';
import { type EventEntry, makeHeader } from '../src/pipeline/recording/format.ts';
import { createRecording, loadRecording } from '../src/pipeline/recording/recording.ts';
import { replay } from '../src/pipeline/recording/replay.ts';
import { writeRecording } from '../src/pipeline/recording/writeFile.ts';

const EVENTS = 100_000;
const RUNS = 5;

function makeEntries(count: number): EventEntry[] {
  const entries: EventEntry[] = [];
  let t = 0;
  for (let i = 0; i < count; i++) {
    // Bursts and gaps like a real night: most events 0-50 ms apart, some simultaneous.
    t += i % 7 === 0 ? 0 : (i * 7919) % 50;
    const seq = i + 1;
    const event = {
      id: `bench:${seq}`,
      seq,
      ...draftEvent(i % 3 === 0 ? 'chat.message' : 'player.login', {
        realm: 'world-1',
        time: 1_764_160_000_000 + t,
        source: 'soap',
        data: i % 3 === 0
          ? { channel: 'say', character: `Char${i % 500}`, text: `message ${i}` }
          : { character: `Char${i % 500}`, map: 0, zone: 12 },
      } as never),
    } as RealmEvent;
    entries.push({ t, event });
  }
  return entries;
}

function time(run: () => number): { ms: number; count: number } {
  const started = performance.now();
  const count = run();
  return { ms: performance.now() - started, count };
}

function best(label: string, runs: number, run: () => number): number {
  let fastest = Infinity;
  let count = 0;
  for (let i = 0; i < runs; i++) {
    const result = time(run);
    fastest = Math.min(fastest, result.ms);
    count = result.count;
  }
  console.log(`${label.padEnd(48)} ${fastest.toFixed(1).padStart(9)} ms  (${count} events)`);
  return fastest;
}

function viaReplay(entries: EventEntry[]): () => number {
  const recording = createRecording({}, entries);
  return () => {
    const scheduler = new VirtualTimeScheduler();
    let count = 0;
    replay(recording, { scheduler }).subscribe(() => count++);
    scheduler.flush();
    return count;
  };
}

function viaTimers(entries: EventEntry[]): () => number {
  return () => {
    const scheduler = new VirtualTimeScheduler();
    let count = 0;
    from(entries)
      .pipe(mergeMap((entry) => timer(entry.t, scheduler).pipe(map(() => entry.event))))
      .subscribe(() => count++);
    scheduler.flush();
    return count;
  };
}

function viaFrom(entries: EventEntry[]): () => number {
  return () => {
    let count = 0;
    from(entries).pipe(map((entry) => entry.event)).subscribe(() => count++);
    return count;
  };
}

console.log(
  `replay bench: ${cpus()[0]?.model ?? 'cpu'} x${cpus().length}, Node ${process.versions.node}`,
);
const entries = makeEntries(EVENTS);
const results: Record<string, number> = {};
results.replay100k = best(`replay(), ${EVENTS} events, virtual time`, RUNS, viaReplay(entries));
results.from100k = best(`floor: from(events), no timing`, RUNS, viaFrom(entries));
for (const size of [2_000, 5_000, 10_000]) {
  const subset = entries.slice(0, size);
  results[`replay${size}`] = best(`replay(), ${size} events`, RUNS, viaReplay(subset));
  results[`timers${size}`] = best(`baseline: one timer per event, ${size}`, 1, viaTimers(subset));
}

const dir = mkdtempSync(join(tmpdir(), 'realmstream-bench-'));
try {
  await writeRecording(makeHeader({ id: 'bench', name: 'bench', startTime: 0 }), entries, { dir });
  let loaded = 0;
  const started = performance.now();
  loaded = (await loadRecording(join(dir, 'bench.jsonl'))).events.length;
  results.load100k = performance.now() - started;
  console.log(
    `${'loadRecording() from file, validated'.padEnd(48)} ${
      results.load100k.toFixed(1).padStart(9)
    } ms  (${loaded} events)`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}

mkdirSync('bench/results', { recursive: true });
writeFileSync(
  'bench/results/replay.json',
  `${
    JSON.stringify(
      {
        bench: 'replay',
        date: new Date().toISOString(),
        machine: { cpu: cpus()[0]?.model, cores: cpus().length },
        runtime: { node: process.versions.node },
        libraries: {
          rxjs: (await import('rxjs/package.json', { with: { type: 'json' } })).default.version,
        },
        unit: 'ms (best of runs)',
        results,
      },
      null,
      2,
    )
  }\n`,
);
