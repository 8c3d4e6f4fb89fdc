/**
 * @module Dead letters: values whose user handler threw, kept (the last N) and counted
 * instead of killing the pipeline, with counters ready for a pipeline's own metrics.
 */
import { asyncScheduler, type Observable, type SchedulerLike, Subject } from 'rxjs';
import { RingQueue } from './internal/ringQueue.ts';
import { requireInteger } from './internal/validate.ts';

/** A value that could not be processed, with what went wrong and where. */
export interface DeadLetter<T = unknown> {
  /** The value the handler was given. */
  readonly value: T;
  /** What the handler threw. */
  readonly error: unknown;
  /** Which stage failed (free text, e.g. `'processing'` or an operator's name). */
  readonly stage: string;
}

/** Where {@link mapOrDeadLetter} sends dead letters: anything with a `push`. */
export interface DeadLetterTarget {
  /** Accepts one dead letter; must not throw. */
  push(letter: DeadLetter): void;
}

/** A retained dead letter: the error is kept as name and message only (no stack, no cause). */
export interface DeadLetterRecord {
  /** The value the handler was given. */
  readonly value: unknown;
  /** Which stage failed. */
  readonly stage: string;
  /** When it was received (scheduler time). */
  readonly time: number;
  /** The error's name and message. */
  readonly error: { readonly name: string; readonly message: string };
}

/** Counters of a sink. */
export interface DeadLetterStats {
  /** Dead letters received since creation. */
  received: number;
  /** Dead letters pushed out of the retained window by newer ones. */
  evicted: number;
  /** Dead letters per stage (at most 64 stages; further ones are counted under `other`). */
  byStage: Record<string, number>;
}

/** Options for {@link createDeadLetterSink}. */
export interface DeadLetterSinkConfig {
  /** How many of the latest dead letters to keep (an integer >= 1). */
  capacity: number;
  /** Clock for the `time` of each record. Defaults to `asyncScheduler`. */
  scheduler?: SchedulerLike;
}

/** A bounded dead-letter store with a live stream and counters. */
export interface DeadLetterSink extends DeadLetterTarget {
  /** Every dead letter as it arrives (hot; the original error included). */
  readonly letters$: Observable<DeadLetter>;
  /** Counters, updated in place. */
  readonly stats: DeadLetterStats;
  /** The retained dead letters, oldest first. */
  recent(): DeadLetterRecord[];
}

const MAX_STAGES = 64;

function describeError(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: typeof error, message: String(error) };
}

/**
 * Creates a sink for dead letters that keeps the latest `capacity` of them and counts all.
 *
 * Retained records hold the error's name and message, not the error itself, so a burst of
 * failures cannot pin stacks and causes in memory (STYLE G2); `letters$` carries the
 * original error to live subscribers.
 *
 * ## Example
 * ```ts
 * const deadLetters = createDeadLetterSink({ capacity: 100 });
 * events$.pipe(mapOrDeadLetter(userTransform, { deadLetters, stage: 'discord-relay' }));
 * // /metrics: deadLetters.stats.received, deadLetters.stats.byStage
 * ```
 *
 * @see mapOrDeadLetter
 * @param config Capacity and clock.
 * @returns The sink.
 */
export function createDeadLetterSink(config: DeadLetterSinkConfig): DeadLetterSink {
  const capacity = requireInteger('createDeadLetterSink', 'capacity', config.capacity);
  const scheduler = config.scheduler ?? asyncScheduler;
  const retained = new RingQueue<DeadLetterRecord>();
  const letters = new Subject<DeadLetter>();
  const stats: DeadLetterStats = { received: 0, evicted: 0, byStage: {} };
  let stages = 0;
  return {
    letters$: letters.asObservable(),
    stats,
    push(letter: DeadLetter): void {
      stats.received++;
      let stage = letter.stage;
      if (!Object.hasOwn(stats.byStage, stage)) {
        if (stages >= MAX_STAGES) stage = 'other';
        else stages++;
      }
      stats.byStage[stage] = (stats.byStage[stage] ?? 0) + 1;
      if (retained.length >= capacity) {
        retained.shift();
        stats.evicted++;
      }
      const record = {
        value: letter.value,
        stage: letter.stage,
        time: scheduler.now(),
        error: describeError(letter.error),
      };
      retained.push(record, 0, 1);
      letters.next(letter);
    },
    recent(): DeadLetterRecord[] {
      return Array.from({ length: retained.length }, (_, index) => retained.at(index));
    },
  };
}
