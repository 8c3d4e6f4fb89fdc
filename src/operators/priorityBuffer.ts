/**
 * @module `priorityBuffer`: the per-consumer bounded queue driven by a demand signal.
 */
import type { Observable, OperatorFunction, SchedulerLike } from 'rxjs';
import type { Priority } from '../pipeline/events.ts';
import { type Gap, type GapReason, isGap } from './gap.ts';
import { defaultPriority, defaultSeq, defaultSize } from './internal/extract.ts';
import { GapRun } from './internal/gapRun.ts';
import { forward, operate } from './internal/operate.ts';
import {
  OVERFLOW_POLICIES,
  type OverflowPolicy,
  PriorityQueues,
  rankOf,
} from './internal/priorityQueues.ts';
import {
  requireFunction,
  requireInteger,
  requireOneOf,
  requirePositive,
} from './internal/validate.ts';
import type { OperatorStats } from './operatorStats.ts';
import { QueueOverflowError } from './QueueOverflowError.ts';

/** Options for {@link priorityBuffer}. */
export interface PriorityBufferConfig<T> {
  /** Most values queued at any time (an integer >= 1). */
  capacity: number;
  /** Most bytes queued at any time, measured with `size`. Default: no byte limit. */
  capacityBytes?: number;
  /**
   * What to drop when a value does not fit: `'drop-lowest'` (the lowest priority present,
   * oldest first), `'drop-oldest'`, `'drop-newest'` (the arriving value), or `'error'`
   * (fail with {@link QueueOverflowError}, dropping nothing). `critical` values are never
   * dropped while anything lower is queued.
   */
  overflow: OverflowPolicy;
  /** Demand signal: `true` when the consumer can take more. Latest value wins; not ready until it emits. */
  ready$: Observable<boolean>;
  /**
   * Priority of a value; called only for values that must queue. Default:
   * `value.priority ?? value.event?.priority ?? 'normal'`. Anything but a `Priority` errors.
   */
  priority?: (value: T) => Priority;
  /**
   * Size of a value in bytes; called only for values that must queue. Default:
   * `value.bytes ?? 1`. Anything but a finite number >= 0 errors.
   */
  size?: (value: T) => number;
  /**
   * Sequence number of a value, for gap markers; called only for dropped values.
   * Default: `value.seq ?? value.event?.seq`.
   */
  seq?: (value: T) => number | undefined;
  /** Accepted so every operator's config looks alike; unused, as the queue never waits on time. */
  scheduler?: SchedulerLike;
  /** Called once per emitted gap marker with the number of values it covers. */
  onDrop?: (count: number, reason: GapReason) => void;
  /** Counters updated in place (see `createOperatorStats`); `queuedItems/Bytes` are the queue. */
  stats?: OperatorStats;
}

/**
 * Queues values while the consumer is not ready and releases them by priority when it is.
 *
 * It's like `bufferToggle` driven by a demand signal, but bounded, priority-ordered, and
 * honest about what it drops. While `ready$`'s latest value is `true`, values pass straight
 * through. Otherwise they queue; when `ready$` turns `true` the queue drains highest priority
 * first, FIFO within a priority, one value at a time, re-checking readiness before each
 * emission, so a consumer that sets `ready$` to `false` from inside its `next` stops the
 * drain right there. When a value does not fit in `capacity` items or `capacityBytes` bytes,
 * the `overflow` policy picks a victim; `critical` values are never dropped while anything
 * lower is queued (a value larger than `capacityBytes` on its own can never be queued and is
 * always dropped). Each run of drops is emitted as one {@link Gap} (`reason: 'overflow'`,
 * exact `dropped`, min/max `seq`) just before the next delivered value. Gap markers from
 * upstream join the run. The source's completion waits until the queue has drained; a source
 * error is forwarded at once and the queue is discarded.
 *
 * ```text
 * source:  -a-b-c-d----------e-|   (a, b normal; c low; d high; capacity: 3)
 * ready$:  f-----------t           (f = false, t = true)
 * result:  ------------(gdab)e-|   (g = gap { reason: 'overflow', dropped: 1 }: c)
 * ```
 *
 * ## Example
 * ```ts
 * const ready$ = new BehaviorSubject(true);
 * hub.events$.pipe(
 *   priorityBuffer({ capacity: 1000, capacityBytes: 1 << 20, overflow: 'drop-lowest', ready$ }),
 * ).subscribe((item) => {
 *   socket.send(isGap(item) ? gapFrame(item) : item.json);
 *   ready$.next(socket.bufferedAmount < LOW_WATER_MARK);
 * });
 * ```
 *
 * @see mergeByPriority
 * @param config Limits, overflow policy, demand signal and extractors.
 * @returns An operator emitting the source's values and gap markers.
 */
