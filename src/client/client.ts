/**
 * @module `connect()`: a protocol v1 client with reconnect, resume and heartbeat, for
 * browsers, Deno and Node (pass `ws` where there is no global WebSocket).
 *
 * Delivery guarantees it adds on top of the socket: after a reconnect every subscription is
 * re-sent with `since` (the highest `seq` it delivered), events it already delivered are
 * dropped (no duplicates; a late, older `seq` after a stall still gets through), and
 * anything the server could not deliver is surfaced as a notice (`gap` messages,
 * `recovered: false` resumes), never swallowed.
 */
import {
  asyncScheduler,
  BehaviorSubject,
  concatMap,
  type Observable,
  Subject,
  Subscription,
} from 'rxjs';
import type { ReplyMessage, ServerMessage } from '../server/protocol.ts';
import { backoffDelay } from './backoff.ts';
import {
  CLIENT_BEARER_PREFIX,
  CLIENT_SUBPROTOCOL,
  FATAL_CLOSE_CODES,
  HEARTBEAT_CLOSE_CODE,
} from './constants.ts';
import { parseServerFrame } from './messages.ts';
import { SeenSeqs } from './seenSeqs.ts';
import type {
  ClientEvent,
  ClientNotice,
  ClientStats,
  ConnectionState,
  ConnectOptions,
  SocketConstructor,
  SocketLike,
  SubscriptionSpec,
} from './types.ts';

/** A connected (and reconnecting) client. */
export interface RealmstreamClient {
  /** Events, one by one, in arrival order (hot). */
  readonly events$: Observable<ClientEvent>;
  /** Events, one array per server frame (hot): apply each in one batch/transaction. */
  readonly batches$: Observable<readonly ClientEvent[]>;
  /** Connection state; replays the current state to new subscribers. */
  readonly state$: Observable<ConnectionState>;
  /** Gaps, resumes, refusals and closes (hot). */
  readonly notices$: Observable<ClientNotice>;
  /** Counters after every change; replays the current counters to new subscribers. */
  readonly stats$: Observable<ClientStats>;
  /** The connection state now. */
  state(): ConnectionState;
  /** The counters now. */
  stats(): ClientStats;
  /** Adds or replaces a subscription (sent now when open, and after every reconnect). */
  subscribe(spec: SubscriptionSpec): void;
  /** Ends a subscription. */
  unsubscribe(id: string): void;
  /** Runs a console command (admin tokens); rejects on `error` or when the socket closes. */
  command(realm: string, command: string): Promise<ReplyMessage>;
  /** Sends a `ping`; resolves with the round trip in ms. */
  ping(): Promise<number>;
  /** Closes for good (no reconnect); completes every observable. */
  close(): void;
}

/** Statistics of a client that has received nothing yet. */
export const NO_CLIENT_STATS: Readonly<ClientStats> = Object.freeze({
  received: 0,
  duplicates: 0,
  gaps: 0,
  dropped: 0,
  reconnects: 0,
  badFrames: 0,
});

interface SubscriptionState {
  spec: SubscriptionSpec;
  /** Seqs delivered within `epoch` (the highest is the resume position). */
  seen: SeenSeqs;
  /** The hub's seq when the subscription (re)started: the position before any event came. */
  startSeq?: number;
  /** Epoch of the last `subscribed`. */
  epoch?: string;
  /** Whether the last `subscribe` carried `since`. */
  resuming: boolean;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  sentAt: number;
}

const ID_PATTERN = /^[\x21-\x7e]{1,64}$/;
const OPEN = 1;

/**
 * Connects to a realmstream gateway's `/ws` and keeps the connection: reconnects with
 * jittered exponential backoff (not after 4401/4403/4400/1009), resumes each subscription
 * with `since`, drops duplicates, surfaces gaps, and pings to detect dead connections.
 *
 * ## Example
 * ```ts
 * import { connect } from 'realmstream/client';
 * import WebSocket from 'ws'; // Node 20 only; browsers, Deno and Node 22+ have one
 *
 * const client = connect('ws://127.0.0.1:8787/ws', {
 *   token: process.env.REALMSTREAM_TOKEN!,
 *   subscriptions: [{ id: 'logins', types: ['player.login'] }],
 *   WebSocket,
 * });
 * client.events$.subscribe(({ event }) => console.log(event.data.character));
 * client.notices$.subscribe((notice) => notice.kind === 'gap' && console.warn(notice));
 * ```
 *
 * @param url `ws://` or `wss://` URL of the gateway's `/ws`.
 * @param options Token, subscriptions, WebSocket constructor, scheduler, backoff, heartbeat.
 * @returns The client; it starts connecting at once.
 */
