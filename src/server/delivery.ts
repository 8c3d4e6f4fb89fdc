/**
 * @module One client's delivery pipeline. Events arrive in chunks (the gateway batches the
 * hub's stream once for everyone, see `ticks.ts`), are filtered per subscription, pass a
 * per-event token-bucket `rateLimit`, and travel on as one chunk through `priorityBuffer`
 * (driven by the socket's send buffer) and `microBatch` to the socket: one frame per batch,
 * built by joining the hub's pre-serialised JSON (no serialisation per client). Working on
 * chunks keeps the per-client operator work proportional to frames, not to events.
 *
 * A client whose queue passes its caps, or whose socket does not drain for too long, is cut
 * off (4409) without slowing anyone else.
 */
import { BehaviorSubject, interval, type SchedulerLike, type Subscription } from 'rxjs';
import type { Priority } from '../pipeline/events.ts';
import { PRIORITY_RANK } from '../pipeline/events.ts';
import type { StampedEvent } from '../pipeline/hub.ts';
import { type Gap, isGap } from '../operators/gap.ts';
import { microBatch } from '../operators/microBatch.ts';
import { createOperatorStats, type OperatorStats } from '../operators/operatorStats.ts';
import { priorityBuffer } from '../operators/priorityBuffer.ts';
import { QueueOverflowError } from '../operators/QueueOverflowError.ts';
import { rateLimit } from '../operators/rateLimit.ts';
import type { ClientRegistry } from './clients.ts';
import { createInlet } from './inlet.ts';
import type { GatewayMetrics } from './metrics.ts';

/** A subscription as the delivery sees it: its id, JSON-quoted once, and whether it is live. */
export interface SubscriptionTag {
  /** `JSON.stringify(id)`, spliced into frames. */
  readonly json: string;
  /** False once unsubscribed: queued events of it are skipped. */
  active: boolean;
}

/** Events of one subscription (and gap markers) that travel through the queue together. */
interface Chunk {
  readonly tag: SubscriptionTag;
  readonly items: ReadonlyArray<StampedEvent | Gap>;
  /** Events in `items`. */
  readonly events: number;
  /** JSON bytes of the events. */
  readonly bytes: number;
  /** The most urgent priority inside. */
  readonly priority: Priority;
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
  /** Most events queued in the server for this client (more: 4409). */
  queueEvents: number;
  /** Most bytes queued in the server for this client (more: 4409). */
  queueBytes: number;
  /** Longest time the socket may stay above its high-water mark (more: 4409). */
  slowClientMs: number;
  /** Socket send-buffer level above which the queue holds events. */
  highWaterBytes: number;
  /** Batch window while a stalled client drains (`server.batchMs`). */
  batchMs: number;
  /** Timers (batch windows, rate limit, drain checks). */
  scheduler: SchedulerLike;
  /** Gateway counters. */
  metrics: GatewayMetrics;
  /** Resource accounting. */
  registry: ClientRegistry;
}

