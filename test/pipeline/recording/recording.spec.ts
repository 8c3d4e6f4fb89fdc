import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  eventLine,
  headerLine,
  makeHeader,
  markerLine,
} from '../../../src/pipeline/recording/format.ts';
import { RecordingIdError, RecordingNotFoundError } from '../../../src/pipeline/recording/ids.ts';
import {
  createRecording,
  indexAtOrAfter,
  loadRecording,
  loadRecordingById,
  parseRecordingText,
  RecordingTooLargeError,
} from '../../../src/pipeline/recording/recording.ts';
import { HOSTILE_IDS, login, tempDir } from '../../helpers/recordings.ts';

const text = headerLine(makeHeader({ id: 'r', name: 'R', startTime: 5 })) +
  markerLine(0, { kind: 'start', reason: 'manual' }) +
  eventLine(10, JSON.stringify(login('A', 1))) +
  eventLine(8, JSON.stringify(login('B', 2))) + // out of order: raised to 10
  eventLine(30, JSON.stringify({ ...login('C', 3), type: 'no.such.type' })) +
  eventLine(40, JSON.stringify(login('D', 4))) +
  markerLine(50, { kind: 'stop', reason: 'manual', events: 3, dropped: 0 });

describe('recordings in memory', () => {
  let tmp: { dir: string; cleanup(): void };
  beforeEach(() => {
    tmp = tempDir();
    writeFileSync(join(tmp.dir, 'r.jsonl'), text);
  });
  afterEach(() => tmp.cleanup());

  it('loads a file: validated events, markers, ordered times, duration, report', async () => {
    const rec = await loadRecording(join(tmp.dir, 'r.jsonl'));
    expect(rec.header.id).toBe('r');
    expect(rec.events.map((e) => [e.t, e.event.seq])).toEqual([[10, 1], [10, 2], [40, 4]]);
    expect(rec.markers.map((m) => m.t)).toEqual([0, 50]);
    expect(rec.durationMs).toBe(50);
    expect(rec.report).toMatchObject({ events: 3, skipped: 1 });
  });

  it('refuses to hold more than maxEvents', async () => {
    await expect(loadRecording(join(tmp.dir, 'r.jsonl'), { maxEvents: 2 })).rejects.toThrow(
      RecordingTooLargeError,
    );
  });

  it('loads by id inside the directory only', async () => {
    expect((await loadRecordingById(tmp.dir, 'r')).events).toHaveLength(3);
    for (const id of HOSTILE_IDS) {
      await expect(loadRecordingById(tmp.dir, id)).rejects.toThrow(RecordingIdError);
    }
    await expect(loadRecordingById(tmp.dir, 'missing')).rejects.toThrow(RecordingNotFoundError);
  });

  it('parses text and builds from entries (sorted by t, stable)', () => {
    const parsed = parseRecordingText(text);
    expect(parsed.events.map((e) => e.event.seq)).toEqual([2, 1, 3, 4]);
    expect(parsed.header.startTime).toBe(5);
    const built = createRecording({ name: 'x' }, [
      { t: 5, event: login('late', 9) },
      { t: 1, event: login('early', 8) },
      { t: 5, event: login('late2', 10) },
    ]);
    expect(built.events.map((e) => e.event.seq)).toEqual([8, 9, 10]);
    expect(built.header).toMatchObject({ id: 'memory', name: 'x', startTime: 0 });
    expect(built.durationMs).toBe(5);
  });

  it('indexAtOrAfter finds the first entry at or after a time', () => {
    const entries = [{ t: 0 }, { t: 10 }, { t: 10 }, { t: 20 }];
    expect([-1, 0, 5, 10, 11, 20, 21].map((t) => indexAtOrAfter(entries, t))).toEqual([
      0,
      0,
      1,
      1,
      3,
      3,
      4,
    ]);
  });
});
