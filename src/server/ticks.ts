/**
 * @module Gateway ticks: the hub's stream batched once for every WebSocket client with
 * `microBatch` (the first event after a quiet period at once, then one tick per window; the
 * window widens with the number of active clients, see `ClientRegistry.batchWindowMs`).
 * Each client then handles one array per tick instead of one call per event, which is what
 * keeps 1000 clients x 100 events/s within half a core.
 */
import { type Observable, type SchedulerLike, share } from 'rxjs';
import type { Hub, StampedEvent } from '../pipeline/hub.ts';
import { microBatch } from '../operators/microBatch.ts';
import type { ClientRegistry } from './clients.ts';

/** Largest tick, in events (a bigger burst is split over several ticks). */
const MAX_TICK_EVENTS = 1024;

/**
 * Builds the shared tick stream of a hub (subscribed to the hub while anyone listens).
 *
 * @param hub The hub.
 * @param registry Decides the window from the number of active clients.
 * @param scheduler Timers.
 * @returns Arrays of events in publication order.
 */
export function createTicks(
  hub: Hub,
  registry: ClientRegistry,
  scheduler: SchedulerLike,
): Observable<StampedEvent[]> {
  return hub.events$.pipe(
    microBatch<StampedEvent>({
      windowMs: () => registry.batchWindowMs(scheduler.now()),
      maxItems: MAX_TICK_EVENTS,
      scheduler,
    }),
    share(),
  );
}
