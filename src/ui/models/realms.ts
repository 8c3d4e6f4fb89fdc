/**
 * @module Realm cards: the status of every realm from `GET /api/realms` (polled while the
 * cards are watched) and, between polls, from the events (`server.down`/`up`, `server.info`,
 * `realm.roster`).
 */
import { computed, createModel, effect, type ReadonlySignal, signal } from '@preact/signals';
import type { ApiClient } from '../../client/api.ts';
import type { RealmEvent } from '../../pipeline/events.ts';
import type { RealmStatus } from '../../pipeline/realmStatus.ts';

/** Poll interval of `GET /api/realms`, ms. */
export const REALM_POLL_MS = 3000;

/** A realm as a card shows it. */
export interface RealmView {
  readonly id: string;
  readonly name?: string;
  readonly flavor?: string;
  /** true up, false down, null unknown (before the first poll). */
  readonly up: boolean | null;
  readonly downReason?: string;
  readonly downMessage?: string;
  readonly players?: number;
  readonly uptimeSeconds?: number;
  /** When `uptimeSeconds` was sampled (ms epoch), to count on from there. */
  readonly uptimeAt?: number;
  readonly updateDiffMs?: number;
  readonly latencyMs?: number;
  readonly lastPollAt?: number;
  readonly polls?: number;
  readonly pollErrors?: number;
}

function fromStatus(status: RealmStatus, now: number): RealmView {
  return {
    id: status.id,
    name: status.name,
    flavor: status.flavor,
    up: status.reachable,
    downReason: status.down?.reason,
    downMessage: status.down?.message,
    players: status.players,
    uptimeSeconds: status.uptimeSeconds,
    uptimeAt: status.uptimeSeconds === undefined ? undefined : (status.lastPollAt ?? now),
    updateDiffMs: status.updateDiffMs,
    latencyMs: status.lastLatencyMs,
    lastPollAt: status.lastPollAt,
    polls: status.polls,
    pollErrors: status.pollErrors,
  };
}

/** The realms model. */
export const RealmsModel = createModel((api: ReadonlySignal<ApiClient | null>) => {
  const byId = signal<ReadonlyMap<string, RealmView>>(new Map(), { name: 'realms.byId' });
  const error = signal<string | null>(null, { name: 'realms.error' });
  const polledAt = signal<number | undefined>(undefined, { name: 'realms.polledAt' });
  let stopPolling: (() => void) | undefined;

  async function refresh(): Promise<void> {
    const client = api.peek();
    if (!client) return;
    try {
      const list = await client.realms();
      const now = Date.now();
      const next = new Map<string, RealmView>();
      for (const status of list) next.set(status.id, fromStatus(status, now));
      byId.value = next;
      error.value = null;
      polledAt.value = now;
    } catch (cause) {
      error.value = cause instanceof Error ? cause.message : String(cause);
    }
  }

  // Polls only while someone looks at the realms (a card, a chart): the bridge pattern of
  // G12, with a timer instead of an Observable.
  const list = computed(() => [...byId.value.values()], {
    name: 'realms.list',
    watched() {
      const dispose = effect(() => {
        if (!api.value) return;
        void refresh();
        const timer = setInterval(() => void refresh(), REALM_POLL_MS);
        return () => clearInterval(timer);
      });
      stopPolling = dispose;
    },
    unwatched() {
      stopPolling?.();
      stopPolling = undefined;
    },
  });

  function patch(id: string, change: Partial<RealmView>): void {
    const next = new Map(byId.value);
    next.set(id, { ...(next.get(id) ?? { id, up: null }), ...change });
    byId.value = next;
  }

  return {
    byId,
    list,
    error,
    polledAt,
    /** Fetches the status now. */
    refresh,
    /** Applies what events say about realms (call inside `batch()`). */
    applyEvents(events: readonly RealmEvent[]) {
      for (const event of events) {
        if (event.source === 'replay') continue;
        switch (event.type) {
          case 'server.down':
            patch(event.realm, {
              up: false,
              downReason: event.data.reason,
              downMessage: event.data.message,
            });
            break;
          case 'server.up':
            patch(event.realm, { up: true, downReason: undefined, downMessage: undefined });
            break;
          case 'server.info':
            patch(event.realm, {
              players: event.data.onlinePlayers ?? byId.value.get(event.realm)?.players,
              uptimeSeconds: event.data.uptimeSeconds,
              uptimeAt: event.time,
              updateDiffMs: event.data.updateDiffMs,
            });
            break;
          case 'realm.roster':
            patch(event.realm, { players: event.data.count });
            break;
        }
      }
    },
  };
});

/** A realms model instance. */
export type RealmsModel = InstanceType<typeof RealmsModel>;
