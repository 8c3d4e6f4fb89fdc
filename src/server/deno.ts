/**
 * @module Starts the app on Deno: `hono/deno` WebSocket and static helpers on `Deno.serve`.
 * Deno has no `maxPayload`, so the protocol layer checks message sizes itself.
 */
import { getConnInfo, serveStatic } from 'hono/deno';
import { defineWebSocketHelper, type UpgradeWebSocket, WSContext } from 'hono/ws';
import { SUBPROTOCOL } from './protocol.ts';
import type { RuntimeAdapter, StartServer } from './runtime.ts';

/**
 * Builds Deno's WebSocket upgrade helper. `hono/deno`'s helper answers with the FIRST
 * offered subprotocol, which for `realmstream.v1, realmstream.bearer.<token>` may echo the
 * token; this one answers with `realmstream.v1` only (when offered), and lets Deno send the
 * heartbeat pings: `idleTimeout` seconds without traffic -> ping, no pong -> close.
 *
 * @param idleTimeoutSeconds Deno's `idleTimeout`.
 * @returns The helper.
 */
function denoUpgradeWebSocket(idleTimeoutSeconds: number): UpgradeWebSocket<WebSocket> {
  return defineWebSocketHelper<WebSocket>((c, events) => {
    if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') return;
    const offered = (c.req.header('sec-websocket-protocol') ?? '').split(',').map((p) => p.trim());
    const { response, socket } = Deno.upgradeWebSocket(c.req.raw, {
      idleTimeout: idleTimeoutSeconds,
      ...(offered.includes(SUBPROTOCOL) ? { protocol: SUBPROTOCOL } : {}),
    });
    const ws = new WSContext<WebSocket>({
      close: (code, reason) => socket.close(code, reason),
      get protocol() {
        return socket.protocol;
      },
      raw: socket,
      get readyState() {
        return socket.readyState as 0 | 1 | 2 | 3;
      },
      url: socket.url ? new URL(socket.url) : null,
      send: (source) => socket.send(source),
    });
    socket.onopen = (event) => events.onOpen?.(event, ws);
    socket.onmessage = (event) => events.onMessage?.(event, ws);
    socket.onclose = (event) => events.onClose?.(event, ws);
    socket.onerror = (event) => events.onError?.(event, ws);
    return response;
  });
}

const baseAdapter: Omit<RuntimeAdapter, 'upgradeWebSocket'> = {
  runtime: 'deno',
  runtimeVersion: Deno.version.deno,
  serveStatic: (root) => serveStatic({ root }),
  remoteAddress: (c) => {
    try {
      return getConnInfo(c).remote.address;
    } catch {
      return undefined;
    }
  },
  bufferedAmount: (ws) => (ws.raw as WebSocket | undefined)?.bufferedAmount ?? 0,
  ping: () => false,
  onPong: () => () => {},
  terminate: (ws) => ws.close(4408, 'heartbeat timeout'),
};

/**
 * Starts the app on Deno.
 *
 * @param build Builds the app once the runtime adapter is known.
 * @param options Host, port (message limits are enforced by the protocol layer).
 * @returns The running server.
 */
export const startServer: StartServer = (build, options) => {
  const idleTimeout = Math.max(1, Math.round((options.heartbeatIntervalMs ?? 25_000) / 1000));
  const app = build({ ...baseAdapter, upgradeWebSocket: denoUpgradeWebSocket(idleTimeout) });
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
