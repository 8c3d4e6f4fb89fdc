/**
 * @module Access tokens: constant-time lookup, roles, and where a token may come from.
 * Tokens are never logged and never echoed in errors; only their configured name is.
 */
import type { TokenConfig } from '../pipeline/config.ts';

/** An authenticated principal: the token's name, role and restrictions. */
export interface Principal {
  /** The token's configured name (safe to log). */
  readonly name: string;
  /** `admin` may run console commands; `viewer` may only watch. */
  readonly role: 'viewer' | 'admin';
  /** Realms this token may see; undefined means all. */
  readonly realms?: readonly string[];
  /** Event type patterns this token may see; undefined means all. */
  readonly types?: readonly string[];
}

/**
 * Compares two strings in time that depends only on their lengths, not on where they
 * first differ.
 *
 * @param a First string.
 * @param b Second string.
 * @returns Whether they are equal.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const length = Math.max(a.length, b.length);
  let diff = a.length ^ b.length;
  for (let i = 0; i < length; i++) {
    diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  }
  return diff === 0;
}

/** Finds the principal for a presented token. */
export interface TokenVerifier {
  /** The principal, or undefined when the token is unknown. Checks every token. */
  verify(token: string | undefined): Principal | undefined;
}

/**
 * Builds a verifier over the configured tokens. Every configured token is compared on
 * every call, so the time taken does not reveal which one matched.
 *
 * @param tokens Configured tokens.
 * @returns The verifier.
 */
export function createTokenVerifier(tokens: readonly TokenConfig[]): TokenVerifier {
  const entries = tokens.map((token) => ({
    secret: token.token,
    principal: Object.freeze({
      name: token.name,
      role: token.role,
      realms: token.realms,
      types: token.types,
    }) as Principal,
  }));
  return {
    verify(presented) {
      if (typeof presented !== 'string' || presented.length === 0 || presented.length > 512) {
        return undefined;
      }
      let found: Principal | undefined;
      for (const entry of entries) {
        if (constantTimeEqual(presented, entry.secret) && !found) found = entry.principal;
      }
      return found;
    },
  };
}

/**
 * Extracts a bearer token from an `Authorization` header value.
 *
 * @param header The header value, if any.
 * @returns The token, or undefined when the header is absent or not a bearer header.
 */
export function bearerFromHeader(header: string | undefined | null): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer[ ]+([^\s]+)\s*$/i.exec(header);
  return match ? match[1] : undefined;
}

/** Prefix of a subprotocol entry that carries a bearer token. */
const BEARER_PREFIX = 'realmstream.bearer.';

/**
 * Extracts a token offered as a `realmstream.bearer.<token>` subprotocol (browsers cannot
 * set headers on WebSocket requests).
 *
 * @param header The `Sec-WebSocket-Protocol` header.
 * @returns The token, if offered.
 */
export function bearerFromSubprotocols(header: string | undefined | null): string | undefined {
  if (!header) return undefined;
  for (const entry of header.split(',')) {
    const protocol = entry.trim();
    if (protocol.startsWith(BEARER_PREFIX)) return protocol.slice(BEARER_PREFIX.length);
  }
  return undefined;
}

/**
 * Whether a `Sec-WebSocket-Protocol` header offers `name`.
 *
 * @param header The header.
 * @param name A subprotocol.
 * @returns True when listed.
 */
export function offersSubprotocol(header: string | undefined | null, name: string): boolean {
  return !!header && header.split(',').some((entry) => entry.trim() === name);
}

/**
 * Whether a principal may see a realm.
 *
 * @param principal The principal.
 * @param realm A realm id.
 * @returns True when the token has no realm restriction or lists the realm.
 */
export function maySeeRealm(principal: Principal, realm: string): boolean {
  return !principal.realms || principal.realms.includes(realm);
}
