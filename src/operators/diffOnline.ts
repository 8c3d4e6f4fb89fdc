/**
 * @module `diffOnline`: successive online lists -> `player.login`, `player.logout`,
 * `player.zone` and `realm.roster` events.
 */
import type { OperatorFunction } from 'rxjs';
import {
  type DraftEvent,
  draftEvent,
  type EventData,
  type EventSource,
} from '../pipeline/events.ts';
import type { OnlineList, OnlinePlayer, ParseOutput, RestartMark } from '../pipeline/snapshots.ts';
import { forward, operate } from './internal/operate.ts';

/** Options for {@link diffOnline}. */
export interface DiffOnlineConfig {
  /** Realm id put on the events. */
  realm: string;
  /** Source put on the events (default `soap`). */
  source?: EventSource;
}

/** What {@link diffOnline} reads: parsed online lists, failed polls and restart marks. */
export type OnlineInput = ParseOutput<OnlineList> | RestartMark;

interface Seen {
  player: OnlinePlayer;
  /** When the login was observed; unknown for the first roster and across outages. */
  since?: number;
}

type Outage = { from: number; to: number };

/** The optional place fields of a player (absent for an incomplete row). */
function place(player: OnlinePlayer): { account?: string; map?: number; zone?: number } {
  return player.incomplete ? {} : { account: player.account, map: player.map, zone: player.zone };
}

function marks(outage: Outage | undefined): { approximate?: true; outage?: Outage } {
  return outage ? { approximate: true, outage } : {};
}

function logout(
  seen: Seen,
  time: number,
  reason: 'logout' | 'restart',
  outage: Outage | undefined,
): EventData<'player.logout'> {
  const data: EventData<'player.logout'> = { character: seen.player.character, reason };
  if (!seen.player.incomplete) data.account = seen.player.account;
  // Only a login and a logout both seen exactly make a session length.
  if (seen.since !== undefined && !outage) data.sessionSeconds = (time - seen.since) / 1000;
  return { ...data, ...marks(outage) };
}

/**
 * The events between two lists: logouts, then logins, then zone changes. Updates `current`
 * in place (login times carried over; on an incomplete list, missing players kept).
 */
function changes(
  previous: Map<string, Seen>,
  current: Map<string, Seen>,
  complete: boolean,
  time: number,
  window: Outage | undefined,
  realm: string,
  source: EventSource,
): DraftEvent[] {
  const logouts: DraftEvent[] = [];
  const logins: DraftEvent[] = [];
  const zones: DraftEvent[] = [];
  for (const [name, seen] of previous) {
    if (current.has(name)) continue;
    if (complete) {
      const data = logout(seen, time, 'logout', window);
      logouts.push(draftEvent('player.logout', { realm, time, source, data }));
    } else {
      // Lines were not understood: a missing character may just be an unparsed row.
      current.set(name, seen);
    }
  }
  for (const [name, next] of current) {
    const before = previous.get(name);
    const { player } = next;
    if (!before) {
      next.since = window ? undefined : time;
      const data: EventData<'player.login'> = {
        character: name,
        ...place(player),
        ...marks(window),
      };
      if (!player.incomplete) data.ip = player.ip;
      logins.push(draftEvent('player.login', { realm, time, source, data }));
      continue;
    }
    next.since = before.since;
    const from = before.player;
    if (player.incomplete || from.incomplete) continue;
    if (from.map === player.map && from.zone === player.zone) continue;
    const data: EventData<'player.zone'> = {
      character: name,
      account: player.account,
      fromMap: from.map,
      fromZone: from.zone,
      map: player.map,
      zone: player.zone,
    };
    if (window) data.approximate = true;
    zones.push(draftEvent('player.zone', { realm, time, source, data }));
  }
  return [...logouts, ...logins, ...zones];
}

function roster(online: Map<string, Seen>, reason: 'start' | 'recovery') {
  const players = [...online.values()].map(({ player }) => ({
    character: player.character,
    ...place(player),
  }));
  return { reason, count: players.length, players };
}

/**
 * Derives player events from successive `account onlinelist` snapshots.
 *
 * It's like `pairwise()` plus a set difference, but the first snapshot becomes one
 * `realm.roster` (reason `start`) instead of a burst of fake logins; after failed polls
 * (an outage) the next snapshot is diffed against the last one before the outage, real
 * changes are marked `approximate: true` with the `outage: {from, to}` window, players
 * online throughout produce nothing, and a fresh `realm.roster` (reason `recovery`)
 * follows; after a {@link RestartMark} everyone seen before gets a `player.logout` with
 * `reason: 'restart'`. An incomplete snapshot (unparsed lines) never logs anyone out.
 * `parse.error` values pass through as events. Event times come from the input values.
 *
 * ```text
 * input:  --a---b---x--x--c---|     a: [Thrall]; b: [Thrall, Jaina]; x: poll.failed; c: [Jaina]
 * output: --R---L-----------(OS)|   R: roster start; L: login Jaina;
 *                                   O: logout Thrall (approximate); S: roster recovery
 * ```
 *
 * ## Example
 * ```ts
 * replies$.pipe(
 *   filter((reply) => reply.command === 'account onlinelist'),
 *   parseOnlineList({ realm: 'world-1', formats }),
 *   diffOnline({ realm: 'world-1' }),
 * ).subscribe((event) => console.log(event.type, event.data));
 * ```
 *
 * @see parseOnlineList
 * @param config Realm id and event source.
 * @returns An operator from online-list parse outputs (and restart marks) to draft events.
 */
export function diffOnline(config: DiffOnlineConfig): OperatorFunction<OnlineInput, DraftEvent> {
  const { realm, source = 'soap' } = config;
  return operate((input, subscriber) => {
    let online: Map<string, Seen> | undefined;
    let lastTime = 0;
    let outage = false;
    const emit = (event: DraftEvent) => subscriber.next(event);
    const emitAll = (events: DraftEvent[]) => events.forEach(emit);
    forward(input, subscriber, {
      next(value) {
        if (value.kind === 'parse.error') return emit(value.event);
        if (value.kind === 'poll.failed') {
          if (online) outage = true;
          return;
        }
        const time = value.time;
        const window = outage ? { from: lastTime, to: time } : undefined;
        if (value.kind === 'restart') {
          for (const seen of online?.values() ?? []) {
            const data = logout(seen, time, 'restart', window);
            emit(draftEvent('player.logout', { realm, time, source, data }));
          }
          if (online) online = new Map();
          return;
        }
        const current = new Map<string, Seen>();
        for (const player of value.snapshot.players) current.set(player.character, { player });
        if (!online) {
          online = current;
          lastTime = time;
          emit(draftEvent('realm.roster', { realm, time, source, data: roster(online, 'start') }));
          return;
        }
        emitAll(changes(online, current, value.snapshot.complete, time, window, realm, source));
        online = current;
        lastTime = time;
        if (outage) {
          outage = false;
          emit(
            draftEvent('realm.roster', { realm, time, source, data: roster(online, 'recovery') }),
          );
        }
      },
      finalize() {
        online = undefined;
      },
    });
  });
}
