import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRecording } from '../../../src/pipeline/recording/reader.ts';
import { ROOT } from '../../helpers/process.ts';
import { tempDir } from '../../helpers/recordings.ts';

/** Starts the recording child and SIGKILLs it once its output matches `until`. */
function recordUntilKilled(dir: string, mode: string, until: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', `${ROOT}test/helpers/recordingChild.ts`, dir, mode],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child did not print ${until} in time:\n${out}`));
    }, 15_000);
    const onData = (chunk: Buffer) => {
      out += chunk;
      if (until.test(out) && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => (out += chunk));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') resolve(out);
      else reject(new Error(`child exited by itself (${code}):\n${out}`));
    });
  });
}

async function readBack(path: string) {
  const reader = await openRecording(path);
  let entries = 0;
  let lastSeq = 0;
  let ordered = true;
  for await (const entry of reader.entries()) {
    entries++;
    if ('event' in entry) {
      ordered &&= entry.event.seq === lastSeq + 1;
      lastSeq = entry.event.seq;
    }
  }
  return { reader, entries, lastSeq, ordered, report: reader.report };
}

describe('crash safety (a recording child process killed with SIGKILL)', () => {
  let tmp: { dir: string; cleanup(): void };
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  it('a .jsonl killed mid-recording reads back to its last complete line', async () => {
    await recordUntilKilled(tmp.dir, 'plain', /flushed 30\n/);
    const path = join(tmp.dir, 'crash.jsonl');
    const raw = readFileSync(path);
    const lastNewline = raw.lastIndexOf(10);
    const completeLines = raw.subarray(0, lastNewline + 1).toString('utf8').split('\n').length - 1;
    const { entries, lastSeq, ordered, report } = await readBack(path);
    expect(entries).toBe(completeLines - 1); // every complete line but the header
    expect(lastSeq).toBeGreaterThan(100);
    expect(ordered).toBe(true);
    expect(report.validBytes).toBe(lastNewline + 1);
    if (lastNewline + 1 < raw.length) {
      expect(report.tail).toMatchObject({
        offset: lastNewline + 1,
        bytes: raw.length - lastNewline - 1,
      });
    } else {
      expect(report.tail).toBeUndefined();
    }
    expect(readFileSync(path, 'utf8')).not.toContain('"kind":"stop"'); // it really crashed
  });

  it('a write torn by the kill is ignored and reported with its offset', async () => {
    await recordUntilKilled(tmp.dir, 'split', /torn\n/);
    const path = join(tmp.dir, 'crash.jsonl');
    const raw = readFileSync(path);
    const lastNewline = raw.lastIndexOf(10);
    const { lastSeq, ordered, report } = await readBack(path);
    expect(ordered).toBe(true);
    expect(lastSeq).toBeGreaterThan(0);
    expect(report.tail).toMatchObject({ count: 1, offset: lastNewline + 1 });
    expect(report.tail?.bytes).toBe(raw.length - lastNewline - 1);
    expect(report.tail?.bytes).toBeGreaterThan(0);
  });

  it('a .jsonl.gz killed mid-recording reads back every complete member', async () => {
    await recordUntilKilled(tmp.dir, 'gzip', /flushed 30\n/);
    const path = join(tmp.dir, 'crash.jsonl.gz');
    const { entries, lastSeq, ordered, report } = await readBack(path);
    expect(ordered).toBe(true);
    expect(lastSeq).toBeGreaterThan(100);
    expect(entries).toBeGreaterThan(100);
    if (report.tail) expect(report.tail.fileBytes).toBeGreaterThan(0);
    else {
      // Killed between two members: the whole file is standard gzip.
      const text = gunzipSync(readFileSync(path)).toString('utf8');
      expect(text.split('\n').length - 2).toBe(entries);
    }
  });
});
