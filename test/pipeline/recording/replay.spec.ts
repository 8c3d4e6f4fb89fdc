import { map, take, VirtualTimeScheduler } from 'rxjs';
import { beforeEach, describe, expect, it } from 'vitest';
import type { TestScheduler } from 'rxjs/testing';
import type { RealmEvent } from '../../../src/pipeline/events.ts';
import { replay } from '../../../src/pipeline/recording/replay.ts';
import { createRecording } from '../../../src/pipeline/recording/recording.ts';
import { createTestScheduler } from '../../helpers/marbles.ts';
import { login, recordingOf, replayed, stamped } from '../../helpers/recordings.ts';

const charOf = (event: RealmEvent) => (event.data as { character: string }).character;
const a = login('Anna');
const b = login('Bert');
const c = stamped('chat.message', { channel: 'say', character: 'Bert', text: 'hi' });
const d = stamped('player.logout', { character: 'Anna' });
// a at 0, b and c at 3, d at 7, the recording ends (stop marker) at 9.
const rec = recordingOf([[0, a], [3, b], [3, c], [7, d]], { end: 9 });
const values = { a: replayed(a), b: replayed(b), c: replayed(c), d: replayed(d) };

describe('replay', () => {
  let testScheduler: TestScheduler;
  beforeEach(() => {
    testScheduler = createTestScheduler();
  });

  it('emits each event at its recorded offset and completes at the end of the recording', () => {
    testScheduler.run(({ expectObservable }) => {
      expectObservable(replay(rec)).toBe('a 2ms (bc) d 1ms |', values);
    });
  });

  it('is cold: each subscriber gets its own timeline from its subscription', () => {
    testScheduler.run(({ expectObservable, cold }) => {
      const late = cold('-----x').pipe(take(1));
      const source = replay(rec);
      expectObservable(source).toBe('a 2ms (bc) d 1ms |', values);
      late.subscribe(() => {
        expectObservable(source.pipe(map((e) => charOf(e)))).toBe(
          '5ms a 2ms (bc) d 1ms |',
          { a: 'Anna', b: 'Bert', c: 'Bert', d: 'Anna' },
        );
      });
    });
  });

  it('keeps time, id and seq and sets source to replay (keepSource keeps the original)', () => {
    testScheduler.run(({ expectObservable }) => {
      expectObservable(replay(rec, { keepSource: true })).toBe('a 2ms (bc) d 1ms |', {
        a,
        b,
        c,
        d,
      });
    });
    const first = values.a;
    expect(first).toMatchObject({ id: a.id, seq: a.seq, time: a.time, source: 'replay' });
  });

  it('plays faster with speed (times divided, fractions included)', () => {
    const seen: [number, string][] = [];
    testScheduler.run(() => {
      replay(rec, { speed: 2 }).subscribe({
        next: (event) => seen.push([testScheduler.now(), charOf(event)]),
        complete: () => seen.push([testScheduler.now(), '|']),
      });
    });
    expect(seen).toEqual([[0, 'Anna'], [1.5, 'Bert'], [1.5, 'Bert'], [3.5, 'Anna'], [4.5, '|']]);
  });

  it('plays slower with speed < 1', () => {
    testScheduler.run(({ expectObservable }) => {
      expectObservable(replay(rec, { speed: 0.5 })).toBe('a 5ms (bc) 4ms d 3ms |', values);
    });
  });

  it('replays a range: from is inclusive and becomes time 0, to is exclusive and ends it', () => {
    testScheduler.run(({ expectObservable }) => {
      expectObservable(replay(rec, { from: 3, to: 8 })).toBe('(bc) d |', values);
      expectObservable(replay(rec, { from: 4 })).toBe('3ms d 1ms |', values);
      expectObservable(replay(rec, { to: 3 })).toBe('a 2ms |', values);
    });
  });

  it('filters types, with wildcards', () => {
    testScheduler.run(({ expectObservable }) => {
      expectObservable(replay(rec, { types: ['player.*'] })).toBe('a 2ms b 3ms d 1ms |', values);
      expectObservable(replay(rec, { types: ['chat.message'] })).toBe('3ms c 5ms |', values);
    });
  });

  it('stops emitting when unsubscribed', () => {
    testScheduler.run(({ expectObservable }) => {
      expectObservable(replay(rec), '^---!').toBe('a 2ms (bc)', values);
    });
  });

  it('completes at the end of an empty recording', () => {
    testScheduler.run(({ expectObservable }) => {
      expectObservable(replay(recordingOf([], { end: 5 }))).toBe('5ms |');
      expectObservable(replay(recordingOf([]))).toBe('|');
    });
  });

  it('works in a user pipeline under take()', () => {
    testScheduler.run(({ expectObservable }) => {
      expectObservable(replay(rec).pipe(take(2))).toBe('a 2ms (b|)', values);
    });
  });

  it('rejects a speed that is not a positive number', () => {
    expect(() => replay(rec, { speed: 0 })).toThrow(RangeError);
    expect(() => replay(rec, { speed: -1 })).toThrow(RangeError);
    expect(() => replay(rec, { speed: Number.NaN })).toThrow(RangeError);
    expect(() => replay(rec, { types: ['bad pattern'] })).toThrow(RangeError);
  });

  it('replays 100 000 events in virtual time, all of them, in order, at their offsets', () => {
    const events = Array.from(
      { length: 100_000 },
      (_, i) => ({ t: i * 10 + (i % 3 === 0 ? 0 : 1), event: login(`P${i}`, i + 1) }),
    );
    const big = createRecording({}, events);
    const scheduler = new VirtualTimeScheduler();
    let count = 0;
    let ordered = true;
    let lastSeq = 0;
    let lastFrame = -1;
    let completedAt = -1;
    replay(big, { scheduler }).subscribe({
      next: (event: RealmEvent) => {
        ordered &&= event.seq === lastSeq + 1 &&
          scheduler.now() === events[event.seq - 1].t;
        lastSeq = event.seq;
        lastFrame = scheduler.now();
        count++;
      },
      complete: () => (completedAt = scheduler.now()),
    });
    scheduler.flush();
    expect(count).toBe(100_000);
    expect(ordered).toBe(true);
    expect(lastFrame).toBe(events.at(-1)?.t);
    expect(completedAt).toBe(lastFrame);
  });

  it('replays on the real clock too (asyncScheduler), in order', async () => {
    const quick = recordingOf([[0, a], [20, b], [40, d]], { end: 60 });
    const seen = await new Promise<string[]>((resolve, reject) => {
      const out: string[] = [];
      replay(quick, { speed: 4 }).subscribe({
        next: (event) => out.push(charOf(event)),
        error: reject,
        complete: () => resolve(out),
      });
    });
    expect(seen).toEqual(['Anna', 'Bert', 'Anna']);
  });
});
