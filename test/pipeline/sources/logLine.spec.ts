import { describe, expect, it } from 'vitest';
import {
  type LogRecord,
  parseLogMessage,
  splitLogPrefix,
  stampToTime,
} from '../../../src/pipeline/sources/logLine.ts';

describe('log prefix', () => {
  it('reads the TrinityCore prefix (underscore, padded level, logger)', () => {
    expect(
      splitLogPrefix(
        '2025-01-13_15:02:07 INFO  [chat.log.say] Player Thrall says (language 1): hello',
      ),
    ).toEqual({
      stamp: { year: 2025, month: 1, day: 13, hour: 15, minute: 2, second: 7 },
      level: 'INFO',
      logger: 'chat.log.say',
      message: 'Player Thrall says (language 1): hello',
    });
  });

  it('reads the AzerothCore prefix (space, unpadded level)', () => {
    expect(
      splitLogPrefix('2025-08-22 05:26:35 INFO [chat.say] Player Thrall says (language 1): hi'),
    )
      .toEqual({
        stamp: { year: 2025, month: 8, day: 22, hour: 5, minute: 26, second: 35 },
        level: 'INFO',
        logger: 'chat.say',
        message: 'Player Thrall says (language 1): hi',
      });
  });

  it('reads partial prefixes (only some appender flags) and none', () => {
    expect(splitLogPrefix('2025-01-13_15:02:07 Command: x')).toMatchObject({
      stamp: { second: 7 },
      message: 'Command: x',
    });
    expect(splitLogPrefix('DEBUG [chat.log.say] Player A emotes: waves')).toEqual({
      level: 'DEBUG',
      logger: 'chat.log.say',
      message: 'Player A emotes: waves',
    });
    expect(splitLogPrefix('[commands.gm] Command: x')).toEqual({
      logger: 'commands.gm',
      message: 'Command: x',
    });
    expect(splitLogPrefix('Halting process...')).toEqual({ message: 'Halting process...' });
  });

  it('converts the prefix time in a fixed offset or in the local zone', () => {
    const stamp = { year: 2025, month: 1, day: 13, hour: 15, minute: 2, second: 7 };
    expect(stampToTime(stamp, 0)).toBe(Date.UTC(2025, 0, 13, 15, 2, 7));
    expect(stampToTime(stamp, 120)).toBe(Date.UTC(2025, 0, 13, 13, 2, 7));
    expect(stampToTime(stamp)).toBe(new Date(2025, 0, 13, 15, 2, 7).getTime());
    expect(stampToTime({ ...stamp, month: 13 })).toBeUndefined();
    expect(stampToTime({ ...stamp, hour: 24 })).toBeUndefined();
  });
});

type Chat = Extract<LogRecord, { kind: 'chat' }>['data'];

