/**
 * @module One WebSocket protocol session: first-message auth with a timeout, welcome,
 * subscriptions (compiled filters, resume from the hub's history), ping/pong, commands,
 * limits (message size, JSON depth, error budget), heartbeat, and releasing everything
 * when the socket goes away.
 */
import type { WSContext, WSEvents } from 'hono/ws';
import * as v from 'valibot';
import { interval, type Observable, type SchedulerLike, type Subscription, timer } from 'rxjs';
import type { Config } from '../pipeline/config.ts';
import type { Hub, StampedEvent } from '../pipeline/hub.ts';
import type { Logger } from '../logger.ts';
import { utf8Length } from '../pipeline/utf8.ts';
import { type Gap, gap } from '../operators/gap.ts';
import type { Principal, TokenVerifier } from './auth.ts';
import type { ClientHandle, ClientRegistry } from './clients.ts';
import type { CommandHandler } from './consoleHook.ts';
import { type ClientDelivery, createClientDelivery, type SubscriptionTag } from './delivery.ts';
import { selectFromTick } from './tickFilter.ts';
import { createCatchUp } from './catchUp.ts';
import { compileSubscription } from './filters.ts';
import type { GatewayMetrics } from './metrics.ts';
import {
  authMessageSchema,
  clientMessageSchema,
  CLOSE_CODES,
  type ErrorCode,
  PROTOCOL_LIMITS,
  PROTOCOL_VERSION,
  type SubscribeRequest,
  type WelcomeLimits,
} from './protocol.ts';
import type { RuntimeAdapter } from './runtime.ts';
import { parseClientJson } from './safeJson.ts';

/** Gateway-wide things every session uses. */
export interface SessionContext {
  readonly hub: Hub;
  readonly server: Config['server'];
  readonly tokens: TokenVerifier;
  readonly registry: ClientRegistry;
  readonly metrics: GatewayMetrics;
  readonly adapter: RuntimeAdapter;
  readonly scheduler: SchedulerLike;
  readonly logger: Logger;
  readonly commands?: CommandHandler;
  /** The hub's events batched once per gateway tick (`ticks.ts`). */
  readonly ticks$: Observable<StampedEvent[]>;
}

/** What the upgrade learned about the peer. */
export interface SessionInit {
  /** Set when the upgrade carried a valid token (header or subprotocol). */
  readonly principal?: Principal;
  /** Peer address. */
  readonly ip: string;
}

interface ActiveSubscription {
  readonly tag: SubscriptionTag;
  readonly subscription: Subscription;
}

/**
 * The limits announced in `welcome`.
 *
 * @param server The server config.
 * @returns The limits.
 */
export function welcomeLimits(server: Config['server']): WelcomeLimits {
  return {
    maxMessageBytes: server.maxMessageBytes,
    maxSubscriptions: server.maxSubscriptions,
    maxFilters: server.maxFilters,
    maxPatternLength: PROTOCOL_LIMITS.maxPatternLength,
    maxJsonDepth: PROTOCOL_LIMITS.maxJsonDepth,
    ratePerSecond: server.clientRatePerSecond,
    burst: server.clientBurst,
    heartbeatIntervalMs: server.heartbeatIntervalMs,
  };
}

/**
 * Creates the WebSocket event handlers for one connection.
 *
 * @param context Hub, config, registry, counters, runtime.
 * @param init The principal from the upgrade (if any) and the peer address.
 * @returns Hono `WSEvents`.
 */
