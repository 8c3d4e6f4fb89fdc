/**
 * @module The gateway's HTTP and WebSocket application, runtime-free: it receives the
 * runtime's WebSocket and static helpers through {@link RuntimeAdapter} and knows neither
 * Node nor Deno.
 */
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { asyncScheduler, type SchedulerLike } from 'rxjs';
import type { Config } from '../pipeline/config.ts';
import type { Hub } from '../pipeline/hub.ts';
import type { PushSourcesStats } from '../pipeline/pushSources.ts';
import type { RecordingController } from '../pipeline/recording/controller.ts';
import type { RealmStatusBoard } from '../pipeline/realmStatus.ts';
import type { MetricsIngest } from '../pipeline/sources/metricsIngest.ts';
import { type Logger, silentLogger } from '../logger.ts';
import { createTokenVerifier } from './auth.ts';
import { ClientRegistry } from './clients.ts';
import type { CommandHandler } from './consoleHook.ts';
import { requireToken } from './httpAuth.ts';
import { GatewayMetrics } from './metrics.ts';
import { createApiRoutes } from './routes/api.ts';
import { createIngestRoutes } from './routes/ingest.ts';
import { createRecordingRoutes } from './routes/recordings.ts';
import { createRealmOpsRoutes } from './routes/realmOps.ts';
import type { RealmOperations } from './console/operations.ts';
import { metricsHandler } from './routes/metrics.ts';
import { sseHandler } from './routes/sse.ts';
import type { RuntimeAdapter } from './runtime.ts';
import type { GatewayServices } from './services.ts';
import { createTicks } from './ticks.ts';
import { createWebSocketRoute } from './wsRoute.ts';

/** What {@link createApp} needs. */
export interface AppDeps {
  /** The runtime's helpers. */
  adapter: RuntimeAdapter;
  /** The validated configuration. */
  config: Config;
  /** The event hub. */
  hub: Hub;
  /** realmstream's version, reported by `/healthz`. */
  version: string;
  /** Wall clock in ms (injected for tests). */
  now?: () => number;
  /** Directory of the built dashboard; omitted: no static files. */
  staticRoot?: string;
  /** Realm status board (from the realm pipelines); omitted: `/api/realms` lists none. */
  realms?: RealmStatusBoard;
  /** Client registry; pass one to shut clients down from outside (the gateway does). */
  registry?: ClientRegistry;
  /** Counters; pass one to read them from outside. */
  metrics?: GatewayMetrics;
  /** Timers of sessions (default `asyncScheduler`). */
  scheduler?: SchedulerLike;
  /** Where to log (never tokens). */
  logger?: Logger;
  /** Runs console commands for admin clients; omitted: `commands_disabled`. */
  commands?: CommandHandler;
  /** The recording desk (recorders, player); omitted: one is made from `config.recording`. */
  recordings?: RecordingController;
  /** The Metric-push source; given: `POST /write`, `POST /api/v2/write`, `/ping` are served. */
  ingest?: MetricsIngest;
  /** Each realm's push-source counters, filled in as the realms start (for `/metrics`). */
  pushStats?: ReadonlyMap<string, PushSourcesStats>;
  /** Console, health, inspection, diagnostics; omitted: those routes are not served. */
  operations?: RealmOperations;
}

/**
 * Builds the client registry a gateway's app uses, from the server config.
 *
 * @param server The `server` config section.
 * @returns A registry.
 */
export function createClientRegistry(server: Config['server']): ClientRegistry {
  return new ClientRegistry({
    maxClients: server.maxClients,
    maxPerIp: server.maxConnectionsPerIp,
    batchMs: server.batchMs,
  });
}

/**
 * Builds the gateway app.
 *
 * ## Example
 * ```ts
 * const server = await startServer((adapter) => createApp({ adapter, config, hub, version }), options);
 * ```
 *
 * @param deps Runtime helpers, config, hub, optional registry/counters/realms.
 * @returns The Hono app.
 */
export function createApp(deps: AppDeps): Hono {
  const now = deps.now ?? (() => Date.now());
  const registry = deps.registry ?? createClientRegistry(deps.config.server);
  const scheduler = deps.scheduler ?? asyncScheduler;
  const services: GatewayServices = {
    hub: deps.hub,
    config: deps.config,
    adapter: deps.adapter,
    tokens: createTokenVerifier(deps.config.auth.tokens),
    registry,
    metrics: deps.metrics ?? new GatewayMetrics(),
    realms: deps.realms,
    ingest: deps.ingest,
    pushStats: deps.pushStats,
    ticks$: createTicks(deps.hub, registry, scheduler),
    scheduler,
    logger: deps.logger ?? silentLogger,
    now,
    startedAt: now(),
  };
  const app = new Hono();

  app.get('/healthz', (c) =>
    c.json({
      status: 'ok',
      version: deps.version,
      runtime: deps.adapter.runtime,
      runtimeVersion: deps.adapter.runtimeVersion,
      uptimeSeconds: Math.floor((now() - services.startedAt) / 1000),
      epoch: deps.hub.epoch,
      seq: deps.hub.seq,
    }));

  app.get(
    '/ws',
    createWebSocketRoute({ ...services, server: deps.config.server, commands: deps.commands }),
  );

  // Before the `/api/*` guard: InfluxDB writes bring their own credentials (or none, from loopback).
  if (deps.ingest) app.route('/', createIngestRoutes({ ...services, ingest: deps.ingest }));
  const authenticated = requireToken(services.tokens, services.metrics);
  app.use('/api/*', authenticated);
  app.route('/api', createApiRoutes(services));
  app.route('/api', createRecordingRoutes(services, deps.recordings));
  app.route('/api', createRealmOpsRoutes(services, deps.operations));
  app.get('/events', authenticated, sseHandler(services));
  app.get('/metrics', authenticated, metricsHandler(services));

  if (deps.staticRoot) app.use('/*', deps.adapter.serveStatic(deps.staticRoot));
  app.notFound((c) =>
    c.json({ error: 'not_found', message: `no route for ${c.req.method} ${c.req.path}` }, 404)
  );
  app.onError((error, c) => {
    if (error instanceof HTTPException) {
      const code = typeof error.cause === 'string' ? error.cause : 'request_failed';
      return c.json({ error: code, message: error.message }, error.status);
    }
    const status = (error as { status?: number }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return c.json({ error: 'request_failed', message: 'request failed' }, status as 400);
    }
    services.logger.error('request failed', { path: c.req.path, error: (error as Error).name });
    return c.json({ error: 'internal', message: 'internal error' }, 500);
  });
  return app;
}
