import { appendFile, mkdtemp, rename, rm, truncate, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogLineCounters, parseLogLine } from '../../../src/operators/index.ts';
import type { DraftEvent } from '../../../src/pipeline/events.ts';
import {
  createLogTailStats,
  logTail,
  type LogTailConfig,
  type LogTailNotice,
} from '../../../src/pipeline/sources/logTail.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rs-logtail-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Follows a file, collecting lines and notices; `until` waits (bounded) for a condition. */
function follow(config: Omit<LogTailConfig, 'onNotice'>) {
  const lines: string[] = [];
  const notices: LogTailNotice['kind'][] = [];
  const stats = config.stats ?? createLogTailStats();
  const subscription = logTail({
    pollMs: 10,
    ...config,
    stats,
    onNotice: (notice) => notices.push(notice.kind),
  }).subscribe((line) => lines.push(line));
  const until = async (check: () => boolean, what: string, timeoutMs = 5000) => {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) {
        throw new Error(
          `timed out waiting for ${what}; lines=${JSON.stringify(lines)} notices=${notices}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  return { lines, notices, stats, subscription, until };
}

describe('logTail on real files', () => {
  it('starts at the end by default and follows appends', async () => {
    const path = join(dir, 'Server.log');
    await writeFile(path, 'old line 1\nold line 2\n');
    const tail = follow({ path });
    await tail.until(() => tail.notices.includes('opened'), 'open');
    await appendFile(path, 'new line 1\n');
    await tail.until(() => tail.lines.length === 1, 'first append');
    await appendFile(path, 'new line 2\nnew line 3\n');
    await tail.until(() => tail.lines.length === 3, 'second append');
    tail.subscription.unsubscribe();
    expect(tail.lines).toEqual(['new line 1', 'new line 2', 'new line 3']);
  });

  it('reads the existing content with fromStart', async () => {
    const path = join(dir, 'Events.log');
    await writeFile(path, 'a\r\nb\n');
    const tail = follow({ path, fromStart: true });
    await tail.until(() => tail.lines.length === 2, 'existing lines');
    tail.subscription.unsubscribe();
    expect(tail.lines).toEqual(['a', 'b']);
  });

  it('holds a partial line until it is completed, even inside a UTF-8 character', async () => {
    const path = join(dir, 'Events.log');
    await writeFile(path, '');
    const tail = follow({ path });
    await tail.until(() => tail.notices.includes('opened'), 'open');
    const bytes = new TextEncoder().encode('Player Ærwyn says (language 7): höla\n');
    const cut = bytes.indexOf(0xc3) + 1; // in the middle of Æ
    await appendFile(path, bytes.subarray(0, cut));
    await tail.until(() => tail.stats.bytes === cut, 'first piece read');
    expect(tail.lines).toEqual([]);
    await appendFile(path, bytes.subarray(cut, cut + 10));
    await tail.until(() => tail.stats.bytes === cut + 10, 'second piece read');
    expect(tail.lines).toEqual([]);
    await appendFile(path, bytes.subarray(cut + 10));
    await tail.until(() => tail.lines.length === 1, 'completed line');
    tail.subscription.unsubscribe();
    expect(tail.lines).toEqual(['Player Ærwyn says (language 7): höla']);
  });

  it('restarts at 0 when the file is truncated (Server.log reopened with mode w)', async () => {
    const path = join(dir, 'Server.log');
    await writeFile(path, 'before 1\nbefore 2\n');
    const tail = follow({ path, fromStart: true });
    await tail.until(() => tail.lines.length === 2, 'initial lines');
    await truncate(path, 0);
    await tail.until(() => tail.notices.includes('truncated'), 'truncation');
    await appendFile(path, 'after 1\n');
    await tail.until(() => tail.lines.length === 3, 'line after truncation');
    tail.subscription.unsubscribe();
    expect(tail.lines).toEqual(['before 1', 'before 2', 'after 1']);
    expect(tail.stats.truncations).toBe(1);
  });

  it('notices a truncate-and-rewrite that grew past the old position between polls', async () => {
    const path = join(dir, 'Server.log');
    await writeFile(path, 'run 1 line\n');
    const tail = follow({ path, fromStart: true, pollMs: 200 });
    await tail.until(() => tail.lines.length === 1, 'first run');
    // One write, larger than before: the size never drops below our position.
    await writeFile(path, 'run 2 started, a much longer first line\nrun 2 second\n');
    await tail.until(() => tail.lines.length === 3, 'second run');
    tail.subscription.unsubscribe();
    expect(tail.lines).toEqual([
      'run 1 line',
      'run 2 started, a much longer first line',
      'run 2 second',
    ]);
    expect(tail.notices).toContain('truncated');
  });

  it('follows a file replaced atomically (new inode): old file to its end, then the new', async () => {
    const path = join(dir, 'Events.log');
    await writeFile(path, '');
    const tail = follow({ path, pollMs: 50 });
    await tail.until(() => tail.notices.includes('opened'), 'open');
    await appendFile(path, 'old 1\n');
    await tail.until(() => tail.lines.length === 1, 'old 1');
    await appendFile(path, 'old 2\n');
    await writeFile(join(dir, 'next'), 'new 1\n');
    await rename(join(dir, 'next'), path);
    await tail.until(() => tail.lines.length === 3, 'rotation');
    tail.subscription.unsubscribe();
    expect(tail.lines).toEqual(['old 1', 'old 2', 'new 1']);
    expect(tail.stats.rotations).toBe(1);
    expect(tail.notices).toEqual(['opened', 'rotated', 'opened']);
  });

  it('follows a rename-and-recreate rotation without losing the last lines', async () => {
    const path = join(dir, 'Events.log');
    await writeFile(path, '');
    const tail = follow({ path, pollMs: 50 });
    await tail.until(() => tail.notices.includes('opened'), 'open');
    await appendFile(path, 'old 1\n');
    await tail.until(() => tail.lines.length === 1, 'old 1');
    // Appended just before the rename: must not be lost.
    await appendFile(path, 'old 2\nold partial');
    await rename(path, join(dir, 'Events.log.1'));
    await writeFile(path, 'new 1\n');
    await tail.until(() => tail.lines.length === 4, 'rotation');
    await appendFile(path, 'new 2\n');
    await tail.until(() => tail.lines.length === 5, 'append after rotation');
    tail.subscription.unsubscribe();
    expect(tail.lines).toEqual(['old 1', 'old 2', 'old partial', 'new 1', 'new 2']);
    expect(tail.stats.rotations + tail.notices.filter((n) => n === 'waiting').length)
      .toBeGreaterThanOrEqual(1);
  });

  it('waits for a missing file and reads it from its beginning once created', async () => {
    const path = join(dir, 'later.log');
    const tail = follow({ path });
    await tail.until(() => tail.notices.includes('waiting'), 'waiting');
    await writeFile(path, 'first\n');
    await tail.until(() => tail.lines.length === 1, 'first line');
    await unlink(path);
    await tail.until(() => tail.notices.filter((n) => n === 'waiting').length === 2, 'gone');
    await writeFile(path, 'second\n');
    await tail.until(() => tail.lines.length === 2, 'recreated');
    tail.subscription.unsubscribe();
    expect(tail.lines).toEqual(['first', 'second']);
  });

  it('cuts over-long lines and keeps following', async () => {
    const path = join(dir, 'long.log');
    await writeFile(path, '');
    const tail = follow({ path, maxLineLength: 10 });
    await tail.until(() => tail.notices.includes('opened'), 'open');
    await appendFile(path, 'x'.repeat(25));
    await tail.until(() => tail.lines.length === 1, 'cut partial line');
    await appendFile(path, 'y'.repeat(5) + '\nshort\n' + 'z'.repeat(12) + '\n');
    await tail.until(() => tail.lines.length === 3, 'following lines');
    tail.subscription.unsubscribe();
    expect(tail.lines).toEqual(['x'.repeat(10), 'short', 'z'.repeat(10)]);
    expect(tail.stats.longLines).toBe(2);
  });

  it('reads a large backlog in bounded chunks without losing lines', async () => {
    const path = join(dir, 'big.log');
    const count = 20_000;
    await writeFile(path, Array.from({ length: count }, (_, i) => `line ${i}`).join('\n') + '\n');
    const tail = follow({ path, fromStart: true, maxReadPerPoll: 16 * 1024 });
    await tail.until(() => tail.lines.length === count, 'backlog', 10_000);
    tail.subscription.unsubscribe();
    expect(tail.lines[0]).toBe('line 0');
    expect(tail.lines[count - 1]).toBe(`line ${count - 1}`);
  });

  it('stops reading when unsubscribed', async () => {
    const path = join(dir, 'stop.log');
    await writeFile(path, '');
    const tail = follow({ path });
    await tail.until(() => tail.notices.includes('opened'), 'open');
    tail.subscription.unsubscribe();
    await appendFile(path, 'ignored\n');
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(tail.lines).toEqual([]);
  });
});

describe('logTail + parseLogLine on real files, both cores', () => {
  const cases: Array<[string, string[]]> = [
    [
      'TrinityCore (flags 7)',
      [
        '2025-01-13_15:02:08 INFO  [entities.player.character] Account: 1 (IP: 127.0.0.1) Login Character:[Thrall] GUID Full: 0x0000000000000002 Type: Player Low: 2 Level: 80, XP: 0/0 (0 left)',
        '2025-01-13_15:02:09 DEBUG [chat.log.whisper] Player Thrall tells Jaina: psst',
        '2025-01-13_15:02:10 INFO  [commands.gm] Command: revive [Player: Thrall (GUID Full: 0x0000000000000002 Type: Player Low: 2) (Account: 1) X: 1 Y: 2 Z: 3 Map: 1 (Kalimdor) Area: 362 (Razor Hill) Zone: Durotar Selected: Thrall (GUID Full: 0x0000000000000002 Type: Player Low: 2)]',
      ],
    ],
    [
      'AzerothCore (flags 7)',
      [
        '2025-08-22 05:26:31 INFO [entities.player] Account: 7 (IP: 10.0.0.5) Login Character:[Jaina] (GUID Full: 0x00000000000000a1 Type: Player Low: 161) Level: 12',
        '2025-08-22 05:26:32 INFO [chat.whisper] Player Jaina whisper Thrall: psst',
        '2025-08-22 05:26:33 INFO [commands.gm] Command: revive [Player: Jaina (GUID Full: 0x00000000000000a1 Type: Player Low: 161) (Account: 7) X: 1 Y: 2 Z: 3 Map: 571 (Northrend) Area: 4395 (Dalaran) Zone: 4395 (Dalaran) Selected:  (GUID Full: 0x0000000000000000 Type: Player Low: 0)]',
      ],
    ],
  ];
  for (const [name, lines] of cases) {
    it(name, async () => {
      const path = join(dir, 'Events.log');
      await writeFile(path, 'Using configuration file worldserver.conf.\n');
      const events: DraftEvent[] = [];
      const counters = createLogLineCounters();
      const notices: string[] = [];
      const subscription = logTail({ path, pollMs: 10, onNotice: (n) => notices.push(n.kind) })
        .pipe(parseLogLine({ realm: 'r', counters }))
        .subscribe((event) => events.push(event));
      const deadline = Date.now() + 5000;
      while (!notices.includes('opened') && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      // Written the way the appender does: one fprintf per line, the last one in two pieces.
      await appendFile(path, lines[0] + '\n' + lines[1] + '\n' + lines[2].slice(0, 40));
      await new Promise((resolve) => setTimeout(resolve, 30));
      await appendFile(path, lines[2].slice(40) + '\nnot an event\n');
      while (counters.lines < 4 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      subscription.unsubscribe();
      expect(events.map((e) => [e.type, e.source])).toEqual([
        ['player.login', 'log'],
        ['chat.message', 'log'],
        ['gm.command', 'log'],
      ]);
      expect(events[1].data).toMatchObject({ channel: 'whisper', text: 'psst' });
      expect(counters).toEqual({ lines: 4, events: 3, ignored: 1 });
    });
  }
});
