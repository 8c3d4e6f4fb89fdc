/**
 * @module Operators: values/s through `priorityBuffer`, `rateLimit` and `aggregateByKey`
 * against the nearest plain-RxJS composition doing the same job, measured interleaved in
 * the same process (median of 5):
 * - `priorityBuffer`, consumer ready (pass-through) vs `map(identity)`; queued (1000 values
 *   while not ready, then a drain by priority) vs `buffer(ready)` + sort by priority;
 * - `rateLimit` drop mode (a token bucket), under and over the limit, vs a token bucket
 *   written as `scan` + `filter` + `map`;
 * - `aggregateByKey` (64 keys, 10 ms windows, a count) vs `groupBy` + `bufferTime` + reduce.
 */
import {
  asyncScheduler,
  BehaviorSubject,
  buffer,
  bufferTime,
  filter,
  groupBy,
  map,
  mergeMap,
  type OperatorFunction,
  scan,
  Subject,
  type Subscription,
} from 'rxjs';
import { aggregateByKey, priorityBuffer, rateLimit } from '../src/operators/index.ts';
import { type Priority, PRIORITY_RANK } from '../src/pipeline/events.ts';
import type { Scenario, ScenarioResult } from './lib/scenario.ts';
import { median, round } from './lib/stats.ts';
import { fmt } from './lib/table.ts';

interface Item {
  seq: number;
  key: number;
  priority: Priority;
  bytes: number;
}

const PRIORITIES: Priority[] = ['low', 'normal', 'normal', 'high', 'normal', 'low', 'critical'];
const ITEMS: Item[] = Array.from({ length: 1024 }, (_, i) => ({
  seq: i,
  key: (i * 7) % 64,
  priority: PRIORITIES[i % PRIORITIES.length],
  bytes: 200 + (i % 50),
}));

/** One measured run: pushes `count` values and returns how long it took, ms. */
type Run = (count: number) => Promise<number> | number;

/** Subscriptions of the current case, closed before the next one (timers must not linger). */
const open: Subscription[] = [];

/** A synchronous pipe: values pushed through a Subject into `op`. */
function throughPipe(op: OperatorFunction<Item, unknown>): Run {
  const source = new Subject<Item>();
  let received = 0;
  open.push(source.pipe(op).subscribe(() => received++));
  return (count) => {
    const started = performance.now();
    for (let i = 0; i < count; i++) source.next(ITEMS[i & 1023]);
    return performance.now() - started;
  };
}

/** Fill-while-not-ready then drain, in rounds of 1000 values. */
function queued(make: (ready$: BehaviorSubject<boolean>) => OperatorFunction<Item, unknown>): Run {
  const ready$ = new BehaviorSubject(false);
  const source = new Subject<Item>();
  let received = 0;
  open.push(source.pipe(make(ready$)).subscribe(() => received++));
  return (count) => {
    const started = performance.now();
    for (let done = 0; done < count; done += 1000) {
      ready$.next(false);
      for (let i = 0; i < 1000; i++) source.next(ITEMS[(done + i) & 1023]);
      ready$.next(true);
    }
    return performance.now() - started;
  };
}

/** Values pushed in slices with the event loop let through between them (timers fire). */
function timed(op: OperatorFunction<Item, unknown>): Run {
  const source = new Subject<Item>();
  let received = 0;
  open.push(source.pipe(op).subscribe(() => received++));
  return async (count) => {
    const started = performance.now();
    for (let done = 0; done < count; done += 5000) {
      for (let i = 0; i < 5000; i++) source.next(ITEMS[(done + i) & 1023]);
      await new Promise((resolve) => setImmediate(resolve));
    }
    return performance.now() - started;
  };
}

/** A token bucket as plain RxJS: `scan` keeps tokens, `filter` drops, `map` unwraps. */
function plainTokenBucket(perSecond: number, burst: number): OperatorFunction<Item, Item> {
  const perMs = perSecond / 1000;
  return (source) =>
    source.pipe(
      scan(
        (state, value) => {
          const now = asyncScheduler.now();
          const tokens = Math.min(burst, state.tokens + (now - state.at) * perMs);
          const pass = tokens >= 1;
          return { tokens: pass ? tokens - 1 : tokens, at: now, pass, value };
        },
        { tokens: burst, at: asyncScheduler.now(), pass: false, value: ITEMS[0] },
      ),
      filter((state) => state.pass),
      map((state) => state.value),
    );
}

interface Case {
  name: string;
  ours: () => Run;
  baseline: () => Run;
  baselineName: string;
  count: number;
}

