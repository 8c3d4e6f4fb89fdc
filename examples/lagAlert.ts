/**
 * @module Example: alert when a realm lags repeatedly.
 *
 * `N` `server.lag` spikes (state `started`) from one realm within one window become one
 * alert object. Composed from the library's operators, like your own pipelines would be:
 * `filter` the events you care about, `aggregateByKey` them per realm and window, keep the
 * windows that cross the threshold.
 *
 * Run it: `npx tsx examples/lagAlert.ts` (Node) or `deno run examples/lagAlert.ts`.
 * It feeds a scripted night into a hub and prints the alerts. In your project, import from
 * `realmstream` and `realmstream/operators` and pipe `hub.events$` (or a replayed
 * recording) instead.
 */
import {
  asyncScheduler,
  filter,
  from,
  map,
  mergeMap,
  type OperatorFunction,
  pipe,
  type SchedulerLike,
  timer,
} from 'rxjs';
import { pathToFileURL } from 'node:url';
import { aggregateByKey } from '../src/operators/index.ts';
import { createHub, type DraftEvent, draftEvent, type DraftEventOf } from '../src/mod.ts';

/** Options for {@link lagAlerts}. */
export interface LagAlertConfig {
  /** Spikes within one window that make an alert (default 3). */
  threshold?: number;
  /** Window length in ms (default 60 000). */
  windowMs?: number;
  /** Clock; tests pass a TestScheduler. Defaults to `asyncScheduler`. */
  scheduler?: SchedulerLike;
}

/** One alert: a realm lagged `spikes` times in the window. */
export interface LagAlert {
  /** Realm id. */
  readonly realm: string;
  /** Window start (ms). */
  readonly windowStart: number;
  /** Window end (ms). */
  readonly windowEnd: number;
  /** Lag spikes in the window. */
  readonly spikes: number;
  /** The worst update diff reported (ms). */
  readonly worstMs: number;
}

interface Spikes {
  count: number;
  worstMs: number;
}

/**
 * Turns realm events into lag alerts: one per realm per window with at least `threshold`
 * lag spikes.
 *
 * @param config Threshold, window and clock.
 * @returns An operator from realm events to alerts.
 */
export function lagAlerts(config: LagAlertConfig = {}): OperatorFunction<DraftEvent, LagAlert> {
  const { threshold = 3, windowMs = 60_000, scheduler = asyncScheduler } = config;
  return pipe(
    filter((event): event is DraftEventOf<'server.lag'> =>
      event.type === 'server.lag' && event.data.state === 'started'
    ),
    aggregateByKey<DraftEventOf<'server.lag'>, string, Spikes>({
      key: (event) => event.realm,
      windowMs,
      seed: () => ({ count: 0, worstMs: 0 }),
      reduce: (spikes, event) => ({
        count: spikes.count + 1,
        worstMs: Math.max(spikes.worstMs, event.data.updateDiffMs),
      }),
      maxGroups: 256,
      scheduler,
    }),
    filter((summary) => summary.value.count >= threshold),
    map(({ key, windowStart, windowEnd, value }) => ({
      realm: key,
      windowStart,
      windowEnd,
      spikes: value.count,
      worstMs: value.worstMs,
    })),
  );
}

/** A scripted night: [ms after start, realm, update diff]. */
const SCRIPT: ReadonlyArray<readonly [number, string, number]> = [
  [50, 'world-1', 180],
  [120, 'world-1', 260],
  [200, 'world-2', 150],
  [260, 'world-1', 410],
  [700, 'world-2', 170],
];

async function main(): Promise<void> {
  const windowMs = 500;
  const hub = createHub();
  const done = hub.events$.pipe(
    map((stamped) => stamped.event),
    lagAlerts({ threshold: 3, windowMs }),
  ).forEach((alert) => console.log('ALERT', JSON.stringify(alert)));
  // Windows are aligned to multiples of windowMs: start the script just after a boundary so
  // the demo's first burst falls into one window.
  const start = windowMs - (Date.now() % windowMs);
  hub.connect(
    from(SCRIPT).pipe(
      mergeMap(([at, realm, updateDiffMs]) =>
        timer(start + at).pipe(map(() =>
          draftEvent('server.lag', {
            realm,
            time: Date.now(),
            source: 'soap',
            data: { state: 'started', updateDiffMs, thresholdMs: 100 },
          })
        ))
      ),
    ),
  );
  await new Promise((resolve) => setTimeout(resolve, start + 1200));
  hub.close(); // completes events$: the last window is flushed, then `done` resolves
  await done;
}

// Run only when executed directly (Deno sets import.meta.main; on Node compare the path).
const meta = import.meta as ImportMeta & { main?: boolean };
const entry = globalThis.process?.argv?.[1];
if (meta.main ?? (entry !== undefined && import.meta.url === pathToFileURL(entry).href)) {
  await main();
}
