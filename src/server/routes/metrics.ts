/**
 * @module `GET /metrics`: the gateway's counters in the Prometheus text exposition format
 * (version 0.0.4): clients, events in/out/dropped per reason, queue depths, closes, and per
 * realm the SOAP latency, poll counts and errors from the realm status board.
 */
import type { Context } from 'hono';
import type { PushSourcesStats } from '../../pipeline/pushSources.ts';
import type { RealmStatus } from '../../pipeline/realmStatus.ts';
import type { GatewayServices } from '../services.ts';

type Labels = Record<string, string>;

/** Escapes a label value (backslash, double quote, newline). */
function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** Collects metric families and renders them once. */
class Exposition {
  readonly #lines: string[] = [];

  family(name: string, type: 'counter' | 'gauge', help: string): this {
    this.#lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    return this;
  }

  sample(name: string, value: number, labels: Labels = {}): this {
    const entries = Object.entries(labels);
    const text = entries.length
      ? `{${entries.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}`
      : '';
    const number = Number.isFinite(value) ? String(value) : Number.isNaN(value) ? 'NaN' : '+Inf';
    this.#lines.push(`${name}${text} ${number}`);
    return this;
  }

  toString(): string {
    return this.#lines.join('\n') + '\n';
  }
}

/**
 * Renders every gateway metric.
 *
 * @param services Shared gateway services.
 * @returns Prometheus text.
 */
export function renderMetrics(services: GatewayServices): string {
  const { hub, registry, metrics } = services;
  const out = new Exposition();
  const clients = { ws: 0, sse: 0 };
  let queuedEvents = 0;
  let queuedBytes = 0;
  let maxQueuedEvents = 0;
  for (const client of registry.clients()) {
    clients[client.transport]++;
    const events = client.queuedEvents();
    queuedEvents += events;
    queuedBytes += client.queuedBytes();
    maxQueuedEvents = Math.max(maxQueuedEvents, events);
  }
  const stats = hub.stats();

  out.family('realmstream_clients', 'gauge', 'Connected clients.');
  for (const transport of ['ws', 'sse'] as const) {
    out.sample('realmstream_clients', clients[transport], { transport });
  }
  out.family('realmstream_connections_total', 'counter', 'Connections accepted.');
  for (const transport of ['ws', 'sse'] as const) {
    out.sample('realmstream_connections_total', metrics.connections[transport], { transport });
  }
  out.family('realmstream_events_in_total', 'counter', 'Events published by the hub.')
    .sample('realmstream_events_in_total', stats.published);
  out.family('realmstream_events_out_total', 'counter', 'Events delivered to clients.');
  for (const transport of ['ws', 'sse'] as const) {
    out.sample('realmstream_events_out_total', metrics.delivered[transport], { transport });
  }
  out.family('realmstream_events_dropped_total', 'counter', 'Events dropped for a client.');
  for (const reason of ['rate', 'overflow', 'expired', 'slow', 'history', 'error']) {
    out.sample('realmstream_events_dropped_total', metrics.dropped.get(reason) ?? 0, { reason });
  }
  out.family('realmstream_frames_sent_total', 'counter', 'WebSocket frames and SSE chunks sent.')
    .sample('realmstream_frames_sent_total', metrics.framesSent);
  out.family('realmstream_client_queue_events', 'gauge', 'Events queued for clients, summed.')
    .sample('realmstream_client_queue_events', queuedEvents);
  out.family('realmstream_client_queue_events_max', 'gauge', 'Longest client queue.')
    .sample('realmstream_client_queue_events_max', maxQueuedEvents);
  out.family('realmstream_client_queue_bytes', 'gauge', 'Bytes queued for clients, summed.')
    .sample('realmstream_client_queue_bytes', queuedBytes);
  out.family('realmstream_history_events', 'gauge', 'Events held for resume.')
    .sample('realmstream_history_events', stats.historyEvents);
  out.family('realmstream_history_bytes', 'gauge', 'Bytes held for resume.')
    .sample('realmstream_history_bytes', stats.historyBytes);
  out.family('realmstream_closes_total', 'counter', 'Connections closed, per close code.');
  for (const [code, count] of metrics.closes) {
    out.sample('realmstream_closes_total', count, { code });
  }
  out.family('realmstream_refused_total', 'counter', 'Connections or requests refused.');
  for (const [reason, count] of metrics.refused) {
    out.sample('realmstream_refused_total', count, { reason });
  }
  out.family('realmstream_protocol_errors_total', 'counter', 'Protocol errors answered.')
    .sample('realmstream_protocol_errors_total', metrics.protocolErrors);
  out.family('realmstream_heartbeat_timeouts_total', 'counter', 'Sockets dropped: no pong.')
    .sample('realmstream_heartbeat_timeouts_total', metrics.heartbeatTimeouts);
  out.family('realmstream_console_commands_total', 'counter', 'Console command attempts.');
  for (const [outcome, count] of metrics.commands) {
    out.sample('realmstream_console_commands_total', count, { outcome });
  }
  out.family('realmstream_source_errors_total', 'counter', 'Event sources that failed.')
    .sample('realmstream_source_errors_total', stats.sourceErrors);

  renderRealms(out, services.realms?.list() ?? []);
  renderPushSources(out, services);
  out.family('realmstream_uptime_seconds', 'gauge', 'Seconds since the gateway started.')
    .sample('realmstream_uptime_seconds', Math.floor((services.now() - services.startedAt) / 1000));
  return out.toString();
}

