import { beforeEach, describe, expect, it } from 'vitest';
import type { TestScheduler } from 'rxjs/testing';
import { createHub } from '../../../src/pipeline/hub.ts';
import { createPlayer } from '../../../src/pipeline/recording/player.ts';
import { playerSource, replaySource, toReplayDraft } from '../../../src/pipeline/sources/replay.ts';
import { createTestScheduler } from '../../helpers/marbles.ts';
import { login, recordingOf } from '../../helpers/recordings.ts';

const a = login('Anna', 41);
const b = login('Bert', 42);
const rec = recordingOf([[0, a], [3, b]], { end: 5 });

describe('replay source', () => {
  let testScheduler: TestScheduler;
  beforeEach(() => {
    testScheduler = createTestScheduler();
  });

  it('drops id and seq, keeps time and data, sets source replay', () => {
    const draft = toReplayDraft(a);
    expect(draft).not.toHaveProperty('id');
    expect(draft).not.toHaveProperty('seq');
    expect(draft).toMatchObject({ time: a.time, data: a.data, realm: a.realm, source: 'replay' });
  });

  it('emits drafts at recorded offsets, and loops when asked', () => {
    const da = toReplayDraft(a);
    const db = toReplayDraft(b);
    testScheduler.run(({ expectObservable }) => {
      expectObservable(replaySource(rec)).toBe('a 2ms b 1ms |', { a: da, b: db });
      expectObservable(replaySource(rec, { loop: true }), '^ 11ms !').toBe(
        'a 2ms b 1ms a 2ms b 1ms a',
        { a: da, b: db },
      );
      expectObservable(replaySource(recordingOf([]), { loop: true })).toBe('|');
    });
  });

  it('feeds a hub, which stamps its own epoch and seq', () => {
    const hub = createHub({ epoch: 'live' });
    testScheduler.run(() => {
      hub.connect(replaySource(rec, { scheduler: testScheduler }));
    });
    expect(hub.recent().map((item) => [item.event.id, item.event.source, item.event.time])).toEqual(
      [
        ['live:1', 'replay', a.time],
        ['live:2', 'replay', b.time],
      ],
    );
  });

  it('turns a player into a hub source', () => {
    const hub = createHub({ epoch: 'live' });
    testScheduler.run(() => {
      const player = createPlayer(rec, { scheduler: testScheduler });
      hub.connect(playerSource(player));
      player.play();
      testScheduler.schedule(() => player.close(), 10);
    });
    expect(hub.recent()).toHaveLength(2);
    expect(hub.stats().activeSources).toBe(0);
  });
});