describe('chat lines', () => {
  const cases: Array<[string, string, string | undefined, Chat]> = [
    [
      'TC/AC say',
      'Player Thrall says (language 1): hello: world',
      'chat.log.say',
      { channel: 'say', character: 'Thrall', language: 1, text: 'hello: world' },
    ],
    [
      'TC/AC yell',
      'Player Thrall yells (language 7): FOR THE HORDE',
      'chat.yell',
      { channel: 'yell', character: 'Thrall', language: 7, text: 'FOR THE HORDE' },
    ],
    [
      'TC emote',
      'Player Thrall emotes: waves',
      'chat.log.emote',
      { channel: 'emote', character: 'Thrall', text: 'waves' },
    ],
    [
      'AC emote with language',
      'Player Thrall emotes (language 0): waves',
      'chat.emote',
      { channel: 'emote', character: 'Thrall', language: 0, text: 'waves' },
    ],
    [
      'TC whisper',
      'Player Thrall tells Jaina: hi there',
      'chat.log.whisper',
      { channel: 'whisper', character: 'Thrall', target: 'Jaina', text: 'hi there' },
    ],
    [
      'TC whisper to an unknown receiver',
      'Player Thrall tells <unknown>: hi',
      'chat.log.whisper',
      { channel: 'whisper', character: 'Thrall', text: 'hi' },
    ],
    [
      'AC whisper',
      'Player Thrall whisper Jaina: hi',
      'chat.whisper',
      { channel: 'whisper', character: 'Thrall', target: 'Jaina', text: 'hi' },
    ],
    [
      'TC party',
      'Player Thrall tells group with leader Jaina: inc',
      'chat.log.party',
      { channel: 'party', character: 'Thrall', leader: 'Jaina', text: 'inc' },
    ],
    [
      'TC party leader',
      'Leader Jaina tells group: pull',
      'chat.log.party',
      { channel: 'party', character: 'Jaina', leader: 'Jaina', text: 'pull' },
    ],
    [
      'TC raid',
      'Player Thrall tells raid with leader Jaina: ready',
      'chat.log.raid',
      { channel: 'raid', character: 'Thrall', leader: 'Jaina', text: 'ready' },
    ],
    [
      'TC raid leader',
      'Leader player Jaina tells raid: go',
      'chat.log.raid',
      { channel: 'raid', character: 'Jaina', leader: 'Jaina', text: 'go' },
    ],
    [
      'TC raid warning',
      'Leader player Jaina warns raid with: MOVE',
      'chat.log.raid',
      { channel: 'raid_warning', character: 'Jaina', text: 'MOVE' },
    ],
    [
      'old AC raid warning',
      'Leader player Jaina sends raid warning: MOVE',
      undefined,
      { channel: 'raid_warning', character: 'Jaina', text: 'MOVE' },
    ],
    [
      'TC battleground',
      'Player Thrall tells battleground with leader Jaina: def farm',
      'chat.log.bg',
      { channel: 'battleground', character: 'Thrall', leader: 'Jaina', text: 'def farm' },
    ],
    [
      'TC battleground leader',
      'Leader player Jaina tells battleground: cap',
      'chat.log.bg',
      { channel: 'battleground', character: 'Jaina', leader: 'Jaina', text: 'cap' },
    ],
    [
      'AC party',
      'Player Thrall tells party with leader Jaina: inc',
      'chat.party',
      { channel: 'party', character: 'Thrall', leader: 'Jaina', text: 'inc' },
    ],
    [
      'AC party leader',
      'Leader player Jaina tells party with leader Jaina: pull',
      'chat.party',
      { channel: 'party', character: 'Jaina', leader: 'Jaina', text: 'pull' },
    ],
    [
      'AC raid warning',
      'Player Jaina sends raid warning raid with leader Jaina: MOVE',
      'chat.raid',
      { channel: 'raid_warning', character: 'Jaina', leader: 'Jaina', text: 'MOVE' },
    ],
    [
      'AC battleground',
      'Player Thrall tells bg with leader Jaina: def',
      'chat.bg',
      { channel: 'battleground', character: 'Thrall', leader: 'Jaina', text: 'def' },
    ],
    [
      'TC guild',
      'Player Thrall tells guild Horde Heroes: hi all',
      'chat.log.guild',
      { channel: 'guild', character: 'Thrall', guild: 'Horde Heroes', text: 'hi all' },
    ],
    [
      'TC guild officer',
      'Player Thrall tells guild Horde Heroes officers: promote',
      'chat.log.guild.officer',
      { channel: 'officer', character: 'Thrall', guild: 'Horde Heroes', text: 'promote' },
    ],
    [
      'TC officer chat without a prefix',
      'Player Thrall tells guild Horde Heroes officers: promote',
      undefined,
      { channel: 'officer', character: 'Thrall', guild: 'Horde Heroes', text: 'promote' },
    ],
    [
      'TC guild named "... officers" (the logger disambiguates)',
      'Player Thrall tells guild The officers: hi',
      'chat.log.guild',
      { channel: 'guild', character: 'Thrall', guild: 'The officers', text: 'hi' },
    ],
    [
      'AC guild',
      'Player Thrall tells guild "Horde Heroes": hi: all',
      'chat.guild',
      { channel: 'guild', character: 'Thrall', guild: 'Horde Heroes', text: 'hi: all' },
    ],
    [
      'AC guild officer',
      'Player Thrall tells guild.officer "Horde Heroes": promote',
      'chat.guild.officer',
      { channel: 'officer', character: 'Thrall', guild: 'Horde Heroes', text: 'promote' },
    ],
    [
      'system channel',
      'Player Thrall tells channel General - Durotar: lfg',
      'chat.log.system',
      { channel: 'channel', character: 'Thrall', channelName: 'General - Durotar', text: 'lfg' },
    ],
    [
      'custom channel',
      'Player Thrall tells channel world: wts: stuff',
      'chat.channel.world',
      { channel: 'channel', character: 'Thrall', channelName: 'world', text: 'wts: stuff' },
    ],
    [
      'TC addon message',
      'Player Thrall tells group with leader Jaina: DBM\tver',
      'chat.log.addon.party',
      { channel: 'party', character: 'Thrall', leader: 'Jaina', text: 'DBM\tver', addon: true },
    ],
    [
      'AC addon message',
      'Player Thrall whisper Jaina: prefix\tdata',
      'chat.addon.whisper',
      {
        channel: 'whisper',
        character: 'Thrall',
        target: 'Jaina',
        text: 'prefix\tdata',
        addon: true,
      },
    ],
    [
      'non-ASCII names and an empty text',
      'Player Ærwyn says (language 7): ',
      undefined,
      { channel: 'say', character: 'Ærwyn', language: 7, text: '' },
    ],
  ];
  for (const [name, message, logger, expected] of cases) {
    it(name, () => {
      expect(parseLogMessage(message, logger)).toEqual({ kind: 'chat', data: expected });
    });
  }

  it('ignores Player lines of other formats', () => {
    expect(parseLogMessage('Player Thrall did something else')).toBeUndefined();
    expect(parseLogMessage('Leader of the pack')).toBeUndefined();
  });
});

