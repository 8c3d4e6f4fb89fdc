/**
 * @module Example: relay chat to another service (a Discord webhook, an IRC bridge), rate
 * limited per channel so one spammer cannot flood the relay or get it banned.
 *
 * `chat.message` events go through `rateLimit` (a token bucket per realm and channel,
 * excess dropped and reported as gap markers), then a user formatter guarded by
 * `mapOrDeadLetter` (a formatter bug costs one message, not the relay). Skipped runs
 * become one "N messages skipped" line, so readers know something is missing.
 *
 * Run it: `npx tsx examples/chatRelay.ts` (Node) or `deno run examples/chatRelay.ts`.
 * It feeds a scripted chat burst into a hub and prints what would be sent.
 */
import { pathToFileURL } from 'node:url';
import {
  filter,
  from,
  map,
  mergeMap,
  type OperatorFunction,
  pipe,
  type SchedulerLike,
  timer,
} from 'rxjs';
import {
  createDeadLetterSink,
  type DeadLetterTarget,
  isGap,
  mapOrDeadLetter,
  rateLimit,
} from '../src/operators/index.ts';
import { createHub, type DraftEvent, draftEvent, type DraftEventOf } from '../src/mod.ts';

type ChatEvent = DraftEventOf<'chat.message'>;

/** Options for {@link chatRelay}. */
export interface ChatRelayConfig {
  /** Sustained messages per second per channel (default 1). */
  perSecond?: number;
  /** Messages a channel may send at once after a quiet spell (default 3). */
  burst?: number;
  /** Turns a message into the relayed line; may throw (the message then goes to deadLetters). */
  format?: (event: ChatEvent) => string;
  /** Where messages the formatter failed on go. Default: a sink keeping the last 100. */
  deadLetters?: DeadLetterTarget;
  /** Clock; tests pass a TestScheduler. Defaults to `asyncScheduler`. */
  scheduler?: SchedulerLike;
}

/** The default line: `[realm] [channel] Character: text`. */
export const formatChat = (event: ChatEvent): string =>
  `[${event.realm}] [${event.data.channelName ?? event.data.channel}] ${event.data.character}: ` +
  event.data.text;

/**
 * Turns realm events into the lines to relay: chat only, rate limited per realm and
 * channel, with a notice line for each run of skipped messages.
 *
 * @param config Rate, burst, formatter, dead letters, clock.
 * @returns An operator from realm events to lines.
 */
export function chatRelay(config: ChatRelayConfig = {}): OperatorFunction<DraftEvent, string> {
  const { perSecond = 1, burst = 3, format = formatChat, scheduler } = config;
  const deadLetters = config.deadLetters ?? createDeadLetterSink({ capacity: 100 });
  return pipe(
    filter((event): event is ChatEvent => event.type === 'chat.message'),
    rateLimit<ChatEvent>({
      perSecond,
      burst,
      key: (event) =>
        `${event.realm}\u0000${event.data.channel}\u0000${event.data.channelName ?? ''}`,
      onExceed: 'drop',
      maxKeys: 1000,
      scheduler,
    }),
    mapOrDeadLetter(
      (item) =>
        isGap(item)
          ? `[relay] ${item.dropped} message${
            item.dropped === 1 ? '' : 's'
          } skipped (${item.reason})`
          : format(item),
      { deadLetters, stage: 'chat-relay' },
    ),
  );
}

/** A scripted burst: [ms after start, channel, character, text]. */
const SCRIPT: ReadonlyArray<readonly [number, 'say' | 'guild', string, string]> = [
  [0, 'guild', 'Jaina', 'raid at 8?'],
  [100, 'say', 'Spammer', 'cheap gold 1'],
  [110, 'say', 'Spammer', 'cheap gold 2'],
  [120, 'say', 'Spammer', 'cheap gold 3'],
  [130, 'say', 'Spammer', 'cheap gold 4'],
  [140, 'say', 'Spammer', 'cheap gold 5'],
  [150, 'guild', 'Thrall', 'yes, 8'],
  [1300, 'say', 'Rexxar', 'anyone seen Misha?'],
];

async function main(): Promise<void> {
  const hub = createHub();
  const deadLetters = createDeadLetterSink({ capacity: 100 });
  const done = hub.events$.pipe(
    map((stamped) => stamped.event),
    chatRelay({ perSecond: 1, burst: 3, deadLetters }),
  ).forEach((line) => console.log('RELAY', line));
  hub.connect(
    from(SCRIPT).pipe(
      mergeMap(([at, channel, character, text]) =>
        timer(at).pipe(map(() =>
          draftEvent('chat.message', {
            realm: 'world-1',
            time: Date.now(),
            source: 'log',
            data: { channel, character, text },
          })
        ))
      ),
    ),
  );
  await new Promise((resolve) => setTimeout(resolve, 1500));
  hub.close();
  await done;
  console.log('dead letters:', deadLetters.stats.received);
}

// Run only when executed directly (Deno sets import.meta.main; on Node compare the path).
const meta = import.meta as ImportMeta & { main?: boolean };
const entry = globalThis.process?.argv?.[1];
if (meta.main ?? (entry !== undefined && import.meta.url === pathToFileURL(entry).href)) {
  await main();
}
