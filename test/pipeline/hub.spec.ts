import { Subject } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { type DraftEvent, draftEvent } from '../../src/pipeline/events.ts';
import { createHub, type StampedEvent } from '../../src/pipeline/hub.ts';

const login = (character: string, time = 1000): DraftEvent =>
  draftEvent('player.login', { realm: 'r1', time, source: 'soap', data: { character } });

describe('hub', () => {
  it('stamps epoch, seq and id and serialises once', () => {
    const hub = createHub({ epoch: 'ep1' });
    const seen: StampedEvent[] = [];
    hub.events$.subscribe((item) => seen.push(item));
    const first = hub.publish(login('A'));
    hub.publish(login('B'));
    expect(first.event).toMatchObject({
      id: 'ep1:1',
      seq: 1,
      type: 'player.login',
      data: { character: 'A' },
    });
    expect(JSON.parse(first.json)).toEqual(first.event);
    expect(first.bytes).toBe(first.json.length);
    expect(seen.map((item) => item.event.seq)).toEqual([1, 2]);
    expect(hub.seq).toBe(2);
  });

  it('gives each run a different random epoch', () => {
    expect(createHub().epoch).not.toBe(createHub().epoch);
    expect(createHub().epoch).toMatch(/^[a-z0-9]{6}$/);
  });

  it('merges connected sources and survives a source error', () => {
    const onSourceError = vi.fn();
    const hub = createHub({ onSourceError });
    const a = new Subject<DraftEvent>();
    const b = new Subject<DraftEvent>();
    hub.connect(a);
    hub.connect(b);
    expect(hub.stats().activeSources).toBe(2);
    a.next(login('A'));
    b.next(login('B'));
    a.error(new Error('boom'));
    b.next(login('C'));
    expect(hub.recent().map((item) => item.event.data)).toEqual([
      { character: 'A' },
      { character: 'B' },
      { character: 'C' },
    ]);
    expect(onSourceError).toHaveBeenCalledOnce();
    expect(hub.stats()).toMatchObject({ activeSources: 1, sourceErrors: 1, published: 3 });
  });

  it('since() replays the backlog then continues live without gap or duplicate', () => {
    const hub = createHub({ epoch: 'e' });
    for (const name of ['A', 'B', 'C']) hub.publish(login(name));
    const resumption = hub.since({ epoch: 'e', seq: 1 });
    expect(resumption.recovered).toBe(true);
    const seqs: number[] = [];
    resumption.events$.subscribe((item) => seqs.push(item.event.seq));
    hub.publish(login('D'));
    expect(seqs).toEqual([2, 3, 4]);
  });

  it('since() says recovered: false when the history no longer reaches back', () => {
    const hub = createHub({ epoch: 'e', historyMaxEvents: 2 });
    for (const name of ['A', 'B', 'C', 'D']) hub.publish(login(name));
    const resumption = hub.since({ epoch: 'e', seq: 1 });
    expect(resumption.recovered).toBe(false);
    const seqs: number[] = [];
    resumption.events$.subscribe((item) => seqs.push(item.event.seq));
    expect(seqs).toEqual([3, 4]);
  });

  it('since() with another epoch is not recovered and starts live', () => {
    const hub = createHub({ epoch: 'new' });
    hub.publish(login('A'));
    const resumption = hub.since({ epoch: 'old', seq: 0 });
    expect(resumption.recovered).toBe(false);
    const seqs: number[] = [];
    resumption.events$.subscribe((item) => seqs.push(item.event.seq));
    hub.publish(login('B'));
    expect(seqs).toEqual([2]);
  });

  it('since() at the head is recovered with an empty backlog', () => {
    const hub = createHub({ epoch: 'e' });
    hub.publish(login('A'));
    expect(hub.since({ epoch: 'e', seq: 1 }).recovered).toBe(true);
    expect(createHub({ epoch: 'e' }).since({ epoch: 'e', seq: 0 }).recovered).toBe(true);
  });

  it('since() refuses positions from the future of the same epoch', () => {
    const hub = createHub({ epoch: 'e' });
    hub.publish(login('A'));
    expect(hub.since({ epoch: 'e', seq: 99 }).recovered).toBe(false);
  });

  it('recent() filters by seq and limits from the newest end', () => {
    const hub = createHub();
    for (const name of ['A', 'B', 'C', 'D']) hub.publish(login(name));
    expect(hub.recent({ afterSeq: 2 }).map((item) => item.event.seq)).toEqual([3, 4]);
    expect(hub.recent({ limit: 1 }).map((item) => item.event.seq)).toEqual([4]);
  });

  it('bounds the history by bytes', () => {
    const hub = createHub({ historyMaxBytes: 600 });
    for (let i = 0; i < 20; i++) hub.publish(login(`Character${i}`));
    expect(hub.stats().historyBytes).toBeLessThanOrEqual(600);
    expect(hub.stats().historyEvicted).toBeGreaterThan(0);
  });

  it('close() completes the live stream and disconnects sources', () => {
    const hub = createHub();
    const source = new Subject<DraftEvent>();
    hub.connect(source);
    let completed = false;
    hub.events$.subscribe({ complete: () => (completed = true) });
    hub.close();
    expect(completed).toBe(true);
    expect(source.observed).toBe(false);
  });
});