export function priorityBuffer<T>(config: PriorityBufferConfig<T>): OperatorFunction<T, T | Gap> {
  const name = 'priorityBuffer';
  const capacity = requireInteger(name, 'capacity', config.capacity);
  const capacityBytes = config.capacityBytes === undefined
    ? Infinity
    : requirePositive(name, 'capacityBytes', config.capacityBytes);
  const overflow = requireOneOf(name, 'overflow', config.overflow, OVERFLOW_POLICIES);
  if (!config.ready$ || typeof config.ready$.subscribe !== 'function') {
    throw new TypeError(`${name}: ready$ must be an Observable<boolean>`);
  }
  for (const key of ['priority', 'size', 'seq', 'onDrop'] as const) {
    if (config[key] !== undefined) requireFunction(name, key, config[key]);
  }
  const { ready$, onDrop, stats, priority = defaultPriority, size = defaultSize } = config;
  const seqOf = config.seq ?? defaultSeq;
  return operate<T, T | Gap>((source, subscriber) => {
    let ready = false;
    let draining = false;
    let sourceDone = false;
    const run = new GapRun(onDrop, stats);
    const queues = new PriorityQueues<T>(capacity, capacityBytes, overflow, (dropped) => {
      const seq = seqOf(dropped);
      run.add('overflow', 1, seq, seq);
      if (stats) {
        stats.dropped++;
        stats.droppedByReason.overflow++;
      }
    });
    const syncStats = () => {
      if (stats) {
        stats.queuedItems = queues.items;
        stats.queuedBytes = queues.bytes;
      }
    };
    const drain = () => {
      if (draining) return; // re-entered from the consumer's next: the outer loop continues
      draining = true;
      try {
        while (ready && !subscriber.closed && (run.pending || queues.items > 0)) {
          if (run.pending) subscriber.next(run.take());
          else {
            const value = queues.take();
            syncStats();
            if (stats) stats.delivered++;
            subscriber.next(value);
          }
        }
      } finally {
        draining = false;
      }
      if (sourceDone && queues.items === 0 && !run.pending) subscriber.complete();
    };
    const enqueue = (value: T) => {
      const rank = rankOf(priority(value));
      if (rank < 0) {
        throw new RangeError(`${name}: unknown priority ${JSON.stringify(priority(value))}`);
      }
      const bytes = size(value);
      if (typeof bytes !== 'number' || !(bytes >= 0) || bytes === Infinity) {
        throw new RangeError(`${name}: size must be a finite number >= 0, got ${String(bytes)}`);
      }
      if (queues.offer(value, rank, bytes) === 'overflow') {
        const queued = { queuedItems: queues.items, queuedBytes: queues.bytes };
        throw new QueueOverflowError({
          operator: name,
          capacity,
          capacityBytes: config.capacityBytes,
          ...queued,
        });
      }
      syncStats();
    };
    forward(ready$, subscriber, {
      next: (value) => {
        ready = value === true;
        if (ready) drain();
      },
      complete: () => {}, // the last readiness stays in force
    });
    forward(source, subscriber, {
      next: (value) => {
        if (isGap(value)) run.merge(value);
        else {
          if (stats) stats.received++;
          if (ready && !draining && !run.pending && queues.items === 0) {
            if (stats) stats.delivered++;
            subscriber.next(value);
            return;
          }
          enqueue(value);
        }
        if (ready) drain();
      },
      complete: () => {
        sourceDone = true;
        drain(); // completes now if nothing waits, else once the queue has drained
      },
      finalize: () => {
        run.abandon();
        queues.clear();
        syncStats();
      },
    });
  });
}
