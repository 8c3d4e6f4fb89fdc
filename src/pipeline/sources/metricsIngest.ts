/**
 * @module The Metric-push source: receives line-protocol bodies (from the HTTP routes),
 * finds the realm by database/bucket name, maps the measurements to events and emits them
 * on that realm's stream, which the realm pipeline merges with its polls and log tail.
 * The HTTP side lives in `src/server/routes/ingest.ts`; this file knows no HTTP.
 */
import { asyncScheduler, EMPTY, type Observable, type SchedulerLike, Subject } from 'rxjs';
import type { Config } from '../config.ts';
import { type DraftEvent, draftEvent } from '../events.ts';
import type { RealmStatusBoard } from '../realmStatus.ts';
import { type LineError, parseLineProtocol, type Precision } from './lineProtocol.ts';
import { createMetricsMapper, type MetricsMapper } from './metricsMapping.ts';

/** What {@link createMetricsIngest} needs besides the config. */
export interface MetricsIngestDeps {
  /** Clock for points without a timestamp and for rate limits (default `asyncScheduler`). */
  scheduler?: SchedulerLike;
  /** Receives `lastMetricAt` (and players / update diff) per realm. */
  status?: RealmStatusBoard;
  /** Warnings about the configuration (two realms sharing one database). */
  warn?: (message: string, fields?: Record<string, unknown>) => void;
}

/** The outcome of one write, for the HTTP response. */
export interface MetricsWriteResult {
  /** Lines parsed and handed to the realm. */
  accepted: number;
  /** Lines rejected by the parser (the InfluxDB "partial write" case when non-empty). */
  errors: LineError[];
  /** Events emitted on the realm's stream. */
  events: number;
}

/** Counters of the ingest (all realms). */
export interface MetricsIngestStats {
  /** Write calls. */
  writes: number;
  /** Valid lines. */
  points: number;
  /** Invalid lines (parser) plus unusable points (mapper). */
  invalid: number;
  /** Events emitted. */
  events: number;
  /** `metric.sample` series dropped by the per-batch cap. */
  droppedSeries: number;
  /** Unknown measurements ignored (`ingest.keepUnknown` off). */
  ignored: number;
  /** `parse.error` events withheld by the rate limit. */
  suppressedErrors: number;
}

/** The Metric-push source for every realm with `metrics.enabled`. */
export interface MetricsIngest {
  /** The realm id a database (v1 `db`) or bucket (v2) name maps to, if any. */
  realmFor(database: string): string | undefined;
  /**
   * Parses a body for a realm and emits its events. Valid lines are kept even when others
   * are invalid (InfluxDB's partial write).
   */
  write(realm: string, body: string, precision?: Precision): MetricsWriteResult;
  /**
   * The realm's events (hot: writes made while nobody listens are dropped); completes at
   * once for a realm that receives no metrics.
   */
  events$(realm: string): Observable<DraftEvent>;
  /** Counters. */
  stats(): MetricsIngestStats;
  /** Completes every realm stream. */
  close(): void;
}

/** At most one `parse.error` per realm in this many ms; the rest are counted. */
export const METRIC_PARSE_ERROR_INTERVAL_MS = 10_000;

interface RealmIngest {
  readonly subject: Subject<DraftEvent>;
  readonly mapper: MetricsMapper;
  lastErrorAt?: number;
  suppressed: number;
}

/**
 * Creates the Metric-push source from the configuration: one stream per realm whose
 * `metrics.enabled` is true, addressed by `metrics.database` (default: the realm id).
 *
 * ## Example
 * ```ts
 * const ingest = createMetricsIngest(config, { status });
 * realmEvents$ = merge(polls$, ingest.events$('world-1'));
 * ingest.write(ingest.realmFor('worldserver')!, body); // from the HTTP route
 * ```
 *
 * @param config The gateway configuration.
 * @param deps Scheduler, status board, warning sink.
 * @returns The ingest.
 */
export function createMetricsIngest(config: Config, deps: MetricsIngestDeps = {}): MetricsIngest {
  const scheduler = deps.scheduler ?? asyncScheduler;
  const databases = new Map<string, string>();
  const realms = new Map<string, RealmIngest>();
  const stats: MetricsIngestStats = {
    writes: 0,
    points: 0,
    invalid: 0,
    events: 0,
    droppedSeries: 0,
    ignored: 0,
    suppressedErrors: 0,
  };

  for (const realm of config.realms) {
    if (!realm.metrics.enabled) continue;
    const database = realm.metrics.database ?? realm.id;
    const taken = databases.get(database);
    if (taken !== undefined) {
      deps.warn?.('two realms use the same metrics database; the first one receives it', {
        database,
        realm: realm.id,
        receiver: taken,
      });
      continue;
    }
    databases.set(database, realm.id);
    realms.set(realm.id, {
      subject: new Subject<DraftEvent>(),
      mapper: createMetricsMapper({
        realm: realm.id,
        lag: realm.lag,
        keepUnknown: config.ingest.keepUnknown,
      }),
      suppressed: 0,
    });
  }

  function reportErrors(realmId: string, realm: RealmIngest, now: number, messages: string[]) {
    const count = messages.length;
    if (count === 0) return;
    if (
      realm.lastErrorAt !== undefined && now - realm.lastErrorAt < METRIC_PARSE_ERROR_INTERVAL_MS
    ) {
      realm.suppressed += count;
      stats.suppressedErrors += count;
      return;
    }
    const suppressed = realm.suppressed + count - 1;
    realm.lastErrorAt = now;
    realm.suppressed = 0;
    realm.subject.next(draftEvent('parse.error', {
      realm: realmId,
      time: now,
      source: 'metric',
      data: {
        parser: 'lineProtocol',
        message: messages[0],
        raw: messages[0].slice(0, 2048),
        ...(suppressed > 0 ? { suppressed } : {}),
      },
    }));
    stats.events++;
  }

  return {
    realmFor: (database) => databases.get(database),
    write(realmId, body, precision = 'ns') {
      const realm = realms.get(realmId);
      if (!realm) throw new Error(`metrics are not enabled for realm '${realmId}'`);
      const now = scheduler.now();
      const parsed = parseLineProtocol(body, precision);
      const batch = realm.mapper.map(parsed.points, now);
      stats.writes++;
      stats.points += parsed.points.length;
      stats.invalid += parsed.errors.length + batch.invalid.length;
      stats.droppedSeries += batch.droppedSeries;
      stats.ignored += batch.ignored;
      if (deps.status?.get(realmId)) {
        deps.status.update(realmId, {
          lastMetricAt: now,
          ...(batch.onlinePlayers !== undefined ? { players: batch.onlinePlayers } : {}),
          ...(batch.updateDiffMs !== undefined ? { updateDiffMs: batch.updateDiffMs } : {}),
        });
      }
      for (const event of batch.events) realm.subject.next(event);
      stats.events += batch.events.length;
      reportErrors(realmId, realm, now, [
        ...parsed.errors.map((e) => `line ${e.line}: ${e.message}: ${e.text}`),
        ...batch.invalid.map((item) => item.message),
      ]);
      return { accepted: parsed.points.length, errors: parsed.errors, events: batch.events.length };
    },
    events$(realmId) {
      return realms.get(realmId)?.subject.asObservable() ?? EMPTY;
    },
    stats: () => ({ ...stats }),
    close() {
      for (const realm of realms.values()) realm.subject.complete();
    },
  };
}
