/**
 * @module One client's delivery pipeline: token-bucket rate limit -> `priorityBuffer`
 * driven by the socket's send buffer -> `microBatch` -> one frame per batch, built by
 * joining the hub's pre-serialised JSON (no serialisation per client). A client whose queue
 * passes its byte cap, or whose socket does not drain for too long, is cut off (4409)
 * without slowing anyone else.
 */
import {
  BehaviorSubject,
  interval,
  merge,
  type SchedulerLike,
  Subject,
  type Subscription,
} from 'rxjs';
import type { StampedEvent } from '../pipeline/hub.ts';
import { type Gap, isGap } from '../operators/gap.ts';
import { microBatch } from '../operators/microBatch.ts';
import { createOperatorStats, type OperatorStats } from '../operators/operatorStats.ts';
import { priorityBuffer } from '../operators/priorityBuffer.ts';
import { QueueOverflowError } from '../operators/QueueOverflowError.ts';
import { rateLimit } from '../operators/rateLimit.ts';
import type { ClientRegistry } from './clients.ts';
import type { GatewayMetrics } from './metrics.ts';

/** A subscription as the delivery sees it: its id, JSON-quoted once, and whether it is live. */
export interface SubscriptionTag {
  /** `JSON.stringify(id)`, spliced into frames. */
  readonly json: string;
  /** False once unsubscribed: queued events of it are skipped. */
  active: boolean;
}

/** One event on its way to one client. */
export interface DeliveryItem {
  readonly tag: SubscriptionTag;
  readonly stamped: StampedEvent;
}

/** What {@link createClientDelivery} needs. */
export interface ClientDeliveryOptions {
  /** Writes one text frame to the socket. */
  send(frame: string): void;
  /** Bytes waiting in the socket's send buffer. */
  bufferedAmount(): number;
  /** Closes the client as a slow consumer (4409); `reason` is safe to show. */
  cutOff(reason: string): void;
  /** Sustained events per second. */
  ratePerSecond: number;
  /** Burst allowance. */
  burst: number;
  /** Most events queued in the server for this client. */
  queueEvents: number;
  /** Most bytes queued in the server for this client (more: 4409). */
  queueBytes: number;
  /** Longest time the socket may stay above its high-water mark (more: 4409). */
  slowClientMs: number;
  /** Socket send-buffer level above which the queue holds events. */
  highWaterBytes: number;
  /** Batch window, read when a window opens. */
  windowMs: () => number;
  /** Timers (batch windows, rate limit, drain checks). */
  scheduler: SchedulerLike;
  /** Gateway counters. */
  metrics: GatewayMetrics;
  /** Resource accounting. */
  registry: ClientRegistry;
}

/** A client's delivery pipeline. */
export interface ClientDelivery {
  /** A live event (rate-limited). */
  live(item: DeliveryItem): void;
  /** A backlog event or gap on resume (not rate-limited: the history bounds it). */
  backlog(item: DeliveryItem | Gap): void;
  /**
   * Registers a catch-up pump, called now and whenever the client is idle (socket below its
   * high-water mark, queue empty) until it returns true. Returns the unregister function.
   */
  addPump(pump: (room: { items: number; bytes: number }) => boolean): () => void;
  /** Events queued in the server. */
  queuedEvents(): number;
  /** Bytes queued in the server plus the socket's send buffer. */
  queuedBytes(): number;
  /** Stops everything and releases the queue (idempotent). */
  dispose(): void;
}

/** Most events and bytes in one frame. */
const MAX_BATCH_ITEMS = 512;
const MAX_BATCH_BYTES = 256 * 1024;
/** How often a not-ready socket is checked for draining. */
const DRAIN_CHECK_MS = 10;
const GAP_SIZE = 64;

type Item = DeliveryItem | Gap;

const priorityOf = (item: Item) => (isGap(item) ? 'critical' : item.stamped.event.priority);
const sizeOf = (item: Item) => (isGap(item) ? GAP_SIZE : item.stamped.bytes);
const seqOf = (item: Item) => (isGap(item) ? undefined : item.stamped.event.seq);

/**
 * Builds a client's delivery pipeline and starts it.
 *
 * ## Example
 * ```ts
 * const delivery = createClientDelivery({ send: (f) => ws.send(f), ...limits });
 * hub.events$.subscribe((stamped) => delivery.live({ tag, stamped }));
 * ```
 *
 * @param options Socket access, limits, scheduler, counters.
 * @returns The pipeline's input side.
 */
