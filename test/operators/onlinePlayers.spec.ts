import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, it } from 'vitest';
import { type DraftEvent, draftEvent } from '../../src/pipeline/events.ts';
import { onlinePlayers, type OnlinePlayersPoint } from '../../src/operators/index.ts';
import { createTestScheduler } from '../helpers/marbles.ts';
import { operatorCompliance } from '../helpers/operatorCompliance.ts';

const info = (onlinePlayers: number | undefined, realm = 'w1') =>
  draftEvent('server.info', {
    realm,
    time: 0,
    source: 'soap',
    data: onlinePlayers === undefined ? {} : { onlinePlayers },
  });
const values: Record<string, DraftEvent> = {
  a: info(10),
  b: info(14),
  c: info(12),
  n: info(undefined),
  r: draftEvent('realm.roster', {
    realm: 'w2',
    time: 0,
    source: 'soap',
    data: { reason: 'start', count: 3, players: [] },
  }),
};
const point = (
  windowStart: number,
  online: number,
  min: number,
  max: number,
  samples: number,
  realm = 'w1',
): OnlinePlayersPoint => ({
  realm,
  windowStart,
  windowEnd: windowStart + 5,
  online,
  min,
  max,
  samples,
});

operatorCompliance<DraftEvent, OnlinePlayersPoint>('onlinePlayers', {
  operator: () => onlinePlayers({ windowMs: 5 }),
  values,
  single: {
    source: '-a|',
    expected: '--(P|)',
    expectedValues: { P: point(0, 10, 10, 10, 1) },
    subscription: '^-!',
  },
  multiple: {
    source: '-a-b-c---|',
    expected: '-----P---(Q|)',
    expectedValues: { P: point(0, 14, 10, 14, 2), Q: point(5, 12, 12, 12, 1) },
    subscription: '^--------!',
  },
});

describe('onlinePlayers', () => {
  let testScheduler: TestScheduler;
  beforeEach(() => (testScheduler = createTestScheduler()));

  it('takes server.info and realm.roster counts per realm, skipping windows without samples', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('-bnar---------c--|', values);
      expectObservable(source.pipe(onlinePlayers({ windowMs: 5 }))).toBe('-----(PR)------Q-|', {
        P: point(0, 10, 10, 14, 2),
        R: point(0, 3, 3, 3, 1, 'w2'),
        Q: point(10, 12, 12, 12, 1), // nothing for the empty window 5-10
      });
    });
  });
});
