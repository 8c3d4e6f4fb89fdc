/**
 * @module The gateway's HTTP and WebSocket application, runtime-free: it receives the
 * runtime's WebSocket and static helpers through {@link RuntimeAdapter} and knows neither
 * Node nor Deno.
 */
import { Hono } from 'hono';
import type { Config } from '../pipeline/config.ts';
import type { Hub } from '../pipeline/hub.ts';
import { createTokenVerifier } from './auth.ts';
import type { RuntimeAdapter } from './runtime.ts';
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
}

/**
 * Builds the gateway app.
 *
 * ## Example
 * ```ts
 * const server = await startServer((adapter) => createApp({ adapter, config, hub, version }), options);
 * ```
 *
 * @param deps Runtime helpers, config, hub.
 * @returns The Hono app.
 */
export function createApp(deps: AppDeps): Hono {
  const now = deps.now ?? (() => Date.now());
  const startedAt = now();
  const tokens = createTokenVerifier(deps.config.auth.tokens);
  const app = new Hono();

  app.get('/healthz', (c) =>
    c.json({
      status: 'ok',
      version: deps.version,
      runtime: deps.adapter.runtime,
      runtimeVersion: deps.adapter.runtimeVersion,
      uptimeSeconds: Math.floor((now() - startedAt) / 1000),
      epoch: deps.hub.epoch,
      seq: deps.hub.seq,
    }));

  app.get(
    '/ws',
    createWebSocketRoute({ adapter: deps.adapter, config: deps.config, hub: deps.hub, tokens }),
  );

  if (deps.staticRoot) app.use('/*', deps.adapter.serveStatic(deps.staticRoot));
  app.notFound((c) =>
    c.json({ error: 'not_found', message: `no route for ${c.req.method} ${c.req.path}` }, 404)
  );
  app.onError((error, c) => {
    const status = (error as { status?: number }).status;
    if (typeof status === 'number' && status >= 400 && status < 600) {
      return c.json({ error: 'request_failed', message: error.message }, status as 400);
    }
    return c.json({ error: 'internal', message: 'internal error' }, 500);
  });
  return app;
}
