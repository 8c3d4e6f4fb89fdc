/**
 * @module Wires a running gateway from a configuration: the hub, the realm pipelines, the
 * app and the server. Runtime-free: the caller passes its runtime's `startServer`.
 */
import type { Config } from '../pipeline/config.ts';
import { createHub, type Hub } from '../pipeline/hub.ts';
import type { Logger } from '../logger.ts';
import { VERSION } from '../version.ts';
import { createApp } from './app.ts';
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
}

/** A running gateway. */
export interface Gateway {
  /** The HTTP/WebSocket server. */
  readonly server: RunningServer;
  /** The event hub. */
  readonly hub: Hub;
  /** Stops realms, closes clients and the server. */
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
  const server = await options.startServer(
    (adapter) => createApp({ adapter, config, hub, version: VERSION, staticRoot: options.uiRoot }),
    {
      host: config.server.host,
      port: config.server.port,
      maxMessageBytes: config.server.maxMessageBytes,
    },
  );
  logger.info('gateway listening', { url: server.url, runtime: server.runtime, epoch: hub.epoch });
  return {
    server,
    hub,
    async close() {
      hub.close();
      await server.close();
    },
  };
}
