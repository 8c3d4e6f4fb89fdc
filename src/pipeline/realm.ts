/**
 * @module The per-realm pipeline: SOAP polling -> parsers -> derivations, as one
 * Observable of draft events for the hub. It is meant to be read and copied: a custom
 * pipeline is the same composition with other operators added or removed.
 *
 * ```text
 * soapPoll ─► replies ─┬─► reachability ─────────────────────────────► server.up/down
 *                      ├─► parseServerInfo ─► diffServerInfo ──┬─────► server.info/restart/lag/shutdown
 *                      │                                       └─ restart marks ─┐
 *                      ├─► parseOnlineList ─────────────────────────► diffOnline ─► player.login/logout/zone, realm.roster
 *                      └─► parsePlayerInfo ─► diffPlayerInfo ─────────────────────► player.level
 * ```
 */
import {
  asyncScheduler,
  connect,
  defer,
  filter,
  map,
  merge,
  type Observable,
  type SchedulerLike,
  share,
  tap,
} from 'rxjs';
import type { Logger } from '../logger.ts';
import {
  diffOnline,
  diffPlayerInfo,
  diffServerInfo,
  parseOnlineList,
  parsePlayerInfo,
  parseServerInfo,
  reachability,
} from '../operators/index.ts';
import type { RealmConfig } from './config.ts';
import type { DraftEvent } from './events.ts';
import { compileFormats } from './formats/formatSet.ts';
import { createPinfoRoundRobin } from './pinfoRoundRobin.ts';
import type { RealmStatusBoard } from './realmStatus.ts';
import { recordOnlineList, recordReply, recordServerInfo } from './realmStatusUpdates.ts';
import { pollFailedValue, type RestartMark } from './snapshots.ts';
import type { SoapReply, SoapTransport } from './sources/soap/types.ts';
import { type PollCommand, soapPoll } from './sources/soapPoll.ts';

/** What {@link realmPipeline} needs besides the realm's config. */
export interface RealmPipelineDeps {
  /** Runs console commands on the realm (`createSoapTransport(connection)`, or a fake). */
  transport: SoapTransport;
  /** Clock and timers (default `asyncScheduler`; tests pass a `TestScheduler`). */
  scheduler?: SchedulerLike;
  /** Where the realm's live status is kept (read by the HTTP API). */
  status: RealmStatusBoard;
  /** Where transitions are logged. */
  logger: Logger;
  /** Random source in [0, 1) for the backoff jitter (default `Math.random`; tests fix it). */
  random?: () => number;
}

/** The console commands the pipeline polls. */
export const POLLED_COMMANDS = {
  serverInfo: 'server info',
  onlineList: 'account onlinelist',
  pinfo: 'pinfo ',
} as const;

const isCommand = (command: string) => (reply: SoapReply) => reply.command === command;

/**
 * Builds one realm's event stream: polls `server info`, `account onlinelist` and (when
 * `poll.pinfo.enabled`) `pinfo` round-robin over the online characters, parses the
 * replies with the realm's formats and derives events from successive snapshots.
 *
 * Nothing happens until it is subscribed; unsubscribing stops polling and aborts the
 * request in flight. It never errors on bad input or an unreachable realm: those become
 * `parse.error` and `server.down` events.
 *
 * ## Example
 * ```ts
 * const transport = createSoapTransport({ ...realm.soap, flavor: realm.flavor });
 * hub.connect(realmPipeline(realm, { transport, status, logger }));
 * ```
 *
 * @param config The realm's validated configuration.
 * @param deps Transport, scheduler, status board, logger.
 * @returns Draft events, one realm.
 * @throws FormatError when `config.formats` has a bad override (at call time, not later).
 */
export function realmPipeline(
  config: RealmConfig,
  deps: RealmPipelineDeps,
): Observable<DraftEvent> {
  const { id: realm, poll } = config;
  const { status, logger, scheduler = asyncScheduler } = deps;
  // Compiled once, here: a bad localisation override fails now, with every problem listed.
  const parser = { realm, formats: compileFormats(config.flavor, config.formats), scheduler };
  const pinfo = createPinfoRoundRobin(poll.pinfo.perPoll);
  status.register(realm, config.flavor, config.name);

  const commands: PollCommand[] = [];
  if (poll.serverInfo.enabled) {
    commands.push({ command: POLLED_COMMANDS.serverInfo, intervalMs: poll.serverInfo.intervalMs });
  }
  if (poll.onlineList.enabled) {
    commands.push({ command: POLLED_COMMANDS.onlineList, intervalMs: poll.onlineList.intervalMs });
  }
  if (poll.pinfo.enabled) commands.push({ command: pinfo.next, intervalMs: poll.pinfo.intervalMs });

  const replies$ = defer(() =>
    soapPoll({
      realm,
      transport: deps.transport,
      commands,
      intervalMs: poll.intervalMs,
      backoff: { maxMs: poll.backoffMaxMs, random: deps.random },
      scheduler,
    })
  ).pipe(tap((reply) => recordReply(status, realm, reply)));

  // `connect` subscribes every branch before polling starts, so all see every reply, in order.
  return replies$.pipe(
    connect((replies) => {
      const serverEvents$ = replies.pipe(
        filter(isCommand(POLLED_COMMANDS.serverInfo)),
        parseServerInfo(parser),
        tap((out) => {
          if (out.kind === 'snapshot') {
            recordServerInfo(status, realm, out.snapshot, poll.onlineList.enabled);
          }
        }),
        diffServerInfo({ realm, lag: config.lag }),
        share(),
      );
      // A restart logs everybody out: tell diffOnline, in order with the online lists.
      const restarts$ = serverEvents$.pipe(
        filter((event) => event.type === 'server.restart'),
        map((event): RestartMark => ({ kind: 'restart', time: event.time })),
      );
      // A failed server info ends the round before the online list is asked: a gap in what
      // diffOnline saw, so its next diff is approximate. (pinfo comes after the list.)
      const gaps$ = replies.pipe(
        filter((reply) => reply.kind === 'error' && reply.command === POLLED_COMMANDS.serverInfo),
        map((reply) => pollFailedValue(reply as Extract<SoapReply, { kind: 'error' }>)),
      );
      const onlineLists$ = replies.pipe(
        filter(isCommand(POLLED_COMMANDS.onlineList)),
        parseOnlineList(parser),
        tap((out) => {
          if (out.kind !== 'snapshot') return;
          recordOnlineList(status, realm, out.snapshot);
          pinfo.update(out.snapshot.players.map((player) => player.character));
        }),
      );
      const levels$ = replies.pipe(
        filter((reply) => reply.command.startsWith(POLLED_COMMANDS.pinfo)),
        parsePlayerInfo(parser),
        diffPlayerInfo({ realm }),
      );
      return merge(
        replies.pipe(reachability({ realm })),
        serverEvents$,
        merge(onlineLists$, gaps$, restarts$).pipe(diffOnline({ realm })),
        levels$,
      );
    }),
    tap((event) => {
      if (event.type === 'server.down') logger.warn('realm down', { realm, ...event.data });
      if (event.type === 'server.up') logger.info('realm up', { realm, ...event.data });
    }),
  );
}
