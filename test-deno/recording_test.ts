/**
 * Deno runtime tests for recordings: the recorder writing real files (plain and framed gzip
 * through Deno's CompressionStream), reading them back with a torn tail, and replay in
 * virtual time, all on Deno.
 */
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { TestScheduler } from 'rxjs/testing';
import { createHub } from '../src/pipeline/hub.ts';
import { draftEvent } from '../src/pipeline/events.ts';
import { openRecording } from '../src/pipeline/recording/reader.ts';
import { loadRecording } from '../src/pipeline/recording/recording.ts';
import { record } from '../src/pipeline/recording/recorder.ts';
import { replay } from '../src/pipeline/recording/replay.ts';

const login = (character: string) =>
  draftEvent('player.login', { realm: 'r', time: 0, source: 'soap', data: { character } });

for (const gzip of [false, true]) {
  Deno.test(`recorder writes and reads back ${gzip ? '.jsonl.gz' : '.jsonl'} on Deno`, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'realmstream-deno-'));
    try {
      const hub = createHub({ epoch: 'deno' });
      const recorder = record(hub.events$, { dir, id: 'd', gzip });
      await recorder.ready;
      for (const name of ['A', 'B', 'C']) hub.publish(login(name));
      const result = await recorder.stop();
      assert.equal(result.files[0].events, 3);
      const path = join(dir, gzip ? 'd.jsonl.gz' : 'd.jsonl');
      if (gzip) {
        // Framed members are standard gzip too.
        const text = gunzipSync(await readFile(path)).toString('utf8');
        assert.equal(text.trim().split('\n').length, 6);
      }
      await appendFile(path, gzip ? new Uint8Array([0x1f, 0x8b, 8, 4, 0]) : '{"t":9,"ev');
      const reader = await openRecording(path);
      let entries = 0;
      for await (const _ of reader.entries()) entries++;
      assert.equal(entries, 5);
      assert.equal(reader.report.tail?.count, 1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}

Deno.test('the sample recording replays at its recorded offsets in a TestScheduler', async () => {
  const recording = await loadRecording('recordings/sample-tc.jsonl');
  const frames: number[] = [];
  const scheduler = new TestScheduler((a, b) => assert.deepEqual(a, b));
  scheduler.run(() => {
    replay(recording, { types: ['player.login'] }).subscribe(() => frames.push(scheduler.now()));
  });
  assert.deepEqual(frames.slice(0, 3), [20_100, 45_100, 90_100]);
});
