import { beforeEach, describe, expect, it } from 'vitest';
import type { TestScheduler } from 'rxjs/testing';
import {
  createPlayer,
  type Player,
  type PlayerState,
} from '../../../src/pipeline/recording/player.ts';
import { createTestScheduler } from '../../helpers/marbles.ts';
import { login, recordingOf, stamped } from '../../helpers/recordings.ts';

const a = login('Anna');
const b = login('Bert');
const c = login('Cora');
const d = stamped('server.restart', { previousUptimeSeconds: 100, uptimeSeconds: 1 });
// a 0, b 1000, c 2000, a long idle gap, d 10000, end 11000.
const rec = recordingOf([[0, a], [1000, b], [2000, c], [10_000, d]], {
  end: 11_000,
  markers: [
    { t: 2000, marker: { kind: 'note', label: 'boss pull' } },
    { t: 10_000, marker: { kind: 'restart', scope: 'realm', realm: 'world-1' } },
  ],
});
const name = (event: { type: string; data: unknown }) =>
  event.type === 'server.restart' ? 'restart' : (event.data as { character: string }).character;

describe('player (virtual time)', () => {
  let testScheduler: TestScheduler;
  beforeEach(() => {
    testScheduler = createTestScheduler();
  });

  /** Runs a scenario: controls at frames; returns [frame, event] pairs and the player. */
  function run(
    setup: (player: Player, at: (frame: number, control: () => void) => void) => void,
    options: Parameters<typeof createPlayer>[1] = {},
    recording = rec,
  ): { seen: [number, string][]; player: Player } {
    const seen: [number, string][] = [];
    let player!: Player;
    testScheduler.run(() => {
      player = createPlayer(recording, { scheduler: testScheduler, ...options });
      player.events$.subscribe((event) => seen.push([testScheduler.now(), name(event)]));
      setup(player, (frame, control) => testScheduler.schedule(control, frame));
    });
    return { seen, player };
  }

  it('is paused at 0 until play(), then plays every event at its offset and ends', () => {
    const { seen, player } = run((p, at) => at(0, () => p.play()));
    expect(seen).toEqual([[0, 'Anna'], [1000, 'Bert'], [2000, 'Cora'], [10_000, 'restart']]);
    expect(player.state()).toMatchObject({
      position: 11_000,
      duration: 11_000,
      playing: false,
      ended: true,
      emitted: 4,
    });
  });

  it('emits nothing before play()', () => {
    const { seen, player } = run(() => {});
    expect(seen).toEqual([]);
    expect(player.state()).toMatchObject({ position: 0, playing: false, ended: false });
  });

  it('pause keeps the playhead; resume continues from it', () => {
    const states: PlayerState[] = [];
    const { seen } = run((p, at) => {
      at(0, () => p.play());
      at(1500, () => p.pause());
      at(2500, () => states.push(p.state()));
      at(3000, () => p.resume());
    });
    expect(states[0]).toMatchObject({ position: 1500, playing: false });
    expect(seen).toEqual([[0, 'Anna'], [1000, 'Bert'], [3500, 'Cora'], [11_500, 'restart']]);
  });

  it('seeks to a time without re-emitting what lies before it', () => {
    const { seen } = run((p, at) => {
      at(0, () => p.play());
      at(500, () => p.seek(9000));
    });
    expect(seen).toEqual([[0, 'Anna'], [1500, 'restart']]);
  });

  it('seeks to a marker; events at the marker time are played', () => {
    const { seen, player } = run((p, at) => {
      at(0, () => p.seek({ marker: 0 }));
      at(100, () => p.play());
    });
    expect(player.markers.map((m) => m.marker.kind)).toEqual(['note', 'restart', 'stop']);
    expect(seen).toEqual([[100, 'Cora'], [8100, 'restart']]);
  });

  it('seeks backwards while playing and plays the same events again', () => {
    const { seen } = run((p, at) => {
      at(0, () => p.play());
      at(1200, () => p.seek(1000));
      at(1300, () => p.pause());
    });
    expect(seen).toEqual([[0, 'Anna'], [1000, 'Bert'], [1200, 'Bert']]);
  });

  it('changes speed mid-play from the current playhead', () => {
    const { seen, player } = run((p, at) => {
      at(0, () => p.play());
      at(1000, () => p.setSpeed(2));
    });
    expect(seen).toEqual([[0, 'Anna'], [1000, 'Bert'], [1500, 'Cora'], [5500, 'restart']]);
    expect(player.state()).toMatchObject({ speed: 2, ended: true, position: 11_000 });
  });

  it('plays at a quarter speed and at 16x', () => {
    const slow = run((p, at) => at(0, () => p.play()), { speed: 0.25 }).seen;
    expect(slow.map(([frame]) => frame)).toEqual([0, 4000, 8000, 40_000]);
    testScheduler = createTestScheduler();
    const fast = run((p, at) => at(0, () => p.play()), { speed: 16 }).seen;
    expect(fast.map(([frame]) => frame)).toEqual([0, 62.5, 125, 625]);
  });

  it('skips idle gaps longer than the threshold', () => {
    const { seen, player } = run((p, at) => at(0, () => p.play()), { skipIdleMs: 1000 });
    expect(seen).toEqual([[0, 'Anna'], [1000, 'Bert'], [2000, 'Cora'], [3000, 'restart']]);
    expect(player.state()).toMatchObject({ skippedMs: 7000, ended: true, position: 11_000 });
  });

  it('loops from the start at the end of the recording', () => {
    const short = recordingOf([[0, a], [1000, b]], { end: 2000 });
    const { seen, player } = run(
      (p, at) => {
        at(0, () => p.play());
        at(4500, () => p.close());
      },
      { loop: true },
      short,
    );
    expect(seen).toEqual([
      [0, 'Anna'],
      [1000, 'Bert'],
      [2000, 'Anna'],
      [3000, 'Bert'],
      [4000, 'Anna'],
    ]);
    expect(player.state().loops).toBe(2);
  });

  it('play() after the end starts again from 0', () => {
    const { seen } = run((p, at) => {
      at(0, () => p.play());
      at(20_000, () => p.play());
    });
    expect(seen.map(([frame]) => frame)).toEqual([
      0,
      1000,
      2000,
      10_000,
      20_000,
      21_000,
      22_000,
      30_000,
    ]);
  });

  it('plays only the chosen types', () => {
    const { seen } = run((p, at) => at(0, () => p.play()), { types: ['server.*'] });
    expect(seen).toEqual([[10_000, 'restart']]);
  });

  it('publishes state$ on play, events, pause and seek', () => {
    const states: PlayerState[] = [];
    run((p, at) => {
      p.state$.subscribe((state) => states.push(state));
      at(0, () => p.play());
      at(500, () => p.pause());
      at(600, () => p.seek(2000));
    }, { speed: 1 });
    expect(states.map((s) => [s.position, s.playing])).toEqual([
      [0, false], // initial
      [0, true], // play
      [0, true], // after emitting a
      [500, false], // pause
      [2000, false], // seek
    ]);
  });

  it('clamps seeks into the recording and rejects bad controls', () => {
    const { player } = run((p) => {
      p.seek(99_999);
    });
    expect(player.state().position).toBe(11_000);
    player.seek(-5);
    expect(player.state().position).toBe(0);
    expect(() => player.setSpeed(0.1)).toThrow(RangeError);
    expect(() => player.setSpeed(17)).toThrow(RangeError);
    expect(() => player.seek(Number.NaN)).toThrow(RangeError);
    expect(() => player.seek({ marker: 7 })).toThrow(/no marker 7/);
    expect(() => createPlayer(rec, { speed: 32 })).toThrow(RangeError);
  });

  it('close() completes both streams and refuses further controls', () => {
    const player = createPlayer(rec, { scheduler: testScheduler });
    let eventsDone = false;
    let stateDone = false;
    player.events$.subscribe({ complete: () => (eventsDone = true) });
    player.state$.subscribe({ complete: () => (stateDone = true) });
    player.close();
    expect([eventsDone, stateDone]).toEqual([true, true]);
    expect(() => player.play()).toThrow(/closed/);
  });
});
