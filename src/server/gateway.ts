/**
 * @module Wires a running gateway from a configuration: the hub, the realm pipelines, the
 * app and the server. Runtime-free: the caller passes its runtime's `startServer`.
 */
import type { Config } from '../pipeline/config.ts';
import { map, type Observable } from 'rxjs';
import type { DraftEvent } from '../pipeline/events.ts';
import { createHub, type Hub } from '../pipeline/hub.ts';
import {
  createRecordingController,
  type RecordingController,
  type StartRecordingRequest,
} from '../pipeline/recording/controller.ts';
import { createRealmStatusBoard, type RealmStatusBoard } from '../pipeline/realmStatus.ts';
import { startCustomPipelines } from '../pipeline/customPipelines.ts';
import type { PushSourcesStats } from '../pipeline/pushSources.ts';
import { type RunningRealms, type SoapExchangeTap, startRealms } from '../pipeline/realms.ts';
import { createMetricsIngest, type MetricsIngest } from '../pipeline/sources/metricsIngest.ts';
import { statsWindow } from '../operators/statsWindow.ts';
import type { Logger } from '../logger.ts';
import { VERSION } from '../version.ts';
import { createApp, createClientRegistry } from './app.ts';
import type { ClientRegistry } from './clients.ts';
import type { CommandHandler } from './consoleHook.ts';
import {
  createRealmOperations,
  realmEndpoint,
  type RealmOperations,
} from './console/operations.ts';
import { GatewayMetrics } from './metrics.ts';
import { CLOSE_CODES } from './protocol.ts';
import type { RunningServer, StartServer } from './runtime.ts';

/** What {@link startGateway} needs. */
export interface GatewayOptions {
  /** Validated configuration. */
  config: Config;
  /** The runtime's server starter. */
  startServer: StartServer;
  /** Built dashboard directory; omitted: API only. */
  uiRoot?: string;
  /** Where to log. */
  logger: Logger;
  /** Realm status board of the realm pipelines, if any. */
  realms?: RealmStatusBoard;
  /** Console command handler for admin clients, if enabled. */
  commands?: CommandHandler;
  /** Extra event sources connected to the hub (e.g. a replay instead of realm pipelines). */
  sources?: readonly Observable<DraftEvent>[];
  /** Taps each realm's SOAP exchanges (`realmstream record --cassette`). */
  soapExchanges?: SoapExchangeTap;
  /** A recording to start before any source is connected (`realmstream record`); fails the start. */
  record?: StartRecordingRequest;
  /**
   * Poll the configured realms (`config.realms`, starting simulators for `simulate` ones);
   * default true unless `sources` is given.
   */
  realmPipelines?: boolean;
}

/** Runs during shutdown, after clients were told (1001) and before the hub closes. */
export type ShutdownHook = () => void | Promise<void>;

/** A running gateway. */
export interface Gateway {
  /** The HTTP/WebSocket server. */
  readonly server: RunningServer;
  /** The event hub. */
  readonly hub: Hub;
  /** Connected clients and per-client resource counts. */
  readonly clients: ClientRegistry;
  /** Gateway counters. */
  readonly metrics: GatewayMetrics;
  /** Recorders and the player (`/api/recordings`, `recording.auto`). */
  readonly recordings: RecordingController;
  /** The Metric-push source behind `POST /write` and `/api/v2/write`. */
  readonly ingest: MetricsIngest;
  /** Console, audit log, health checks, player inspection, diagnostics. */
  readonly operations: RealmOperations;
  /** Adds a shutdown hook (flush recordings, stop realm pipelines...); runs in order added. */
  onShutdown(hook: ShutdownHook): void;
  /**
   * Graceful shutdown: refuse new clients, close every client with 1001, run the shutdown
   * hooks, close the hub, then stop the server. Idempotent.
   */
  close(): Promise<void>;
}

