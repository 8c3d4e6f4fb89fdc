/**
 * @module Realistic fan-out events: the mix a busy realm produces (chat, zone changes,
 * logins and logouts), 150-300 bytes serialised, stamped with a sub-millisecond wall-clock
 * `time` so the clients can measure hub-to-client latency.
 */
import { type DraftEvent, draftEvent } from '../../src/pipeline/events.ts';

const TEXTS = [
  'LF2M ICC 25 need heal and tank, pst',
  'WTS [Frostweave Cloth] x20 cheap',
  'inv pls',
  'gz!',
  'anyone up for a Wintergrasp run? we are 3 already',
];

/** Wall clock with sub-ms resolution, the same in every process of the machine. */
export const wallClock = (): number => performance.timeOrigin + performance.now();

/**
 * The `i`-th event of the benchmark stream.
 *
 * @param i Index.
 * @returns A draft event timed now.
 */
export function benchEvent(i: number): DraftEvent {
  const character = `Player${i % 997}`;
  const base = { realm: i % 5 === 0 ? 'world-2' : 'world-1', time: wallClock() };
  const kind = i % 20;
  if (kind < 12) {
    return draftEvent('chat.message', {
      ...base,
      source: 'log',
      data: { channel: kind < 8 ? 'say' : 'yell', character, text: TEXTS[i % TEXTS.length] },
    });
  }
  if (kind < 17) {
    return draftEvent('player.zone', {
      ...base,
      source: 'soap',
      data: {
        character,
        account: `ACC${i % 997}`,
        fromMap: 571,
        fromZone: 4395,
        map: 571,
        zone: 65,
      },
    });
  }
  if (kind < 19) {
    return draftEvent('player.login', {
      ...base,
      source: 'soap',
      data: { character, account: `ACC${i % 997}`, map: 0, zone: 1519 },
    });
  }
  return draftEvent('player.logout', {
    ...base,
    source: 'soap',
    data: { character, account: `ACC${i % 997}`, sessionSeconds: 3600 + (i % 600) },
  });
}
