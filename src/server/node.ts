/**
 * @module Starts the app on Node: @hono/node-server 2 with its built-in WebSocket support
 * and a `ws` WebSocketServer that enforces our message size (1009 above it).
 */
import { serve, upgradeWebSocket } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { serveStatic } from '@hono/node-server/serve-static';
import type { AddressInfo } from 'node:net';
import type { WSContext } from 'hono/ws';
import { WebSocket, WebSocketServer } from 'ws';
import type { RuntimeAdapter, StartServer } from './runtime.ts';

/** Longest wait for WebSocket closing handshakes when the server stops. */
const CLOSE_GRACE_MS = 1000;

const adapter: RuntimeAdapter = {
  runtime: 'node',
  runtimeVersion: process.versions.node,
  upgradeWebSocket,
  serveStatic: (root) => serveStatic({ root }),
  remoteAddress: (c) => {
    try {
      return getConnInfo(c).remote.address;
    } catch {
      return undefined;
    }
  },
  bufferedAmount: (ws) => rawSocket(ws)?.bufferedAmount ?? 0,
  ping: (ws) => {
    const raw = rawSocket(ws);
    if (!raw || raw.readyState !== WebSocket.OPEN) return false;
    raw.ping();
    return true;
  },
  onPong: (ws, listener) => {
    const raw = rawSocket(ws);
    raw?.on('pong', listener);
    return () => raw?.off('pong', listener);
  },
  terminate: (ws) => rawSocket(ws)?.terminate(),
};

function rawSocket(ws: WSContext): WebSocket | undefined {
  return ws.raw as WebSocket | undefined;
}

/**
 * Starts the app on Node.
 *
 * @param build Builds the app once the runtime adapter is known.
 * @param options Host, port and message limit.
 * @returns The running server.
 */
export const startServer: StartServer = (build, options) => {
  const app = build(adapter);
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxMessageBytes,
    // Answer with our protocol name only: never echo a `realmstream.bearer.<token>` entry.
    handleProtocols: (protocols) => (protocols.has('realmstream.v1') ? 'realmstream.v1' : false),
  });
  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch: app.fetch, port: options.port, hostname: options.host, websocket: { server: wss } },
      (info: AddressInfo) => {
        const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
        resolve({
          runtime: 'node',
          host: info.address,
          port: info.port,
          url: `http://${host}:${info.port}`,
          close: async () => {
            // Clients already got their close frame (1001); give their closing handshakes a
            // moment, then drop whatever is left.
            for (let waited = 0; wss.clients.size > 0 && waited < CLOSE_GRACE_MS; waited += 20) {
              await new Promise((wake) => setTimeout(wake, 20));
            }
            await new Promise<void>((done) => {
              for (const client of wss.clients) client.terminate();
              wss.close();
              server.close(() => done());
              (server as { closeAllConnections?: () => void }).closeAllConnections?.();
            });
          },
        });
      },
    );
    server.once('error', reject);
  });
};
