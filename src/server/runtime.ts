/**
 * @module The seam between the runtime-free app and the two runtime entry files: what a
 * runtime gives the app (WebSocket upgrade, static files, peer address, socket facts) and
 * what starting a server returns.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { UpgradeWebSocket, WSContext } from 'hono/ws';

/** Which runtime serves the app. */
export type RuntimeName = 'node' | 'deno';

/** What the runtime entry files provide to {@link createApp}. */
export interface RuntimeAdapter {
  /** Runtime name, reported by `/healthz`. */
  readonly runtime: RuntimeName;
  /** Runtime version string, reported by `/healthz`. */
  readonly runtimeVersion: string;
  /** Hono's WebSocket helper for this runtime. */
  // deno-lint-ignore no-explicit-any
  readonly upgradeWebSocket: UpgradeWebSocket<any>;
  /** Static file middleware rooted at `root` (the built dashboard). */
  serveStatic(root: string): MiddlewareHandler;
  /** The peer's IP address, when the runtime knows it. */
  remoteAddress(c: Context): string | undefined;
  /** Bytes queued in a socket's send buffer (0 when unknown). */
  bufferedAmount(ws: WSContext): number;
  /**
   * Sends a WebSocket-level ping when the runtime can (Node); returns false when it cannot
   * (Deno, where the upgrade's `idleTimeout` does the pinging instead).
   */
  ping(ws: WSContext): boolean;
  /** Calls `listener` on every pong; returns the function that stops listening. */
  onPong(ws: WSContext, listener: () => void): () => void;
  /** Drops a socket at once, without a closing handshake (half-open peers never answer). */
  terminate(ws: WSContext): void;
}

/** Options for starting a server. */
export interface ServeOptions {
  /** Interface to bind (default 127.0.0.1). */
  host: string;
  /** Port (0 picks a free one). */
  port: number;
  /** Largest WebSocket message accepted by the protocol layer, in bytes. */
  maxMessageBytes: number;
  /** Server ping interval; runtimes that ping by themselves (Deno) use it. Default 25 s. */
  heartbeatIntervalMs?: number;
}

/** A started server. */
export interface RunningServer {
  /** Runtime serving it. */
  readonly runtime: RuntimeName;
  /** Bound host. */
  readonly host: string;
  /** Bound port (the real one when 0 was asked). */
  readonly port: number;
  /** `http://host:port`. */
  readonly url: string;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/** The fetch handler an app exposes, built once the runtime adapter is known. */
export interface FetchApp {
  // deno-lint-ignore no-explicit-any
  fetch: (request: Request, env?: any) => Response | Promise<Response>;
}

/** What each runtime entry file exports. */
export type StartServer = (
  build: (adapter: RuntimeAdapter) => FetchApp,
  options: ServeOptions,
) => Promise<RunningServer>;
