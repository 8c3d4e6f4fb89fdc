import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, of, toArray } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseLogLine } from '../../src/operators/index.ts';
import { formatLogLine, startLogWriter } from '../../src/simulator/logWriter.ts';
import { populate } from '../../src/simulator/world/population.ts';
import type { SimFlavor } from '../../src/simulator/world/types.ts';
import { SimWorld } from '../../src/simulator/world/world.ts';

const T0 = Date.UTC(2025, 0, 13, 15, 2, 7);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rs-logwriter-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function world(flavor: SimFlavor) {
  let now = T0;
  const w = new SimWorld({ flavor, now: () => now });
  populate(w, { seed: 1, players: 0 });
  return { world: w, advance: (ms: number) => (now += ms) };
}

async function writeSession(flavor: SimFlavor) {
  const { world: w, advance } = world(flavor);
  const path = join(dir, 'Events.log');
  const writer = await startLogWriter(w, { path, utcOffsetMinutes: 0 });
  w.login('Thrall', { ip: '10.0.0.7' });
  advance(1000);
  w.login('Jaina');
  w.chat('Thrall', 'say', 'hello "there"');
  w.chat('Thrall', 'whisper', 'psst', { target: 'Jaina' });
  w.chat('Thrall', 'party', 'inc', { leader: 'Jaina' });
  w.chat('Jaina', 'raid', 'go', { leader: 'Jaina' });
  w.chat('Thrall', 'guild', 'hi guild'); // Thrall is in Horde Heroes
  w.chat('Thrall', 'officer', 'promote');
  w.chat('Thrall', 'channel', 'lfg', { channelName: 'General - Durotar' });
  w.chat('Thrall', 'channel', 'wts', { channelName: 'world' });
  w.chat('Thrall', 'emote', 'waves');
  w.chat('Thrall', 'yell', 'FOR THE HORDE');
  w.gmCommand('Thrall', 'additem 6948', 'Thrall');
  w.gmCommand('Thrall', 'gm on');
  w.soapCommand('server info', 'ADMIN', true);
  advance(1000);
  w.logout('Thrall');
  w.restart();
  await writer.close();
  return { text: await readFile(path, 'utf8'), writer };
}

describe('simulated log writer', () => {
  it('writes TrinityCore lines with the TC prefix that parseLogLine reads back', async () => {
    const { text, writer } = await writeSession('tc');
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^2025-01-13_15:02:07 INFO {2}\[entities\.player\.character\] Account: 1 \(IP: 10\.0\.0\.7\) Login Character:\[Thrall\] GUID Full: 0x[0-9A-F]{16} Type: Player Low: \d+ Level: \d+, XP: \d+\/\d+ \(\d+ left\)$/,
    );
    expect(lines).toContain(
      '2025-01-13_15:02:08 DEBUG [chat.log.say] Player Thrall says (language 1): hello "there"',
    );
    expect(lines).toContain(
      '2025-01-13_15:02:08 DEBUG [chat.log.whisper] Player Thrall tells Jaina: psst',
    );
    expect(lines).toContain(
      '2025-01-13_15:02:08 DEBUG [chat.log.raid] Leader player Jaina tells raid: go',
    );
    expect(lines).toContain(
      "2025-01-13_15:02:08 INFO  [network.soap] Received command 'server info'",
    );
    expect(lines.at(-2)).toBe('2025-01-13_15:02:09 INFO  [server.worldserver] Halting process...');
    expect(lines.at(-1)).toMatch(
      /^2025-01-13_15:02:09 INFO {2}\[server\.worldserver\] TrinityCore rev\. .* \(worldserver-daemon\) ready\.\.\.$/,
    );
    expect(writer.stats()).toEqual({ written: lines.length, dropped: 0 });

    const events = await lastValueFrom(
      of(...lines).pipe(parseLogLine({ realm: 'r', utcOffsetMinutes: 0 }), toArray()),
    );
    expect(events.map((e) => e.type)).toEqual([
      'player.login',
      'player.login',
      ...Array(10).fill('chat.message'),
      'gm.command',
      'gm.command',
      'player.logout',
      'player.logout', // Jaina, logged out by the restart, before the halt line
      'server.shutdown',
      'server.started',
    ]);
    expect(
      events.filter((e) => e.type === 'chat.message').map((e) =>
        (e.data as { channel: string }).channel
      ),
    )
      .toEqual([
        'say',
        'whisper',
        'party',
        'raid',
        'guild',
        'officer',
        'channel',
        'channel',
        'emote',
        'yell',
      ]);
    expect(events[0]).toMatchObject({
      time: T0,
      data: { character: 'Thrall', account: '1', ip: '10.0.0.7' },
    });
    expect(events[12].data).toMatchObject({ command: 'additem 6948', target: 'Thrall' });
    expect(events[13].data).not.toHaveProperty('target');
  });

  it('writes AzerothCore lines with the AC prefix that parseLogLine reads back', async () => {
    const { text } = await writeSession('ac');
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^2025-01-13 15:02:07 INFO \[entities\.player\] Account: 1 \(IP: 10\.0\.0\.7\) Login Character:\[Thrall\] \(GUID Full: 0x[0-9a-f]{16} Type: Player Low: \d+\) Level: \d+$/,
    );
    expect(lines).toContain(
      '2025-01-13 15:02:08 INFO [chat.whisper] Player Thrall whisper Jaina: psst',
    );
    expect(lines).toContain(
      '2025-01-13 15:02:08 INFO [chat.guild] Player Thrall tells guild "Horde Heroes": hi guild',
    );
    expect(lines).toContain(
      "2025-01-13 15:02:08 DEBUG [network.soap] Received command 'server info'",
    );
    const events = await lastValueFrom(
      of(...lines).pipe(parseLogLine({ realm: 'r', utcOffsetMinutes: 0 }), toArray()),
    );
    expect(events.filter((e) => e.type === 'chat.message')).toHaveLength(10);
    expect(events.find((e) => e.type === 'gm.command')?.data).toMatchObject({
      command: 'additem 6948',
      zoneName: expect.any(String),
      zone: expect.any(Number),
    });
    expect(events.at(-1)?.type).toBe('server.started');
  });

  it('truncates the file at a restart in mode w, like Server.log', async () => {
    const { world: w } = world('tc');
    const path = join(dir, 'Server.log');
    const writer = await startLogWriter(w, { path, mode: 'w', utcOffsetMinutes: 0 });
    w.login('Thrall');
    w.restart();
    w.login('Jaina');
    await writer.close();
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
    expect(lines.map((l) => l.replace(/^\S+ \S+ +\[[^\]]+\] /, ''))).toEqual([
      expect.stringMatching(/ready\.\.\.$/),
      expect.stringMatching(/^Account: \d+ \(IP: .*\) Login Character:\[Jaina\]/),
    ]);
  });

  it('formats partial prefixes (appender flags)', () => {
    const line = { time: T0, level: 'INFO' as const, type: 'commands.gm', text: 'Command: x' };
    expect(formatLogLine('tc', line, 1, 0)).toBe('2025-01-13_15:02:07 Command: x');
    expect(formatLogLine('ac', line, 6, 0)).toBe('INFO [commands.gm] Command: x');
    expect(formatLogLine('tc', line, 0, 0)).toBe('Command: x');
    expect(formatLogLine('tc', line, 3, 120)).toBe('2025-01-13_17:02:07 INFO  Command: x');
  });
});
