/**
 * @module Starts the app on Deno: `hono/deno` WebSocket and static helpers on `Deno.serve`.
 * Deno has no `maxPayload`, so the protocol layer checks message sizes itself.
 */
import { getConnInfo, serveStatic, upgradeWebSocket } from 'hono/deno';
import type { RuntimeAdapter, StartServer } from './runtime.ts';

const adapter: RuntimeAdapter = {
  runtime: 'deno',
  runtimeVersion: Deno.version.deno,
  upgradeWebSocket,
  serveStatic: (root) => serveStatic({ root }),
  remoteAddress: (c) => {
    try {
      return getConnInfo(c).remote.address;
    } catch {
      return undefined;
    }
  },
  bufferedAmount: (ws) => (ws.raw as WebSocket | undefined)?.bufferedAmount ?? 0,
};

/**
 * Starts the app on Deno.
 *
 * @param build Builds the app once the runtime adapter is known.
 * @param options Host, port (message limits are enforced by the protocol layer).
 * @returns The running server.
 */
export const startServer: StartServer = (build, options) => {
  const app = build(adapter);
  return new Promise((resolve) => {
    const server = Deno.serve(
      {
        hostname: options.host,
        port: options.port,
        onListen: ({ hostname, port }) => {
          const host = hostname.includes(':') ? `[${hostname}]` : hostname;
          resolve({
            runtime: 'deno',
            host: hostname,
            port,
            url: `http://${host}:${port}`,
            close: () => server.shutdown(),
          });
        },
      },
      (request, info) => app.fetch(request, info),
    );
  });
};
