/**
 * @module Maps Metric-push measurements (parsed line protocol) to realm events, the way
 * TrinityCore and AzerothCore's Metric sink names them: `player_events` Login/Logout,
 * `online_players`, `update_time_diff`, `events` started/shutdown; anything else becomes a
 * `metric.sample` when asked. Stateful per realm (lag hysteresis), so one mapper per realm.
 */
import { type DraftEvent, draftEvent, type EventData } from '../events.ts';
import type { FieldValue, LinePoint } from './lineProtocol.ts';

/** Options for {@link createMetricsMapper}. */
export interface MetricsMappingConfig {
  /** Realm id stamped on every event. */
  realm: string;
  /** Lag hysteresis: `started` at `>= thresholdMs`, `ended` at `<= clearMs` (realm `lag`). */
  lag: { thresholdMs: number; clearMs: number };
  /** Turn measurements without a dedicated event into `metric.sample` (ingest.keepUnknown). */
  keepUnknown: boolean;
  /** Most `metric.sample` series per batch; further series are dropped and counted (256). */
  maxSeriesPerBatch?: number;
}

/** What one batch produced. */
export interface MappedBatch {
  /** Events, in line order; the batch's `server.info` and samples come last. */
  events: DraftEvent[];
  /** Points that looked like a known measurement but were unusable (e.g. Login without name). */
  invalid: Array<{ point: LinePoint; message: string }>;
  /** `metric.sample` series dropped over {@link MetricsMappingConfig.maxSeriesPerBatch}. */
  droppedSeries: number;
  /** Unknown measurements ignored because `keepUnknown` is off. */
  ignored: number;
  /** Last `online_players` value of the batch, if any. */
  onlinePlayers?: number;
  /** Last `update_time_diff` value of the batch, if any. */
  updateDiffMs?: number;
}

/** Maps batches of one realm's points to events. */
export interface MetricsMapper {
  /**
   * Maps one write's points.
   *
   * @param points Parsed lines, in body order.
   * @param receivedAt Time for points without a timestamp (scheduler time).
   */
  map(points: readonly LinePoint[], receivedAt: number): MappedBatch;
}

/** Default of {@link MetricsMappingConfig.maxSeriesPerBatch}. */
export const DEFAULT_MAX_SERIES_PER_BATCH = 256;

const STARTED_TITLES = new Set(['Worldserver started']);
const SHUTDOWN_TITLES = new Set(['Worldserver shutdown']);

/**
 * Creates a mapper for one realm.
 *
 * `online_players` and `update_time_diff` arrive many times per batch (the latter after
 * every world update), so each batch yields at most one `server.info` with the last value
 * of each, timed at the latest of them. Unknown measurements are coalesced per series
 * (measurement + tags) per batch, last value wins, so per-map timers cannot flood the hub.
 *
 * ## Example
 * ```ts
 * const mapper = createMetricsMapper({ realm: 'world-1', lag: { thresholdMs: 300, clearMs: 200 }, keepUnknown: true });
 * const { events } = mapper.map(parseLineProtocol(body).points, scheduler.now());
 * ```
 *
 * @param config Realm, lag thresholds, unknown handling.
 * @returns The mapper.
 */
export function createMetricsMapper(config: MetricsMappingConfig): MetricsMapper {
  const { realm, lag, keepUnknown } = config;
  const maxSeries = config.maxSeriesPerBatch ?? DEFAULT_MAX_SERIES_PER_BATCH;
  let lagging = false;

  return {
    map(points, receivedAt) {
      const events: DraftEvent[] = [];
      const invalid: MappedBatch['invalid'] = [];
      const samples = new Map<string, DraftEvent>();
      let droppedSeries = 0;
      let ignored = 0;
      let onlinePlayers: number | undefined;
      let updateDiffMs: number | undefined;
      let infoTime: number | undefined;
      const bad = (point: LinePoint, message: string) => invalid.push({ point, message });

      for (const point of points) {
        const time = point.timeMs ?? receivedAt;
        const value = point.fields.value;
        switch (point.measurement) {
          case 'player_events': {
            const title = point.fields.title;
            if (title !== 'Login' && title !== 'Logout') break;
            const character = point.fields.text;
            if (typeof character !== 'string' || character.trim() === '') {
              bad(point, `player_events ${title} without a character name`);
            } else {
              const type = title === 'Login' ? 'player.login' : 'player.logout';
              events.push(draftEvent(type, { realm, time, source: 'metric', data: { character } }));
            }
            continue;
          }
          case 'events': {
            const title = point.fields.title;
            if (typeof title !== 'string') break;
            const type = STARTED_TITLES.has(title)
              ? 'server.started'
              : SHUTDOWN_TITLES.has(title)
              ? 'server.shutdown'
              : undefined;
            if (!type) break;
            const text = point.fields.text;
            const message = typeof text === 'string' && text !== '' ? `${title}: ${text}` : title;
            events.push(draftEvent(type, { realm, time, source: 'metric', data: { message } }));
            continue;
          }
          case 'online_players': {
            if (!isCount(value)) {
              bad(point, 'online_players without an integer value');
              continue;
            }
            onlinePlayers = value;
            infoTime = Math.max(infoTime ?? time, time);
            continue;
          }
          case 'update_time_diff': {
            if (typeof value !== 'number' || value < 0) {
              bad(point, 'update_time_diff without a numeric value');
              continue;
            }
            updateDiffMs = value;
            infoTime = Math.max(infoTime ?? time, time);
            const lagEvent = lagTransition(value, time);
            if (lagEvent) events.push(lagEvent);
            continue;
          }
        }
        if (!keepUnknown) {
          ignored++;
          continue;
        }
        const series = seriesKey(point);
        if (!samples.has(series) && samples.size >= maxSeries) {
          droppedSeries++;
          continue;
        }
        samples.delete(series); // re-insert: the latest point of a series wins
        samples.set(series, sample(point, time));
      }

      if (infoTime !== undefined) {
        const data: EventData<'server.info'> = {};
        if (onlinePlayers !== undefined) data.onlinePlayers = onlinePlayers;
        if (updateDiffMs !== undefined) data.updateDiffMs = updateDiffMs;
        events.push(draftEvent('server.info', { realm, time: infoTime, source: 'metric', data }));
      }
      events.push(...samples.values());
      return { events, invalid, droppedSeries, ignored, onlinePlayers, updateDiffMs };
    },
  };

  function lagTransition(diff: number, time: number): DraftEvent | undefined {
    if (!lagging && diff >= lag.thresholdMs) {
      lagging = true;
      return lagEvent('started', diff, time);
    }
    if (lagging && diff <= lag.clearMs) {
      lagging = false;
      return lagEvent('ended', diff, time);
    }
    return undefined;
  }

  function lagEvent(state: 'started' | 'ended', updateDiffMs: number, time: number): DraftEvent {
    return draftEvent('server.lag', {
      realm,
      time,
      source: 'metric',
      data: { state, updateDiffMs, thresholdMs: lag.thresholdMs },
    });
  }

  function sample(point: LinePoint, time: number): DraftEvent {
    return draftEvent('metric.sample', {
      realm,
      time,
      source: 'metric',
      data: {
        measurement: point.measurement,
        tags: { ...point.tags },
        fields: { ...point.fields } as Record<string, FieldValue>,
      },
    });
  }
}

function isCount(value: FieldValue | undefined): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function seriesKey(point: LinePoint): string {
  const tags = Object.keys(point.tags).sort().map((key) => [key, point.tags[key]]);
  return JSON.stringify([point.measurement, tags]);
}
