/**
 * @module The `/ws` route: authenticates the upgrade, then runs one protocol session per
 * socket. (Foundation version: bearer header auth, welcome, ping, type subscriptions.)
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { WSContext } from 'hono/ws';
import type { Subscription } from 'rxjs';
import { filter } from 'rxjs';
import type { Config } from '../pipeline/config.ts';
import type { Hub } from '../pipeline/hub.ts';
import { bearerFromHeader, type Principal, type TokenVerifier } from './auth.ts';
import type { RuntimeAdapter } from './runtime.ts';

/** What the route needs. */
export interface WebSocketRouteDeps {
  adapter: RuntimeAdapter;
  config: Config;
  hub: Hub;
  tokens: TokenVerifier;
}

/** Protocol version spoken on `/ws`. */
export const PROTOCOL_VERSION = 1;

/**
 * Builds the `/ws` handler.
 *
 * @param deps Adapter, config, hub and token verifier.
 * @returns A Hono handler that upgrades authenticated requests.
 */
export function createWebSocketRoute(deps: WebSocketRouteDeps): MiddlewareHandler {
  const { adapter, config, hub, tokens } = deps;
  return async function webSocketRoute(c: Context, next) {
    if (new URL(c.req.url).searchParams.has('token')) {
      return c.json({
        error: 'token_in_query',
        message: 'tokens in the query string are refused: use the Authorization header',
      }, 400);
    }
    const presented = bearerFromHeader(c.req.header('authorization')) ??
      bearerFromSubprotocols(c.req.header('sec-websocket-protocol'));
    const principal = presented === undefined ? undefined : tokens.verify(presented);
    if (presented !== undefined && !principal) {
      return c.json({ error: 'unauthorized', message: 'unknown token' }, 401);
    }
    const upgrade = adapter.upgradeWebSocket(() => sessionEvents(principal, hub, config));
    return await upgrade(c, next);
  };
}

/** Subprotocol that names the protocol; the server always answers with it. */
export const SUBPROTOCOL = 'realmstream.v1';
const BEARER_PREFIX = 'realmstream.bearer.';

/**
 * Extracts a token offered as a `realmstream.bearer.<token>` subprotocol (browsers cannot
 * set headers on WebSocket requests).
 *
 * @param header The `Sec-WebSocket-Protocol` header.
 * @returns The token, if offered.
 */
export function bearerFromSubprotocols(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const entry of header.split(',')) {
    const protocol = entry.trim();
    if (protocol.startsWith(BEARER_PREFIX)) return protocol.slice(BEARER_PREFIX.length);
  }
  return undefined;
}

function sessionEvents(principal: Principal | undefined, hub: Hub, config: Config) {
  const subscriptions = new Map<string, Subscription>();
  const send = (ws: WSContext, message: unknown) => {
    if (ws.readyState === 1) ws.send(JSON.stringify(message));
  };
  return {
    onOpen(_event: Event, ws: WSContext) {
      if (!principal) {
        ws.close(4401, 'authentication required');
        return;
      }
      send(ws, {
        op: 'welcome',
        v: PROTOCOL_VERSION,
        epoch: hub.epoch,
        seq: hub.seq,
        role: principal.role,
        limits: {
          maxMessageBytes: config.server.maxMessageBytes,
          maxSubscriptions: config.server.maxSubscriptions,
        },
      });
    },
    onMessage(event: MessageEvent, ws: WSContext) {
      let message: { op?: unknown; id?: unknown; types?: unknown };
      try {
        message = JSON.parse(String(event.data));
      } catch {
        send(ws, { op: 'error', code: 'bad_json', message: 'message is not valid JSON' });
        return;
      }
      if (message.op === 'ping') return send(ws, { op: 'pong' });
      if (message.op === 'subscribe' && typeof message.id === 'string') {
        const types = Array.isArray(message.types) ? message.types.map(String) : ['*'];
        const matches = (type: string) =>
          types.some((t) =>
            t === '*' || t === type || (t.endsWith('.*') && type.startsWith(t.slice(0, -1)))
          );
        subscriptions.get(message.id)?.unsubscribe();
        subscriptions.set(
          message.id,
          hub.events$.pipe(filter((item) => matches(item.event.type))).subscribe((item) => {
            if (ws.readyState === 1) {
              ws.send(`{"op":"event","sub":${JSON.stringify(message.id)},"event":${item.json}}`);
            }
          }),
        );
        return send(ws, { op: 'subscribed', id: message.id, recovered: false });
      }
      send(ws, {
        op: 'error',
        code: 'unknown_op',
        message: `unknown op ${JSON.stringify(message.op)}`,
      });
    },
    onClose() {
      for (const subscription of subscriptions.values()) subscription.unsubscribe();
      subscriptions.clear();
    },
  };
}
