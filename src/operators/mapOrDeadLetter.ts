/**
 * @module `mapOrDeadLetter`: `map` that sends the values its projection fails on to a
 * dead-letter sink instead of erroring the whole stream.
 */
import type { OperatorFunction } from 'rxjs';
import type { DeadLetterTarget } from './createDeadLetterSink.ts';
import { forward, operate } from './internal/operate.ts';
import { requireFunction } from './internal/validate.ts';
import type { OperatorStats } from './operatorStats.ts';

/** Options for {@link mapOrDeadLetter}. */
export interface MapOrDeadLetterConfig {
  /** Where failed values go (a `createDeadLetterSink()`, or any `{ push }`). */
  deadLetters: DeadLetterTarget;
  /** The stage name recorded with each dead letter (default `'processing'`). */
  stage?: string;
  /** Counters (see `createOperatorStats`); dead letters count as drops with reason `'error'`. */
  stats?: OperatorStats;
}

/**
 * Applies `project` to each value; a value whose projection throws becomes a dead letter
 * (`{ value, error, stage }`) and the stream goes on.
 *
 * It's like `map`, but a throwing projection costs one value instead of the whole
 * pipeline (STYLE G5: items fail as values). Use it around user code (alert rules, relay
 * formatters) in long-running pipelines; the sink keeps the latest failures and counts
 * them for `/metrics`. Named `...OrDeadLetter` rather than `...With...` because RxJS
 * reserves `With` for operator twins of creation functions (`mergeWith`).
 *
 * ```text
 * source:  -a-b-c-|   (project throws for b)
 * result:  -A---C-|   (b goes to the dead letters, stage 'processing')
 * ```
 *
 * ## Example
 * ```ts
 * const deadLetters = createDeadLetterSink({ capacity: 100 });
 * chat$.pipe(mapOrDeadLetter(toDiscordMessage, { deadLetters, stage: 'discord' }));
 * ```
 *
 * @see createDeadLetterSink
 * @param project The projection (value, index) => result.
 * @param config The dead-letter sink and stage name.
 * @returns An operator emitting the projections that succeeded.
 */
export function mapOrDeadLetter<T, R>(
  project: (value: T, index: number) => R,
  config: MapOrDeadLetterConfig,
): OperatorFunction<T, R> {
  requireFunction('mapOrDeadLetter', 'project', project);
  if (!config?.deadLetters || typeof config.deadLetters.push !== 'function') {
    throw new TypeError('mapOrDeadLetter: deadLetters must have a push(letter) method');
  }
  const { deadLetters, stage = 'processing', stats } = config;
  return operate<T, R>((source, subscriber) => {
    let index = 0;
    forward(source, subscriber, {
      next: (value) => {
        if (stats) stats.received++;
        let result: R;
        try {
          result = project(value, index++);
        } catch (error) {
          if (stats) {
            stats.dropped++;
            stats.droppedByReason.error++;
          }
          deadLetters.push({ value, error, stage }); // a throwing sink errors the stream
          return;
        }
        if (stats) stats.delivered++;
        subscriber.next(result);
      },
    });
  });
}
