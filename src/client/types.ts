/**
 * @module Public types of the client: options, connection state, notices and statistics.
 * Protocol messages are type-imported from the server's protocol module, so no server code
 * reaches a browser bundle.
 */
import type { SchedulerLike } from 'rxjs';
import type { RealmEvent } from '../pipeline/events.ts';
import type { FiltersInput, WelcomeLimits } from '../server/protocol.ts';
import type { GapReason } from '../operators/gap.ts';

/** The part of the WebSocket API the client uses (browsers, Deno, Node 22+ and `ws`). */
export interface SocketLike {
  readonly readyState: number;
  readonly protocol: string;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** A WebSocket constructor: `globalThis.WebSocket`, or `ws`'s default export on Node 20. */
export type SocketConstructor = new (url: string, protocols?: string | string[]) => SocketLike;

/** A subscription as the client keeps it (re-sent with `since` after every reconnect). */
export interface SubscriptionSpec {
  /** Subscription id (1-64 printable ASCII characters). */
  id: string;
  /** Type patterns (`player.*`, `chat.message`, `*`); omitted: every type. */
  types?: string[];
  /** Realm ids; omitted: every realm the token may see. */
  realms?: string[];
  /** Filters (docs/protocol.md §5.2). */
  filters?: FiltersInput;
}

/** Reconnect backoff: `min(maxMs, initialMs * factor^attempt)`, minus up to `jitter` of it. */
export interface BackoffOptions {
  /** First delay, ms (default 500). */
  initialMs?: number;
  /** Largest delay, ms (default 30 000). */
  maxMs?: number;
  /** Growth per attempt (default 2). */
  factor?: number;
  /** Fraction of the delay that is random, 0-1 (default 0.5). */
  jitter?: number;
}

/** Options of {@link connect}. */
export interface ConnectOptions {
  /** Access token. */
  token: string;
  /**
   * How to present the token: `subprotocol` (default; works in browsers) or `message`
   * (a first `auth` message; the only way to tell a refused token, close 4401, from a
   * network failure in a browser).
   */
  auth?: 'subprotocol' | 'message';
  /** Subscriptions to hold (default: one, `all`, every type). */
  subscriptions?: SubscriptionSpec[];
  /** WebSocket constructor (default `globalThis.WebSocket`; pass `ws` on Node 20). */
  WebSocket?: SocketConstructor;
  /** Time source for backoff and heartbeat (default `asyncScheduler`). */
  scheduler?: SchedulerLike;
  /** Random numbers in [0, 1) for the jitter (default `Math.random`). */
  random?: () => number;
  /** Reconnect backoff. */
  backoff?: BackoffOptions;
  /** Send a `ping` this often while open, ms (default 20 000; 0: never). */
  heartbeatMs?: number;
  /** Reconnect when nothing arrived this long after a ping, ms (default 10 000). */
  heartbeatTimeoutMs?: number;
  /** A connection open at least this long resets the backoff, ms (default 5000). */
  stableAfterMs?: number;
  /** Most pending `command`/`ping` requests (default 64). */
  maxPending?: number;
}

/** Connection phase. */
export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** The connection state, as `state$` emits it. */
export interface ConnectionState {
  /** Phase. */
  readonly status: ConnectionStatus;
  /** Reconnect attempts since the last stable connection. */
  readonly attempt: number;
  /** The gateway's epoch (after `welcome`). */
  readonly epoch?: string;
  /** The token's role (after `welcome`). */
  readonly role?: 'viewer' | 'admin';
  /** Limits announced in `welcome`. */
  readonly limits?: WelcomeLimits;
  /** Close code of the last connection. */
  readonly code?: number;
  /** Close reason of the last connection. */
  readonly reason?: string;
  /** While `reconnecting`: the delay before the next attempt, ms. */
  readonly retryInMs?: number;
}

/** An event and the subscription it matched. */
export interface ClientEvent {
  /** Subscription id. */
  readonly sub: string;
  /** The event. */
  readonly event: RealmEvent;
}

/** Something the application should know about: nothing is lost silently. */
export type ClientNotice =
  | {
    /** The server dropped events for this connection (rate limit, overflow, history). */
    readonly kind: 'gap';
    readonly reason: GapReason;
    readonly dropped: number;
    readonly fromSeq?: number;
    readonly toSeq?: number;
  }
  | {
    /**
     * A subscription (re)started. `recovered: false` after a reconnect means events may be
     * missing (new epoch, or history too short): reload state, e.g. `GET /api/realms`.
     */
    readonly kind: 'subscribed';
    readonly sub: string;
    readonly resumed: boolean;
    readonly recovered: boolean;
    readonly epochChanged: boolean;
    readonly epoch: string;
  }
  | {
    /** The server refused a message. */
    readonly kind: 'error';
    readonly code: string;
    readonly message: string;
    readonly ref?: string;
  }
  | {
    /** The socket closed; `reconnect` says whether the client tries again. */
    readonly kind: 'closed';
    readonly code: number;
    readonly reason: string;
    readonly reconnect: boolean;
  };

/** Counters of one client. */
export interface ClientStats {
  /** Events delivered to the application. */
  readonly received: number;
  /** Events dropped as repeats of ones already delivered (after a resume). */
  readonly duplicates: number;
  /** `gap` messages and `recovered: false` resumes. */
  readonly gaps: number;
  /** Events the server announced as dropped in `gap` messages. */
  readonly dropped: number;
  /** Reconnects (connections after the first). */
  readonly reconnects: number;
  /** Frames that were not JSON or not an object with `op`. */
  readonly badFrames: number;
  /** Round trip of the last heartbeat, ms. */
  readonly rttMs?: number;
}
