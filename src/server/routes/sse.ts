/**
 * @module `GET /events`: the event stream as Server-Sent Events for clients that cannot use
 * WebSockets. Same filters as a subscription (query parameters), resume with
 * `Last-Event-ID` (or `since`), comment heartbeats, and a bounded per-client queue: a
 * reader that falls `clientQueueBytes` behind gets `event: close` and the stream ends
 * (reconnect; `Last-Event-ID` resumes).
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { interval, type Subscription } from 'rxjs';
import type { StampedEvent } from '../../pipeline/hub.ts';
import type { ClientHandle } from '../clients.ts';
import { createCatchUp } from '../catchUp.ts';
import { compileSubscription } from '../filters.ts';
import type { AuthEnv } from '../httpAuth.ts';
import { parsePosition, specFromQuery } from '../queryFilters.ts';
import type { GatewayServices } from '../services.ts';

const encoder = new TextEncoder();

/**
 * The `/events` handler; mount behind {@link requireToken}.
 *
 * @param services Shared gateway services.
 * @returns A Hono handler.
 */
export function sseHandler(services: GatewayServices) {
  const { hub, registry, metrics, scheduler, config } = services;
  const server = config.server;
  return function serverSentEvents(c: Context<AuthEnv>) {
    metrics.countRequest('/events');
    const params = new URL(c.req.url).searchParams;
    const query = specFromQuery(params);
    if (!query.ok) throw new HTTPException(400, { message: query.message, cause: 'bad_filter' });
    const compiled = compileSubscription(query.spec, c.get('principal'), server.maxFilters);
    if (!compiled.ok) {
      throw new HTTPException(compiled.refusal.code === 'forbidden' ? 403 : 400, {
        message: compiled.refusal.message,
        cause: compiled.refusal.code,
      });
    }
    const position = parsePosition(c.req.header('last-event-id') ?? params.get('since'), hub.epoch);
    if (position === null) {
      throw new HTTPException(400, {
        message: 'Last-Event-ID / since must be an event id epoch:seq or a seq',
        cause: 'bad_position',
      });
    }
    const ip = services.adapter.remoteAddress(c) ?? 'unknown';
    const admission = registry.admission(ip);
    if (admission) {
      metrics.countRefusal(admission);
      throw new HTTPException(admission === 'closing' ? 503 : 429, {
        message: admission === 'closing' ? 'the server is shutting down' : 'too many connections',
        cause: admission,
      });
    }

    const { predicate } = compiled.compiled;
    // Resume within this epoch: the backlog is read from the history as the reader pulls
    // (catchUp.ts), live events join once the cursor has reached the hub.
    const catchUp = position && position.epoch === hub.epoch && position.seq < hub.seq
      ? createCatchUp(hub, position.seq, predicate)
      : undefined;
    let catchingUp = catchUp !== undefined;
    let subscription: Subscription | undefined;
    let heartbeat: Subscription | undefined;
    let handle: ClientHandle | undefined;
    let done = false;
    const cleanup = () => {
      if (done) return;
      done = true;
      subscription?.unsubscribe();
      heartbeat?.unsubscribe();
      if (handle) registry.remove(handle);
    };

    let write: (text: string) => void = () => {};
    const writeEvent = (stamped: StampedEvent) => {
      write(`id: ${stamped.event.id}\ndata: ${stamped.json}\n\n`);
      metrics.delivered.sse++;
    };
    const stream = new ReadableStream<Uint8Array>(
      {
        start(controller) {
          write = (text: string) => {
            controller.enqueue(encoder.encode(text));
            metrics.framesSent++;
            metrics.charsSent += text.length;
          };
          const end = (reason: string) => {
            if (done) return;
            write(`event: close\ndata: ${JSON.stringify({ reason })}\n\n`);
            cleanup();
            controller.close();
          };
          handle = {
            transport: 'sse',
            ip,
            close: (_code, reason) => end(reason),
            queuedEvents: () => 0,
            queuedBytes: () => Math.max(0, server.clientQueueBytes - (controller.desiredSize ?? 0)),
            active: () => true,
          };
          const refusal = registry.add(handle);
          if (refusal) {
            handle = undefined;
            metrics.countRefusal(refusal);
            return end('too many connections');
          }
          metrics.connections.sse++;
          const resumption = position ? hub.since(position) : undefined;
          write(
            `retry: 2000\nevent: welcome\ndata: ${
              JSON.stringify({
                epoch: hub.epoch,
                seq: hub.seq,
                recovered: resumption?.recovered ?? false,
              })
            }\n\n`,
          );
          const onEvent = (stamped: StampedEvent) => {
            if (done || catchingUp || (catchUp && stamped.event.seq <= catchUp.cursor)) return;
            if (!predicate(stamped.event)) return;
            if ((controller.desiredSize ?? 0) <= 0) {
              metrics.countDrop('slow', 1);
              return end('slow consumer: reconnect with Last-Event-ID');
            }
            writeEvent(stamped);
          };
          subscription = hub.events$.subscribe({
            next: onEvent,
            complete: () => end('server shutting down'),
          });
          const releaseTimer = registry.acquire('timers');
          heartbeat = interval(server.heartbeatIntervalMs, scheduler).subscribe(() => {
            if (!done) write(': ping\n\n');
          });
          heartbeat.add(releaseTimer);
          subscription.add(registry.acquire('subscriptions'));
        },
        pull(controller) {
          if (done || !catchUp || !catchingUp) return;
          const room = Math.max(16 * 1024, controller.desiredSize ?? 0);
          const chunk = catchUp.next(256, room);
          if (chunk.gap) {
            metrics.countDrop('history', chunk.gap.dropped);
            write(`event: gap\ndata: ${JSON.stringify({ reason: 'history', ...chunk.gap })}\n\n`);
          }
          for (const stamped of chunk.events) writeEvent(stamped);
          if (chunk.done) catchingUp = false;
        },
        cancel() {
          cleanup();
        },
      },
      new ByteLengthQueuingStrategy({ highWaterMark: server.clientQueueBytes }),
    );
    return new Response(stream, {
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
      },
    });
  };
}
