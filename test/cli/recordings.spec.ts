import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventLine, headerLine, makeHeader } from '../../src/pipeline/recording/format.ts';
import { writeRecording } from '../../src/pipeline/recording/writeFile.ts';
import { HOSTILE_IDS, login, stamped, tempDir } from '../helpers/recordings.ts';
import { runToEnd } from '../helpers/recordingCli.ts';

describe('realmstream recordings', () => {
  let tmp: { dir: string; cleanup(): void };
  let dir: string;
  beforeEach(async () => {
    tmp = tempDir();
    dir = join(tmp.dir, 'recordings');
    await writeRecording(
      makeHeader({
        id: 'night',
        name: 'Night',
        startTime: Date.UTC(2025, 0, 2, 3, 4, 5),
        tags: ['raid'],
      }),
      [
        { t: 0, marker: { kind: 'start', reason: 'manual' } },
        { t: 10, event: login('Anna', 1) },
        {
          t: 20,
          event: stamped('chat.message', { channel: 'say', character: 'A', text: 'hi' }, {
            seq: 2,
          }),
        },
        { t: 90_000, event: login('Bert', 3) },
        { t: 91_000, marker: { kind: 'stop', reason: 'manual', events: 3, dropped: 0 } },
      ],
      { dir },
    );
    await writeRecording(
      makeHeader({ id: 'other', name: 'Other', startTime: Date.UTC(2025, 0, 2, 3, 4, 6) }),
      [
        { t: 5, event: login('Otto', 9) },
      ],
      { dir, gzip: true },
    );
    writeFileSync(
      join(tmp.dir, 'secret.jsonl'),
      headerLine(makeHeader({ id: 's', name: 'SECRET', startTime: 0 })),
    );
    symlinkSync(join(tmp.dir, 'secret.jsonl'), join(dir, 'escape.jsonl'));
  });
  afterEach(() => tmp.cleanup());

  const cli = (...args: string[]) => runToEnd(['recordings', ...args], tmp.dir);

  it('lists recordings as a table or JSON; --dir is relative to the working directory', async () => {
    const text = await cli('list', '--dir', 'recordings');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^ID\s+NAME\s+START \(UTC\)\s+DURATION\s+EVENTS\s+STATE/);
    expect(text.stdout).toMatch(/night\s+Night\s+2025-01-02T03:04:05Z\s+1m 31s\s+3\s+complete/);
    expect(text.stdout).not.toContain('SECRET');
    const json = JSON.parse((await cli('list', '--dir', 'recordings', '--json')).stdout);
    expect(json.recordings.map((r: { id: string }) => r.id)).toEqual(['other', 'night']);
    expect((await cli('list', '--dir', 'empty')).stdout).toMatch(/no recordings in/);
  });

  it('takes the directory from the config file', async () => {
    writeFileSync(join(tmp.dir, 'cfg.json'), JSON.stringify({ recording: { dir: 'recordings' } }));
    const out = await cli('list', '--config', 'cfg.json', '--json');
    expect(JSON.parse(out.stdout).recordings).toHaveLength(2);
  });

  it('shows a recording, including what was ignored in a crashed one', async () => {
    const shown = await cli('show', 'night', '-d', 'recordings');
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/name:\s+Night/);
    expect(shown.stdout).toMatch(/events:\s+3 \(2 markers, 0 dropped\)/);
    expect(shown.stdout).toMatch(/state:\s+complete \(manual\)/);
    expect(shown.stdout).toMatch(/player.login\s+2/);
    writeFileSync(
      join(dir, 'crashed.jsonl'),
      headerLine(makeHeader({ id: 'crashed', name: 'C', startTime: 0 })) +
        eventLine(5, JSON.stringify(login('A', 1))) + '{"t":6,"ev',
    );
    const crashed = await cli('show', 'crashed', '-d', 'recordings');
    expect(crashed.stdout).toMatch(/state:\s+open or crashed/);
    expect(crashed.stdout).toMatch(
      /ignored:\s+1 item\(s\), 10 bytes at byte \d+ \(incomplete last line/,
    );
    const json = JSON.parse((await cli('show', 'night', '-d', 'recordings', '--json')).stdout);
    expect(json).toMatchObject({ complete: true, summary: { events: 3 } });
  });

  it('slices, filters and merges into new recordings', async () => {
    const sliced = await cli(
      'slice',
      'night',
      '-d',
      'recordings',
      '--from',
      '5',
      '--to',
      '1m',
      '-o',
      'part',
    );
    expect(sliced).toMatchObject({ code: 0, stdout: 'sliced into part: 2 events, 60.0s\n' });
    const filtered = await cli(
      'filter',
      'night',
      '-d',
      'recordings',
      '--types',
      'player.*',
      '-o',
      'logins',
      '--gzip',
    );
    expect(filtered.stdout).toBe('filtered into logins: 2 events, 1m 31s\n');
    const merged = await cli('merge', 'night', 'other', '-d', 'recordings', '-o', 'both', '--json');
    expect(JSON.parse(merged.stdout)).toMatchObject({ id: 'both', events: 4 });
    expect(readdirSync(dir).filter((n) => !n.endsWith('.summary.json')).sort()).toEqual([
      'both.jsonl',
      'escape.jsonl',
      'logins.jsonl.gz',
      'night.jsonl',
      'other.jsonl.gz',
      'part.jsonl',
    ]);
    const clash = await cli('merge', 'night', 'other', '-d', 'recordings', '-o', 'both');
    expect(clash).toMatchObject({ code: 1, stderr: expect.stringMatching(/already exists/) });
  });

  it('reports usage errors with exit code 2', async () => {
    const cases: [string[], RegExp][] = [
      [[], /which action/],
      [['explode'], /unknown action 'explode'/],
      [['show'], /show needs an id/],
      [['slice', 'night'], /needs --from and\/or --to/],
      [['slice', 'night', '--from', 'soon'], /--from: 'soon' is not a duration/],
      [['filter', 'night'], /filter needs --types/],
      [['merge', 'night'], /at least two ids/],
      [['slice', 'night', '--from', '50', '--to', '10'], /from < to/],
      [['list', '--bogus'], /Unknown option '--bogus'/],
    ];
    for (const [args, message] of cases) {
      const result = await cli(...args, '-d', 'recordings');
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
    }
  });

  it('path traversal: every action that takes an id refuses hostile ids and never leaves the directory', async () => {
    mkdirSync(join(tmp.dir, 'outside'), { recursive: true });
    for (const id of [...HOSTILE_IDS.filter((id) => id !== ''), 'escape']) {
      for (
        const args of [
          ['show', id],
          ['slice', id, '--from', '0'],
          ['filter', id, '--types', 'player.*'],
          ['merge', 'night', id],
          ['slice', 'night', '--from', '0', '-o', id],
          ['filter', 'night', '--types', 'player.*', '-o', id],
          ['merge', 'night', 'night', '-o', id],
        ]
      ) {
        const result = await cli(...args, '-d', 'recordings');
        expect([1, 2], `${args.join(' ')} -> ${result.code}`).toContain(result.code);
        expect(result.stdout + result.stderr).not.toContain('SECRET');
      }
    }
    expect(existsSync(join(tmp.dir, 'x.jsonl'))).toBe(false);
    expect(readdirSync(tmp.dir).sort()).toEqual(['outside', 'recordings', 'secret.jsonl']);
    const escape = await cli('show', 'escape', '-d', 'recordings');
    expect(escape).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/outside the directory/),
    });
    const dotdot = await cli('show', '../secret', '-d', 'recordings');
    expect(dotdot).toMatchObject({ code: 2, stderr: expect.stringMatching(/path separator/) });
  });
});
