/**
 * @module Protocol constants the client needs at run time. They mirror `src/server/protocol.ts`
 * (a test checks they agree): importing that module's values would pull valibot and the
 * server schemas into browser bundles.
 */

/** Subprotocol of protocol v1. */
export const CLIENT_SUBPROTOCOL = 'realmstream.v1';
/** Prefix of the subprotocol entry that carries a bearer token. */
export const CLIENT_BEARER_PREFIX = 'realmstream.bearer.';
/** Protocol version the client speaks. */
export const CLIENT_PROTOCOL_VERSION = 1;

/**
 * Close codes after which reconnecting cannot help: a refused token (4401), a forbidden
 * origin (4403), and client bugs (4400 protocol errors, 1009 message too big).
 */
export const FATAL_CLOSE_CODES: ReadonlySet<number> = new Set([4400, 4401, 4403, 1009]);

/** Close code the client uses when it gives up on a silent connection. */
export const HEARTBEAT_CLOSE_CODE = 4000;