/** One family with a sample per realm; `read` returning undefined leaves the realm out. */
function perRealm<T>(
  out: Exposition,
  rows: readonly (readonly [string, T])[],
  family: { name: string; type: 'counter' | 'gauge'; help: string },
  read: (value: T) => number | undefined,
): void {
  out.family(family.name, family.type, family.help);
  for (const [realm, value] of rows) {
    const number = read(value);
    if (number !== undefined) out.sample(family.name, number, { realm });
  }
}

/** Per realm: reachability, SOAP latency, polls, players, update diff, push-source freshness. */
function renderRealms(out: Exposition, realms: readonly RealmStatus[]): void {
  const rows = realms.map((realm) => [realm.id, realm] as const);
  const gauge = (name: string, help: string, read: (realm: RealmStatus) => number | undefined) =>
    perRealm(out, rows, { name, type: 'gauge', help }, read);
  const counter = (name: string, help: string, read: (realm: RealmStatus) => number) =>
    perRealm(out, rows, { name, type: 'counter', help }, read);
  gauge(
    'realmstream_realm_up',
    'Realm answered its last poll (1), failed (0).',
    (realm) => realm.reachable === null ? NaN : realm.reachable ? 1 : 0,
  );
  gauge('realmstream_realm_soap_latency_ms', 'Last SOAP round trip, ms.', (r) => r.lastLatencyMs);
  counter('realmstream_realm_polls_total', 'Polls completed.', (realm) => realm.polls);
  counter('realmstream_realm_poll_errors_total', 'Polls that failed.', (r) => r.pollErrors);
  out.family(
    'realmstream_realm_poll_failures_total',
    'counter',
    'Polls that failed, by reason (timeout, unreachable, auth, forbidden, fault, ...).',
  );
  for (const realm of realms) {
    for (const [reason, count] of Object.entries(realm.pollErrorsByReason)) {
      out.sample('realmstream_realm_poll_failures_total', count, { realm: realm.id, reason });
    }
  }
  counter(
    'realmstream_realm_poll_seconds_total',
    'Time spent in SOAP round trips (with realmstream_realm_polls_total: the mean).',
    (realm) => realm.pollLatencySumMs / 1000,
  );
  gauge('realmstream_realm_players', 'Characters online at the last sample.', (r) => r.players);
  gauge(
    'realmstream_realm_update_diff_ms',
    'World update diff, last sample.',
    (realm) => realm.updateDiffMs,
  );
  // Unix timestamps in seconds, the Prometheus convention for "last seen" gauges.
  gauge(
    'realmstream_realm_last_metric_push_timestamp_seconds',
    'Time of the last Metric push received for the realm.',
    (realm) => realm.lastMetricAt === undefined ? undefined : realm.lastMetricAt / 1000,
  );
  gauge(
    'realmstream_realm_last_log_line_timestamp_seconds',
    'Time of the last worldserver log line read for the realm.',
    (realm) => realm.lastLogLineAt === undefined ? undefined : realm.lastLogLineAt / 1000,
  );
}

/** The Metric ingest's counters and each realm's log tail, log parser and dedupe counters. */
function renderPushSources(out: Exposition, services: GatewayServices): void {
  const ingest = services.ingest?.stats();
  if (ingest) {
    out.family('realmstream_ingest_writes_total', 'counter', 'Metric write requests accepted.')
      .sample('realmstream_ingest_writes_total', ingest.writes);
    out.family('realmstream_ingest_points_total', 'counter', 'Valid line-protocol points.')
      .sample('realmstream_ingest_points_total', ingest.points);
    out.family('realmstream_ingest_invalid_total', 'counter', 'Invalid or unusable points.')
      .sample('realmstream_ingest_invalid_total', ingest.invalid);
    out.family('realmstream_ingest_events_total', 'counter', 'Events made from Metric points.')
      .sample('realmstream_ingest_events_total', ingest.events);
    out.family('realmstream_ingest_dropped_series_total', 'counter', 'Series over the cap.')
      .sample('realmstream_ingest_dropped_series_total', ingest.droppedSeries);
  }
  const rows = [...(services.pushStats ?? new Map<string, PushSourcesStats>())];
  const counter = (name: string, help: string, read: (stats: PushSourcesStats) => number) =>
    perRealm(out, rows, { name, type: 'counter', help }, read);
  counter('realmstream_log_lines_total', 'Log lines read.', (s) => s.tail.lines);
  counter('realmstream_log_bytes_total', 'Log bytes read.', (s) => s.tail.bytes);
  counter('realmstream_log_rotations_total', 'Log rotations seen.', (s) => s.tail.rotations);
  counter('realmstream_log_read_errors_total', 'Failed log reads.', (s) => s.tail.errors);
  counter('realmstream_log_events_total', 'Events made from log lines.', (s) => s.log.events);
  counter('realmstream_log_ignored_total', 'Log lines ignored.', (s) => s.log.ignored);
  counter(
    'realmstream_dedupe_merged_total',
    'Reports of one happening by several sources, merged.',
    (s) => s.dedupe.merged,
  );
}

/**
 * The `/metrics` handler; mount behind {@link requireToken}.
 *
 * @param services Shared gateway services.
 * @returns A Hono handler.
 */
export function metricsHandler(services: GatewayServices) {
  return function metricsRoute(c: Context) {
    services.metrics.countRequest('/metrics');
    return c.body(renderMetrics(services), 200, {
      'content-type': 'text/plain; version=0.0.4; charset=utf-8',
    });
  };
}
