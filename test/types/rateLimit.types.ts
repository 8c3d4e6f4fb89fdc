/**
 * @module Type-level expectations for rateLimit and expireAfter (checked by tsc).
 */
import { type Observable, of } from 'rxjs';
import { expireAfter, type Gap, rateLimit } from '../../src/operators/index.ts';

interface Chat {
  channel: string;
  time: number;
}
const chat$ = of<Chat>({ channel: 'say', time: 0 });

/** Drops show up as gap markers in the output type. */
export const limited: Observable<Chat | Gap> = chat$.pipe(
  rateLimit({ perSecond: 1, burst: 1, key: (chat) => chat.channel, onExceed: 'drop' }),
);

// @ts-expect-error onExceed is 'drop' or 'delay'
rateLimit<Chat>({ perSecond: 1, burst: 1, onExceed: 'queue' });

// @ts-expect-error keys are strings
rateLimit<Chat>({ perSecond: 1, burst: 1, onExceed: 'drop', key: (chat) => chat.time });

/** expireAfter reads the value's time through a typed extractor. */
export const fresh: Observable<Chat | Gap> = chat$.pipe(
  expireAfter({ maxAgeMs: 1000, time: (chat) => chat.time }),
);

// @ts-expect-error time is a number
expireAfter<Chat>({ maxAgeMs: 1000, time: (chat) => chat.channel });
