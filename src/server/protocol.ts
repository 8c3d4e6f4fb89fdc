/**
 * @module The WebSocket protocol v1 as types and schemas: every server and client message,
 * close codes, error codes and fixed limits. The typed client (`src/client/`) imports the
 * types from here; the server validates inbound messages with the valibot schemas.
 * `docs/protocol.md` is the normative text.
 */
import * as v from 'valibot';
import type { RealmEvent } from '../pipeline/events.ts';
import type { GapReason } from '../operators/gap.ts';

/** Protocol version, sent as `v` in `welcome`. */
export const PROTOCOL_VERSION = 1;
/** Subprotocol naming the protocol; the server always answers with exactly this one. */
export const SUBPROTOCOL = 'realmstream.v1';
/** Prefix of the subprotocol entry that carries a bearer token (browsers cannot set headers). */
export const BEARER_SUBPROTOCOL_PREFIX = 'realmstream.bearer.';

/** WebSocket close codes used by the gateway. */
export const CLOSE_CODES = {
  /** Normal closure (client asked, or unsubscribe-all on purpose). */
  normal: 1000,
  /** The server is shutting down: reconnect (and resume) later. */
  goingAway: 1001,
  /** A message was larger than `limits.maxMessageBytes`. */
  tooBig: 1009,
  /** Too many protocol errors, or an invalid first message. */
  protocolError: 4400,
  /** Missing or unknown token. */
  unauthorized: 4401,
  /** Origin not allowed (after an upgrade that bypassed the HTTP check). */
  forbidden: 4403,
  /** No `auth` message within the auth timeout, or no pong within the heartbeat timeout. */
  timeout: 4408,
  /** Slow consumer: the client did not drain its queue; reconnect and resume with `since`. */
  slowConsumer: 4409,
  /** Too many connections (per IP or in total). */
  tooMany: 4429,
} as const;

/** Codes of `error` messages. */
export const ERROR_CODES = [
  'bad_json',
  'too_deep',
  'bad_message',
  'unknown_op',
  'unknown_type',
  'bad_filter',
  'bad_pattern',
  'forbidden',
  'duplicate_id',
  'unknown_subscription',
  'too_many_subscriptions',
  'too_many_filters',
  'already_authenticated',
  'commands_disabled',
  'internal',
] as const;
/** Code of an `error` message. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Fixed protocol limits (the configurable ones are in `server.*` and sent in `welcome`). */
export const PROTOCOL_LIMITS = {
  /** Deepest nesting of objects/arrays in a client message. */
  maxJsonDepth: 8,
  /** Longest regular expression in a `match` filter, in characters. */
  maxPatternLength: 256,
  /** Longest subscription / request id. */
  maxIdLength: 64,
  /** Longest token accepted in an `auth` message. */
  maxTokenLength: 512,
  /** Protocol errors tolerated per minute before the connection is closed with 4400. */
  maxErrorsPerMinute: 10,
  /** Longest console command text. */
  maxCommandLength: 4096,
} as const;

// ---------------------------------------------------------------------------------------
// Client -> server

const id = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(PROTOCOL_LIMITS.maxIdLength),
  v.regex(/^[\x21-\x7e]+$/, 'ids are printable ASCII without spaces'),
);
const nameList = v.pipe(
  v.union([v.string(), v.array(v.string())]),
  v.transform((value) => (Array.isArray(value) ? value : [value])),
  v.check((list) => list.length > 0, 'give at least one value'),
  v.check((list) => list.every((s) => s.length > 0 && s.length <= 64), 'names are 1-64 chars'),
);
const intList = v.pipe(
  v.union([v.number(), v.array(v.number())]),
  v.transform((value) => (Array.isArray(value) ? value : [value])),
  v.check((list) => list.length > 0, 'give at least one value'),
  v.check((list) => list.every((n) => Number.isSafeInteger(n)), 'ids are integers'),
);
const finite = v.pipe(v.number(), v.finite());