describe('GM command lines', () => {
  it('parses the TrinityCore format (zone name only)', () => {
    const message =
      'Command: additem 6948 [Player: Thrall (GUID Full: 0x0000000000000002 Type: Player Low: 2) (Account: 1) X: 340.29 Y: -4686.47 Z: 16.4599 Map: 1 (Kalimdor) Area: 362 (Razor Hill) Zone: Durotar Selected: Thrall (GUID Full: 0x0000000000000002 Type: Player Low: 2)]';
    expect(parseLogMessage(message, 'commands.gm')).toEqual({
      kind: 'gm',
      data: {
        command: 'additem 6948',
        character: 'Thrall',
        account: '1',
        position: { x: 340.29, y: -4686.47, z: 16.4599 },
        map: 1,
        mapName: 'Kalimdor',
        area: 362,
        areaName: 'Razor Hill',
        zoneName: 'Durotar',
        target: 'Thrall',
      },
    });
  });

  it('parses the AzerothCore format (zone id and name), no selection, odd command text', () => {
    const message =
      'Command: announce [Player: x] (y) [Player: Jaina (GUID Full: 0x00000000000000a1 Type: Player Low: 161) (Account: 5) X: -8949.95 Y: -132.493 Z: 83.5312 Map: 0 (Eastern Kingdoms) Area: 9 (Northshire Valley) Zone: 12 (Elwynn Forest) Selected:  (GUID Full: 0x0000000000000000 Type: Player Low: 0)]';
    expect(parseLogMessage(message)).toEqual({
      kind: 'gm',
      data: {
        command: 'announce [Player: x] (y)',
        character: 'Jaina',
        account: '5',
        position: { x: -8949.95, y: -132.493, z: 83.5312 },
        map: 0,
        mapName: 'Eastern Kingdoms',
        area: 9,
        areaName: 'Northshire Valley',
        zone: 12,
        zoneName: 'Elwynn Forest',
      },
    });
  });

  it('keeps a creature target and an Unknown map', () => {
    const message =
      'Command: die [Player: Thrall (GUID Full: 0x0000000000000002 Type: Player Low: 2) (Account: 1) X: 1 Y: 2 Z: 3 Map: 999 (Unknown) Area: 0 (Unknown) Zone: Unknown Selected: Hogger (GUID Full: 0xF130000001000020 Type: Creature Entry: 448 Low: 32)]';
    expect(parseLogMessage(message)).toMatchObject({
      kind: 'gm',
      data: { command: 'die', mapName: 'Unknown', zoneName: 'Unknown', target: 'Hogger' },
    });
  });

  it('ignores truncated or malformed command lines', () => {
    expect(parseLogMessage('Command: additem 6948 [Player: Thrall (GUID Full: 0x02'))
      .toBeUndefined();
    expect(parseLogMessage('Command: additem 6948')).toBeUndefined();
    expect(
      parseLogMessage(
        'Command:  [Player: T (GUID Full: 0x0 Type: Player Low: 2) (Account: 1) X: 1 Y: 2 Z: 3 Map: 1 (K) Area: 2 (A) Zone: Z Selected:  (GUID Full: 0x0 Type: Player Low: 0)]',
      ),
    ).toBeUndefined();
  });
});

