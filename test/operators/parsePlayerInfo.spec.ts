import { beforeEach, describe, expect, it } from 'vitest';
import { lastValueFrom, of, toArray } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { parsePlayerInfo } from '../../src/operators/index.ts';
import { compileFormats } from '../../src/pipeline/formats/formatSet.ts';
import type { ParseOutput, PlayerInfo } from '../../src/pipeline/snapshots.ts';
import { createTestScheduler } from '../helpers/marbles.ts';
import { operatorCompliance } from '../helpers/operatorCompliance.ts';
import { errorReply, fixture, okReply } from '../fixtures/soap/fixtures.ts';

const tc = compileFormats('trinitycore');
const ac = compileFormats('azerothcore');
const parse = async (text: string, formats = tc) =>
  await lastValueFrom(of(text).pipe(parsePlayerInfo({ realm: 'r', formats }), toArray()));
const snapshotOf = (outputs: ParseOutput<PlayerInfo>[]) => {
  expect(outputs.map((output) => output.kind)).toEqual(['snapshot']);
  return (outputs[0] as { snapshot: PlayerInfo }).snapshot;
};

describe('parsePlayerInfo (golden)', () => {
  it('reads a TrinityCore online player (box characters, max level, area, guild)', async () => {
    expect(snapshotOf(await parse(fixture('tc', 'pinfo-online')))).toEqual({
      character: 'Thrall',
      online: true,
      guid: 2,
      account: 'ADMIN',
      accountId: 1,
      gmLevel: 3,
      lastLogin: '2025-01-13 15:02:07',
      failedLogins: 0,
      os: 'Win',
      latencyMs: 42,
      registrationEmail: '',
      email: '',
      lastIp: '127.0.0.1',
      locked: false,
      level: 80,
      gender: 'Male',
      race: 'Orc',
      class: 'Shaman',
      alive: true,
      phase: 1,
      moneyCopper: 12_345_678,
      map: 'Kalimdor',
      zone: 'Durotar',
      area: 'Razor Hill',
      guild: { name: 'Horde Heroes', id: 1, rank: 'Guild Master' },
      playedSeconds: 93_600,
      mails: { read: 1, total: 3 },
    });
  });

  it('reads a TrinityCore offline player (level with XP, ban, unknown zone, two-word race)', async () => {
    expect(snapshotOf(await parse(fixture('tc', 'pinfo-offline')))).toEqual({
      character: 'Jaina',
      online: false,
      guid: 3,
      ban: { type: 'Character', reason: 'No reason given.', time: 'Permanently', by: 'ADMIN' },
      account: 'PLAYER2',
      accountId: 2,
      gmLevel: 0,
      lastLogin: '2025-01-12 09:00:00',
      failedLogins: 2,
      os: 'OSX',
      latencyMs: 0,
      registrationEmail: 'jaina@example.org',
      email: 'jaina@example.org',
      lastIp: '192.168.1.20',
      locked: true,
      level: 12,
      xp: 340,
      xpForLevel: 8800,
      gender: 'Female',
      race: 'Night Elf',
      class: 'Death Knight',
      alive: false,
      moneyCopper: 5,
      map: 'Eastern Kingdoms',
      zone: '<unknown>',
      playedSeconds: 0,
    });
  });

  it('reads an AzerothCore player (broken bar, GUID string, split account line, flags)', async () => {
    expect(snapshotOf(await parse(fixture('ac', 'pinfo-online'), ac))).toEqual({
      character: 'Thrall',
      online: true,
      guid: 2,
      account: 'ADMIN',
      accountId: 1,
      gmLevel: 3,
      accountFlags: ['ACCOUNT_FLAG_GM'],
      lastLogin: '2025-08-22 05:26:35',
      failedLogins: 0,
      os: 'Win',
      latencyMs: 42,
      registrationEmail: '',
      email: '',
      lastIp: '127.0.0.1',
      locked: false,
      level: 70,
      xp: 1200,
      xpForLevel: 150_000,
      gender: 'Male',
      race: 'Orc',
      class: 'Shaman',
      alive: true,
      phase: 1,
      moneyCopper: 120_304,
      map: 'Kalimdor',
      zone: 'Durotar',
      guild: {
        name: 'Horde Heroes',
        id: 1,
        rank: 'Guild Master',
        note: 'best shaman',
        officerNote: 'keep an eye',
      },
      playedSeconds: 93_784,
      mails: { read: 0, total: 2 },
    });
  });

  it('reads the AzerothCore account line printed on one line, and an offline player', async () => {
    const text = '¦ Player  (offline) Jaina (guid: GUID Full: 0x03 Type: Player Low: 3)\n' +
      '¦ Account: PLAYER2 (ID: 2), GMLevel: 0\n¦ Level: 80\n¦ GM Mode active, Phase: -1\n';
    expect(snapshotOf(await parse(text, ac))).toEqual({
      character: 'Jaina',
      online: false,
      guid: 3,
      account: 'PLAYER2',
      accountId: 2,
      gmLevel: 0,
      level: 80,
      gmMode: true,
    });
  });

  it('reports lines before the Player line and unknown lines', async () => {
    const out = await parse('│ Level: 80\n│Player  Thrall (guid: 2)\n│ Mood: happy\n');
    expect(out.map((o) => o.kind)).toEqual(['parse.error', 'snapshot']);
    expect((out[0] as { event: { data: { raw: string } } }).event.data.raw).toBe(
      '│ Level: 80\n│ Mood: happy',
    );
    expect((out[1] as { snapshot: PlayerInfo }).snapshot).toEqual({
      character: 'Thrall',
      online: true,
      guid: 2,
    });
  });

  it('reads a localised pinfo through overrides', async () => {
    const de = compileFormats('trinitycore', {
      'pinfo.player': '│Spieler {status} {character:word} (guid: {guid})',
      'pinfo.level': '│ Stufe: {level:int}',
      'pinfo.alive': '│ Lebendig ?: {alive}',
      'words.yes': 'Ja',
    });
    const text = '│Spieler  (offline) Thrall (guid: 2)\n│ Stufe: 80\n│ Lebendig ?: Ja\n';
    expect(snapshotOf(await parse(text, de))).toEqual({
      character: 'Thrall',
      online: false,
      guid: 2,
      level: 80,
      alive: true,
    });
  });
});

