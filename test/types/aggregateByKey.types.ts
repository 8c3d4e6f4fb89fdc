/**
 * @module Type-level expectations for aggregateByKey and the ready-made aggregations.
 */
import { type Observable, of } from 'rxjs';
import type { DraftEvent, DraftEventOf } from '../../src/pipeline/events.ts';
import {
  aggregateByKey,
  chatActivity,
  coalesceLatest,
  type KeyedSummary,
  statsWindow,
} from '../../src/operators/index.ts';

interface Sale {
  item: string;
  price: number;
}
const sales$ = of<Sale>({ item: 'Linen Cloth', price: 10 });

/** The summary carries the key type and the accumulator type. */
export const totals: Observable<KeyedSummary<string, number>> = sales$.pipe(
  aggregateByKey({
    key: (sale) => sale.item,
    windowMs: 1000,
    seed: () => 0,
    reduce: (sum, sale) => sum + sale.price,
    maxGroups: 100,
  }),
);

aggregateByKey<Sale, string, number>({
  key: (sale) => sale.item,
  windowMs: 1000,
  seed: () => 0,
  // @ts-expect-error reduce must return the accumulator type
  reduce: (sum, sale) => `${sum}${sale.item}`,
  maxGroups: 100,
});

/** coalesceLatest keeps the value type. */
export const latest: Observable<Sale> = sales$.pipe(
  coalesceLatest({ key: (sale) => sale.item, windowMs: 1000 }),
);

declare const events$: Observable<DraftEvent>;

/** statsWindow turns any events into stats.window drafts. */
export const windows: Observable<DraftEventOf<'stats.window'>> = events$.pipe(
  statsWindow({ windowMs: 10_000 }),
);

// @ts-expect-error statsWindow needs realm and type on its input
sales$.pipe(statsWindow({ windowMs: 10_000 }));

// @ts-expect-error chatActivity reads realm events
sales$.pipe(chatActivity({ windowMs: 10_000 }));
