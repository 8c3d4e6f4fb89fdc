import { describe, expect, it } from 'vitest';
import { createRealmStatusBoard, type RealmStatus } from '../../src/pipeline/realmStatus.ts';

describe('realm status board', () => {
  it('registers, patches, counts and announces changes', () => {
    const board = createRealmStatusBoard();
    const changes: RealmStatus[] = [];
    board.changes$.subscribe((status) => changes.push(status));
    board.register('r1', 'trinitycore', 'Realm One');
    board.register('r1', 'trinitycore', 'ignored');
    board.update('r1', {
      reachable: false,
      down: { reason: 'timeout', message: 'no answer', since: 5 },
    });
    board.countPoll('r1', true, { reason: 'timeout', latencyMs: 2000 });
    board.countPoll('r1', true);
    board.countPoll('r1', false, { latencyMs: 15 });
    board.update('r1', { reachable: true, down: undefined, players: 3 });
    expect(board.get('r1')).toEqual({
      id: 'r1',
      name: 'Realm One',
      flavor: 'trinitycore',
      reachable: true,
      down: undefined,
      players: 3,
      polls: 3,
      pollErrors: 2,
      pollErrorsByReason: { timeout: 1, error: 1 },
      pollLatencySumMs: 2015,
    });
    expect(changes).toHaveLength(6);
    expect(board.list().map((status) => status.id)).toEqual(['r1']);
  });

  it('refuses updates for unknown realms', () => {
    const board = createRealmStatusBoard();
    expect(() => board.update('nope', {})).toThrow(/unknown realm 'nope'/);
  });
});
