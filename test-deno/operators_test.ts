/**
 * Deno runtime tests for the operator library: the marble scheduler, the priority queue
 * with a demand signal, and both examples' pipelines run the same on Deno as on Node.
 */
import assert from 'node:assert/strict';
import { BehaviorSubject, Subject } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { chatRelay } from '../examples/chatRelay.ts';
import { lagAlerts } from '../examples/lagAlert.ts';
import { createOperatorStats, type Gap, gap, priorityBuffer } from '../src/operators/index.ts';
import { draftEvent } from '../src/pipeline/events.ts';

const scheduler = () => new TestScheduler((actual, expected) => assert.deepEqual(actual, expected));

Deno.test('priorityBuffer drains by priority and stops when the consumer is busy', () => {
  const ready$ = new BehaviorSubject(false);
  const source = new Subject<{ id: string; priority: 'low' | 'critical'; seq: number }>();
  const stats = createOperatorStats();
  const seen: string[] = [];
  source.pipe(priorityBuffer({ capacity: 2, overflow: 'drop-lowest', ready$, stats }))
    .subscribe((item) => {
      seen.push('id' in item ? item.id : `gap:${(item as Gap).dropped}`);
      if (seen.length === 2) ready$.next(false);
    });
  source.next({ id: 'a', priority: 'low', seq: 1 });
  source.next({ id: 'b', priority: 'low', seq: 2 });
  source.next({ id: 'k', priority: 'critical', seq: 3 });
  ready$.next(true);
  assert.deepEqual(seen, ['gap:1', 'k']);
  ready$.next(true);
  assert.deepEqual(seen, ['gap:1', 'k', 'b']);
  assert.equal(stats.dropped, 1);
});

Deno.test('examples: lag alerts and the chat relay in virtual time', () => {
  const lag = (updateDiffMs: number) =>
    draftEvent('server.lag', {
      realm: 'w1',
      time: 0,
      source: 'soap',
      data: { state: 'started', updateDiffMs, thresholdMs: 100 },
    });
  const say = (text: string) =>
    draftEvent('chat.message', {
      realm: 'w1',
      time: 0,
      source: 'log',
      data: { channel: 'say', character: 'Spammer', text },
    });
  scheduler().run(({ cold, expectObservable }) => {
    const alerts = cold('-a-b-|', { a: lag(200), b: lag(300) }).pipe(
      lagAlerts({ threshold: 2, windowMs: 10 }),
    );
    expectObservable(alerts).toBe('-----(A|)', {
      A: { realm: 'w1', windowStart: 0, windowEnd: 10, spikes: 2, worstMs: 300 },
    });
    const relay = cold('(abc)|', { a: say('1'), b: say('2'), c: say('3') }).pipe(
      chatRelay({ perSecond: 100, burst: 2 }),
    );
    expectObservable(relay).toBe('(ab)-(g|)', {
      a: '[w1] [say] Spammer: 1',
      b: '[w1] [say] Spammer: 2',
      g: '[relay] 1 message skipped (rate)',
    });
  });
  assert.deepEqual(gap('rate', 1), { kind: 'gap', reason: 'rate', dropped: 1 });
});
