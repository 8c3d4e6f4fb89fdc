import { appendFileSync, truncateSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  eventLine,
  headerLine,
  makeHeader,
  markerLine,
  type RecordingEntry,
  RecordingFormatError,
} from '../../../src/pipeline/recording/format.ts';
import { gzipMember } from '../../../src/pipeline/recording/gzipMembers.ts';
import { readLines } from '../../../src/pipeline/recording/lineReader.ts';
import { openRecording, readHeader } from '../../../src/pipeline/recording/reader.ts';
import { login, tempDir } from '../../helpers/recordings.ts';

const header = headerLine(makeHeader({ id: 'r1', name: 'R1', startTime: 1000 }));
const lines = [
  markerLine(0, { kind: 'start', reason: 'manual' }),
  eventLine(10, JSON.stringify(login('Anna', 1))),
  eventLine(20, JSON.stringify(login('Bert', 2))),
  eventLine(30, JSON.stringify(login('Cora', 3))),
];
const good = header + lines.join('');
const byteLength = (text: string) => new TextEncoder().encode(text).length;

async function readAll(path: string, options = {}) {
  const reader = await openRecording(path, options);
  const entries: RecordingEntry[] = [];
  for await (const entry of reader.entries()) entries.push(entry);
  return { reader, entries, report: reader.report };
}