describe('parsePlayerInfo (marbles)', () => {
  let testScheduler: TestScheduler;
  beforeEach(() => (testScheduler = createTestScheduler()));

  it('emits snapshots, and a fault (unknown character) as parse.error + poll.failed', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-----f---|', {
        a: okReply('pinfo Thrall', '│Player  Thrall (guid: 2)\n│ Level: 80\n', 1),
        f: errorReply('pinfo Nobody', 'fault', "Character 'Nobody' does not exist.", 7),
      });
      expectObservable(source.pipe(parsePlayerInfo({ realm: 'r', formats: tc }))).toBe(
        '-a-----(ef)|',
        {
          a: {
            kind: 'snapshot',
            time: 1,
            command: 'pinfo Thrall',
            snapshot: { character: 'Thrall', online: true, guid: 2, level: 80 },
          },
          e: {
            kind: 'parse.error',
            time: 7,
            event: {
              realm: 'r',
              type: 'parse.error',
              time: 7,
              priority: 'low',
              source: 'soap',
              data: {
                parser: 'parsePlayerInfo',
                message: "'pinfo Nobody' failed",
                raw: "Character 'Nobody' does not exist.",
              },
            },
          },
          f: {
            kind: 'poll.failed',
            time: 7,
            command: 'pinfo Nobody',
            reason: 'fault',
            message: "Character 'Nobody' does not exist.",
          },
        },
      );
      expectSubscriptions(source.subscriptions).toBe('^----------!');
    });
  });
});

const reply = okReply('pinfo X', '│Player  X (guid: 9)', 0);
const snapshot: ParseOutput<PlayerInfo> = {
  kind: 'snapshot',
  time: 0,
  command: 'pinfo X',
  snapshot: { character: 'X', online: true, guid: 9 },
};
operatorCompliance('parsePlayerInfo', {
  operator: () => parsePlayerInfo({ realm: 'r', formats: tc }),
  values: { a: reply },
  single: { source: '-a|', expected: '-A|', expectedValues: { A: snapshot }, subscription: '^-!' },
  multiple: {
    source: '-a-a|',
    expected: '-A-A|',
    expectedValues: { A: snapshot },
    subscription: '^---!',
  },
});