export function connect(url: string, options: ConnectOptions): RealmstreamClient {
  if (!/^wss?:\/\/[^\s]+$/.test(url)) {
    throw new TypeError(`connect() needs a ws:// or wss:// URL, got '${url}'`);
  }
  if (typeof options?.token !== 'string' || options.token.length === 0) {
    throw new TypeError('connect() needs a token');
  }
  const found = options.WebSocket ??
    (globalThis as { WebSocket?: SocketConstructor }).WebSocket;
  if (!found) {
    throw new TypeError(
      'no WebSocket here (Node 20): pass options.WebSocket, e.g. the default export of "ws"',
    );
  }
  const Socket: SocketConstructor = found;
  const auth = options.auth ?? 'subprotocol';
  if (auth === 'subprotocol' && !/^[\x21-\x7e]+$/.test(options.token)) {
    throw new TypeError('a token sent as subprotocol must be printable ASCII without spaces');
  }
  const scheduler = options.scheduler ?? asyncScheduler;
  const random = options.random ?? Math.random;
  const heartbeatMs = options.heartbeatMs ?? 20_000;
  const heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? 10_000;
  const stableAfterMs = options.stableAfterMs ?? 5000;
  const maxPending = options.maxPending ?? 64;

  const subscriptions = new Map<string, SubscriptionState>();
  for (const spec of options.subscriptions ?? [{ id: 'all' }]) {
    checkSpec(spec);
    subscriptions.set(spec.id, { spec, resuming: false, seen: new SeenSeqs() });
  }

  const state = new BehaviorSubject<ConnectionState>({ status: 'connecting', attempt: 0 });
  const statsSubject = new BehaviorSubject<ClientStats>(NO_CLIENT_STATS);
  const batches = new Subject<readonly ClientEvent[]>();
  const notices = new Subject<ClientNotice>();
  const pending = new Map<string, Pending>();
  let socket: SocketLike | undefined;
  let connections = 0;
  let attempt = 0;
  let welcomedAt: number | undefined;
  let lastActivity = 0;
  let nextId = 0;
  let stopped = false;
  let timers = new Subscription();

  const setState = (patch: Partial<ConnectionState>) => state.next({ ...state.value, ...patch });
  const count = (patch: (s: ClientStats) => Partial<ClientStats>) =>
    statsSubject.next({ ...statsSubject.value, ...patch(statsSubject.value) });

  function send(message: object): boolean {
    if (!socket || socket.readyState !== OPEN || welcomedAt === undefined) return false;
    socket.send(JSON.stringify(message));
    return true;
  }

  function sendSubscribe(sub: SubscriptionState): void {
    const { id, types, realms, filters } = sub.spec;
    // A subscription that saw no event yet still has a position: where it started. Resuming
    // from there makes the server report what was missed (or `recovered: false`).
    const seq = sub.seen.max ?? sub.startSeq;
    const since = sub.epoch !== undefined && seq !== undefined
      ? { epoch: sub.epoch, seq }
      : undefined;
    sub.resuming = since !== undefined;
    send({
      op: 'subscribe',
      id,
      ...(types ? { types } : {}),
      ...(realms ? { realms } : {}),
      ...(filters ? { filters } : {}),
      ...(since ? { since } : {}),
    });
  }

  function open(): void {
    if (stopped) return;
    connections++;
    if (connections > 1) count((s) => ({ reconnects: s.reconnects + 1 }));
    setState({ status: 'connecting', retryInMs: undefined });
    welcomedAt = undefined;
    const protocols = auth === 'subprotocol'
      ? [CLIENT_SUBPROTOCOL, CLIENT_BEARER_PREFIX + options.token]
      : [CLIENT_SUBPROTOCOL];
    let created: SocketLike;
    try {
      created = new Socket(url, protocols);
    } catch (error) {
      // A constructor that throws (bad URL, blocked port) is a failed attempt like any other.
      socket = undefined;
      closed(undefined, 1006, error instanceof Error ? error.message : String(error));
      return;
    }
    socket = created;
    created.onopen = () => {
      lastActivity = scheduler.now();
      if (auth === 'message') created.send(JSON.stringify({ op: 'auth', token: options.token }));
    };
    created.onmessage = (event) => {
      if (created === socket) frame(event.data);
    };
    created.onclose = (event) => closed(created, event.code, event.reason);
    // The close event follows every error; nothing to do here but keep runtimes from logging.
    created.onerror = () => {};
  }

  function frame(data: unknown): void {
    lastActivity = scheduler.now();
    const parsed = parseServerFrame(data);
    if (!parsed.ok) {
      count((s) => ({ badFrames: s.badFrames + 1 }));
      return;
    }
    const message = parsed.message as ServerMessage;
    switch (message.op) {
      case 'welcome': {
        welcomedAt = scheduler.now();
        setState({
          status: 'open',
          epoch: message.epoch,
          role: message.role,
          limits: message.limits,
          code: undefined,
          reason: undefined,
        });
        for (const sub of subscriptions.values()) sendSubscribe(sub);
        startHeartbeat();
        return;
      }
      case 'subscribed': {
        const sub = subscriptions.get(message.id);
        if (!sub) return;
        const epochChanged = sub.epoch !== undefined && sub.epoch !== message.epoch;
        const resumed = sub.resuming;
        // Sequence numbers restart with a new epoch: the old position means nothing there.
        if (epochChanged || !resumed) {
          sub.seen = new SeenSeqs();
          sub.startSeq = message.seq;
        }
        sub.epoch = message.epoch;
        sub.resuming = false;
        if (resumed && !message.recovered) count((s) => ({ gaps: s.gaps + 1 }));
        notices.next({
          kind: 'subscribed',
          sub: message.id,
          resumed,
          recovered: message.recovered,
          epochChanged,
          epoch: message.epoch,
        });
        return;
      }
      case 'event':
        deliver([message.sub], [message.event]);
        return;
      case 'events':
        if (Array.isArray(message.subs) && Array.isArray(message.events)) {
          deliver(message.subs, message.events);
        }
        return;
      case 'gap':
        count((s) => ({ gaps: s.gaps + 1, dropped: s.dropped + (message.dropped || 0) }));
        notices.next({
          kind: 'gap',
          reason: message.reason,
          dropped: message.dropped,
          ...(message.fromSeq === undefined ? {} : { fromSeq: message.fromSeq }),
          ...(message.toSeq === undefined ? {} : { toSeq: message.toSeq }),
        });
        return;
      case 'error': {
        const waiting = message.ref === undefined ? undefined : pending.get(message.ref);
        if (waiting && message.ref !== undefined) {
          pending.delete(message.ref);
          waiting.reject(new Error(`${message.code}: ${message.message}`));
        }
        notices.next({
          kind: 'error',
          code: message.code,
          message: message.message,
          ...(message.ref === undefined ? {} : { ref: message.ref }),
        });
        return;
      }
      case 'pong': {
        const waiting = message.id === undefined ? undefined : pending.get(message.id);
        if (!waiting || message.id === undefined) return;
        pending.delete(message.id);
        const rttMs = scheduler.now() - waiting.sentAt;
        count(() => ({ rttMs }));
        waiting.resolve(rttMs);
        return;
      }
      case 'reply': {
        const waiting = pending.get(message.id);
        if (!waiting) return;
        pending.delete(message.id);
        waiting.resolve(message);
        return;
      }
      default:
        // Unknown ops are later protocol additions: ignored on purpose (protocol §1).
        return;
    }
  }

  function deliver(subs: readonly string[], events: readonly ClientEvent['event'][]): void {
    const out: ClientEvent[] = [];
    let duplicates = 0;
    for (let i = 0; i < events.length; i++) {
      const sub = subscriptions.get(subs[i]);
      const event = events[i];
      if (!sub || !event || typeof event.seq !== 'number') continue;
      // A repeat from a resume is dropped; a late event (older seq after a stall) is not.
      if (sub.seen.has(event.seq)) {
        duplicates++;
        continue;
      }
      sub.seen.add(event.seq);
      out.push({ sub: subs[i], event });
    }
    if (duplicates > 0 || out.length > 0) {
      count((s) => ({
        received: s.received + out.length,
        duplicates: s.duplicates + duplicates,
      }));
    }
    if (out.length > 0) batches.next(out);
  }

  function startHeartbeat(): void {
    timers.unsubscribe();
    timers = new Subscription();
    if (heartbeatMs <= 0) return;
    const current = socket;
    const beat = () => {
      if (current !== socket || stopped) return;
      const id = `hb-${++nextId}`;
      const sentAt = scheduler.now();
      pending.set(id, { sentAt, resolve: () => {}, reject: () => {} });
      send({ op: 'ping', id });
      timers.add(scheduler.schedule(() => {
        pending.delete(id);
        if (current !== socket || lastActivity >= sentAt) return;
        // Nothing at all since the ping: the connection is dead even if the socket
        // has not noticed (no FIN on a vanished network). Drop it and reconnect.
        try {
          current?.close(HEARTBEAT_CLOSE_CODE, 'heartbeat timeout');
        } catch {
          // Already closing.
        }
        closed(current, 1006, 'heartbeat timeout');
      }, heartbeatTimeoutMs));
      timers.add(scheduler.schedule(beat, heartbeatMs));
    };
    timers.add(scheduler.schedule(beat, heartbeatMs));
  }

  function rejectPending(reason: string): void {
    for (const waiting of pending.values()) waiting.reject(new Error(reason));
    pending.clear();
  }

  function closed(which: SocketLike | undefined, code: number, reason: string): void {
    if (which !== socket) return;
    if (which) {
      which.onopen =
        which.onmessage =
        which.onclose =
        which.onerror =
          null;
    }
    socket = undefined;
    timers.unsubscribe();
    rejectPending(`connection closed (${code})`);
    if (stopped) return;
    const reconnect = !FATAL_CLOSE_CODES.has(code);
    notices.next({ kind: 'closed', code, reason, reconnect });
    if (!reconnect) {
      stop({ status: 'closed', code, reason });
      return;
    }
    if (welcomedAt !== undefined && scheduler.now() - welcomedAt >= stableAfterMs) attempt = 0;
    welcomedAt = undefined;
    const delay = backoffDelay(attempt, options.backoff, random);
    attempt++;
    setState({ status: 'reconnecting', attempt, code, reason, retryInMs: delay });
    timers = new Subscription();
    timers.add(scheduler.schedule(open, delay));
  }

  function stop(final: Partial<ConnectionState>): void {
    stopped = true;
    timers.unsubscribe();
    rejectPending('client closed');
    setState({ ...final, retryInMs: undefined });
    state.complete();
    statsSubject.complete();
    batches.complete();
    notices.complete();
  }

  function request<T>(id: string, message: object): Promise<T> {
    if (pending.size >= maxPending) {
      return Promise.reject(new Error(`more than ${maxPending} requests pending`));
    }
    return new Promise<T>((resolve, reject) => {
      const sentAt = scheduler.now();
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject, sentAt });
      if (!send(message)) {
        pending.delete(id);
        reject(new Error('not connected'));
      }
    });
  }

  open();

  return {
    events$: batches.pipe(concatMap((batch) => batch)),
    batches$: batches.asObservable(),
    state$: state.asObservable(),
    notices$: notices.asObservable(),
    stats$: statsSubject.asObservable(),
    state: () => state.value,
    stats: () => statsSubject.value,
    subscribe(spec) {
      checkSpec(spec);
      const previous = subscriptions.get(spec.id);
      // Replacing keeps the position: the server replaces atomically, so nothing repeats.
      const sub: SubscriptionState = { spec, resuming: false, seen: new SeenSeqs() };
      if (previous) {
        sub.seen = previous.seen;
        sub.startSeq = previous.startSeq;
        sub.epoch = previous.epoch;
      }
      subscriptions.set(spec.id, sub);
      sendSubscribe(sub);
    },
    unsubscribe(id) {
      if (subscriptions.delete(id)) send({ op: 'unsubscribe', id });
    },
    command(realm, command) {
      const id = `c-${++nextId}`;
      return request<ReplyMessage>(id, { op: 'command', id, realm, command });
    },
    ping() {
      const id = `p-${++nextId}`;
      return request<number>(id, { op: 'ping', id });
    },
    close() {
      if (stopped) return;
      const current = socket;
      socket = undefined;
      if (current) {
        current.onopen =
          current.onmessage =
          current.onclose =
          current.onerror =
            null;
        try {
          current.close(1000, 'client closed');
        } catch {
          // Not open yet, or already closing: nothing to close.
        }
      }
      stop({ status: 'closed', code: 1000, reason: 'client closed' });
    },
  };
}

function checkSpec(spec: SubscriptionSpec): void {
  if (!spec || typeof spec.id !== 'string' || !ID_PATTERN.test(spec.id)) {
    throw new TypeError('a subscription id is 1-64 printable ASCII characters without spaces');
  }
}
