import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstValueFrom } from 'rxjs';
import { cassetteTransport, loadCassette } from '../../src/pipeline/recording/cassette.ts';
import { makeHeader } from '../../src/pipeline/recording/format.ts';
import { loadRecording } from '../../src/pipeline/recording/recording.ts';
import { writeRecording } from '../../src/pipeline/recording/writeFile.ts';
import { HOSTILE_IDS, login, tempDir } from '../helpers/recordings.ts';
import { runInProcess, runToEnd } from '../helpers/recordingCli.ts';

describe('realmstream record', () => {
  let tmp: { dir: string; cleanup(): void };
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  it("--cassette also records each realm's SOAP exchanges, credentials removed", async () => {
    writeFileSync(
      join(tmp.dir, 'sim.json'),
      JSON.stringify({
        realms: [{
          id: 'w1',
          flavor: 'azerothcore',
          simulate: { players: 2, lively: false },
          poll: { intervalMs: 200 },
        }],
      }),
    );
    const run = runInProcess(
      [
        'record',
        ...['--config', 'sim.json', '--port', '0', '--no-ui', '--dir', 'recs'],
        ...['--id', 'taped', '--cassette'],
      ],
      tmp.dir,
    );
    await run.waitFor(/recording taped to/);
    await run.waitFor(/dashboard: /);
    // Long enough for a few polls of both commands.
    await new Promise((resolve) => setTimeout(resolve, 900));
    run.stop();
    expect(await run.exit).toBe(0);
    const path = join(tmp.dir, 'recs', 'taped.w1.cassette.jsonl');
    expect(run.stdout()).toContain(`to ${path}`);
    const text = readFileSync(path, 'utf8');
    expect(text).not.toMatch(/REALMSTREAM/); // the simulated realm's account name is scrubbed
    const cassette = await loadCassette(path);
    expect(cassette).toMatchObject({ realm: 'w1', flavor: 'azerothcore' });
    const commands = new Set(cassette.exchanges.map((exchange) => exchange.command));
    expect(commands).toEqual(new Set(['server info', 'account onlinelist']));
    // The tape replays through the real client and parser.
    const reply = await firstValueFrom(cassetteTransport(cassette)('server info'));
    expect(reply).toMatch(/AzerothCore rev\./);
  });

  it('records everything the hub publishes until Ctrl+C, then prints a summary', async () => {
    // Something to publish: a recording played into the hub through the player API.
    await writeRecording(makeHeader({ id: 'source', name: 'source', startTime: 0 }), [
      { t: 0, event: login('Anna', 1) },
      { t: 20, event: login('Bert', 2) },
    ], { dir: join(tmp.dir, 'recs') });
    // No realms: the only events are the ones the player publishes.
    writeFileSync(join(tmp.dir, 'no-realms.json'), '{"realms":[]}');
    const run = runInProcess(
      [
        'record',
        ...['--config', 'no-realms.json', '--port', '0', '--no-ui', '--dir', 'recs'],
        ...['--name', 'Test run', '--id', 'capture', '--tag', 'ci'],
      ],
      tmp.dir,
    );
    await run.waitFor(/recording capture to .*recs\/capture\.jsonl/);
    const [, url, token] = await run.waitFor(
      /dashboard: (http:\/\/127\.0\.0\.1:\d+)\/#token=([\w-]+)/,
    );
    const played = await fetch(`${url}/api/recordings/source/play`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"speed":16}',
    });
    expect(played.status).toBe(200);
    for (let i = 0; i < 200; i++) {
      const player =
        await (await fetch(`${url}/api/player`, { headers: { authorization: `Bearer ${token}` } }))
          .json();
      if (player.player?.state.ended) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    run.stop();
    expect(await run.exit).toBe(0);
    expect(run.stdout()).toMatch(/recorded 2 events in .* \(manual\) to capture\n/);
    const rec = await loadRecording(join(tmp.dir, 'recs', 'capture.jsonl'));
    expect(rec.header).toMatchObject({ name: 'Test run', tags: ['ci'] });
    expect(rec.events.map((e) => [e.event.source, e.event.data])).toEqual([
      ['replay', { character: 'Anna' }],
      ['replay', { character: 'Bert' }],
    ]);
    expect(rec.markers.map((m) => m.marker)).toEqual([
      { kind: 'start', reason: 'cli' },
      { kind: 'stop', reason: 'manual', events: 2, dropped: 0 },
    ]);
    const summary = JSON.parse(readFileSync(join(tmp.dir, 'recs', 'capture.summary.json'), 'utf8'));
    expect(summary).toMatchObject({ events: 2, stopReason: 'manual' });
  });

  it('records the configured realms from their first poll, stops after --duration, gzip by flag', async () => {
    // No config: the embedded default, one simulated realm polled by the gateway.
    const result = await runToEnd(
      ['record', '--port', '0', '--no-ui', '--dir', 'recs', '--duration', '2s', '--gzip'],
      tmp.dir,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/recorded [1-9]\d* events in \S+ \(manual\)/);
    const files = readdirSync(join(tmp.dir, 'recs'));
    const file = files.find((name) => name.endsWith('.jsonl.gz'));
    expect(files.some((name) => name.endsWith('.summary.json'))).toBe(true);
    const rec = await loadRecording(join(tmp.dir, 'recs', file as string));
    // The recording started before the realm was connected: its very first events are in it.
    expect(rec.events[0].event.type).toBe('server.up');
    expect(rec.events.some((entry) => entry.event.type === 'realm.roster')).toBe(true);
  });

  it('refuses bad flags, hostile ids and existing ids', async () => {
    for (const id of HOSTILE_IDS.filter((id) => id !== '')) {
      const result = await runToEnd([
        'record',
        '--port',
        '0',
        '--no-ui',
        '--dir',
        'recs',
        '--id',
        id,
      ], tmp.dir);
      expect(result.code, JSON.stringify(id)).toBe(2);
      expect(result.stderr).toMatch(/recording id|argument is ambiguous/);
    }
    expect(readdirSync(tmp.dir)).toEqual([]); // nothing created anywhere
    for (const args of [['--duration', 'forever'], ['--max-events', '0'], ['--max-bytes', '10']]) {
      expect((await runToEnd(['record', '--port', '0', '--no-ui', ...args], tmp.dir)).code).toBe(2);
    }
    writeFileSync(join(tmp.dir, 'taken.jsonl'), 'x');
    const taken = await runToEnd(
      ['record', '--port', '0', '--no-ui', '--dir', '.', '--id', 'taken', '--duration', '10'],
      tmp.dir,
    );
    expect(taken).toMatchObject({ code: 1, stderr: expect.stringMatching(/already exists/) });
    expect(readFileSync(join(tmp.dir, 'taken.jsonl'), 'utf8')).toBe('x');
  });
});
