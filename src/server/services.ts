/**
 * @module What the gateway's routes share: hub, config, token verifier, client registry,
 * counters, realm status board, clock and logger. Built once by `createApp`.
 */
import type { Observable, SchedulerLike } from 'rxjs';
import type { Config } from '../pipeline/config.ts';
import type { Hub, StampedEvent } from '../pipeline/hub.ts';
import type { PushSourcesStats } from '../pipeline/pushSources.ts';
import type { RealmStatusBoard } from '../pipeline/realmStatus.ts';
import type { MetricsIngest } from '../pipeline/sources/metricsIngest.ts';
import type { Logger } from '../logger.ts';
import type { TokenVerifier } from './auth.ts';
import type { ClientRegistry } from './clients.ts';
import type { GatewayMetrics } from './metrics.ts';
import type { RuntimeAdapter } from './runtime.ts';

/** Shared services of one gateway app. */
export interface GatewayServices {
  readonly hub: Hub;
  readonly config: Config;
  /** The runtime's helpers (peer address, sockets). */
  readonly adapter: RuntimeAdapter;
  readonly tokens: TokenVerifier;
  readonly registry: ClientRegistry;
  readonly metrics: GatewayMetrics;
  /** Realm status board; absent when no realm pipelines run. */
  readonly realms?: RealmStatusBoard;
  /** The Metric-push source, when the gateway has one. */
  readonly ingest?: MetricsIngest;
  /** Each realm's push-source counters (log tail, log parser, dedupe), by realm id. */
  readonly pushStats?: ReadonlyMap<string, PushSourcesStats>;
  /** The hub's events batched once per gateway tick, shared by WebSocket clients. */
  readonly ticks$: Observable<StampedEvent[]>;
  /** Timers of sessions and streams. */
  readonly scheduler: SchedulerLike;
  readonly logger: Logger;
  /** Wall clock in ms. */
  readonly now: () => number;
  /** Wall-clock time the app was built. */
  readonly startedAt: number;
}
