/**
 * Deno runtime test: the log tail follows a real file through node:fs/promises on Deno
 * (append, partial line, truncation, rotation) and feeds the log line parser.
 */
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, rename, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLogLine } from '../src/operators/parseLogLine.ts';
import type { DraftEvent } from '../src/pipeline/events.ts';
import { logTail } from '../src/pipeline/sources/logTail.ts';

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

Deno.test('logTail follows appends, partial lines, truncation and rotation on Deno', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'rs-deno-tail-'));
  const path = join(dir, 'Events.log');
  const lines: string[] = [];
  const notices: string[] = [];
  await writeFile(path, 'existing\n');
  const subscription = logTail({ path, pollMs: 10, onNotice: (n) => notices.push(n.kind) })
    .subscribe((line) => lines.push(line));
  try {
    await until(() => notices.includes('opened'), 'open');
    await appendFile(path, 'one\ntw');
    await until(() => lines.length === 1, 'first line');
    await appendFile(path, 'o\n');
    await until(() => lines.length === 2, 'completed line');
    await truncate(path, 0);
    await until(() => notices.includes('truncated'), 'truncation');
    await appendFile(path, 'three\n');
    await until(() => lines.length === 3, 'line after truncation');
    await writeFile(join(dir, 'next'), 'four\n');
    await rename(join(dir, 'next'), path);
    await until(() => lines.length === 4, 'line after rotation');
    assert.deepEqual(lines, ['one', 'two', 'three', 'four']);
    assert.ok(notices.includes('rotated'), `notices: ${notices}`);
  } finally {
    subscription.unsubscribe();
    await rm(dir, { recursive: true, force: true });
  }
});

Deno.test('logTail + parseLogLine turn an AzerothCore log into events on Deno', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'rs-deno-tail-'));
  const path = join(dir, 'Events.log');
  const events: DraftEvent[] = [];
  await writeFile(path, '');
  const subscription = logTail({ path, pollMs: 10 })
    .pipe(parseLogLine({ realm: 'r' }))
    .subscribe((event) => events.push(event));
  try {
    await new Promise((resolve) => setTimeout(resolve, 30));
    await appendFile(
      path,
      '2025-08-22 05:26:31 INFO [entities.player] Account: 7 (IP: 10.0.0.5) Login Character:[Jaina] (GUID Full: 0x00000000000000a1 Type: Player Low: 161) Level: 12\n' +
        '2025-08-22 05:26:32 INFO [chat.say] Player Jaina says (language 7): hello\n',
    );
    await until(() => events.length === 2, 'events');
    assert.deepEqual(events.map((e) => e.type), ['player.login', 'chat.message']);
  } finally {
    subscription.unsubscribe();
    await rm(dir, { recursive: true, force: true });
  }
});
