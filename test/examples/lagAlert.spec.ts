import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, it } from 'vitest';
import { lagAlerts } from '../../examples/lagAlert.ts';
import { type DraftEvent, draftEvent } from '../../src/pipeline/events.ts';
import { createTestScheduler } from '../helpers/marbles.ts';

const lag = (realm: string, state: 'started' | 'ended', updateDiffMs: number): DraftEvent =>
  draftEvent('server.lag', {
    realm,
    time: 0,
    source: 'soap',
    data: { state, updateDiffMs, thresholdMs: 100 },
  });
const values = {
  l: lag('w1', 'started', 200),
  m: lag('w1', 'started', 300),
  e: lag('w1', 'ended', 90),
  n: lag('w2', 'started', 500),
  c: draftEvent('chat.message', {
    realm: 'w1',
    time: 0,
    source: 'log',
    data: { channel: 'say', character: 'Thrall', text: 'lag!' },
  }),
};

describe('examples/lagAlert', () => {
  let testScheduler: TestScheduler;
  beforeEach(() => (testScheduler = createTestScheduler()));

  it('alerts once per realm and window with at least `threshold` lag spikes', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-l-e-m-n-c-l-n-l-m-|', values);
      const alerts = source.pipe(lagAlerts({ threshold: 2, windowMs: 10 }));
      // Window 0-10: w1 spiked twice (the 'ended' event and the chat are ignored), w2 once.
      // Window 10-20: w1 three times (flushed by completion at 19), w2 once.
      expectObservable(alerts).toBe('----------A--------(B|)', {
        A: { realm: 'w1', windowStart: 0, windowEnd: 10, spikes: 2, worstMs: 300 },
        B: { realm: 'w1', windowStart: 10, windowEnd: 20, spikes: 3, worstMs: 300 },
      });
      expectSubscriptions(source.subscriptions).toBe('^------------------!');
    });
  });

  it('stays quiet below the threshold and for other events', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('-l-e-c-----n-|', values);
      expectObservable(source.pipe(lagAlerts({ threshold: 2, windowMs: 10 }))).toBe(
        '-------------|',
      );
    });
  });
});
