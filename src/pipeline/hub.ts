/**
 * @module The hub: the one place that stamps events (`epoch`, `seq`, `id`), serialises each
 * event once, keeps a bounded history for resume and late joiners, and shares one hot
 * stream with every consumer (clients, recorders, aggregates, user pipelines).
 */
import { concat, defer, filter, from, Observable, Subject, type Subscription } from 'rxjs';
import type { DraftEvent, RealmEvent } from './events.ts';
import { BoundedHistory } from './history.ts';
import { utf8Length } from './utf8.ts';

/** An event as the hub publishes it: the object, its JSON (made once) and its size. */
export interface StampedEvent {
  /** The stamped event. */
  readonly event: RealmEvent;
  /** `JSON.stringify(event)`, shared by every consumer. */
  readonly json: string;
  /** UTF-8 length of `json`. */
  readonly bytes: number;
}

/** A position in the hub's sequence: resume after `seq` of run `epoch`. */
export interface StreamPosition {
  /** The run id the position belongs to. */
  epoch: string;
  /** The last sequence number the client has seen. */
  seq: number;
}

/** Options for {@link createHub}. */
export interface HubConfig {
  /** Run id; defaults to a random 6-character id. */
  epoch?: string;
  /** Most events kept for resume (default 10 000). */
  historyMaxEvents?: number;
  /** Most bytes of serialised events kept for resume (default 16 MiB). */
  historyMaxBytes?: number;
  /** Called when a connected source errors; the hub keeps running. */
  onSourceError?: (error: unknown) => void;
}

/** Default history limits. */
export const HUB_DEFAULTS = { historyMaxEvents: 10_000, historyMaxBytes: 16 * 1024 * 1024 };

/** What {@link Hub.since} gives: whether the history covered the gap, and the stream. */
export interface Resumption {
  /**
   * True when every event after the position is in the backlog (same epoch, nothing
   * evicted); false when the client must reload its state.
   */
  recovered: boolean;
  /** Backlog then live events, without gaps or duplicates between the two. */
  events$: Observable<StampedEvent>;
}

/** Counters of a hub. */
export interface HubStats {
  /** Events stamped since start. */
  published: number;
  /** Events held in the history. */
  historyEvents: number;
  /** Bytes held in the history. */
  historyBytes: number;
  /** Events evicted from the history. */
  historyEvicted: number;
  /** Connected sources that are still running. */
  activeSources: number;
  /** Source errors seen. */
  sourceErrors: number;
}

/** The hub's interface. */
export interface Hub {
  /** This run's id. */
  readonly epoch: string;
  /** The last sequence number assigned (0 before the first event). */
  readonly seq: number;
  /** The hot stream of every event, stamped and serialised. */
  readonly events$: Observable<StampedEvent>;
  /** Stamps, records and broadcasts one draft event synchronously. */
  publish(draft: DraftEvent): StampedEvent;
  /** Subscribes a source; its events are published until it completes or errors. */
  connect(source: Observable<DraftEvent>): Subscription;
  /** Backlog after `position` (when given) then live events. */
  since(position?: StreamPosition): Resumption;
  /** The history after `seq` (all of it when omitted), oldest first, at most `limit`. */
  recent(options?: { afterSeq?: number; limit?: number }): StampedEvent[];
  /** Counters. */
  stats(): HubStats;
  /** Completes the live stream and disconnects every source. */
  close(): void;
}

/**
 * Makes a fresh random run id, 6 lowercase base-36 characters.
 *
 * @returns The id.
 */
export function randomEpoch(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return Array.from(bytes, (b) => (b % 36).toString(36)).join('');
}

/**
 * Creates a hub.
 *
 * ## Example
 * ```ts
 * const hub = createHub();
 * hub.connect(realmPipeline(config, deps));
 * hub.events$.subscribe(({ event }) => console.log(event.type));
 * ```
 *
 * @param config Epoch and history limits.
 * @returns The hub.
 */
export function createHub(config: HubConfig = {}): Hub {
  const epoch = config.epoch ?? randomEpoch();
  const history = new BoundedHistory<StampedEvent>({
    maxItems: config.historyMaxEvents ?? HUB_DEFAULTS.historyMaxEvents,
    maxBytes: config.historyMaxBytes ?? HUB_DEFAULTS.historyMaxBytes,
  });
  const live = new Subject<StampedEvent>();
  const sources = new Set<Subscription>();
  let seq = 0;
  let sourceErrors = 0;

  function publish(draft: DraftEvent): StampedEvent {
    seq++;
    const event = { id: `${epoch}:${seq}`, seq, ...draft } as RealmEvent;
    const json = JSON.stringify(event);
    const stamped: StampedEvent = { event, json, bytes: utf8Length(json) };
    history.push(stamped);
    live.next(stamped);
    return stamped;
  }

  function connect(source: Observable<DraftEvent>): Subscription {
    const subscription = source.subscribe({
      next: (draft) => publish(draft),
      error: (error: unknown) => {
        sourceErrors++;
        sources.delete(subscription);
        config.onSourceError?.(error);
      },
      complete: () => sources.delete(subscription),
    });
    if (!subscription.closed) sources.add(subscription);
    return subscription;
  }

  function indexAfter(afterSeq: number): number {
    return history.findFirst((item) => item.event.seq > afterSeq);
  }

  function since(position?: StreamPosition): Resumption {
    if (!position) return { recovered: false, events$: live.asObservable() };
    const sameEpoch = position.epoch === epoch;
    const oldest = history.first()?.event.seq ?? seq + 1;
    // Everything after position.seq is held if the next wanted seq is not older than the
    // oldest kept one (or nothing was published since).
    const recovered = sameEpoch && position.seq <= seq && position.seq + 1 >= oldest;
    const startAfter = sameEpoch && position.seq <= seq ? position.seq : seq;
    const events$ = defer(() => {
      const backlog = history.slice(indexAfter(startAfter));
      const lastSent = backlog.length > 0 ? backlog[backlog.length - 1].event.seq : startAfter;
      return concat(from(backlog), live.pipe(filter((item) => item.event.seq > lastSent)));
    });
    return { recovered, events$ };
  }

  function recent(options: { afterSeq?: number; limit?: number } = {}): StampedEvent[] {
    const start = options.afterSeq === undefined ? 0 : indexAfter(options.afterSeq);
    const items = history.slice(start);
    return options.limit !== undefined && items.length > options.limit
      ? items.slice(items.length - options.limit)
      : items;
  }

  return {
    epoch,
    get seq() {
      return seq;
    },
    events$: live.asObservable(),
    publish,
    connect,
    since,
    recent,
    stats: () => ({
      published: seq,
      historyEvents: history.size,
      historyBytes: history.bytes,
      historyEvicted: history.evicted,
      activeSources: sources.size,
      sourceErrors,
    }),
    close() {
      for (const subscription of sources) subscription.unsubscribe();
      sources.clear();
      live.complete();
    },
  };
}
