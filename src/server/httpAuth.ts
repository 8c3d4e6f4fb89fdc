/**
 * @module Token checks for HTTP routes: `Authorization: Bearer` only (a token in the query
 * string is refused: it ends up in logs, histories and Referer headers).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { bearerFromHeader, type Principal, type TokenVerifier } from './auth.ts';
import type { GatewayMetrics } from './metrics.ts';

/** Hono environment of authenticated routes. */
export interface AuthEnv {
  Variables: { principal: Principal };
}

const QUERY_TOKEN_PARAMS = ['token', 'access_token', 'bearer'];

/**
 * Whether a URL carries a token-like query parameter.
 *
 * @param url The request URL.
 * @returns True when one of `token`, `access_token`, `bearer` is present.
 */
export function hasQueryToken(url: string): boolean {
  const params = new URL(url).searchParams;
  return QUERY_TOKEN_PARAMS.some((name) => params.has(name));
}

/**
 * Throws the HTTP error for a refused query-string token.
 *
 * @returns Never.
 */
export function refuseQueryToken(): never {
  throw new HTTPException(400, {
    message: 'tokens in the query string are refused: use the Authorization header',
    cause: 'token_in_query',
  });
}

/**
 * Middleware that requires a valid bearer token and stores its principal as `principal`.
 *
 * @param tokens The token verifier.
 * @param metrics Counters (refusals).
 * @returns The middleware.
 */
export function requireToken(
  tokens: TokenVerifier,
  metrics: GatewayMetrics,
): MiddlewareHandler<AuthEnv> {
  return async function requireBearerToken(c: Context<AuthEnv>, next) {
    if (hasQueryToken(c.req.url)) {
      metrics.countRefusal('query_token');
      refuseQueryToken();
    }
    const principal = tokens.verify(bearerFromHeader(c.req.header('authorization')));
    if (!principal) {
      metrics.countRefusal('auth');
      throw new HTTPException(401, {
        message: 'a valid "Authorization: Bearer <token>" header is required',
        cause: 'unauthorized',
      });
    }
    c.set('principal', principal);
    await next();
  };
}
