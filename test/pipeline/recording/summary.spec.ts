import { readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../src/pipeline/recording/fileSink.ts';
import { makeHeader } from '../../../src/pipeline/recording/format.ts';
import { recordingPaths } from '../../../src/pipeline/recording/ids.ts';
import {
  MAX_COUNT_KEYS,
  readSummary,
  SummaryCounter,
  writeSummary,
} from '../../../src/pipeline/recording/summary.ts';
import { login, stamped, tempDir } from '../../helpers/recordings.ts';

describe('summaries', () => {
  let tmp: { dir: string; cleanup(): void };
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  it('counts events per type and realm, markers, drops and duration', () => {
    const counter = new SummaryCounter();
    counter.add({ t: 0, marker: { kind: 'start', reason: 'manual' } }, 10);
    counter.add({ t: 5, event: login('A', 3) }, 100);
    counter.add({ t: 9, event: stamped('server.up', {}, { seq: 4, realm: 'r2' }) }, 100);
    counter.add({ t: 9, marker: { kind: 'gap', reason: 'overflow', dropped: 7, sinceT: 6 } }, 10);
    const summary = counter.summarize(
      makeHeader({ id: 's', name: 'S', startTime: 1000 }),
      'manual',
      false,
    );
    expect(summary).toMatchObject({
      events: 2,
      markers: 2,
      dropped: 7,
      bytes: 220,
      durationMs: 9,
      endTime: 1009,
      firstSeq: 3,
      lastSeq: 4,
      types: { 'player.login': 1, 'server.up': 1 },
      realms: { 'world-1': 1, r2: 1 },
    });
  });

  it('bounds the count tables', () => {
    const counter = new SummaryCounter();
    for (let i = 0; i < MAX_COUNT_KEYS + 5; i++) counter.addEvent('player.login', `realm${i}`, i);
    expect(Object.keys(counter.realms)).toHaveLength(MAX_COUNT_KEYS + 1);
    expect(counter.realms['(other)']).toBe(5);
  });

  it('writes atomically (no temp file left) and reads back only real summaries inside', async () => {
    const paths = recordingPaths(tmp.dir, 's', false);
    const summary = new SummaryCounter().summarize(
      makeHeader({ id: 's', name: 'S', startTime: 0 }),
      'manual',
      false,
    );
    await writeSummary(paths.summary, summary);
    await writeSummary(paths.summary, summary); // replaces
    expect(readdirSync(tmp.dir)).toEqual(['s.summary.json']);
    expect(await readSummary(paths)).toEqual(summary);
    writeFileSync(paths.summary, '{"format":"something-else"}');
    expect(await readSummary(paths)).toBeUndefined();
    writeFileSync(paths.summary, 'garbage');
    expect(await readSummary(paths)).toBeUndefined();
  });

  it('does not follow a summary symlink out of the directory', async () => {
    const inner = join(tmp.dir, 'inner');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(inner);
    const outside = join(tmp.dir, 'x.summary.json');
    const summary = new SummaryCounter().summarize(
      makeHeader({ id: 'x', name: 'X', startTime: 0 }),
      'manual',
      false,
    );
    await writeFileAtomic(outside, JSON.stringify(summary));
    symlinkSync(outside, join(inner, 'x.summary.json'));
    expect(await readSummary(recordingPaths(inner, 'x', false))).toBeUndefined();
  });

  it('writeFileAtomic cleans up when the rename fails', async () => {
    const target = join(tmp.dir, 'dir-in-the-way');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(target, 'child'), { recursive: true });
    await expect(writeFileAtomic(target, 'x')).rejects.toThrow();
    expect(readdirSync(tmp.dir)).toEqual(['dir-in-the-way']);
  });
});