/** A radius filter for events that carry coordinates (`data.position`). */
export const nearFilterSchema = v.strictObject({
  x: finite,
  y: finite,
  z: v.optional(finite),
  radius: v.pipe(v.number(), v.finite(), v.minValue(0)),
  map: v.optional(v.pipe(v.number(), v.integer())),
});

/** A regular-expression filter on one text field of `data`. */
export const matchFilterSchema = v.strictObject({
  field: v.pipe(v.string(), v.regex(/^[A-Za-z][A-Za-z0-9]{0,31}$/, 'field is a data key')),
  pattern: v.pipe(v.string(), v.minLength(1)),
  ignoreCase: v.optional(v.boolean()),
});

/** Per-subscription filters; every given kind must match (AND), any value within a list (OR). */
export const filtersSchema = v.strictObject({
  character: v.optional(nameList),
  account: v.optional(nameList),
  map: v.optional(intList),
  zone: v.optional(intList),
  near: v.optional(nearFilterSchema),
  match: v.optional(v.union([matchFilterSchema, v.array(matchFilterSchema)])),
});

/** A resume position: the last event the client has seen. */
export const positionSchema = v.strictObject({
  epoch: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  seq: v.pipe(v.number(), v.integer(), v.minValue(0)),
});

/** `auth`: the token, as the first message (when no header/subprotocol carried one). */
export const authMessageSchema = v.strictObject({
  op: v.literal('auth'),
  token: v.pipe(v.string(), v.maxLength(PROTOCOL_LIMITS.maxTokenLength)),
});

/** `subscribe`: start (or replace) a subscription. */
export const subscribeMessageSchema = v.strictObject({
  op: v.literal('subscribe'),
  id,
  types: v.optional(v.pipe(v.array(v.pipe(v.string(), v.maxLength(64))), v.minLength(1))),
  realms: v.optional(v.pipe(v.array(v.pipe(v.string(), v.maxLength(64))), v.minLength(1))),
  filters: v.optional(filtersSchema),
  since: v.optional(positionSchema),
});

/** `unsubscribe`: stop a subscription. */
export const unsubscribeMessageSchema = v.strictObject({ op: v.literal('unsubscribe'), id });

/** `ping`: the server answers `pong` (with the same `id`, if any). */
export const pingMessageSchema = v.strictObject({ op: v.literal('ping'), id: v.optional(id) });

/** `command`: run an allow-listed console command (admin only). */
export const commandMessageSchema = v.strictObject({
  op: v.literal('command'),
  id,
  realm: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  command: v.pipe(v.string(), v.minLength(1), v.maxLength(PROTOCOL_LIMITS.maxCommandLength)),
});

/** Every inbound message after authentication, discriminated by `op`. */
export const clientMessageSchema = v.variant('op', [
  subscribeMessageSchema,
  unsubscribeMessageSchema,
  pingMessageSchema,
  commandMessageSchema,
  authMessageSchema,
]);

/** Subscription filters as sent. */
export type FiltersInput = v.InferInput<typeof filtersSchema>;
/** Subscription filters after validation (lists normalised). */
export type Filters = v.InferOutput<typeof filtersSchema>;
/** A radius filter. */
export type NearFilter = v.InferOutput<typeof nearFilterSchema>;
/** A regular-expression filter. */
export type MatchFilter = v.InferOutput<typeof matchFilterSchema>;
/** Client `auth` message. */
export type AuthMessage = v.InferInput<typeof authMessageSchema>;
/** Client `subscribe` message as sent. */
export type SubscribeMessage = v.InferInput<typeof subscribeMessageSchema>;
/** Client `subscribe` message after validation. */
export type SubscribeRequest = v.InferOutput<typeof subscribeMessageSchema>;
/** Client `unsubscribe` message. */
export type UnsubscribeMessage = v.InferInput<typeof unsubscribeMessageSchema>;
/** Client `ping` message. */
export type PingMessage = v.InferInput<typeof pingMessageSchema>;
/** Client `command` message. */
export type CommandMessage = v.InferInput<typeof commandMessageSchema>;
/** Any client message. */
export type ClientMessage =
  | AuthMessage
  | SubscribeMessage
  | UnsubscribeMessage
  | PingMessage
  | CommandMessage;

