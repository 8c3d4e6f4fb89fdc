/**
 * @module Child process for the crash test: records a fast stream until it is killed.
 * Usage: node --import tsx test/helpers/recordingChild.ts DIR MODE, MODE one of
 * `plain` (real file sink), `gzip` (real sink, .jsonl.gz), `split` (each write is cut in
 * two and the process waits between the halves, so a kill leaves a torn line for sure).
 * Prints `ready`, then `flushed N` after each write, and `torn` in split mode.
 */
import { createHub } from '../../src/pipeline/hub.ts';
import { draftEvent } from '../../src/pipeline/events.ts';
import { type FileSink, openFileSink } from '../../src/pipeline/recording/fileSink.ts';
import { record } from '../../src/pipeline/recording/recorder.ts';

const [dir, mode] = process.argv.slice(2);
const hub = createHub({ epoch: 'crash' });
let flushes = 0;
const recorder = record(hub.events$, {
  dir,
  id: 'crash',
  gzip: mode === 'gzip',
  flushMs: 5,
  openFile: async (path): Promise<FileSink> => {
    const real = await openFileSink(path);
    return {
      ...real,
      async write(data) {
        if (mode === 'split' && flushes >= 3) {
          await real.write(data.subarray(0, Math.floor(data.length / 2)));
          process.stdout.write('torn\n');
          await new Promise(() => {}); // wait for the kill
        }
        await real.write(data);
        process.stdout.write(`flushed ${++flushes}\n`);
      },
    };
  },
});
await recorder.ready;
process.stdout.write('ready\n');
let n = 0;
const pump = () => {
  for (let i = 0; i < 200; i++) {
    n++;
    hub.publish(draftEvent('chat.message', {
      realm: 'world-1',
      time: n,
      source: 'log',
      data: {
        channel: 'say',
        character: `Char${n % 50}`,
        text: `message number ${n} ${'x'.repeat(n % 300)}`,
      },
    }));
  }
  setTimeout(pump, 1);
};
pump();
