import { beforeEach, describe, it } from 'vitest';
import type { TestScheduler } from 'rxjs/testing';
import { diffPlayerInfo } from '../../src/operators/index.ts';
import { type DraftEvent, draftEvent } from '../../src/pipeline/events.ts';
import type { ParseOutput, PlayerInfo } from '../../src/pipeline/snapshots.ts';
import { createTestScheduler } from '../helpers/marbles.ts';
import { operatorCompliance } from '../helpers/operatorCompliance.ts';

type Input = ParseOutput<PlayerInfo>;
const snap = (time: number, character: string, level?: number): Input => ({
  kind: 'snapshot',
  time,
  command: `pinfo ${character}`,
  snapshot: level === undefined ? { character, online: true } : { character, online: true, level },
});
const levelEvent = (time: number, character: string, from: number, to: number) =>
  draftEvent('player.level', { realm: 'w1', time, source: 'soap', data: { character, from, to } });

describe('diffPlayerInfo', () => {
  let testScheduler: TestScheduler;
  beforeEach(() => (testScheduler = createTestScheduler()));

  it('sets a baseline per character, then reports level changes', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-b-c-d-e-f-|', {
        a: snap(1, 'Thrall', 10),
        b: snap(2, 'Jaina', 30),
        c: snap(3, 'Thrall', 10),
        d: snap(4, 'Thrall', 11),
        e: snap(5, 'Jaina'),
        f: snap(6, 'Jaina', 29),
      });
      expectObservable(source.pipe(diffPlayerInfo({ realm: 'w1' }))).toBe('-------L---M-|', {
        L: levelEvent(4, 'Thrall', 10, 11),
        M: levelEvent(6, 'Jaina', 30, 29),
      });
      expectSubscriptions(source.subscriptions).toBe('^------------!');
    });
  });

  it('forgets the least recently seen character beyond maxTracked', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('-a-b-c-d-e-|', {
        a: snap(1, 'A', 1),
        b: snap(2, 'B', 1),
        c: snap(3, 'A', 1),
        d: snap(4, 'C', 1), // evicts B (A was seen more recently)
        e: snap(5, 'B', 2), // a new baseline, no event
      });
      expectObservable(source.pipe(diffPlayerInfo({ realm: 'w1', maxTracked: 2 }))).toBe(
        '-----------|',
      );
      const kept = cold('-a-b-c-d-e-|', {
        a: snap(1, 'A', 1),
        b: snap(2, 'B', 1),
        c: snap(3, 'A', 1),
        d: snap(4, 'C', 1),
        e: snap(5, 'A', 2),
      });
      expectObservable(kept.pipe(diffPlayerInfo({ realm: 'w1', maxTracked: 2 }))).toBe(
        '---------L-|',
        { L: levelEvent(5, 'A', 1, 2) },
      );
    });
  });

  it('passes parse errors through and ignores failed polls', () => {
    const error = draftEvent('parse.error', {
      realm: 'w1',
      time: 1,
      source: 'soap',
      data: { parser: 'parsePlayerInfo', message: 'm', raw: 'r' },
    });
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold<Input>('-e-f-|', {
        e: { kind: 'parse.error', time: 1, event: error },
        f: {
          kind: 'poll.failed',
          time: 2,
          command: 'pinfo X',
          reason: 'fault',
          message: 'gone',
        },
      });
      expectObservable(source.pipe(diffPlayerInfo({ realm: 'w1' }))).toBe('-E---|', { E: error });
    });
  });
});

operatorCompliance<Input, DraftEvent>('diffPlayerInfo', {
  operator: () => diffPlayerInfo({ realm: 'w1' }),
  values: { a: snap(0, 'Thrall', 10), b: snap(0, 'Thrall', 11) },
  single: { source: '-a|', expected: '--|', subscription: '^-!' },
  multiple: {
    source: '-a-b|',
    expected: '---L|',
    expectedValues: { L: levelEvent(0, 'Thrall', 10, 11) },
    subscription: '^---!',
  },
});
