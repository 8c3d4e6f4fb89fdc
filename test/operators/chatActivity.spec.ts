import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { type DraftEvent, draftEvent, type EventData } from '../../src/pipeline/events.ts';
import { type ChatActivity, chatActivity, createOperatorStats } from '../../src/operators/index.ts';
import { createTestScheduler } from '../helpers/marbles.ts';
import { operatorCompliance } from '../helpers/operatorCompliance.ts';

const chat = (data: EventData<'chat.message'>, realm = 'w1') =>
  draftEvent('chat.message', { realm, time: 0, source: 'log', data });
const values: Record<string, DraftEvent> = {
  s: chat({ channel: 'say', character: 'Thrall', text: 'hi' }),
  t: chat({ channel: 'say', character: 'Jaina', text: 'hello' }),
  g: chat({ channel: 'guild', character: 'Jaina', text: 'gg', guild: 'Kirin Tor' }),
  c: chat({ channel: 'channel', character: 'Rexxar', text: 'wts', channelName: 'Trade' }),
  w: chat({ channel: 'say', character: 'Thrall', text: 'hi' }, 'w2'),
  l: draftEvent('player.login', { realm: 'w1', time: 0, source: 'log', data: { character: 'X' } }),
};
const activity = (
  channel: string,
  windowStart: number,
  messages: number,
  speakers: number,
  extra: Partial<ChatActivity> = {},
): ChatActivity => ({
  realm: 'w1',
  channel,
  windowStart,
  windowEnd: windowStart + 5,
  messages,
  speakers,
  ...extra,
});

operatorCompliance<DraftEvent, ChatActivity>('chatActivity', {
  operator: () => chatActivity({ windowMs: 5 }),
  values,
  single: {
    source: '-s|',
    expected: '--(S|)',
    expectedValues: { S: activity('say', 0, 1, 1) },
    subscription: '^-!',
  },
  multiple: {
    source: '-s-s-g---|',
    expected: '-----S---(G|)',
    expectedValues: { S: activity('say', 0, 2, 1), G: activity('guild', 5, 1, 1) },
    subscription: '^--------!',
  },
});

describe('chatActivity', () => {
  let testScheduler: TestScheduler;
  beforeEach(() => (testScheduler = createTestScheduler()));

  it('counts messages and distinct speakers per realm and channel, ignoring other events', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('(stgcwl)-------|', values);
      expectObservable(source.pipe(chatActivity({ windowMs: 5 }))).toBe('-----(SGCW)----|', {
        S: activity('say', 0, 2, 2),
        G: activity('guild', 0, 1, 1),
        C: activity('channel', 0, 1, 1, { channelName: 'Trade' }),
        W: activity('say', 0, 1, 1, { realm: 'w2' }),
      });
    });
  });

  it('caps speakers and channels, counting dropped messages', () => {
    const stats = createOperatorStats();
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('(stg)-----|', values);
      const config = { windowMs: 5, maxSpeakers: 1, maxChannels: 1, stats };
      expectObservable(source.pipe(chatActivity(config))).toBe('-----S----|', {
        S: activity('say', 0, 2, 1),
      });
    });
    expect(stats).toMatchObject({ received: 3, dropped: 1 });
  });
});
