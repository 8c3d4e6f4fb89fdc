/**
 * @module A realm's push sources (the Metric push and the log tail) and their merge with
 * the SOAP poll events: one stream per realm in which a login seen by several sources
 * appears once, with `data.confirmedBy` naming them all.
 *
 * ```text
 * metricsIngest.events$(realm) ───────────────────────────┐
 * logTail(realm.log.path) ─► parseLogLine ────────────────┼─► merge ─► dedupeSources ─► hub
 * realmPipeline polls (soapPoll ─► parse ─► diff) ────────┘
 * ```
 */
import { asyncScheduler, EMPTY, merge, type Observable, type SchedulerLike, tap } from 'rxjs';
import { type Logger, silentLogger } from '../logger.ts';
import { createDedupeSourcesStats, type DedupeSourcesStats } from '../operators/dedupeSources.ts';
import { dedupeSources } from '../operators/dedupeSources.ts';
import { createLogLineCounters, type LogLineCounters } from '../operators/parseLogLine.ts';
import { parseLogLine } from '../operators/parseLogLine.ts';
import type { RealmConfig } from './config.ts';
import type { DraftEvent, EventSource } from './events.ts';
import type { RealmStatusBoard } from './realmStatus.ts';
import { createLogTailStats, logTail, type LogTailStats } from './sources/logTail.ts';
import type { MetricsIngest } from './sources/metricsIngest.ts';

/** What {@link pushSources} and {@link withPushSources} need. */
export interface PushSourcesDeps {
  /** The gateway's Metric-push source; omitted: no metrics even when enabled in config. */
  metrics?: MetricsIngest;
  /** Clock and timers (default `asyncScheduler`). */
  scheduler?: SchedulerLike;
  /** Receives `lastLogLineAt` (the ingest updates `lastMetricAt` itself). */
  status?: RealmStatusBoard;
  /** Where log-tail notices go. */
  logger?: Logger;
  /** Counters to update, for `/metrics`. */
  stats?: PushSourcesStats;
}

/** Counters of one realm's push sources and their merge. */
export interface PushSourcesStats {
  /** Log tail counters. */
  readonly tail: LogTailStats;
  /** Log line parser counters. */
  readonly log: LogLineCounters;
  /** Cross-source dedupe counters. */
  readonly dedupe: DedupeSourcesStats;
}

/**
 * Creates zeroed counters for {@link PushSourcesDeps.stats}.
 *
 * @returns The counters.
 */
export function createPushSourcesStats(): PushSourcesStats {
  return {
    tail: createLogTailStats(),
    log: createLogLineCounters(),
    dedupe: createDedupeSourcesStats(),
  };
}

/**
 * The sources a realm's configuration turns on that can report logins: `soap` when the
 * online list is polled, `metric` when `metrics.enabled` (and an ingest is given),
 * `log` when `log.path` is set.
 *
 * @param config The realm.
 * @param hasMetrics Whether a Metric-push source is available.
 * @returns The sources, in that order.
 */
export function enabledSources(config: RealmConfig, hasMetrics = true): EventSource[] {
  const sources: EventSource[] = [];
  if ((config.soap || config.simulate) && config.poll.onlineList.enabled) sources.push('soap');
  if (config.metrics.enabled && hasMetrics) sources.push('metric');
  if (config.log) sources.push('log');
  return sources;
}

/**
 * The hold of the dedupe: `realm.dedupeHoldMs` when set, else twice the online-list poll
 * interval (a login pushed now is seen by the next poll at the latest), capped at
 * `dedupeWindowMs`; 0 when only one source can report logins.
 *
 * @param config The realm.
 * @param sources Its enabled sources.
 * @returns The hold in ms.
 */
export function dedupeHoldMs(config: RealmConfig, sources: readonly EventSource[]): number {
  if (sources.length <= 1) return 0;
  const pollMs = config.poll.onlineList.intervalMs ?? config.poll.intervalMs;
  const hold = config.dedupeHoldMs ?? (sources.includes('soap') ? 2 * pollMs : 2_000);
  return Math.min(hold, config.dedupeWindowMs);
}

/**
 * A realm's push events: its Metric-push stream and its parsed log tail, merged. Completes
 * at once when the realm has neither.
 *
 * ## Example
 * ```ts
 * hub.connect(pushSources(realm, { metrics: ingest, status, logger }));
 * ```
 *
 * @param config The realm.
 * @param deps Ingest, scheduler, status board, logger, counters.
 * @returns Draft events with source `metric` or `log`.
 */
export function pushSources(
  config: RealmConfig,
  deps: PushSourcesDeps = {},
): Observable<DraftEvent> {
  const scheduler = deps.scheduler ?? asyncScheduler;
  const logger = deps.logger ?? silentLogger;
  const stats = deps.stats ?? createPushSourcesStats();
  const realm = config.id;
  const streams: Observable<DraftEvent>[] = [];
  if (config.metrics.enabled && deps.metrics) streams.push(deps.metrics.events$(realm));
  if (config.log) {
    const { path, fromStart, pollMs, utcOffsetMinutes } = config.log;
    const lines$ = logTail({
      path,
      fromStart,
      pollMs,
      scheduler,
      stats: stats.tail,
      onNotice: (notice) => {
        const fields = { realm, path, ...(notice.message ? { message: notice.message } : {}) };
        if (notice.kind === 'error') logger.warn('log tail cannot read the file', fields);
        else if (notice.kind === 'waiting') logger.warn('log file not found (waiting)', fields);
        else logger.info(`log file ${notice.kind}`, fields);
      },
    }).pipe(
      tap(() => {
        if (deps.status?.get(realm)) deps.status.update(realm, { lastLogLineAt: scheduler.now() });
      }),
    );
    streams.push(
      lines$.pipe(parseLogLine({ realm, utcOffsetMinutes, scheduler, counters: stats.log })),
    );
  }
  return streams.length === 0 ? EMPTY : merge(...streams);
}

/**
 * Merges a realm's poll events with its push sources and deduplicates logins, logouts,
 * starts and shutdowns across them ({@link dedupeSources}): each appears once, with every
 * confirming source in `data.confirmedBy`. Without push sources `polls$` is returned as is.
 *
 * Events are held for {@link dedupeHoldMs} at most, released early once every enabled
 * source confirmed them; a source that misses one (a lost push, a log without logins)
 * costs that delay, never the event.
 *
 * ## Example
 * ```ts
 * hub.connect(withPushSources(realm, realmPipeline(realm, deps), { metrics: ingest, status }));
 * ```
 *
 * @param config The realm.
 * @param polls$ The realm's poll-derived events (`realmPipeline`).
 * @param deps Ingest, scheduler, status board, logger, counters.
 * @returns The merged, deduplicated events.
 */
export function withPushSources(
  config: RealmConfig,
  polls$: Observable<DraftEvent>,
  deps: PushSourcesDeps = {},
): Observable<DraftEvent> {
  if (!config.log && !(config.metrics.enabled && deps.metrics)) return polls$;
  const sources = enabledSources(config, deps.metrics !== undefined);
  const stats = deps.stats ?? createPushSourcesStats();
  const push$ = pushSources(config, { ...deps, stats });
  return merge(polls$, push$).pipe(
    dedupeSources({
      windowMs: config.dedupeWindowMs,
      holdMs: dedupeHoldMs(config, sources),
      expectedSources: sources,
      scheduler: deps.scheduler,
      stats: stats.dedupe,
    }),
  );
}
