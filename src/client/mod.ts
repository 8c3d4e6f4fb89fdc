/**
 * @module `realmstream/client`: a typed protocol v1 client for browsers, Deno and Node, with
 * reconnect, resume, heartbeat and statistics, plus a small client for the HTTP API.
 *
 * ```ts
 * import { connect } from 'realmstream/client';
 * const client = connect('ws://127.0.0.1:8787/ws', { token });
 * client.events$.subscribe(({ event }) => render(event));
 * client.state$.subscribe((state) => showStatus(state.status));
 * ```
 */
export { connect, NO_CLIENT_STATS } from './client.ts';
export type { RealmstreamClient } from './client.ts';
export { BACKOFF_DEFAULTS, backoffDelay } from './backoff.ts';
export {
  CLIENT_BEARER_PREFIX,
  CLIENT_PROTOCOL_VERSION,
  CLIENT_SUBPROTOCOL,
  FATAL_CLOSE_CODES,
} from './constants.ts';
export { parseServerFrame } from './messages.ts';
export type { ParsedFrame } from './messages.ts';
export { ApiError, createApiClient, httpBaseFromWsUrl } from './api.ts';
export type { ApiClient, ApiClientOptions } from './api.ts';
export type {
  BackoffOptions,
  ClientEvent,
  ClientNotice,
  ClientStats,
  ConnectionState,
  ConnectionStatus,
  ConnectOptions,
  SocketConstructor,
  SocketLike,
  SubscriptionSpec,
} from './types.ts';
export type { ReplyMessage, ServerMessage, WelcomeLimits } from '../server/protocol.ts';
export type { RealmEvent } from '../pipeline/events.ts';
