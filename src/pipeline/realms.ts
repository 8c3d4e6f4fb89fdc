/**
 * @module Starts every configured realm for a gateway: a SOAP transport per realm (for a
 * `simulate` realm, an in-process simulated worldserver on 127.0.0.1 first), its
 * {@link realmPipeline} merged with its push sources, connected to the hub.
 */
import { asyncScheduler, type SchedulerLike, type Subscription } from 'rxjs';
import type { Logger } from '../logger.ts';
import { type Simulator, startSimulator } from '../simulator/simulator.ts';
import type { Config, RealmConfig } from './config.ts';
import type { Hub } from './hub.ts';
import { createPushSourcesStats, type PushSourcesStats, withPushSources } from './pushSources.ts';
import { realmPipeline } from './realm.ts';
import type { RealmStatusBoard } from './realmStatus.ts';
import type { MetricsIngest } from './sources/metricsIngest.ts';
import { createSoapTransport } from './sources/soap/transport.ts';
import type { SoapExchange } from './sources/soap/client.ts';
import type { SoapConnection, SoapTransport } from './sources/soap/types.ts';

/** Poll interval of a simulated realm left at the default: a livelier first impression. */
export const SIMULATED_POLL_INTERVAL_MS = 1000;
const DEFAULT_POLL_INTERVAL_MS = 5000;

/** What {@link startRealms} needs. */
export interface StartRealmsDeps {
  /** Where the realms' events go. */
  hub: Hub;
  /** Where their status is kept. */
  status: RealmStatusBoard;
  /** Where notices go. */
  logger: Logger;
  /** Clock and timers (default `asyncScheduler`). */
  scheduler?: SchedulerLike;
  /** The gateway's Metric-push source, when it has one. */
  metrics?: MetricsIngest;
  /** Filled with each realm's push-source counters (for `/metrics`), by realm id. */
  pushStats?: Map<string, PushSourcesStats>;
  /** Taps a realm's SOAP exchanges (e.g. a cassette recorder); called once per realm. */
  soapExchanges?: SoapExchangeTap;
}

/**
 * Given a realm and its SOAP connection (credentials included, so a recorder can scrub
 * them), returns the hook that sees each of its exchanges, or nothing.
 */
export type SoapExchangeTap = (
  realm: RealmConfig,
  connection: SoapConnection,
) => ((exchange: SoapExchange) => void) | undefined;

/** The running realms of a gateway. */
export interface RunningRealms {
  /** The SOAP transport of a realm (the console feature runs commands through it). */
  transport(realm: string): SoapTransport | undefined;
  /** The simulators started for `simulate` realms, by realm id. */
  readonly simulators: ReadonlyMap<string, Simulator>;
  /** Stops polling and closes the simulators. */
  close(): Promise<void>;
}

function randomPassword(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16)).join('');
}

/** Starts the simulator of a `simulate` realm; returns its connection and tuned config. */
async function simulate(
  realm: RealmConfig & { simulate: NonNullable<RealmConfig['simulate']> },
  logger: Logger,
): Promise<{ simulator: Simulator; connection: SoapConnection; realm: RealmConfig }> {
  // The account exists only inside this process: a fresh password per start.
  const password = randomPassword();
  const simulator = await startSimulator({
    flavor: realm.flavor,
    host: '127.0.0.1',
    port: 0,
    user: 'REALMSTREAM',
    password,
    seed: realm.simulate.seed,
    players: realm.simulate.players,
    tickMs: realm.simulate.tickMs,
    lively: realm.simulate.lively,
    realmName: realm.name,
    logger,
  });
  const connection = {
    url: simulator.url,
    username: 'REALMSTREAM',
    password,
    flavor: realm.flavor,
  };
  const intervalMs = realm.poll.intervalMs === DEFAULT_POLL_INTERVAL_MS
    ? SIMULATED_POLL_INTERVAL_MS
    : realm.poll.intervalMs;
  return { simulator, connection, realm: { ...realm, poll: { ...realm.poll, intervalMs } } };
}

/**
 * Starts every realm of a configuration and connects it to the hub.
 *
 * ## Example
 * ```ts
 * const realms = await startRealms(config, { hub, status, logger });
 * // ... later
 * await realms.close();
 * ```
 *
 * @param config The gateway configuration.
 * @param deps Hub, status board, logger, scheduler, Metric ingest.
 * @returns The running realms.
 * @throws FormatError for a bad `formats` override (nothing is left running).
 */
export async function startRealms(config: Config, deps: StartRealmsDeps): Promise<RunningRealms> {
  const scheduler = deps.scheduler ?? asyncScheduler;
  const simulators = new Map<string, Simulator>();
  const transports = new Map<string, SoapTransport>();
  const subscriptions: Subscription[] = [];
  const close = async () => {
    for (const subscription of subscriptions) subscription.unsubscribe();
    subscriptions.length = 0;
    await Promise.all([...simulators.values()].map((simulator) => simulator.close()));
    simulators.clear();
  };
  try {
    for (const configured of config.realms) {
      let realm = configured;
      let connection: SoapConnection;
      if (configured.simulate) {
        const started = await simulate(
          { ...configured, simulate: configured.simulate },
          deps.logger,
        );
        simulators.set(realm.id, started.simulator);
        ({ connection, realm } = started);
        deps.logger.info('simulated realm started', {
          realm: realm.id,
          url: started.simulator.url,
        });
      } else {
        connection = { ...configured.soap!, flavor: configured.flavor };
      }
      const transport = createSoapTransport(connection, {
        onExchange: deps.soapExchanges?.(realm, connection),
      });
      transports.set(realm.id, transport);
      const polls$ = realmPipeline(realm, {
        transport,
        scheduler,
        status: deps.status,
        logger: deps.logger,
      });
      const stats = createPushSourcesStats();
      deps.pushStats?.set(realm.id, stats);
      const events$ = withPushSources(realm, polls$, {
        metrics: deps.metrics,
        scheduler,
        status: deps.status,
        logger: deps.logger,
        stats,
      });
      subscriptions.push(deps.hub.connect(events$));
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { transport: (realm) => transports.get(realm), simulators, close };
}