/**
 * Starts a gateway.
 *
 * @param options Config, runtime and logger.
 * @returns The running gateway.
 */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const { config, logger } = options;
  const hub = createHub({
    historyMaxEvents: config.history.maxEvents,
    historyMaxBytes: config.history.maxBytes,
    onSourceError: (error) => logger.error('event source failed', { error }),
  });
  const clients = createClientRegistry(config.server);
  const metrics = new GatewayMetrics();
  const hooks: ShutdownHook[] = [];
  const recordings = createRecordingController({ hub, config: config.recording, logger });
  const realmStatus = options.realms ?? createRealmStatusBoard();
  const pushStats = new Map<string, PushSourcesStats>();
  const ingest = createMetricsIngest(config, {
    status: realmStatus,
    warn: (message, fields) => logger.warn(message, fields),
  });
  let running: RunningRealms | undefined;
  // Built before the realms run (the app needs it); it reaches their transports by lookup.
  const operations = createRealmOperations({
    config,
    hub,
    status: realmStatus,
    logger,
    transport: (id) => running?.transport(id),
    endpoint: (id) => realmEndpoint(config, running?.simulators, id),
  });
  if (config.console.enabled) {
    // No console without its trace: an unwritable audit log fails the start.
    await operations.open().catch((error: Error) => {
      throw new Error(`console.auditLog ${config.console.auditLog}: ${error.message}`, {
        cause: error,
      });
    });
  }
  // Recorders flush and close before the hub completes (hooks run before hub.close()).
  hooks.push(() => recordings.close());
  const server = await options.startServer(
    (adapter) =>
      createApp({
        adapter,
        config,
        hub,
        version: VERSION,
        staticRoot: options.uiRoot,
        realms: realmStatus,
        registry: clients,
        metrics,
        logger,
        commands: options.commands ?? operations.console,
        operations,
        recordings,
        ingest,
        pushStats,
      }),
    {
      host: config.server.host,
      port: config.server.port,
      maxMessageBytes: config.server.maxMessageBytes,
      heartbeatIntervalMs: config.server.heartbeatIntervalMs,
    },
  );
  logger.info('gateway listening', { url: server.url, runtime: server.runtime, epoch: hub.epoch });
  if (options.record) {
    try {
      await recordings.start(options.record);
    } catch (error) {
      hub.close();
      await server.close();
      throw error;
    }
  } else if (config.recording.auto) {
    await recordings.start({ reason: 'auto' }).catch((error: unknown) =>
      logger.error('automatic recording did not start', { error })
    );
  }
  if (config.stats.windowMs > 0) hub.connect(countEventsPerWindow(hub, config.stats.windowMs));
  // Console attempts, counted from their audit events (every path publishes one).
  hub.events$.subscribe(({ event }) => {
    // Replayed attempts (recordings keep them as markers) were not made on this gateway.
    if (event.type !== 'debug.command' || event.source === 'replay') return;
    const { allowed, ok, reason } = event.data;
    metrics.countCommand(
      allowed && ok !== false ? 'ok' : reason ?? (allowed ? 'failed' : 'refused'),
    );
  });
  // Before the realms: a custom pipeline sees the first events too.
  const custom = startCustomPipelines(hub, config.pipelines, { logger });
  hooks.push(() => custom.stop());
  for (const source of options.sources ?? []) hub.connect(source);
  if (options.realmPipelines ?? !options.sources) {
    let realms: RunningRealms;
    try {
      realms = await startRealms(config, {
        hub,
        status: realmStatus,
        logger,
        metrics: ingest,
        pushStats,
        soapExchanges: options.soapExchanges,
      });
    } catch (error) {
      await recordings.close();
      hub.close();
      await server.close();
      throw error;
    }
    running = realms;
    hooks.push(() => realms.close());
  }
  hooks.push(() => ingest.close());
  hooks.push(() => operations.close());
  let closing: Promise<void> | undefined;
  return {
    server,
    hub,
    clients,
    metrics,
    recordings,
    ingest,
    operations,
    onShutdown: (hook) => void hooks.push(hook),
    close() {
      closing ??= (async () => {
        clients.shutdown(CLOSE_CODES.goingAway, 'server shutting down');
        for (const hook of hooks) {
          try {
            await hook();
          } catch (error) {
            logger.error('shutdown hook failed', { error });
          }
        }
        hub.close();
        await server.close();
        logger.info('gateway stopped', {});
      })();
      return closing;
    },
  };
}

/**
 * The hub's own `stats.window` events: counts per realm and type, one per realm per window,
 * published back into the hub for the dashboard charts (`statsWindow` skips its own type, so
 * this does not feed on itself).
 */
function countEventsPerWindow(hub: Hub, windowMs: number): Observable<DraftEvent> {
  return hub.events$.pipe(map((stamped) => stamped.event), statsWindow({ windowMs }));
}
