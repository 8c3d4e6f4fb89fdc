import { describe, expect, it } from 'vitest';
import { createRealmStatusBoard } from '../../src/pipeline/realmStatus.ts';
import {
  recordOnlineList,
  recordReply,
  recordServerInfo,
} from '../../src/pipeline/realmStatusUpdates.ts';
import { errorReply, okReply } from '../fixtures/soap/fixtures.ts';

describe('realm status updates', () => {
  it('tracks polls, latency and reachability, keeping the first failure time', () => {
    const board = createRealmStatusBoard();
    board.register('w1', 'trinitycore');
    recordReply(board, 'w1', okReply('server info', 'x', 100));
    expect(board.get('w1')).toMatchObject({
      reachable: true,
      lastPollAt: 100,
      lastLatencyMs: 3,
      polls: 1,
      pollErrors: 0,
    });
    recordReply(board, 'w1', errorReply('server info', 'timeout', 'slow', 200));
    recordReply(board, 'w1', errorReply('server info', 'unreachable', 'refused', 300));
    expect(board.get('w1')).toMatchObject({
      reachable: false,
      lastPollAt: 300,
      polls: 3,
      pollErrors: 2,
      down: { reason: 'unreachable', message: 'refused', since: 200 },
    });
    recordReply(board, 'w1', errorReply('pinfo X', 'fault', 'no such character', 400));
    expect(board.get('w1')).toMatchObject({ reachable: true, polls: 4, pollErrors: 3 });
    expect(board.get('w1')!.down).toBeUndefined();
    recordReply(board, 'w1', errorReply('server info', 'auth', '401', 500));
    expect(board.get('w1')!.down).toEqual({
      reason: 'auth',
      message: '401',
      since: 500,
      stopped: true,
    });
  });

  it('takes players from the online list when it is polled, else from server info', () => {
    const board = createRealmStatusBoard();
    board.register('w1', 'azerothcore');
    recordServerInfo(board, 'w1', { onlinePlayers: 7, uptimeSeconds: 60, updateDiffMs: 12 }, true);
    expect(board.get('w1')).toMatchObject({ uptimeSeconds: 60, updateDiffMs: 12 });
    expect(board.get('w1')!.players).toBeUndefined();
    recordOnlineList(board, 'w1', { players: [], complete: true });
    expect(board.get('w1')!.players).toBe(0);
    recordServerInfo(board, 'w1', { onlinePlayers: 7 }, false);
    expect(board.get('w1')).toMatchObject({ players: 7, uptimeSeconds: 60 });
  });
});