// ---------------------------------------------------------------------------------------
// Server -> client

/** Limits announced in `welcome`. */
export interface WelcomeLimits {
  /** Largest client message in bytes (bigger: close 1009). */
  maxMessageBytes: number;
  /** Most subscriptions at once. */
  maxSubscriptions: number;
  /** Most filter values per subscription (each list value, `near` and `match` entry count). */
  maxFilters: number;
  /** Longest `match` pattern. */
  maxPatternLength: number;
  /** Deepest JSON nesting. */
  maxJsonDepth: number;
  /** Sustained events per second per connection before `gap {reason:'rate'}`. */
  ratePerSecond: number;
  /** Burst allowance of the rate limit. */
  burst: number;
  /** Server ping interval (WebSocket-level ping where the runtime allows it). */
  heartbeatIntervalMs: number;
}

/** `welcome`: sent once the connection is authenticated. */
export interface WelcomeMessage {
  op: 'welcome';
  /** Protocol version. */
  v: typeof PROTOCOL_VERSION;
  /** The hub's run id (resume positions are only valid within one epoch). */
  epoch: string;
  /** The hub's last sequence number at this moment. */
  seq: number;
  /** The token's role. */
  role: 'viewer' | 'admin';
  /** Limits that apply to this connection. */
  limits: WelcomeLimits;
}

/** `subscribed`: a subscription is active. */
export interface SubscribedMessage {
  op: 'subscribed';
  /** The subscription id. */
  id: string;
  /**
   * With `since`: true when every event after the position follows (backlog then live),
   * false when the history did not reach back or the epoch changed (reload state).
   * Without `since`: false.
   */
  recovered: boolean;
  /** The hub's epoch. */
  epoch: string;
  /** The hub's last sequence number when the subscription started. */
  seq: number;
}

/** `unsubscribed`: a subscription ended. */
export interface UnsubscribedMessage {
  op: 'unsubscribed';
  id: string;
}

/** `event`: one event for one subscription. */
export interface EventMessage {
  op: 'event';
  /** The subscription it matched. */
  sub: string;
  event: RealmEvent;
}

/** `events`: several events in one frame; `subs[i]` is the subscription of `events[i]`. */
export interface EventsMessage {
  op: 'events';
  subs: string[];
  events: RealmEvent[];
}

/** `gap`: events were dropped for this connection. */
export interface GapMessage {
  op: 'gap';
  /** `rate` (rate limit), `overflow` (queue full, lowest priority first), `history`. */
  reason: GapReason;
  /** How many events. */
  dropped: number;
  /** Lowest dropped seq, when known. */
  fromSeq?: number;
  /** Highest dropped seq, when known. */
  toSeq?: number;
}

/** `error`: a message was refused; `ref` is its `id` when it had one. */
export interface ErrorMessage {
  op: 'error';
  code: ErrorCode;
  message: string;
  ref?: string;
}

/** `pong`: answer to `ping`. */
export interface PongMessage {
  op: 'pong';
  id?: string;
}

/** `reply`: the result of a `command`. */
export interface ReplyMessage {
  op: 'reply';
  id: string;
  ok: boolean;
  /** Command output (or fault text). */
  output?: string;
  /** Why it failed, when `ok` is false. */
  error?: string;
  /** Whether the allowlist and checks let it through to the worldserver. */
  allowed?: boolean;
  /** A short code for `error` (`not_allowed`, `line_break`, `rate_limited`, `fault`...). */
  reason?: string;
  /** From receipt to outcome, ms. */
  durationMs?: number;
}

/** Any server message. */
export type ServerMessage =
  | WelcomeMessage
  | SubscribedMessage
  | UnsubscribedMessage
  | EventMessage
  | EventsMessage
  | GapMessage
  | ErrorMessage
  | PongMessage
  | ReplyMessage;
