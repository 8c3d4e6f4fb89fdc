import fc from 'fast-check';
import { BehaviorSubject, Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { PRIORITIES, type Priority } from '../../src/pipeline/events.ts';
import { createOperatorStats, type Gap, isGap, priorityBuffer } from '../../src/operators/index.ts';

interface Item {
  seq: number;
  priority: Priority;
  bytes: number;
}

type Step =
  | { kind: 'arrive'; priority: Priority; bytes: number }
  | { kind: 'ready'; value: boolean }
  | { kind: 'blockAfter'; deliveries: number };

const stepArb = (maxBytes: number): fc.Arbitrary<Step> =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({
        kind: fc.constant('arrive' as const),
        priority: fc.constantFrom(...PRIORITIES),
        bytes: fc.integer({ min: 0, max: maxBytes }),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({ kind: fc.constant('ready' as const), value: fc.boolean() }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('blockAfter' as const),
        deliveries: fc.integer({ min: 1, max: 4 }),
      }),
    },
  );

const scenarioArb = fc.record({
  capacity: fc.integer({ min: 1, max: 8 }),
  capacityBytes: fc.option(fc.integer({ min: 4, max: 40 }), { nil: undefined }),
  overflow: fc.constantFrom('drop-lowest' as const, 'drop-oldest' as const, 'drop-newest' as const),
}).chain((config) =>
  fc.record({
    config: fc.constant(config),
    steps: fc.array(stepArb(config.capacityBytes ?? 10), { maxLength: 120 }),
  })
);

describe('priorityBuffer (properties)', () => {
  it('accounts for every value exactly once, in order, within its limits', () => {
    fc.assert(
      fc.property(scenarioArb, ({ config, steps }) => {
        const stats = createOperatorStats();
        const ready$ = new BehaviorSubject(false);
        const source = new Subject<Item>();
        const waiting = new Map<number, Item>(); // arrived, neither delivered nor dropped
        const delivered = new Set<number>();
        const dropped = new Set<number>();
        const lastSeqByPriority = new Map<Priority, number>();
        let unreported: number[] = [];
        let blockAfter = 0;
        let completed = false;
        const checkBounds = () => {
          expect(stats.queuedItems).toBeLessThanOrEqual(config.capacity);
          expect(stats.queuedBytes).toBeLessThanOrEqual(config.capacityBytes ?? Infinity);
        };
        const onValue = (value: Item | Gap) => {
          checkBounds();
          if (isGap(value)) {
            expect(value.dropped).toBe(unreported.length);
            expect(value.fromSeq).toBe(Math.min(...unreported));
            expect(value.toSeq).toBe(Math.max(...unreported));
            unreported = [];
          } else {
            expect(unreported).toEqual([]); // the gap comes before the next delivered value
            expect(delivered.has(value.seq) || dropped.has(value.seq)).toBe(false);
            const last = lastSeqByPriority.get(value.priority) ?? -1;
            expect(value.seq).toBeGreaterThan(last); // FIFO within a priority
            lastSeqByPriority.set(value.priority, value.seq);
            delivered.add(value.seq);
            waiting.delete(value.seq);
          }
          if (blockAfter > 0 && --blockAfter === 0) ready$.next(false);
        };
        source.pipe(priorityBuffer<Item>({
          ...config,
          ready$,
          stats,
          seq: (value) => {
            // Called exactly once per dropped value: check the critical rule at that moment.
            expect(delivered.has(value.seq) || dropped.has(value.seq)).toBe(false);
            waiting.delete(value.seq);
            if (value.priority === 'critical') {
              const lower = [...waiting.values()].some((other) => other.priority !== 'critical');
              expect(lower).toBe(false);
            }
            dropped.add(value.seq);
            unreported.push(value.seq);
            return value.seq;
          },
        })).subscribe({ next: onValue, complete: () => (completed = true) });

        let seq = 0;
        for (const step of steps) {
          if (step.kind === 'arrive') {
            const value = { seq: ++seq, priority: step.priority, bytes: step.bytes };
            waiting.set(value.seq, value);
            source.next(value);
          } else if (step.kind === 'ready') ready$.next(step.value);
          else blockAfter = step.deliveries;
          checkBounds();
        }
        blockAfter = 0;
        source.complete();
        ready$.next(true);

        expect(completed).toBe(true);
        expect(waiting.size).toBe(0);
        expect(unreported).toEqual([]);
        expect(delivered.size + dropped.size).toBe(seq);
        expect(stats).toMatchObject({
          received: seq,
          delivered: delivered.size,
          dropped: dropped.size,
          queuedItems: 0,
          queuedBytes: 0,
        });
      }),
      { numRuns: 300 },
    );
  });
});