export function createWsSession(context: SessionContext, init: SessionInit): WSEvents {
  const { hub, server, registry, metrics, adapter, scheduler } = context;
  let principal = init.principal;
  let socket: WSContext | undefined;
  let delivery: ClientDelivery | undefined;
  let handle: ClientHandle | undefined;
  let finished = false;
  const subscriptions = new Map<string, ActiveSubscription>();
  const timers: Subscription[] = [];
  let stopPong: (() => void) | undefined;
  let errorWindowStart = 0;
  let errorsInWindow = 0;
  let awaitingPong = false;
  let pingSentAt = 0;
  const heard = () => {
    awaitingPong = false;
  };

  const sendJson = (message: unknown) => {
    if (socket && socket.readyState === 1) socket.send(JSON.stringify(message));
  };
  const close = (code: number, reason: string) => {
    if (socket && socket.readyState <= 1) socket.close(code, reason);
    finish(code);
  };
  const startTimer = (subscription: Subscription) => {
    subscription.add(registry.acquire('timers'));
    timers.push(subscription);
    return subscription;
  };

  function finish(code?: number): void {
    if (finished) return;
    finished = true;
    for (const timer of timers) timer.unsubscribe();
    timers.length = 0;
    stopPong?.();
    for (const active of subscriptions.values()) stop(active);
    subscriptions.clear();
    delivery?.dispose();
    delivery = undefined;
    if (handle) registry.remove(handle);
    if (code !== undefined) metrics.countClose(code);
  }

  function stop(active: ActiveSubscription): void {
    active.tag.active = false;
    active.subscription.unsubscribe();
  }

  function protocolError(code: ErrorCode, message: string, ref?: string): void {
    metrics.protocolErrors++;
    const now = scheduler.now();
    if (now - errorWindowStart >= 60_000) {
      errorWindowStart = now;
      errorsInWindow = 0;
    }
    errorsInWindow++;
    sendJson(
      ref === undefined ? { op: 'error', code, message } : { op: 'error', code, message, ref },
    );
    if (errorsInWindow > PROTOCOL_LIMITS.maxErrorsPerMinute) {
      close(CLOSE_CODES.protocolError, 'too many protocol errors');
    }
  }

  function authenticated(who: Principal): void {
    principal = who;
    sendJson({
      op: 'welcome',
      v: PROTOCOL_VERSION,
      epoch: hub.epoch,
      seq: hub.seq,
      role: who.role,
      limits: welcomeLimits(server),
    });
  }

  function ensureDelivery(ws: WSContext): ClientDelivery {
    if (delivery) return delivery;
    delivery = createClientDelivery({
      send: (frame) => {
        if (ws.readyState === 1) ws.send(frame);
      },
      bufferedAmount: () => adapter.bufferedAmount(ws),
      cutOff: (reason) => close(CLOSE_CODES.slowConsumer, reason.slice(0, 120)),
      ratePerSecond: server.clientRatePerSecond,
      burst: server.clientBurst,
      queueEvents: server.clientQueueEvents,
      queueBytes: server.clientQueueBytes,
      slowClientMs: server.slowClientMs,
      highWaterBytes: Math.min(256 * 1024, Math.floor(server.clientQueueBytes / 4)),
      batchMs: server.batchMs,
      scheduler,
      metrics,
      registry,
    });
    return delivery;
  }

  function subscribe(ws: WSContext, request: SubscribeRequest, who: Principal): void {
    const existing = subscriptions.get(request.id);
    if (!existing && subscriptions.size >= server.maxSubscriptions) {
      return protocolError(
        'too_many_subscriptions',
        `at most ${server.maxSubscriptions} subscriptions`,
        request.id,
      );
    }
    const result = compileSubscription(request, who, server.maxFilters);
    if (!result.ok) return protocolError(result.refusal.code, result.refusal.message, request.id);
    if (existing) stop(existing);
    const { predicate, key } = result.compiled;
    const since = request.since;
    const resumption = since ? hub.since(since) : undefined;
    sendJson({
      op: 'subscribed',
      id: request.id,
      recovered: resumption?.recovered ?? false,
      epoch: hub.epoch,
      seq: hub.seq,
    });
    const pipeline = ensureDelivery(ws);
    const tag: SubscriptionTag = { json: JSON.stringify(request.id), active: true };
    // Resume within this epoch: read the history after the position at the client's pace
    // (catchUp.ts); live events join once the cursor has reached the hub.
    const catchUp = since && since.epoch === hub.epoch && since.seq < hub.seq
      ? createCatchUp(hub, since.seq, predicate)
      : undefined;
    let catchingUp = catchUp !== undefined;
    const startSeq = hub.seq;
    // Ticks may still carry events published before this subscription (or already read by
    // the catch-up): only events after `floor` are new to it.
    const subscription = context.ticks$.subscribe((tick: StampedEvent[]) => {
      if (catchingUp) return;
      const floor = catchUp ? catchUp.cursor : startSeq;
      // The common case (everything in the tick is new to this subscription): the selection
      // is shared with every session whose subscription has the same key.
      if (tick.length === 0 || tick[0].event.seq > floor) {
        pipeline.live(tag, selectFromTick(tick, key, predicate));
        return;
      }
      // The first tick after subscribing may hold older events: filtered here, by position too.
      let matching: StampedEvent[] | undefined;
      for (let i = 0; i < tick.length; i++) {
        const stamped = tick[i];
        const keep = stamped.event.seq > floor && predicate(stamped.event);
        if (matching) {
          if (keep) matching.push(stamped);
        } else if (!keep) matching = tick.slice(0, i);
      }
      pipeline.live(tag, matching ?? tick);
    });
    if (catchUp) {
      subscription.add(pipeline.addPump((room) => {
        if (!tag.active) return true;
        const chunk = catchUp.next(room.items, room.bytes);
        const items: Array<StampedEvent | Gap> = [];
        if (chunk.gap) {
          items.push(gap('history', chunk.gap.dropped, chunk.gap.fromSeq, chunk.gap.toSeq));
        }
        for (const stamped of chunk.events) items.push(stamped);
        pipeline.backlog(tag, items);
        if (chunk.done) catchingUp = false;
        return chunk.done;
      }));
    }
    subscription.add(registry.acquire('subscriptions'));
    subscriptions.set(request.id, { tag, subscription });
  }

  function dispatch(ws: WSContext, message: v.InferOutput<typeof clientMessageSchema>): void {
    const who = principal as Principal;
    switch (message.op) {
      case 'subscribe':
        return subscribe(ws, message, who);
      case 'unsubscribe': {
        const active = subscriptions.get(message.id);
        if (!active) {
          return protocolError(
            'unknown_subscription',
            'no subscription with this id',
            message.id,
          );
        }
        stop(active);
        subscriptions.delete(message.id);
        return sendJson({ op: 'unsubscribed', id: message.id });
      }
      case 'ping':
        return sendJson(message.id === undefined ? { op: 'pong' } : { op: 'pong', id: message.id });
      case 'auth':
        return protocolError('already_authenticated', 'this connection is authenticated');
      case 'command':
        return runCommand(message, who);
    }
  }

  function runCommand(message: { id: string; realm: string; command: string }, who: Principal) {
    if (who.role !== 'admin') {
      // Refused here, but still an attempt: it goes to the audit log like any other.
      const request = { realm: message.realm, command: message.command, actor: who };
      void context.commands?.refuse?.(request, 'forbidden', 'commands need an admin token');
      return protocolError('forbidden', 'commands need an admin token', message.id);
    }
    if (!context.commands) {
      return protocolError('commands_disabled', 'console commands are not enabled', message.id);
    }
    context.commands.run({ realm: message.realm, command: message.command, actor: who }).then(
      (outcome) => sendJson({ op: 'reply', id: message.id, ...outcome }),
      () => sendJson({ op: 'reply', id: message.id, ok: false, error: 'command failed' }),
    );
  }

  function onText(ws: WSContext, text: string): void {
    // Deno has no maxPayload: enforce the limit here (Node's `ws` closes with 1009 first).
    if (text.length > server.maxMessageBytes || utf8Length(text) > server.maxMessageBytes) {
      return close(CLOSE_CODES.tooBig, 'message too big');
    }
    const parsed = parseClientJson(text, PROTOCOL_LIMITS.maxJsonDepth);
    if (!principal) {
      const auth = parsed.ok ? v.safeParse(authMessageSchema, parsed.value) : undefined;
      if (!auth?.success) return close(CLOSE_CODES.unauthorized, 'authentication required');
      const who = context.tokens.verify(auth.output.token);
      if (!who) {
        metrics.countRefusal('auth');
        return close(CLOSE_CODES.unauthorized, 'unknown token');
      }
      for (const timer of timers.splice(0)) timer.unsubscribe(); // the auth timeout
      startHeartbeat(ws);
      return authenticated(who);
    }
    if (!parsed.ok) return protocolError(parsed.code, parsed.message);
    const result = v.safeParse(clientMessageSchema, parsed.value);
    if (!result.success) {
      const op = (parsed.value as { op?: unknown } | null)?.op;
      const ref = (parsed.value as { id?: unknown } | null)?.id;
      const known = ['subscribe', 'unsubscribe', 'ping', 'command', 'auth'];
      if (typeof op !== 'string' || !known.includes(op)) {
        return protocolError(
          'unknown_op',
          typeof op === 'string'
            ? `unknown op ${JSON.stringify(op.slice(0, 32))}`
            : 'messages need an "op" string',
        );
      }
      const issue = result.issues[0];
      const path = issue.path?.map((item) => String(item.key)).join('.') ?? '';
      return protocolError(
        'bad_message',
        `${op}: ${path ? `${path}: ` : ''}${issue.message}`.slice(0, 300),
        typeof ref === 'string' ? ref.slice(0, PROTOCOL_LIMITS.maxIdLength) : undefined,
      );
    }
    dispatch(ws, result.output);
  }

  function startHeartbeat(ws: WSContext): void {
    const sendPing = () => {
      // An unanswered ping keeps its time: a new ping must not restart the countdown.
      if (awaitingPong) return true;
      if (!adapter.ping(ws)) return false;
      awaitingPong = true;
      pingSentAt = scheduler.now();
      return true;
    };
    if (!sendPing()) return; // this runtime pings by itself (Deno: the upgrade's idleTimeout)
    stopPong = adapter.onPong(ws, heard);
    startTimer(interval(server.heartbeatIntervalMs, scheduler).subscribe(sendPing));
    // A peer is dead when nothing (pong or message) arrived within heartbeatTimeoutMs of a ping.
    const checkEvery = Math.max(5, Math.min(server.heartbeatTimeoutMs, 1000) / 2);
    startTimer(
      interval(checkEvery, scheduler).subscribe(() => {
        if (awaitingPong && scheduler.now() - pingSentAt >= server.heartbeatTimeoutMs) {
          metrics.heartbeatTimeouts++;
          adapter.terminate(ws);
          finish(1006);
        }
      }),
    );
  }

  return {
    onOpen(_event, ws) {
      socket = ws;
      handle = {
        transport: 'ws',
        ip: init.ip,
        close: (code, reason) => close(code, reason),
        queuedEvents: () => delivery?.queuedEvents() ?? 0,
        queuedBytes: () => delivery?.queuedBytes() ?? 0,
        active: () => subscriptions.size > 0,
      };
      const refusal = registry.add(handle);
      if (refusal) {
        handle = undefined;
        metrics.countRefusal(refusal);
        return close(
          refusal === 'closing' ? CLOSE_CODES.goingAway : CLOSE_CODES.tooMany,
          refusal === 'closing' ? 'server shutting down' : 'too many connections',
        );
      }
      metrics.connections.ws++;
      if (principal) {
        startHeartbeat(ws);
        authenticated(principal);
      } else {
        startTimer(
          timer(server.authTimeoutMs, scheduler).subscribe(() =>
            close(CLOSE_CODES.timeout, 'no auth message in time')
          ),
        );
      }
    },
    onMessage(event, ws) {
      if (finished) return;
      heard();
      if (typeof event.data !== 'string') {
        return principal
          ? protocolError('bad_message', 'binary frames are not supported')
          : close(CLOSE_CODES.unauthorized, 'authentication required');
      }
      try {
        onText(ws, event.data);
      } catch (error) {
        context.logger.error('websocket message handling failed', { error });
        protocolError('internal', 'internal error');
      }
    },
    onClose(event) {
      finish(event.code);
    },
    onError() {
      finish();
    },
  };
}
