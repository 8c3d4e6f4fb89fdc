/**
 * @module How a realm pipeline keeps the {@link RealmStatusBoard} current: poll counters,
 * latency and reachability from each reply, players and uptime from the snapshots.
 */
import type { RealmStatusBoard, RealmStatusPatch } from './realmStatus.ts';
import { type OnlineList, pollFailureReason, type ServerInfo } from './snapshots.ts';
import type { SoapReply } from './sources/soap/types.ts';

/**
 * Records one poll reply: counters, last poll time, latency, reachability.
 *
 * @param status The board.
 * @param realm Realm id.
 * @param reply The reply.
 */
export function recordReply(status: RealmStatusBoard, realm: string, reply: SoapReply): void {
  const reason = reply.kind === 'error' ? pollFailureReason(reply.error) : undefined;
  status.countPoll(realm, reply.kind === 'error', { reason, latencyMs: reply.latencyMs });
  // A fault is a command that failed on a server that answered: it is reachable.
  if (reason === undefined || reason === 'fault') {
    status.update(realm, {
      reachable: true,
      down: undefined,
      lastPollAt: reply.time,
      lastLatencyMs: reply.latencyMs,
    });
    return;
  }
  const previous = status.get(realm)?.down;
  const stopped = reason === 'auth' || reason === 'forbidden' ? { stopped: true } : {};
  status.update(realm, {
    reachable: false,
    lastPollAt: reply.time,
    down: {
      reason,
      message: (reply as Extract<SoapReply, { kind: 'error' }>).error.message,
      since: previous?.since ?? reply.time,
      ...stopped,
    },
  });
}

/**
 * Records a `server info` snapshot.
 *
 * @param status The board.
 * @param realm Realm id.
 * @param info The snapshot.
 * @param hasOnlineList Whether the online list is polled (it then owns the player count).
 */
export function recordServerInfo(
  status: RealmStatusBoard,
  realm: string,
  info: ServerInfo,
  hasOnlineList: boolean,
): void {
  const patch: { -readonly [K in keyof RealmStatusPatch]: RealmStatusPatch[K] } = {};
  if (info.uptimeSeconds !== undefined) patch.uptimeSeconds = info.uptimeSeconds;
  if (info.updateDiffMs !== undefined) patch.updateDiffMs = info.updateDiffMs;
  if (!hasOnlineList && info.onlinePlayers !== undefined) patch.players = info.onlinePlayers;
  status.update(realm, patch);
}

/**
 * Records an online list snapshot.
 *
 * @param status The board.
 * @param realm Realm id.
 * @param list The snapshot.
 */
export function recordOnlineList(status: RealmStatusBoard, realm: string, list: OnlineList): void {
  status.update(realm, { players: list.players.length });
}
