import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeHeader } from '../../src/pipeline/recording/format.ts';
import { writeRecording } from '../../src/pipeline/recording/writeFile.ts';
import { looksLikePath } from '../../src/cli/replay.ts';
import { HOSTILE_IDS, login, stamped, tempDir } from '../helpers/recordings.ts';
import { runInProcess, runToEnd } from '../helpers/recordingCli.ts';
import { openClient } from '../helpers/ws.ts';
import { DENO_CLI, NODE_CLI, spawnProcess } from '../helpers/process.ts';

type Wire = {
  source: string;
  time: number;
  seq: number;
  type: string;
  data: Record<string, unknown>;
};

describe('realmstream replay', () => {
  let tmp: { dir: string; cleanup(): void };
  const a = login('Anna', 101);
  const b = stamped('chat.message', { channel: 'say', character: 'Anna', text: 'hello' }, {
    seq: 102,
  });
  const c = login('Bert', 103);
  beforeEach(async () => {
    tmp = tempDir();
    await writeRecording(makeHeader({ id: 'night', name: 'Night', startTime: 0 }), [
      { t: 0, event: a },
      { t: 150, event: b },
      { t: 300, event: c },
      { t: 400, marker: { kind: 'stop', reason: 'manual', events: 3, dropped: 0 } },
    ], { dir: join(tmp.dir, 'recordings') });
  });
  afterEach(() => tmp.cleanup());

  it('serves a recording through the normal gateway: a WebSocket client sees it as a realm', async () => {
    const run = runInProcess(
      ['replay', 'recordings/night.jsonl', '--port', '0', '--no-ui', '--speed', '2'],
      tmp.dir,
    );
    const [, url, token] = await run.waitFor(/(http:\/\/127\.0\.0\.1:\d+)\/#token=([\w-]+)/);
    expect(run.stdout()).toMatch(/replaying Night \(3 events, 400ms\) at 2x/);
    const client = await openClient(`${url.replace('http', 'ws')}/ws`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const welcome = await client.next((m) => m.op === 'welcome');
    client.send({
      op: 'subscribe',
      id: 's',
      // Not '*': the gateway's own stats.window counts may fall between the replayed events.
      types: ['player.*', 'chat.*'],
      since: { epoch: welcome.epoch, seq: 0 },
    });
    const events = () =>
      client.messages.flatMap((m) =>
        m.op === 'event' ? [m.event as Wire] : m.op === 'events' ? (m.events as Wire[]) : []
      );
    for (let i = 0; i < 300 && events().length < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(events().map((e) => [e.type, e.source, e.time, e.data])).toEqual([
      ['player.login', 'replay', a.time, a.data],
      ['chat.message', 'replay', b.time, b.data],
      ['player.login', 'replay', c.time, c.data],
    ]);
    // Stamped afresh by the hub: from 1, increasing (a stats.window may take a number between).
    const seqs = events().map((e) => e.seq as number);
    expect(seqs[0]).toBe(1);
    expect(seqs[1] > seqs[0] && seqs[2] > seqs[1]).toBe(true);
    await run.waitFor(/replay finished/);
    client.close();
    run.stop();
    expect(await run.exit).toBe(0);
  });

  it('finds an id in the recordings directory and can exit at the end', async () => {
    const result = await runToEnd(
      [
        'replay',
        'night',
        '--dir',
        'recordings',
        '--port',
        '0',
        '--no-ui',
        '--speed',
        '16',
        '--exit-at-end',
      ],
      tmp.dir,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/replaying Night[\s\S]*replay finished/);
  });

  it('--sample plays the shipped sample evening from any working directory', async () => {
    const result = await runToEnd(
      ['replay', '--sample', '--speed', '1000', '--exit-at-end', '--port', '0', '--no-ui'],
      tmp.dir,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/replaying Sample: a TrinityCore evening[\s\S]*replay finished/);
  });

  it('tells paths from ids', () => {
    expect(looksLikePath('night')).toBe(false);
    expect(looksLikePath('night.jsonl')).toBe(true);
    expect(looksLikePath('a/b')).toBe(true);
    expect(looksLikePath('x.jsonl.gz')).toBe(true);
  });

  it('refuses bad usage (exit 2) and missing or unreadable files (exit 1)', async () => {
    writeFileSync(join(tmp.dir, 'junk.jsonl'), 'not a recording\n');
    const cases: [string[], number, RegExp][] = [
      [['replay'], 2, /exactly one FILE or ID/],
      [['replay', 'night', '--sample'], 2, /--sample takes no FILE or ID/],
      [['replay', 'night', '--speed', '0'], 2, /--speed must be/],
      [['replay', 'night', '--speed', 'fast'], 2, /--speed must be/],
      [['replay', 'night', '--loop', '--exit-at-end'], 2, /cannot be combined/],
      [['replay', 'night', '--from', 'later'], 2, /--from: 'later' is not a duration/],
      [['replay', 'missing.jsonl'], 1, /no such file/],
      [['replay', 'junk.jsonl'], 1, /not a realmstream recording/],
      [['replay', 'nothing-here', '--dir', 'recordings'], 1, /no recording 'nothing-here'/],
      [
        ['replay', 'night', '--dir', 'recordings', '--types', 'bad type'],
        2,
        /invalid type pattern/,
      ],
    ];
    for (const [args, code, message] of cases) {
      const result = await runToEnd([...args, '--port', '0', '--no-ui'], tmp.dir);
      expect(result.code, args.join(' ')).toBe(code);
      expect(result.stderr).toMatch(message);
    }
  });

  it('path traversal: a hostile id never resolves outside the recordings directory', async () => {
    for (const id of HOSTILE_IDS.filter((id) => id !== '' && !looksLikePath(id))) {
      const result = await runToEnd(
        ['replay', id, '--dir', 'recordings', '--port', '0', '--no-ui'],
        tmp.dir,
      );
      expect([1, 2], `${JSON.stringify(id)} -> ${result.code}`).toContain(result.code);
      expect(result.stdout).not.toMatch(/replaying/);
    }
  });

  for (const [runtime, [command, args]] of [['node', NODE_CLI], ['deno', DENO_CLI]] as const) {
    it(`replays the shipped sample as a real process on ${runtime}`, async () => {
      const child = spawnProcess(command, [
        ...args,
        'replay',
        'recordings/sample-tc.jsonl',
        '--speed',
        '1000',
        '--exit-at-end',
        '--port',
        '0',
        '--no-ui',
      ]);
      try {
        expect(await child.exited(30_000)).toBe(0);
        expect(child.stdout()).toMatch(
          /replaying Sample: a TrinityCore evening \(152 events, 10m 00s\) at 1000x/,
        );
        expect(child.stdout()).toMatch(/replay finished/);
      } finally {
        await child.stop();
      }
    });
  }
});