const byRank = (a: Item, b: Item) => PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority];

const CASES: Case[] = [
  {
    name: 'priorityBuffer, consumer ready',
    ours: () =>
      throughPipe(
        priorityBuffer<Item>({
          capacity: 1000,
          overflow: 'drop-lowest',
          ready$: new BehaviorSubject(true),
        }),
      ),
    baseline: () => throughPipe(map((x) => x)),
    baselineName: 'map(identity)',
    count: 1_000_000,
  },
  {
    name: 'priorityBuffer, fill 1000 + drain',
    ours: () =>
      queued((ready$) =>
        priorityBuffer<Item>({
          capacity: 1000,
          capacityBytes: 1 << 20,
          overflow: 'drop-lowest',
          ready$,
        })
      ),
    baseline: () =>
      queued((ready$) => (source) =>
        source.pipe(
          buffer(ready$.pipe(filter(Boolean))),
          mergeMap((batch) => batch.sort(byRank)),
        )
      ),
    baselineName: 'buffer(ready) + sort by priority',
    count: 500_000,
  },
  {
    name: 'rateLimit drop, under the limit',
    ours: () => throughPipe(rateLimit<Item>({ perSecond: 1e9, burst: 1e6, onExceed: 'drop' })),
    baseline: () => throughPipe(plainTokenBucket(1e9, 1e6)),
    baselineName: 'scan + filter + map token bucket',
    count: 1_000_000,
  },
  {
    name: 'rateLimit drop, over the limit',
    ours: () => throughPipe(rateLimit<Item>({ perSecond: 1000, burst: 100, onExceed: 'drop' })),
    baseline: () => throughPipe(plainTokenBucket(1000, 100)),
    baselineName: 'scan + filter + map token bucket',
    count: 1_000_000,
  },
  {
    name: 'aggregateByKey, 64 keys, 10 ms',
    ours: () =>
      timed(
        aggregateByKey<Item, number, number>({
          key: (item) => item.key,
          windowMs: 10,
          seed: () => 0,
          reduce: (n) => n + 1,
          maxGroups: 256,
        }),
      ),
    baseline: () =>
      timed((source) =>
        source.pipe(
          groupBy((item) => item.key),
          mergeMap((group) =>
            group.pipe(
              bufferTime(10),
              filter((values) => values.length > 0),
              map((values) => ({ key: group.key, count: values.length })),
            )
          ),
        )
      ),
    baselineName: 'groupBy + bufferTime + count',
    count: 500_000,
  },
];

/** The operators scenario. */
export const scenario: Scenario = {
  name: 'operators',
  description: 'priorityBuffer, rateLimit and aggregateByKey values/s vs the nearest plain RxJS',
  async run({ quick }): Promise<ScenarioResult> {
    const repeats = quick ? 1 : 5;
    const figures: Record<string, { oursPerSecond: number; baselinePerSecond: number }> = {};
    const ratios: Record<string, number> = {};
    const table = [['operator', 'M values/s', 'baseline', 'M values/s', 'ratio']];
    for (const c of CASES) {
      const count = quick ? c.count / 100 : c.count;
      const ours = c.ours();
      const base = c.baseline();
      await ours(count / 5); // warm-up
      await base(count / 5);
      const samples = { ours: [] as number[], base: [] as number[] };
      for (let i = 0; i < repeats; i++) {
        const order = i % 2 ? ['ours', 'base'] as const : ['base', 'ours'] as const;
        for (const which of order) {
          const ms = await (which === 'ours' ? ours : base)(count);
          samples[which].push(count / (ms / 1000));
        }
      }
      const oursPerSecond = Math.round(median(samples.ours));
      const baselinePerSecond = Math.round(median(samples.base));
      const key = c.name.replace(
        /[^a-zA-Z0-9]+(.)?/g,
        (_m, next: string | undefined) => next ? next.toUpperCase() : '',
      );
      for (const subscription of open.splice(0)) subscription.unsubscribe();
      figures[key] = { oursPerSecond, baselinePerSecond };
      ratios[key] = round(oursPerSecond / baselinePerSecond);
      table.push([
        c.name,
        fmt(oursPerSecond / 1e6, 2),
        c.baselineName,
        fmt(baselinePerSecond / 1e6, 2),
        fmt(ratios[key], 2),
      ]);
    }
    return {
      figures,
      ratios,
      table,
      notes: [
        'The gateway budget is 100k deliveries/s (1000 clients x 100 events/s); each ' +
        'operator runs per chunk there, not per event (see fanout), so these rates are far ' +
        'above what delivery needs.',
      ],
    };
  },
};
