import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type EventEntry,
  makeHeader,
  type RecordingEntry,
} from '../../../src/pipeline/recording/format.ts';
import {
  filterRecording,
  listRecordings,
  mergeRecordings,
  recordingStats,
  resolveRecordings,
  sliceRecording,
} from '../../../src/pipeline/recording/library.ts';
import { RecordingIdError } from '../../../src/pipeline/recording/ids.ts';
import { loadRecording } from '../../../src/pipeline/recording/recording.ts';
import { writeRecording } from '../../../src/pipeline/recording/writeFile.ts';
import { login, stamped, tempDir } from '../../helpers/recordings.ts';

const chat = (text: string) => stamped('chat.message', { channel: 'say', character: 'C', text });

function entries(timed: [number, ReturnType<typeof login>][], end: number): RecordingEntry[] {
  return [
    { t: 0, marker: { kind: 'start', reason: 'manual' } },
    ...timed.map(([t, event]): EventEntry => ({ t, event })),
    { t: end, marker: { kind: 'stop', reason: 'manual', events: timed.length, dropped: 0 } },
  ];
}

describe('recording library', () => {
  let tmp: { dir: string; cleanup(): void };
  let dir: string;
  beforeEach(async () => {
    tmp = tempDir();
    dir = join(tmp.dir, 'recordings');
    await writeRecording(
      makeHeader({ id: 'a', name: 'A', startTime: 10_000, tags: ['x'] }),
      entries(
        [[0, login('Anna')], [100, chat('hello')], [200, login('Bert')], [300, chat('bye')]],
        400,
      ),
      { dir },
    );
    await writeRecording(
      makeHeader({ id: 'b', name: 'B', startTime: 10_050 }),
      [
        ...entries([[0, login('Xena')], [100, login('Yuri')]], 200),
        { t: 120, marker: { kind: 'note', label: 'in b' } } as RecordingEntry,
      ].sort((x, y) => x.t - y.t),
      { dir, gzip: true },
    );
  });
  afterEach(() => tmp.cleanup());

  it('lists recordings newest id first with header and summary; skips strangers', async () => {
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    writeFileSync(join(dir, '.hidden.jsonl'), 'x');
    writeFileSync(join(dir, 'broken.jsonl'), 'not a recording\n');
    writeFileSync(join(tmp.dir, 'outside.jsonl'), 'x');
    symlinkSync(join(tmp.dir, 'outside.jsonl'), join(dir, 'escape.jsonl'));
    const list = await listRecordings(dir);
    expect(list.map((item) => item.id)).toEqual(['broken', 'b', 'a']);
    expect(list[2]).toMatchObject({
      id: 'a',
      gzip: false,
      complete: true,
      header: { name: 'A', tags: ['x'] },
      summary: { events: 4, durationMs: 400 },
    });
    expect(list[1]).toMatchObject({ id: 'b', gzip: true, complete: true });
    expect(list[0]).toMatchObject({ id: 'broken', complete: false, error: /line 1/ });
    expect(await listRecordings(join(tmp.dir, 'none'))).toEqual([]);
    expect(await listRecordings(dir, 1)).toHaveLength(1);
  });

  it('computes stats by reading, and says when there is no stop marker', async () => {
    const stats = await recordingStats(join(dir, 'a.jsonl'));
    expect(stats.stopped).toBe(true);
    expect(stats.summary).toMatchObject({
      events: 4,
      markers: 2,
      durationMs: 400,
      types: { 'player.login': 2, 'chat.message': 2 },
      stopReason: 'manual',
    });
    await writeRecording(makeHeader({ id: 'c', name: 'C', startTime: 0 }), [
      { t: 5, event: login('Z') },
    ], { dir });
    const crashed = await recordingStats(join(dir, 'c.jsonl'));
    expect(crashed.stopped).toBe(false);
  });

  it('slices [from, to) with times rebased and startTime moved', async () => {
    const summary = await sliceRecording(join(dir, 'a.jsonl'), { from: 100, to: 300 }, {
      dir,
      id: 'a-mid',
    });
    expect(summary).toMatchObject({ id: 'a-mid', events: 2, startTime: 10_100 });
    const rec = await loadRecording(join(dir, 'a-mid.jsonl'));
    expect(rec.header.derivedFrom).toEqual({ op: 'slice', ids: ['a'], from: 100, to: 300 });
    expect(rec.events.map((e) => [e.t, e.event.type])).toEqual([
      [0, 'chat.message'],
      [100, 'player.login'],
    ]);
    expect(rec.markers.map((m) => [m.t, m.marker.kind])).toEqual([[0, 'start'], [200, 'stop']]);
    expect(rec.durationMs).toBe(200); // the slice lasts until `to`
    expect(rec.markers[1].marker).toMatchObject({ events: 2 });
  });

  it('filters by type, keeping markers', async () => {
    await filterRecording(join(dir, 'a.jsonl'), ['chat.*'], { dir, id: 'a-chat' });
    const rec = await loadRecording(join(dir, 'a-chat.jsonl'));
    expect(rec.events.map((e) => e.event.data)).toEqual([
      { channel: 'say', character: 'C', text: 'hello' },
      { channel: 'say', character: 'C', text: 'bye' },
    ]);
    expect(rec.header.derivedFrom).toEqual({ op: 'filter', ids: ['a'], types: ['chat.*'] });
  });

  it('merges by absolute time into a recording starting at the earliest start', async () => {
    const summary = await mergeRecordings([join(dir, 'a.jsonl'), join(dir, 'b.jsonl.gz')], {
      dir,
      id: 'ab',
      gzip: true,
    });
    expect(summary).toMatchObject({ id: 'ab', events: 6, startTime: 10_000, gzip: true });
    const rec = await loadRecording(join(dir, 'ab.jsonl.gz'));
    expect(
      rec.events.map((
        e,
      ) => [e.t, (e.event.data as { character?: string; text?: string }).character ?? '']),
    ).toEqual([
      [0, 'Anna'],
      [50, 'Xena'],
      [100, 'C'],
      [150, 'Yuri'],
      [200, 'Bert'],
      [300, 'C'],
    ]);
    expect(rec.markers.map((m) => [m.t, m.marker.kind])).toEqual([
      [0, 'start'],
      [170, 'note'],
      [400, 'stop'], // the latest end of the sources (a's stop marker)
    ]);
    expect(rec.header).toMatchObject({
      name: 'A + B',
      derivedFrom: { op: 'merge', ids: ['a', 'b'] },
    });
  });

  it('refuses bad ranges, too few or too many sources, and existing targets', async () => {
    const a = join(dir, 'a.jsonl');
    await expect(sliceRecording(a, { from: 300, to: 100 }, { dir })).rejects.toThrow(RangeError);
    await expect(mergeRecordings([a], { dir })).rejects.toThrow(RangeError);
    await expect(mergeRecordings(Array(17).fill(a), { dir })).rejects.toThrow(RangeError);
    await expect(sliceRecording(a, { from: 0 }, { dir, id: 'a' })).rejects.toMatchObject({
      code: 'EEXIST',
    });
    await expect(sliceRecording(a, { from: 0 }, { dir, id: '../x' })).rejects.toThrow(
      RecordingIdError,
    );
  });

  it('resolves ids to paths inside the directory, refusing hostile ones', async () => {
    mkdirSync(join(tmp.dir, 'other'), { recursive: true });
    expect((await resolveRecordings(dir, ['a', 'b'])).map((p) => p.gzip)).toEqual([false, true]);
    await expect(resolveRecordings(dir, ['a', '../a'])).rejects.toThrow(RecordingIdError);
  });
});
