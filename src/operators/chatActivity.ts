/**
 * @module `chatActivity`: chat messages per realm and channel per window.
 */
import { filter, map, type OperatorFunction, pipe, type SchedulerLike } from 'rxjs';
import type { DraftEvent, DraftEventOf } from '../pipeline/events.ts';
import { aggregateByKey } from './aggregateByKey.ts';
import type { GapReason } from './gap.ts';
import type { OperatorStats } from './operatorStats.ts';

/** Options for {@link chatActivity}. */
export interface ChatActivityConfig {
  /** Window length in scheduler time units (ms); windows are aligned to multiples of it. */
  windowMs: number;
  /** Most channels tracked at once (default 1000); messages of further channels are dropped. */
  maxChannels?: number;
  /** Most distinct speakers counted per channel and window (default 1000). */
  maxSpeakers?: number;
  /** Clock and timer. Defaults to `asyncScheduler`. */
  scheduler?: SchedulerLike;
  /** Called at each window boundary with the number of messages dropped for lack of room. */
  onDrop?: (count: number, reason: GapReason) => void;
  /** Counters (see `createOperatorStats`). */
  stats?: OperatorStats;
}

/** Chat activity of one channel in one window. */
export interface ChatActivity {
  /** Realm id. */
  readonly realm: string;
  /** Channel kind (`say`, `guild`, `channel`, ...). */
  readonly channel: string;
  /** Custom or system channel name, for `channel` messages. */
  readonly channelName?: string;
  /** Window start, inclusive. */
  readonly windowStart: number;
  /** Window end, exclusive. */
  readonly windowEnd: number;
  /** Messages in the window. */
  readonly messages: number;
  /** Distinct characters who spoke (capped at `maxSpeakers`). */
  readonly speakers: number;
}

interface Tally {
  event: DraftEventOf<'chat.message'>;
  speakers: Set<string>;
}

/**
 * Counts `chat.message` events per realm and channel in each window.
 *
 * It's like `groupBy(channel)` + `bufferTime` + `count`, but flat and bounded (see
 * {@link aggregateByKey}); other event types are ignored. Each window emits one
 * {@link ChatActivity} per channel that had messages.
 *
 * ```text
 * source:  -s-s-g---|       (s = say by Thrall, g = guild by Jaina; windowMs: 5)
 * result:  -----S---(G|)   (S: say, messages 2, speakers 1; G: guild, messages 1, window 5-10)
 * ```
 *
 * ## Example
 * ```ts
 * events$.pipe(chatActivity({ windowMs: 60_000 })).subscribe(console.table);
 * ```
 *
 * @see aggregateByKey
 * @param config Window, limits, clock.
 * @returns An operator emitting chat activity per channel per window.
 */
export function chatActivity(
  config: ChatActivityConfig,
): OperatorFunction<DraftEvent, ChatActivity> {
  const { windowMs, scheduler, onDrop, stats, maxSpeakers = 1000 } = config;
  return pipe(
    filter((event): event is DraftEventOf<'chat.message'> => event.type === 'chat.message'),
    aggregateByKey<DraftEventOf<'chat.message'>, string, Tally | undefined>({
      // NUL cannot occur in realm ids or channel names, so the joined key is unambiguous.
      key: (e) => `${e.realm}\u0000${e.data.channel}\u0000${e.data.channelName ?? ''}`,
      windowMs,
      seed: () => undefined,
      reduce: (tally, event) => {
        const current = tally ?? { event, speakers: new Set<string>() };
        if (current.speakers.size < maxSpeakers) current.speakers.add(event.data.character);
        return current;
      },
      maxGroups: config.maxChannels ?? 1000,
      scheduler,
      onDrop,
      stats,
    }),
    map(({ windowStart, windowEnd, value, count }): ChatActivity => {
      const { event, speakers } = value as Tally;
      return {
        realm: event.realm,
        channel: event.data.channel,
        ...(event.data.channelName === undefined ? {} : { channelName: event.data.channelName }),
        windowStart,
        windowEnd,
        messages: count,
        speakers: speakers.size,
      };
    }),
  );
}