describe('login, logout, startup and halt lines', () => {
  it('parses TrinityCore character login and logout', () => {
    expect(
      parseLogMessage(
        'Account: 1 (IP: 127.0.0.1) Login Character:[Thrall] GUID Full: 0x0000000000000002 Type: Player Low: 2 Level: 80, XP: 0/0 (0 left)',
      ),
    ).toEqual({
      kind: 'login',
      data: { character: 'Thrall', account: '1', level: 80, ip: '127.0.0.1' },
    });
    expect(
      parseLogMessage(
        'Account: 1 (IP: 127.0.0.1) Logout Character:[Thrall] GUID Full: 0x0000000000000002 Type: Player Low: 2 Level: 80, XP: 10/400 (390 left)',
      ),
    ).toEqual({ kind: 'logout', data: { character: 'Thrall', account: '1' } });
  });

  it('parses AzerothCore character login and logout', () => {
    expect(
      parseLogMessage(
        'Account: 7 (IP: 10.0.0.5) Login Character:[Jaina] (GUID Full: 0x00000000000000a1 Type: Player Low: 161) Level: 12',
      ),
    ).toEqual({
      kind: 'login',
      data: { character: 'Jaina', account: '7', level: 12, ip: '10.0.0.5' },
    });
    expect(
      parseLogMessage(
        'Account: 7 (IP: 10.0.0.5) Logout Character:[Jaina] (GUID Full: 0x00000000000000a1 Type: Player Low: 161) Level: 12',
      ),
    ).toEqual({ kind: 'logout', data: { character: 'Jaina', account: '7' } });
  });

  it('ignores other character lines', () => {
    expect(parseLogMessage('Account: 1 (IP: 127.0.0.1) Create Character: Bob GUID Full: 0x1'))
      .toBeUndefined();
  });

  it('parses the ready and halt lines', () => {
    const ready =
      'TrinityCore rev. 1a2b3c4d5e6f 2025-01-01 12:00:00 +0000 (3.3.5 branch) (Unix, RelWithDebInfo, Static) (worldserver-daemon) ready...';
    expect(parseLogMessage(ready)).toEqual({ kind: 'started', message: ready });
    expect(parseLogMessage('Halting process...')).toEqual({
      kind: 'shutdown',
      message: 'Halting process...',
    });
  });

  it('ignores everything else', () => {
    for (
      const line of [
        '',
        'World initialized in 0 minutes 5 seconds',
        'Using configuration file worldserver.conf.',
        'Update time diff: 51ms with 3 players online',
      ]
    ) {
      expect(parseLogMessage(line)).toBeUndefined();
    }
  });
});
