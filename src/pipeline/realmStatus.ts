/**
 * @module The realm status board: what the gateway knows about each realm right now
 * (reachable, last poll, latency, players, uptime), written by the realm pipelines and
 * read by the HTTP API, `/metrics`, health checks and the dashboard.
 */
import { type Observable, Subject } from 'rxjs';
import type { Flavor } from './sources/soap/types.ts';

/** Why a realm is considered down. */
export interface RealmDown {
  /** Error kind (same vocabulary as the `server.down` event). */
  readonly reason: string;
  /** Human-readable message. */
  readonly message: string;
  /** Scheduler time when it went down. */
  readonly since: number;
  /** True when polling stopped for good (auth errors). */
  readonly stopped?: boolean;
}

/** The current status of one realm. */
export interface RealmStatus {
  /** Realm id. */
  readonly id: string;
  /** Display name. */
  readonly name?: string;
  /** Worldserver family. */
  readonly flavor: Flavor;
  /** True when the last poll succeeded, false when it failed, null before the first. */
  readonly reachable: boolean | null;
  /** Set while the realm is down. */
  readonly down?: RealmDown;
  /** Scheduler time of the last completed poll (success or failure). */
  readonly lastPollAt?: number;
  /** Round trip of the last successful command, ms. */
  readonly lastLatencyMs?: number;
  /** Characters online, from the last online list or server info. */
  readonly players?: number;
  /** Uptime in seconds at the last sample. */
  readonly uptimeSeconds?: number;
  /** Update time diff at the last sample, ms. */
  readonly updateDiffMs?: number;
  /** Polls completed. */
  readonly polls: number;
  /** Polls that failed. */
  readonly pollErrors: number;
  /** Failed polls by reason (`timeout`, `unreachable`, `auth`, `fault`, ...). */
  readonly pollErrorsByReason: Readonly<Record<string, number>>;
  /** Sum of every poll's round trip (answered or not), ms: with `polls`, a mean over time. */
  readonly pollLatencySumMs: number;
  /** Scheduler time of the last Metric push received, if any. */
  readonly lastMetricAt?: number;
  /** Scheduler time of the last log line read, if any. */
  readonly lastLogLineAt?: number;
}

/** A mutable patch for {@link RealmStatusBoard.update}. */
export type RealmStatusPatch = Partial<Omit<RealmStatus, 'id' | 'flavor'>>;

/** Holds every realm's status and announces changes. */
export interface RealmStatusBoard {
  /** Registers a realm (idempotent). */
  register(id: string, flavor: Flavor, name?: string): void;
  /** Applies a patch; `down: undefined` in the patch clears the down state. */
  update(id: string, patch: RealmStatusPatch): void;
  /**
   * Adds to the poll counters.
   *
   * @param id Realm id.
   * @param failed Whether the poll failed.
   * @param detail Why it failed, and its round trip (ms).
   */
  countPoll(id: string, failed: boolean, detail?: { reason?: string; latencyMs?: number }): void;
  /** One realm's status. */
  get(id: string): RealmStatus | undefined;
  /** Every realm, in registration order. */
  list(): RealmStatus[];
  /** Emits a realm's new status after every change. */
  readonly changes$: Observable<RealmStatus>;
}

/**
 * Creates an empty status board.
 *
 * @returns The board.
 */
export function createRealmStatusBoard(): RealmStatusBoard {
  const realms = new Map<string, RealmStatus>();
  const changes = new Subject<RealmStatus>();
  const set = (status: RealmStatus) => {
    realms.set(status.id, status);
    changes.next(status);
  };
  return {
    register(id, flavor, name) {
      if (!realms.has(id)) {
        set({
          id,
          name,
          flavor,
          reachable: null,
          polls: 0,
          pollErrors: 0,
          pollErrorsByReason: {},
          pollLatencySumMs: 0,
        });
      }
    },
    update(id, patch) {
      const current = realms.get(id);
      if (!current) throw new Error(`unknown realm '${id}'`);
      set({ ...current, ...patch });
    },
    countPoll(id, failed, detail = {}) {
      const current = realms.get(id);
      if (!current) throw new Error(`unknown realm '${id}'`);
      const reason = detail.reason ?? 'error';
      set({
        ...current,
        polls: current.polls + 1,
        pollErrors: current.pollErrors + (failed ? 1 : 0),
        pollErrorsByReason: failed
          ? {
            ...current.pollErrorsByReason,
            [reason]: (current.pollErrorsByReason[reason] ?? 0) + 1,
          }
          : current.pollErrorsByReason,
        pollLatencySumMs: current.pollLatencySumMs + (detail.latencyMs ?? 0),
      });
    },
    get: (id) => realms.get(id),
    list: () => [...realms.values()],
    changes$: changes.asObservable(),
  };
}
