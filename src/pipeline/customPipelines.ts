/**
 * @module Custom pipelines: functions a config module exports (`pipelines`) that read the
 * hub's stream and publish derived events back into it (alerts, summaries, relays). Each
 * runs isolated: its output is validated against the event catalog, a failure stops that
 * pipeline only, and no custom pipeline sees events a custom pipeline published (no
 * feedback loops).
 *
 * ```text
 * hub.events$ ─► (minus the pipeline's own events) ─► pipeline(context) ─► validate ─► hub
 * ```
 */
import {
  asyncScheduler,
  defer,
  filter,
  map,
  type Observable,
  type SchedulerLike,
  type Subscription,
} from 'rxjs';
import type { Logger } from '../logger.ts';
import { type DraftEvent, type RealmEvent, validateDraftEvent } from './events.ts';
import type { Hub } from './hub.ts';

/** What a custom pipeline is given. */
export interface CustomPipelineContext {
  /** Every event the hub publishes from now on, except this pipeline's own. Hot. */
  readonly events$: Observable<RealmEvent>;
  /** The gateway's clock; pass it to time-based operators (tests pass a TestScheduler). */
  readonly scheduler: SchedulerLike;
  /** Where the pipeline may log. */
  readonly logger: Logger;
}

/**
 * A custom pipeline: reads events, returns the draft events to publish (often
 * `alert.raised`, made with `draftEvent`). Use a named function: its name labels logs.
 */
export type CustomPipeline = (context: CustomPipelineContext) => Observable<DraftEvent>;

/** Counters of one running custom pipeline. */
export interface CustomPipelineStats {
  /** The function's name (or `pipeline-N`). */
  readonly name: string;
  /** Events it published. */
  published: number;
  /** Drafts refused by the catalog (logged, not published). */
  invalid: number;
  /** Whether it stopped with an error. */
  failed: boolean;
}

/** Running custom pipelines. */
export interface RunningCustomPipelines {
  /** Counters per pipeline, in configuration order. */
  readonly stats: readonly CustomPipelineStats[];
  /** Stops every pipeline. */
  stop(): void;
}

/** Invalid drafts logged per pipeline before the log goes quiet (the counter goes on). */
const LOGGED_INVALID = 10;

/**
 * Starts custom pipelines on a hub.
 *
 * ## Example
 * ```ts
 * const running = startCustomPipelines(hub, config.pipelines, { logger });
 * // ... on shutdown
 * running.stop();
 * ```
 *
 * @param hub The hub to read from and publish to.
 * @param pipelines The pipeline functions.
 * @param deps Logger and clock.
 * @returns Their counters and a stop function.
 */
export function startCustomPipelines(
  hub: Hub,
  pipelines: readonly CustomPipeline[],
  deps: { logger: Logger; scheduler?: SchedulerLike },
): RunningCustomPipelines {
  const scheduler = deps.scheduler ?? asyncScheduler;
  const subscriptions: Subscription[] = [];
  const published = new WeakSet<object>();
  const stats = pipelines.map((pipeline, index) => {
    const counters: CustomPipelineStats = {
      name: pipeline.name || `pipeline-${index + 1}`,
      published: 0,
      invalid: 0,
      failed: false,
    };
    const fields = { pipeline: counters.name };
    // Custom pipelines never see what any custom pipeline published (their own events, or
    // two pipelines answering each other forever): the hub stamps a shallow copy of the
    // draft, so their events are recognised by the `data` object they carry.
    const events$ = hub.events$.pipe(
      filter((stamped) => !published.has(stamped.event.data)),
      map((stamped) => stamped.event),
    );
    const output$ = defer(() => pipeline({ events$, scheduler, logger: deps.logger }));
    subscriptions.push(output$.subscribe({
      next(draft) {
        const checked = validateDraftEvent(draft);
        if (!checked.ok) {
          counters.invalid++;
          if (counters.invalid <= LOGGED_INVALID) {
            deps.logger.warn('custom pipeline emitted an invalid event (dropped)', {
              ...fields,
              problem: checked.message,
            });
          }
          return;
        }
        published.add(checked.event.data);
        hub.publish(checked.event);
        counters.published++;
      },
      error(error: unknown) {
        counters.failed = true;
        deps.logger.error('custom pipeline failed and stopped', { ...fields, error });
      },
      complete() {
        deps.logger.info('custom pipeline completed', fields);
      },
    }));
    return counters;
  });
  return {
    stats,
    stop() {
      for (const subscription of subscriptions) subscription.unsubscribe();
      subscriptions.length = 0;
    },
  };
}
