/**
 * @module The `/ws` route: every check that can happen before the upgrade does (query
 * token 400, Origin 403, limits 429/503, bad token 401), then one protocol session per
 * socket (`wsSession.ts`).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bearerFromHeader, bearerFromSubprotocols, offersSubprotocol } from './auth.ts';
import { hasQueryToken } from './httpAuth.ts';
import { originAllowed } from './origin.ts';
import { SUBPROTOCOL } from './protocol.ts';
import { createWsSession, type SessionContext } from './wsSession.ts';

export { bearerFromSubprotocols } from './auth.ts';
export { PROTOCOL_VERSION, SUBPROTOCOL } from './protocol.ts';

/**
 * Builds the `/ws` handler.
 *
 * @param context What every session needs.
 * @returns A Hono handler that upgrades acceptable requests.
 */
export function createWebSocketRoute(context: SessionContext): MiddlewareHandler {
  const { adapter, server, tokens, registry, metrics } = context;
  return async function webSocketRoute(c: Context, next) {
    const refuse = (status: 400 | 401 | 403 | 429 | 503, error: string, message: string) => {
      metrics.countRefusal(error);
      return c.json({ error, message }, status);
    };
    if (hasQueryToken(c.req.url)) {
      return refuse(
        400,
        'token_in_query',
        'tokens in the query string are refused: use the Authorization header',
      );
    }
    if (!originAllowed(c.req.header('origin'), c.req.url, server.allowedOrigins)) {
      return refuse(403, 'origin', 'this Origin may not open WebSockets here');
    }
    const ip = adapter.remoteAddress(c) ?? 'unknown';
    const admission = registry.admission(ip);
    if (admission === 'closing') return refuse(503, 'closing', 'the server is shutting down');
    if (admission) return refuse(429, admission, 'too many connections');

    const protocols = c.req.header('sec-websocket-protocol');
    const fromProtocol = bearerFromSubprotocols(protocols);
    if (fromProtocol !== undefined && !offersSubprotocol(protocols, SUBPROTOCOL)) {
      return refuse(400, 'subprotocol', `offer "${SUBPROTOCOL}" with the bearer subprotocol`);
    }
    const presented = bearerFromHeader(c.req.header('authorization')) ?? fromProtocol;
    const principal = presented === undefined ? undefined : tokens.verify(presented);
    if (presented !== undefined && !principal) return refuse(401, 'auth', 'unknown token');

    const upgrade = adapter.upgradeWebSocket(() => createWsSession(context, { principal, ip }));
    return await upgrade(c, next);
  };
}
