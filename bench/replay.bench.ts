/**
 * @module Replay: a 100 000-event recording replayed in virtual time and at 16x real time.
 * - Virtual time (`VirtualTimeScheduler`): `replay()` (one action per distinct `t`, chained)
 *   against the floor `from(events)` with no timing at all, and against the naive
 *   `mergeMap(e => timer(e.t))` (one pending action per event, kept sorted: quadratic, so it
 *   runs on a 10 000-event slice, compared with `replay()` on the same slice).
 * - 16x on the real clock: a 48 s recording (3 s of playback) through `replay({speed: 16})`
 *   against a hand-written `setTimeout` chain; CPU used and how late events arrive.
 * Also times `loadRecording()` of the same 100k events from a file (streamed, validated).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { from, map, mergeMap, timer, VirtualTimeScheduler } from 'rxjs';
import { draftEvent, type RealmEvent } from '../src/pipeline/events.ts';
import { type EventEntry, makeHeader } from '../src/pipeline/recording/format.ts';
import { createRecording, loadRecording } from '../src/pipeline/recording/recording.ts';
import { replay } from '../src/pipeline/recording/replay.ts';
import { writeRecording } from '../src/pipeline/recording/writeFile.ts';
import { LatencyHistogram } from './lib/histogram.ts';
import type { Scenario, ScenarioResult } from './lib/scenario.ts';
import { median, round } from './lib/stats.ts';
import { fmt } from './lib/table.ts';

const SPEED = 16;

/** `count` entries over `spanMs`, in bursts (some share a `t`) like a real night. */
function makeEntries(count: number, spanMs: number): EventEntry[] {
  const entries: EventEntry[] = [];
  for (let i = 0; i < count; i++) {
    const t = Math.floor(((i - (i % 3)) * spanMs) / count); // groups of 3 share a t
    const seq = i + 1;
    const character = `Char${i % 500}`;
    const event = {
      id: `bench:${seq}`,
      seq,
      ...(i % 3 === 0
        ? draftEvent('chat.message', {
          realm: 'world-1',
          time: 1_764_160_000_000 + t,
          source: 'log',
          data: { channel: 'say', character, text: `message ${i}` },
        })
        : draftEvent('player.login', {
          realm: 'world-1',
          time: 1_764_160_000_000 + t,
          source: 'soap',
          data: { character, map: 0, zone: 12 },
        })),
    } as RealmEvent;
    entries.push({ t, event });
  }
  return entries;
}

/** Median wall time of `runs` runs of `work`, ms. */
function timeMs(runs: number, work: () => number): { ms: number; count: number } {
  const samples: number[] = [];
  let count = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    count = work();
    samples.push(performance.now() - started);
  }
  return { ms: median(samples), count };
}

function virtualReplay(entries: EventEntry[]): () => number {
  const recording = createRecording({}, entries);
  return () => {
    const scheduler = new VirtualTimeScheduler();
    let count = 0;
    replay(recording, { scheduler }).subscribe(() => count++);
    scheduler.flush();
    return count;
  };
}

