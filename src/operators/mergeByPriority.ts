/**
 * @module `mergeByPriority`: several streams, one per priority, into one demand-driven stream.
 */
import { from, map, merge, type Observable, type ObservableInput } from 'rxjs';
import { PRIORITIES, type Priority } from '../pipeline/events.ts';
import { type Gap, isGap } from './gap.ts';
import { defaultSeq, defaultSize } from './internal/extract.ts';
import { priorityBuffer, type PriorityBufferConfig } from './priorityBuffer.ts';

/** Options for {@link mergeByPriority}: those of `priorityBuffer`, minus `priority`. */
export type MergeByPriorityConfig<T> = Omit<PriorityBufferConfig<T>, 'priority'>;

/** The sources, keyed by the priority their values get. */
export type PrioritySources<T> = Partial<Record<Priority, ObservableInput<T>>>;

interface Tagged<T> {
  readonly priority: Priority;
  readonly value: T;
}

/**
 * Merges streams of different priorities; when the consumer is not ready, the higher
 * priorities are released first.
 *
 * It's like `merge`, but every source has a priority and the merged stream obeys a demand
 * signal: values pass straight through while `ready$` is `true`, and queue otherwise, to be
 * released highest priority first and FIFO within a priority. The queue is a
 * {@link priorityBuffer} (same limits, overflow policies, gap markers and counters), with
 * each value's priority given by the source it came from. Completes when every source has
 * completed and the queue has drained.
 *
 * ```text
 * high:    ----h-------|
 * low:     -l-m--------|
 * ready$:  f------t
 * result:  -------(hlm)|
 * ```
 *
 * ## Example
 * ```ts
 * const ready$ = new BehaviorSubject(true);
 * mergeByPriority(
 *   { critical: alerts$, normal: chat$, low: samples$ },
 *   { capacity: 500, overflow: 'drop-lowest', ready$ },
 * ).subscribe(send);
 * ```
 *
 * @see priorityBuffer
 * @param sources One source per priority (`critical`, `high`, `normal`, `low`).
 * @param config The queue's limits, overflow policy and demand signal.
 * @returns The merged stream of values and gap markers.
 */
export function mergeByPriority<T>(
  sources: PrioritySources<T>,
  config: MergeByPriorityConfig<T>,
): Observable<T | Gap> {
  for (const key of Object.keys(sources)) {
    if (!(PRIORITIES as readonly string[]).includes(key)) {
      throw new RangeError(
        `mergeByPriority: unknown priority ${JSON.stringify(key)} (use ${PRIORITIES.join(', ')})`,
      );
    }
  }
  const { size = defaultSize, seq = defaultSeq } = config;
  const tagged = PRIORITIES.filter((priority) => sources[priority] !== undefined).map((priority) =>
    from(sources[priority] as ObservableInput<T>).pipe(
      // Gap markers from a source stay as they are: the buffer merges them into its run.
      map((value): Tagged<T> | Gap => (isGap(value) ? value : { priority, value })),
    )
  );
  return merge(...tagged).pipe(
    priorityBuffer<Tagged<T> | Gap>({
      ...config,
      priority: (item) => (item as Tagged<T>).priority,
      size: (item) => size((item as Tagged<T>).value),
      seq: (item) => seq((item as Tagged<T>).value),
    }),
    map((item) => (isGap(item) ? item : (item as Tagged<T>).value)),
  );
}
