import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { type DraftEvent, draftEvent, validateDraftEvent } from '../../src/pipeline/events.ts';
import { type CountableEvent, OTHER_TYPES, statsWindow } from '../../src/operators/index.ts';
import { createTestScheduler } from '../helpers/marbles.ts';
import { operatorCompliance } from '../helpers/operatorCompliance.ts';

const login = draftEvent('player.login', {
  realm: 'w1',
  time: 0,
  source: 'soap',
  data: { character: 'Thrall' },
});
const chat = draftEvent('chat.message', {
  realm: 'w1',
  time: 0,
  source: 'log',
  data: { channel: 'say', character: 'Thrall', text: 'hi' },
});
const values: Record<string, DraftEvent> = {
  a: login,
  b: chat,
  c: { ...login, realm: 'w2' },
  s: draftEvent('stats.window', {
    realm: 'w1',
    time: 0,
    source: 'gateway',
    data: { windowMs: 5, total: 9, counts: {} },
  }),
};
const window = (realm: string, time: number, total: number, counts: Record<string, number>) =>
  draftEvent('stats.window', {
    realm,
    time,
    source: 'gateway',
    data: { windowMs: 5, total, counts },
  });

operatorCompliance<DraftEvent, DraftEvent>('statsWindow', {
  operator: () => statsWindow({ windowMs: 5, idleWindows: 0 }),
  values,
  single: {
    source: '-a|',
    expected: '--(S|)',
    expectedValues: { S: window('w1', 5, 1, { 'player.login': 1 }) },
    subscription: '^-!',
  },
  multiple: {
    source: '-a-b-a-------|',
    expected: '-----S----T--|',
    expectedValues: {
      S: window('w1', 5, 2, { 'player.login': 1, 'chat.message': 1 }),
      T: window('w1', 10, 1, { 'player.login': 1 }),
    },
    subscription: '^------------!',
  },
});

describe('statsWindow', () => {
  let testScheduler: TestScheduler;
  beforeEach(() => (testScheduler = createTestScheduler()));

  it('emits valid stats.window drafts per realm, then zeros for idle windows', () => {
    const emitted: DraftEvent[] = [];
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-b-a-c------------------|', values);
      const expected = '   -----S----(TU)-(ZX)-(YV)--|';
      const result = source.pipe(statsWindow({ windowMs: 5, idleWindows: 2 }));
      result.subscribe((draft) => emitted.push(draft));
      expectObservable(result).toBe(expected, {
        S: window('w1', 5, 2, { 'player.login': 1, 'chat.message': 1 }),
        T: window('w1', 10, 1, { 'player.login': 1 }),
        U: window('w2', 10, 1, { 'player.login': 1 }),
        Z: window('w1', 15, 0, {}),
        X: window('w2', 15, 0, {}),
        Y: window('w1', 20, 0, {}),
        V: window('w2', 20, 0, {}),
      });
      expectSubscriptions(source.subscriptions).toBe([
        '^-------------------------!',
        '^-------------------------!',
      ]);
    });
    for (const draft of emitted) expect(validateDraftEvent(draft)).toMatchObject({ ok: true });
  });

  it('does not count its own stats.window events', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('-s-a-s-|', values);
      expectObservable(source.pipe(statsWindow({ windowMs: 5 }))).toBe('-----S-|', {
        S: window('w1', 5, 1, { 'player.login': 1 }),
      });
    });
  });

  it('counts types beyond maxTypes as other', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const events: Record<string, CountableEvent> = {
        a: { realm: 'w1', type: 'player.login' },
        b: { realm: 'w1', type: 'chat.message' },
        c: { realm: 'w1', type: 'gm.command' },
      };
      const source = cold('-abca|', events);
      expectObservable(source.pipe(statsWindow({ windowMs: 10, maxTypes: 1 }))).toBe(
        '-----(S|)',
        {
          S: draftEvent('stats.window', {
            realm: 'w1',
            time: 10,
            source: 'gateway',
            data: { windowMs: 10, total: 4, counts: { 'player.login': 2, [OTHER_TYPES]: 2 } },
          }),
        },
      );
    });
  });

  it('rejects a bad maxTypes', () => {
    expect(() => statsWindow({ windowMs: 5, maxTypes: 0 })).toThrow(
      'statsWindow: maxTypes must be an integer >= 1, got 0',
    );
  });
});