function virtualTimers(entries: EventEntry[]): () => number {
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

function untimed(entries: EventEntry[]): () => number {
  return () => {
    let count = 0;
    from(entries).pipe(map((entry) => entry.event)).subscribe(() => count++);
    return count;
  };
}

interface RealTimeFigures {
  wallMs: number;
  idealMs: number;
  cpuMs: number;
  lateP50Ms: number;
  lateP99Ms: number;
  events: number;
}

/** Plays entries at SPEED on the real clock, measuring how late each event arrives. */
function realTime(
  entries: EventEntry[],
  play: (onEvent: () => void, done: () => void) => void,
): Promise<RealTimeFigures> {
  return new Promise((resolve) => {
    const late = new LatencyHistogram();
    let index = 0;
    const cpu = process.cpuUsage();
    const started = performance.now();
    play(() => {
      late.record(performance.now() - started - entries[index++].t / SPEED);
    }, () => {
      const used = process.cpuUsage(cpu);
      resolve({
        wallMs: round(performance.now() - started, 1),
        idealMs: entries[entries.length - 1].t / SPEED,
        cpuMs: round((used.user + used.system) / 1000, 1),
        lateP50Ms: round(late.percentile(50), 2),
        lateP99Ms: round(late.percentile(99), 2),
        events: late.total,
      });
    });
  });
}

/** The plain way: one `setTimeout` per distinct `t`, chained. */
function setTimeoutChain(entries: EventEntry[]) {
  return (onEvent: () => void, done: () => void) => {
    const started = performance.now();
    let index = 0;
    const step = () => {
      const elapsed = performance.now() - started;
      while (index < entries.length && entries[index].t / SPEED <= elapsed) {
        index++;
        onEvent();
      }
      if (index >= entries.length) return done();
      setTimeout(step, entries[index].t / SPEED - elapsed);
    };
    setTimeout(step, 0);
  };
}

/** The replay scenario. */
export const scenario: Scenario = {
  name: 'replay',
  description: 'a 100k-event recording in virtual time (vs from() and per-event timers) and at ' +
    `${SPEED}x (vs a setTimeout chain); loading it from a file`,
  async run({ quick }): Promise<ScenarioResult> {
    const count = quick ? 10_000 : 100_000;
    const slice = quick ? 2_000 : 10_000;
    const runs = quick ? 1 : 5;
    const entries = makeEntries(count, quick ? 8_000 : 48_000);
    const subset = entries.slice(0, slice);

    const virtual = timeMs(runs, virtualReplay(entries));
    const floor = timeMs(runs, untimed(entries));
    const virtualSlice = timeMs(runs, virtualReplay(subset));
    const timersSlice = timeMs(1, virtualTimers(subset));

    const realTimeRuns = quick ? 1 : 3;
    const ours: RealTimeFigures[] = [];
    const plain: RealTimeFigures[] = [];
    const recording = createRecording({}, entries);
    for (let i = 0; i < realTimeRuns; i++) {
      ours.push(
        await realTime(
          entries,
          (onEvent, done) =>
            void replay(recording, { speed: SPEED }).subscribe({ next: onEvent, complete: done }),
        ),
      );
      plain.push(await realTime(entries, setTimeoutChain(entries)));
    }
    const pick = (runs: RealTimeFigures[]): RealTimeFigures => {
      const out = {} as RealTimeFigures;
      for (const key of Object.keys(runs[0]) as Array<keyof RealTimeFigures>) {
        out[key] = median(runs.map((run) => run[key]));
      }
      return out;
    };
    const fast = pick(ours);
    const chain = pick(plain);

    const dir = mkdtempSync(join(tmpdir(), 'realmstream-bench-'));
    let loadMs: number;
    let loaded: number;
    try {
      await writeRecording(makeHeader({ id: 'bench', name: 'bench', startTime: 0 }), entries, {
        dir,
      });
      const started = performance.now();
      loaded = (await loadRecording(join(dir, 'bench.jsonl'))).events.length;
      loadMs = round(performance.now() - started, 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    const perSecond = (events: number, ms: number) => fmt(events / (ms / 1000));
    return {
      figures: {
        virtual: { events: count, replayMs: round(virtual.ms, 2), fromMs: round(floor.ms, 2) },
        virtualSlice: {
          events: slice,
          replayMs: round(virtualSlice.ms, 2),
          perEventTimersMs: round(timersSlice.ms, 1),
        },
        realTime16x: { replay: fast, setTimeoutChain: chain },
        load: { events: loaded, ms: loadMs },
      },
      ratios: {
        virtualVsUntimedFloor: round(floor.ms / virtual.ms),
        virtualVsPerEventTimers: round(timersSlice.ms / virtualSlice.ms, 1),
        realTimeCpuVsSetTimeoutChain: round(fast.cpuMs / chain.cpuMs),
      },
      table: [
        ['case', 'events', 'ms', 'events/s', 'late p50 ms', 'late p99 ms', 'CPU ms'],
        [
          'replay(), virtual time',
          String(count),
          fmt(virtual.ms, 1),
          perSecond(count, virtual.ms),
          '',
          '',
          '',
        ],
        [
          'from(events), no timing (floor)',
          String(count),
          fmt(floor.ms, 1),
          perSecond(count, floor.ms),
          '',
          '',
          '',
        ],
        [
          'replay(), virtual time',
          String(slice),
          fmt(virtualSlice.ms, 1),
          perSecond(slice, virtualSlice.ms),
          '',
          '',
          '',
        ],
        [
          'timer() per event, virtual time',
          String(slice),
          fmt(timersSlice.ms, 1),
          perSecond(slice, timersSlice.ms),
          '',
          '',
          '',
        ],
        [
          `replay() at ${SPEED}x`,
          String(fast.events),
          fmt(fast.wallMs),
          '',
          fmt(fast.lateP50Ms, 2),
          fmt(fast.lateP99Ms, 2),
          fmt(fast.cpuMs),
        ],
        [
          `setTimeout chain at ${SPEED}x`,
          String(chain.events),
          fmt(chain.wallMs),
          '',
          fmt(chain.lateP50Ms, 2),
          fmt(chain.lateP99Ms, 2),
          fmt(chain.cpuMs),
        ],
        [
          'loadRecording() from file',
          String(loaded),
          fmt(loadMs),
          perSecond(loaded, loadMs),
          '',
          '',
          '',
        ],
      ],
      notes: [
        `At ${SPEED}x the ideal playback takes ${fmt(fast.idealMs)} ms; the wall time above ` +
        'includes the last timer. "late" is how long after its due time each event arrived.',
      ],
    };
  },
};
