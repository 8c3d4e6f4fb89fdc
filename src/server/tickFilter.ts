/**
 * @module Filters a gateway tick once per distinct subscription instead of once per client.
 * Every WebSocket session receives the same tick array (`ticks.ts`); sessions whose
 * subscriptions have equal keys (`compileSubscription`) select the same events from it, so
 * the first one to ask computes the selection and the others reuse it. At 1000 clients with
 * the same subscription this turns 1000 predicate loops per tick into one.
 */
import type { RealmEvent } from '../pipeline/events.ts';
import type { StampedEvent } from '../pipeline/hub.ts';

/** Selections per tick array; dropped with the tick (a tick array is never reused). */
const selections = new WeakMap<readonly StampedEvent[], Map<string, readonly StampedEvent[]>>();

/**
 * The events of `tick` that `predicate` accepts, computed once per (tick, key). When all
 * match, the tick array itself is returned (no copy). The result must not be mutated: other
 * sessions share it.
 *
 * @param tick One gateway tick (in `seq` order).
 * @param key The subscription's key (`CompiledSubscription.key`).
 * @param predicate The subscription's predicate.
 * @returns The selected events.
 */
export function selectFromTick(
  tick: readonly StampedEvent[],
  key: string,
  predicate: (event: RealmEvent) => boolean,
): readonly StampedEvent[] {
  let byKey = selections.get(tick);
  if (!byKey) {
    byKey = new Map();
    selections.set(tick, byKey);
  }
  let selected = byKey.get(key);
  if (selected === undefined) {
    selected = select(tick, predicate);
    byKey.set(key, selected);
  }
  return selected;
}

function select(
  tick: readonly StampedEvent[],
  predicate: (event: RealmEvent) => boolean,
): readonly StampedEvent[] {
  let matching: StampedEvent[] | undefined;
  for (let i = 0; i < tick.length; i++) {
    const keep = predicate(tick[i].event);
    if (matching) {
      if (keep) matching.push(tick[i]);
    } else if (!keep) matching = tick.slice(0, i);
  }
  return matching ?? tick;
}