describe('openRecording', () => {
  let tmp: { dir: string; cleanup(): void };
  let file: string;
  beforeEach(() => {
    tmp = tempDir();
    file = join(tmp.dir, 'r1.jsonl');
  });
  afterEach(() => tmp.cleanup());

  it('reads the header and every entry of a clean file', async () => {
    writeFileSync(file, good);
    const { reader, entries, report } = await readAll(file);
    expect(reader.header).toMatchObject({ id: 'r1', name: 'R1', startTime: 1000, version: 1 });
    expect(entries.map((e) => e.t)).toEqual([0, 10, 20, 30]);
    expect(report).toMatchObject({ entries: 4, events: 3, markers: 1, skipped: 0 });
    expect(report.tail).toBeUndefined();
    expect(report.validBytes).toBe(byteLength(good));
    expect(await readHeader(file)).toEqual(reader.header);
  });

  it('ignores a torn last line and reports where it starts', async () => {
    writeFileSync(file, good + lines[1].slice(0, 25));
    const { entries, report } = await readAll(file);
    expect(entries).toHaveLength(4);
    expect(report.tail).toEqual({
      count: 1,
      offset: byteLength(good),
      bytes: 25,
      reason: 'incomplete last line (torn write)',
    });
  });

  it('ignores a garbage tail (several lines) and reports count and offset', async () => {
    writeFileSync(file, good + 'garbage\n{"t":-1}\n\u0000\u0000\u0000');
    const { entries, report } = await readAll(file);
    expect(entries).toHaveLength(4);
    expect(report.tail).toMatchObject({ count: 3, offset: byteLength(good), bytes: 20 });
    expect(report.skipped).toBe(0);
  });

  it('skips bad lines in the middle, counts them with offsets, and reads on', async () => {
    const bad = 'not json\n';
    writeFileSync(file, header + lines[0] + bad + lines[1] + '{"t":5}\n' + lines[2]);
    const { entries, report } = await readAll(file);
    expect(entries.map((e) => e.t)).toEqual([0, 10, 20]);
    expect(report.skipped).toBe(2);
    expect(report.skippedSamples[0]).toEqual({
      offset: byteLength(header + lines[0]),
      reason: 'not a valid entry',
    });
    expect(report.tail).toBeUndefined();
  });

  it('skips invalid UTF-8 and over-long lines without holding them', async () => {
    writeFileSync(file, header + lines[0]);
    appendFileSync(file, Buffer.from([0xff, 0xfe, 0x0a]));
    appendFileSync(file, `{"t":1,"pad":"${'x'.repeat(5000)}"}\n` + lines[1]);
    appendFileSync(file, 'y'.repeat(5000));
    const { entries, report } = await readAll(file, { maxLineBytes: 1000 });
    expect(entries.map((e) => e.t)).toEqual([0, 10]);
    expect(report.skippedSamples.map((s) => s.reason)).toEqual([
      'not valid UTF-8',
      'line too long',
    ]);
    expect(report.tail).toMatchObject({ count: 1, bytes: 5000 });
  });

  it('validates events against the catalog with validate: full', async () => {
    const unknown = eventLine(40, JSON.stringify({ ...login('X', 9), type: 'player.teleport' }));
    const badData = eventLine(50, JSON.stringify({ ...login('Y', 10), data: { character: 5 } }));
    writeFileSync(file, good + unknown + badData + lines[3]);
    expect((await readAll(file)).report.skipped).toBe(0);
    const full = await readAll(file, { validate: 'full' });
    expect(full.report.skipped).toBe(2);
    expect(full.entries).toHaveLength(5);
  });

  it('refuses a file whose first line is not a version-1 header', async () => {
    const cases: [string, RegExp][] = [
      ['', /empty file/],
      ['hello\n', /line 1 is not JSON/],
      ['{"format":"other"}\n', /no "format"/],
      [header.replace('"version":1', '"version":2'), /version 2 is newer/],
      ['{"format":"realmstream-recording","version":1,"id":"x"}\n', /"id" and "name"/],
      [header.slice(0, 20), /line 1 is incomplete/],
    ];
    for (const [text, message] of cases) {
      writeFileSync(file, text);
      await expect(openRecording(file)).rejects.toThrow(RecordingFormatError);
      await expect(openRecording(file)).rejects.toThrow(message);
    }
    await expect(openRecording(join(tmp.dir, 'missing.jsonl'))).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });

  it('allows a single pass over the entries', async () => {
    writeFileSync(file, good);
    const reader = await openRecording(file);
    for await (const _ of reader.entries()) break;
    await expect(reader.entries().next()).rejects.toThrow(/once/);
  });

  describe('.jsonl.gz', () => {
    let gz: string;
    beforeEach(() => {
      gz = join(tmp.dir, 'r1.jsonl.gz');
    });
    const enc = (text: string) => new TextEncoder().encode(text);

    it('reads framed members', async () => {
      writeFileSync(gz, await gzipMember(enc(header + lines[0])));
      appendFileSync(gz, await gzipMember(enc(lines[1] + lines[2] + lines[3])));
      const { entries, report } = await readAll(gz);
      expect(entries).toHaveLength(4);
      expect(report.tail).toBeUndefined();
    });

    it('ignores a torn last member and reports its file offset', async () => {
      const first = await gzipMember(enc(header + lines[0] + lines[1]));
      const second = await gzipMember(enc(lines[2] + lines[3]));
      writeFileSync(gz, first);
      appendFileSync(gz, second);
      truncateSync(gz, first.length + second.length - 4);
      const { entries, report } = await readAll(gz);
      expect(entries.map((e) => e.t)).toEqual([0, 10]);
      expect(report.tail).toMatchObject({
        count: 1,
        offset: byteLength(header + lines[0] + lines[1]),
        fileBytes: second.length - 4,
        reason: 'incomplete gzip member (torn write)',
      });
    });

    it('ignores garbage after the last member', async () => {
      writeFileSync(gz, await gzipMember(enc(good)));
      appendFileSync(gz, 'garbage garbage garbage');
      const { entries, report } = await readAll(gz);
      expect(entries).toHaveLength(4);
      expect(report.tail).toMatchObject({ count: 1, reason: 'not a gzip member' });
    });

    it('reads a file gzipped by another tool', async () => {
      writeFileSync(gz, gzipSync(good));
      const { entries, report } = await readAll(gz);
      expect(entries).toHaveLength(4);
      expect(report.tail).toBeUndefined();
    });
  });
});

describe('readLines', () => {
  it('keeps exact byte offsets across chunk boundaries and multi-byte characters', async () => {
    const tmp = tempDir();
    try {
      const file = join(tmp.dir, 'lines.jsonl');
      const text = 'äöü\n€€\n\u{1F600}x\nlast';
      writeFileSync(file, text);
      const items = [];
      for await (const item of readLines(file, { gzip: false, chunkBytes: 3 })) items.push(item);
      expect(items).toEqual([
        { kind: 'line', text: 'äöü', offset: 0, bytes: 7 },
        { kind: 'line', text: '€€', offset: 7, bytes: 7 },
        { kind: 'line', text: '\u{1F600}x', offset: 14, bytes: 6 },
        { kind: 'partial', offset: 20, bytes: 4 },
      ]);
    } finally {
      tmp.cleanup();
    }
  });
});
