/**
 * @module Type-level expectations for priorityBuffer and mergeByPriority (checked by tsc).
 */
import { BehaviorSubject, type Observable, of } from 'rxjs';
import { type Gap, mergeByPriority, priorityBuffer } from '../../src/operators/index.ts';

interface Item {
  seq: number;
}
const ready$ = new BehaviorSubject(true);
const items$ = of<Item>({ seq: 1 });

/** The output is the input or a gap marker. */
export const buffered: Observable<Item | Gap> = items$.pipe(
  priorityBuffer({ capacity: 1, overflow: 'drop-oldest', ready$ }),
);

/** Gap markers are part of the output type: consumers must handle them. */
// @ts-expect-error Observable<Item | Gap> is not an Observable<Item>
export const bare: Observable<Item> = items$.pipe(
  priorityBuffer({ capacity: 1, overflow: 'drop-oldest', ready$ }),
);

// @ts-expect-error not an overflow policy
priorityBuffer<Item>({ capacity: 1, overflow: 'drop-all', ready$ });

// @ts-expect-error the demand signal is boolean
priorityBuffer<Item>({ capacity: 1, overflow: 'error', ready$: of(1) });

// @ts-expect-error a priority callback must return a Priority
priorityBuffer<Item>({ capacity: 1, overflow: 'error', ready$, priority: () => 'urgent' });

/** mergeByPriority's sources are keyed by priority and share one value type. */
export const merged: Observable<number | Gap> = mergeByPriority(
  { critical: of(1), low: of(2) },
  { capacity: 10, overflow: 'drop-lowest', ready$ },
);

// @ts-expect-error not a priority
mergeByPriority({ urgent: of(1) }, { capacity: 10, overflow: 'drop-lowest', ready$ });
