import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  isInside,
  isRecordingId,
  newRecordingId,
  RecordingIdError,
  RecordingNotFoundError,
  resolveRecording,
  slugify,
  validateRecordingId,
} from '../../../src/pipeline/recording/ids.ts';
import { HOSTILE_IDS, tempDir } from '../../helpers/recordings.ts';

describe('recording ids', () => {
  it('accepts letters, digits, dot, underscore and dash up to 128 characters', () => {
    for (const id of ['a', 'raid-night_1', '20251126-120000-raid-k3f9', 'A.b', 'x'.repeat(128)]) {
      expect(validateRecordingId(id)).toBe(id);
      expect(isRecordingId(id)).toBe(true);
    }
  });

  it('refuses traversal, separators, NUL, hidden names, overlong and odd characters', () => {
    for (const id of HOSTILE_IDS) {
      expect(() => validateRecordingId(id), JSON.stringify(id)).toThrow(RecordingIdError);
      expect(isRecordingId(id)).toBe(false);
    }
    expect(() => validateRecordingId(42)).toThrow(/non-empty string/);
    expect(() => validateRecordingId('a/b')).toThrow(/path separator/);
    expect(() => validateRecordingId('a\0b')).toThrow(/NUL/);
    expect(() => validateRecordingId('a..b')).toThrow(/'\.\.'/);
    expect(() => validateRecordingId('x'.repeat(129))).toThrow(/longer than 128/);
  });

  it('makes sortable ids from the start time and the name', () => {
    const id = newRecordingId('Raid Night: Ulduar!', Date.UTC(2025, 10, 26, 12, 0, 5));
    expect(id).toMatch(/^20251126-120005-raid-night-ulduar-[a-z0-9]{4}$/);
    expect(newRecordingId('', 0)).toMatch(/^19700101-000000-[a-z0-9]{4}$/);
    expect(newRecordingId('../../etc', 0)).toMatch(/^19700101-000000-etc-[a-z0-9]{4}$/);
    expect(slugify('x'.repeat(100))).toHaveLength(40);
  });

  it('isInside is strict', () => {
    expect(isInside('/a/b', '/a/b/c')).toBe(true);
    expect(isInside('/a/b', '/a/b')).toBe(false);
    expect(isInside('/a/b', '/a/bc')).toBe(false);
    expect(isInside('/a/b', '/a/b/../c')).toBe(false);
  });
});

describe('resolveRecording', () => {
  let root: { dir: string; cleanup(): void };
  let dir: string;
  beforeEach(() => {
    root = tempDir();
    dir = join(root.dir, 'recordings');
    mkdirSync(dir);
    writeFileSync(join(dir, 'plain.jsonl'), '{}\n');
    writeFileSync(join(dir, 'packed.jsonl.gz'), '');
    writeFileSync(join(root.dir, 'secret.jsonl'), 'secret\n');
  });
  afterEach(() => root.cleanup());

  it('finds plain and gzip recordings', async () => {
    expect(await resolveRecording(dir, 'plain')).toMatchObject({
      id: 'plain',
      gzip: false,
      file: join(dir, 'plain.jsonl'),
      summary: join(dir, 'plain.summary.json'),
    });
    expect(await resolveRecording(dir, 'packed')).toMatchObject({ gzip: true });
  });

  it('reports a missing recording or directory as not found', async () => {
    await expect(resolveRecording(dir, 'nope')).rejects.toThrow(RecordingNotFoundError);
    await expect(resolveRecording(join(dir, 'missing'), 'plain')).rejects.toThrow(
      RecordingNotFoundError,
    );
  });

  it('refuses hostile ids before touching the disk', async () => {
    for (const id of HOSTILE_IDS) {
      await expect(resolveRecording(dir, id), JSON.stringify(id)).rejects.toThrow(
        RecordingIdError,
      );
    }
  });

  it('refuses a symlink that leads out of the directory', async () => {
    symlinkSync(join(root.dir, 'secret.jsonl'), join(dir, 'escape.jsonl'));
    await expect(resolveRecording(dir, 'escape')).rejects.toThrow(/outside the directory/);
  });

  it('follows a symlink that stays inside, and skips directories', async () => {
    symlinkSync(join(dir, 'plain.jsonl'), join(dir, 'alias.jsonl'));
    expect((await resolveRecording(dir, 'alias')).file).toBe(join(dir, 'plain.jsonl'));
    mkdirSync(join(dir, 'folder.jsonl'));
    await expect(resolveRecording(dir, 'folder')).rejects.toThrow(RecordingNotFoundError);
  });

  it('works when the directory itself is reached through a symlink', async () => {
    symlinkSync(dir, join(root.dir, 'link'));
    expect((await resolveRecording(join(root.dir, 'link'), 'plain')).id).toBe('plain');
  });
});
