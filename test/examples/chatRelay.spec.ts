import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { chatRelay } from '../../examples/chatRelay.ts';
import { createDeadLetterSink } from '../../src/operators/index.ts';
import { type DraftEvent, draftEvent } from '../../src/pipeline/events.ts';
import { createTestScheduler } from '../helpers/marbles.ts';

const chat = (channel: 'say' | 'guild', character: string, text: string): DraftEvent =>
  draftEvent('chat.message', {
    realm: 'w1',
    time: 0,
    source: 'log',
    data: { channel, character, text },
  });
const values = {
  a: chat('say', 'Spammer', 'gold 1'),
  b: chat('say', 'Spammer', 'gold 2'),
  c: chat('say', 'Spammer', 'gold 3'),
  d: chat('say', 'Spammer', 'gold 4'),
  g: chat('guild', 'Jaina', 'raid at 8?'),
  x: chat('say', 'Bad', 'breaks the formatter'),
  l: draftEvent('player.login', {
    realm: 'w1',
    time: 0,
    source: 'log',
    data: { character: 'Thrall' },
  }),
};

describe('examples/chatRelay', () => {
  let testScheduler: TestScheduler;
  beforeEach(() => (testScheduler = createTestScheduler()));

  it('relays chat rate limited per channel, with a line for each skipped run', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      // One token per 10 ms, two at once: c and d find the say bucket empty; guild has its own.
      const source = cold('-a-b-c-g-d-l-|', values);
      const relay = source.pipe(chatRelay({ perSecond: 100, burst: 2 }));
      expectObservable(relay).toBe('-a-b---(Sg)--(T|)', {
        a: '[w1] [say] Spammer: gold 1',
        b: '[w1] [say] Spammer: gold 2',
        S: '[relay] 1 message skipped (rate)',
        g: '[w1] [guild] Jaina: raid at 8?',
        T: '[relay] 1 message skipped (rate)',
      });
      expectSubscriptions(source.subscriptions).toBe('^------------!');
    });
  });

  it('sends messages the formatter fails on to the dead letters and keeps relaying', () => {
    const deadLetters = createDeadLetterSink({ capacity: 10 });
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('-x-g-|', values);
      const format = (event: { data: { character: string; text: string } }) => {
        if (event.data.character === 'Bad') throw new Error('unsupported glyph');
        return event.data.text;
      };
      const relay = source.pipe(chatRelay({ perSecond: 100, burst: 2, format, deadLetters }));
      expectObservable(relay).toBe('---g-|', { g: 'raid at 8?' });
    });
    expect(deadLetters.stats.byStage).toEqual({ 'chat-relay': 1 });
    expect(deadLetters.recent()[0].error).toEqual({ name: 'Error', message: 'unsupported glyph' });
  });
});
