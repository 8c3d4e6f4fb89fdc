/**
 * The shipped sample recording and its SOAP cassette are reproducible: regenerating them
 * from the simulator gives the committed bytes. When a parser or the simulator changes what
 * the sample contains, this fails: regenerate with `npx tsx scripts/make-sample-recording.ts`
 * and review the diff.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/process.ts';

const run = promisify(execFile);
let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('scripts/make-sample-recording.ts', () => {
  it('regenerates the committed sample recording and cassette byte for byte', async () => {
    dir = await mkdtemp(join(tmpdir(), 'rs-sample-'));
    await run(join(ROOT, 'node_modules/.bin/tsx'), ['scripts/make-sample-recording.ts', dir], {
      cwd: ROOT,
      timeout: 60_000,
    });
    for (const file of ['sample-tc.jsonl', 'sample-tc.cassette.jsonl', 'sample-tc.summary.json']) {
      const made = await readFile(join(dir, file), 'utf8');
      const committed = await readFile(join(ROOT, 'recordings', file), 'utf8');
      expect(made, file).toBe(committed);
    }
  }, 90_000);
});