export function createClientDelivery(options: ClientDeliveryOptions): ClientDelivery {
  const { scheduler, metrics, registry } = options;
  const live$ = new Subject<DeliveryItem>();
  const backlog$ = new Subject<DeliveryItem | Gap>();
  const pumps = new Set<(room: { items: number; bytes: number }) => boolean>();
  const room = {
    items: MAX_BATCH_ITEMS,
    bytes: Math.min(MAX_BATCH_BYTES, Math.floor(options.queueBytes / 4)),
  };
  let pumping = false;
  let pumpAgain = false;
  // Runs the pumps while the client has room; re-entrant calls (a pump's events are written
  // synchronously, which may find the client idle again) just ask for another round.
  const pump = () => {
    if (pumping) {
      pumpAgain = true;
      return;
    }
    pumping = true;
    try {
      do {
        pumpAgain = false;
        for (const next of [...pumps]) {
          if (disposed || !ready$.value || queueStats.queuedItems > 0) return;
          if (next(room)) pumps.delete(next);
        }
      } while (pumpAgain && pumps.size > 0);
    } finally {
      pumping = false;
    }
  };
  const ready$ = new BehaviorSubject(true);
  const queueStats: OperatorStats = createOperatorStats();
  let disposed = false;
  let notReadySince = 0;
  let drainCheck: Subscription | undefined;
  const releasePipeline = registry.acquire('pipelines');

  const stopDrainCheck = () => {
    drainCheck?.unsubscribe();
    drainCheck = undefined;
  };
  const cutOff = (reason: string) => {
    if (disposed) return;
    dispose();
    options.cutOff(reason);
  };
  const checkDrain = () => {
    const buffered = options.bufferedAmount();
    if (buffered <= options.highWaterBytes / 2) {
      stopDrainCheck();
      ready$.next(true);
      if (pumps.size > 0 && ready$.value && queueStats.queuedItems === 0) pump();
    } else if (scheduler.now() - notReadySince >= options.slowClientMs) {
      cutOff(`slow consumer: socket did not drain for ${options.slowClientMs} ms`);
    }
  };
  const afterSend = () => {
    const buffered = options.bufferedAmount();
    if (buffered > options.queueBytes) {
      cutOff(`slow consumer: ${buffered} bytes waiting, cap ${options.queueBytes}`);
    } else if (buffered > options.highWaterBytes && ready$.value) {
      notReadySince = scheduler.now();
      ready$.next(false);
      if (!drainCheck) {
        const release = registry.acquire('timers');
        drainCheck = interval(DRAIN_CHECK_MS, scheduler).subscribe(checkDrain);
        drainCheck.add(release);
      }
    }
  };

  const write = (frame: string, events: number) => {
    options.send(frame);
    metrics.framesSent++;
    metrics.charsSent += frame.length;
    metrics.delivered.ws += events;
  };
  const writeBatch = (batch: Item[]) => {
    let subs: string[] = [];
    let jsons: string[] = [];
    const flushEvents = () => {
      if (jsons.length === 1) {
        write(`{"op":"event","sub":${subs[0]},"event":${jsons[0]}}`, 1);
      } else if (jsons.length > 1) {
        write(
          `{"op":"events","subs":[${subs.join(',')}],"events":[${jsons.join(',')}]}`,
          jsons.length,
        );
      }
      subs = [];
      jsons = [];
    };
    for (const item of batch) {
      if (disposed) return;
      if (isGap(item)) {
        flushEvents();
        metrics.countDrop(item.reason, item.dropped);
        const { kind: _kind, ...fields } = item;
        write(JSON.stringify({ op: 'gap', ...fields }), 0);
      } else if (item.tag.active) {
        subs.push(item.tag.json);
        jsons.push(item.stamped.json);
      }
    }
    flushEvents();
    if (!disposed) afterSend();
    if (pumps.size > 0 && ready$.value && queueStats.queuedItems === 0) pump();
  };

  const timers = registry.acquire('timers'); // the batch window and the rate limiter's clock
  const pipeline = merge(
    backlog$,
    live$.pipe(
      rateLimit<DeliveryItem>({
        perSecond: options.ratePerSecond,
        burst: options.burst,
        onExceed: 'drop',
        seq: (item) => item.stamped.event.seq,
        scheduler,
      }),
    ),
  ).pipe(
    priorityBuffer<Item>({
      capacity: options.queueEvents,
      capacityBytes: options.queueBytes,
      overflow: 'error',
      ready$,
      priority: priorityOf,
      size: sizeOf,
      seq: seqOf,
      stats: queueStats,
    }),
    microBatch<Item>({
      windowMs: options.windowMs,
      maxItems: MAX_BATCH_ITEMS,
      maxBytes: MAX_BATCH_BYTES,
      size: sizeOf,
      scheduler,
    }),
  ).subscribe({
    next: writeBatch,
    error: (error: unknown) => {
      if (error instanceof QueueOverflowError) {
        cutOff(
          `slow consumer: queue over ${options.queueBytes} bytes or ${options.queueEvents} events`,
        );
      } else {
        cutOff('delivery failed');
      }
    },
  });

  function dispose(): void {
    if (disposed) return;
    disposed = true;
    pumps.clear();
    stopDrainCheck();
    pipeline.unsubscribe();
    live$.complete();
    backlog$.complete();
    timers();
    releasePipeline();
  }

  return {
    live: (item) => {
      if (!disposed) live$.next(item);
    },
    backlog: (item) => {
      if (!disposed) backlog$.next(item);
    },
    addPump(next) {
      pumps.add(next);
      pump();
      return () => pumps.delete(next);
    },
    queuedEvents: () => queueStats.queuedItems,
    queuedBytes: () => queueStats.queuedBytes + (disposed ? 0 : options.bufferedAmount()),
    dispose,
  };
}