/** A client's delivery pipeline. */
export interface ClientDelivery {
  /** Live events of one subscription from one gateway tick (rate-limited per event). */
  live(tag: SubscriptionTag, events: readonly StampedEvent[]): void;
  /** Backlog events and gaps of one subscription on resume (not rate-limited). */
  backlog(tag: SubscriptionTag, items: ReadonlyArray<StampedEvent | Gap>): void;
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

/** Most chunks and bytes in one frame. */
const MAX_BATCH_CHUNKS = 64;
const MAX_BATCH_BYTES = 256 * 1024;
/** Most events a catch-up pump reads at once. */
const PUMP_ITEMS = 512;
/** How often a not-ready socket is checked for draining. */
const DRAIN_CHECK_MS = 10;
const GAP_SIZE = 64;
const RANKED: readonly Priority[] = ['critical', 'high', 'normal', 'low'];

function chunkOf(tag: SubscriptionTag, items: ReadonlyArray<StampedEvent | Gap>): Chunk {
  let events = 0;
  let bytes = 0;
  let rank = 3;
  for (const item of items) {
    if (isGap(item)) {
      bytes += GAP_SIZE;
      rank = 0;
    } else {
      events++;
      bytes += item.bytes;
      const itemRank = PRIORITY_RANK[item.event.priority];
      if (itemRank < rank) rank = itemRank;
    }
  }
  return { tag, items, events, bytes, priority: RANKED[rank] };
}

/**
 * Builds a client's delivery pipeline and starts it.
 *
 * ## Example
 * ```ts
 * const delivery = createClientDelivery({ send: (f) => ws.send(f), ...limits });
 * ticks$.subscribe((tick) => delivery.live(tag, tick.filter((stamped) => matches(stamped.event))));
 * ```
 *
 * @param options Socket access, limits, scheduler, counters.
 * @returns The pipeline's input side.
 */
export function createClientDelivery(options: ClientDeliveryOptions): ClientDelivery {
  const { scheduler, metrics, registry } = options;
  const events = createInlet<StampedEvent>();
  const chunks = createInlet<Chunk>();
  const ready$ = new BehaviorSubject(true);
  const queueStats: OperatorStats = createOperatorStats();
  let disposed = false;
  let draining = false;
  let notReadySince = 0;
  let drainCheck: Subscription | undefined;
  let entered = 0; // events handed to the queue
  let written = 0; // events written to the socket (or skipped as unsubscribed)
  const releasePipeline = registry.acquire('pipelines');

  // Per-event rate limit: the events of one tick go through `rateLimit` one by one and are
  // collected back into one chunk (the operator emits synchronously).
  let collecting: Array<StampedEvent | Gap> = [];

  const pumps = new Set<(room: { items: number; bytes: number }) => boolean>();
  const room = {
    items: PUMP_ITEMS,
    bytes: Math.min(MAX_BATCH_BYTES, Math.floor(options.queueBytes / 4)),
  };
  let pumping = false;
  let pumpAgain = false;
  const idle = () => !disposed && ready$.value && queueStats.queuedItems === 0;
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
          if (!idle()) return;
          if (next(room)) pumps.delete(next);
        }
      } while (pumpAgain && pumps.size > 0);
    } finally {
      pumping = false;
    }
  };

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
      draining = true; // the queue drains synchronously now: batch it
      try {
        ready$.next(true);
      } finally {
        draining = false;
      }
      if (pumps.size > 0 && idle()) pump();
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
  // Frame assembly state, reused across batches: no closures or arrays per frame.
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
    if (jsons.length > 0) {
      subs = [];
      jsons = [];
    }
  };
  const writeGap = (marker: Gap) => {
    flushEvents();
    metrics.countDrop(marker.reason, marker.dropped);
    const { kind: _kind, ...fields } = marker;
    write(JSON.stringify({ op: 'gap', ...fields }), 0);
  };
  const writeBatch = (batch: Array<Chunk | Gap>) => {
    for (const chunk of batch) {
      if (disposed) return;
      if (isGap(chunk)) {
        writeGap(chunk);
        continue;
      }
      written += chunk.events;
      const { tag } = chunk;
      for (const item of chunk.items) {
        if (isGap(item)) writeGap(item);
        else if (tag.active) {
          subs.push(tag.json);
          jsons.push(item.json);
        }
      }
    }
    flushEvents();
    if (disposed) return;
    afterSend();
    if (pumps.size > 0 && idle()) pump();
  };

  const enqueue = (chunk: Chunk) => {
    if (disposed || chunk.items.length === 0) return;
    entered += chunk.events;
    if (entered - written > options.queueEvents) {
      return cutOff(`slow consumer: more than ${options.queueEvents} events queued`);
    }
    chunks.next(chunk);
  };

  const timers = registry.acquire('timers'); // the batch window and the rate limiter's clock
  const collector = events.observable.pipe(
    rateLimit<StampedEvent>({
      perSecond: options.ratePerSecond,
      burst: options.burst,
      onExceed: 'drop',
      seq: (stamped) => stamped.event.seq,
      scheduler,
    }),
  ).subscribe((item) => collecting.push(item));
  // Live chunks were rate-limited event by event above; backlog chunks skip that by taking
  // the same entrance.
  const pipeline = chunks.observable.pipe(
    priorityBuffer<Chunk>({
      capacity: options.queueEvents,
      capacityBytes: options.queueBytes,
      overflow: 'error',
      ready$,
      priority: (chunk) => chunk.priority,
      size: (chunk) => chunk.bytes,
      seq: () => undefined,
      stats: queueStats,
    }),
    microBatch<Chunk | Gap>({
      // No window while the client keeps up (the gateway tick already batched); batch the
      // drain after a stall.
      windowMs: () => (draining || !ready$.value ? options.batchMs : 0),
      maxItems: MAX_BATCH_CHUNKS,
      maxBytes: MAX_BATCH_BYTES,
      size: (chunk) => (isGap(chunk) ? GAP_SIZE : chunk.bytes),
      scheduler,
    }),
  ).subscribe({
    next: writeBatch,
    error: (error: unknown) => {
      if (error instanceof QueueOverflowError) {
        cutOff(
          `slow consumer: queue over ${options.queueBytes} bytes or ${options.queueEvents} chunks`,
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
    collector.unsubscribe();
    pipeline.unsubscribe();
    events.complete();
    chunks.complete();
    collecting = [];
    timers();
    releasePipeline();
  }

  return {
    live(tag, list) {
      if (disposed || list.length === 0) return;
      for (const stamped of list) events.next(stamped);
      const passed = collecting;
      collecting = [];
      enqueue(chunkOf(tag, passed));
    },
    backlog: (tag, items) => enqueue(chunkOf(tag, items)),
    addPump(next) {
      pumps.add(next);
      pump();
      return () => pumps.delete(next);
    },
    queuedEvents: () => (disposed ? 0 : entered - written),
    queuedBytes: () => queueStats.queuedBytes + (disposed ? 0 : options.bufferedAmount()),
    dispose,
  };
}
