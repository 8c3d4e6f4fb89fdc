import { beforeEach, describe, expect, it } from 'vitest';
import { lastValueFrom, of, toArray } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { parseOnlineList } from '../../src/operators/index.ts';
import { compileFormats } from '../../src/pipeline/formats/formatSet.ts';
import type { OnlineList, OnlinePlayer, ParseOutput } from '../../src/pipeline/snapshots.ts';
import { createTestScheduler } from '../helpers/marbles.ts';
import { operatorCompliance } from '../helpers/operatorCompliance.ts';
import { errorReply, fixture, generateOnlineList, okReply } from '../fixtures/soap/fixtures.ts';

const tc = compileFormats('trinitycore');
const ac = compileFormats('azerothcore');
const parse = async (text: string, formats = tc) =>
  await lastValueFrom(of(text).pipe(parseOnlineList({ realm: 'r', formats }), toArray()));
const snapshotOf = (outputs: ParseOutput<OnlineList>[]) => {
  expect(outputs.map((output) => output.kind)).toEqual(['snapshot']);
  return (outputs[0] as { snapshot: OnlineList }).snapshot;
};
const player = (
  account: string,
  character: string,
  ip: string,
  map: number,
  zone: number,
  expansion: number,
  gmLevel: number,
): OnlinePlayer => ({ account, character, ip, map, zone, expansion, gmLevel });

describe('parseOnlineList (golden)', () => {
  it('reads TrinityCore padded rows: spaces and odd characters in account names, IPv6', async () => {
    expect(snapshotOf(await parse(fixture('tc', 'online-list')))).toEqual({
      complete: true,
      players: [
        player('ADMIN', 'Thrall', '127.0.0.1', 1, 14, 2, 3),
        player('PLAYER2', 'Jaina', '192.168.1.20', 0, 1519, 2, 0),
        player('MY ACCOUNT', 'Sylvanas', '2001:db8::7334', 571, 4395, 2, 0),
        player("O'Brien-[x]_9", 'Anduin', '::1', 0, 1519, 1, 1),
      ],
    });
  });

  it('reads AzerothCore unpadded rows and its <Error> row', async () => {
    expect(snapshotOf(await parse(fixture('ac', 'online-list'), ac))).toEqual({
      complete: true,
      players: [
        player('ADMIN', 'Thrall', '127.0.0.1', 1, 14, 2, 3),
        player('MY ACCOUNT', 'Sylvanas', '2001:db8::7334', 571, 4395, 2, 0),
        {
          account: '',
          character: 'Ghost',
          ip: '',
          map: -1,
          zone: -1,
          expansion: -1,
          gmLevel: -1,
          incomplete: true,
        },
      ],
    });
  });

  it('reads "No online players." as an empty, complete list (both flavours)', async () => {
    expect(snapshotOf(await parse(fixture('tc', 'online-list-empty')))).toEqual({
      players: [],
      complete: true,
    });
    expect(snapshotOf(await parse('No online players.\r\n', ac))).toEqual({
      players: [],
      complete: true,
    });
  });

  it('reads a generated 1000-player list', async () => {
    const { text, players } = generateOnlineList(1000);
    const list = snapshotOf(await parse(text));
    expect(list.complete).toBe(true);
    expect(list.players).toEqual(players);
  });

  it('reads a localised list through overrides', async () => {
    const fr = compileFormats('azerothcore', {
      'onlineList.title': '-=== Personnages en ligne ===-',
      'onlineList.header': '-[Compte][Personnage][IP][Carte][Zone][Ext][MJ]-',
      'onlineList.empty': 'Aucun joueur en ligne.',
    });
    const text =
      '-=== Personnages en ligne ===-\n-[Compte][Personnage][IP][Carte][Zone][Ext][MJ]-\n' +
      '-[ÉLODIE][Brûlenuit][::ffff:10.0.0.1][530][3487][1][0]-\n';
    expect(snapshotOf(await parse(text, fr))).toEqual({
      complete: true,
      players: [player('ÉLODIE', 'Brûlenuit', '::ffff:10.0.0.1', 530, 3487, 1, 0)],
    });
    expect(snapshotOf(await parse('Aucun joueur en ligne.', fr))).toEqual({
      complete: true,
      players: [],
    });
  });

  it('marks the list incomplete when a line is not understood, and reports it', async () => {
    const text = fixture('tc', 'online-list').replace(
      '-[         PLAYER2][       Jaina]',
      '-[         PLAYER2][       Jaina] broken',
    );
    const out = await parse(text);
    expect(out.map((o) => o.kind)).toEqual(['parse.error', 'snapshot']);
    const list = (out[1] as { snapshot: OnlineList }).snapshot;
    expect(list.complete).toBe(false);
    expect(list.players.map((p) => p.character)).toEqual(['Thrall', 'Sylvanas', 'Anduin']);
    const raw = (out[0] as { event: { data: { raw: string } } }).event.data.raw;
    expect(raw).toContain('broken');
  });

  it('emits no snapshot for output it does not recognise at all', async () => {
    const out = await parse('There is no such command\n');
    expect(out.map((o) => o.kind)).toEqual(['parse.error']);
  });
});

describe('parseOnlineList (marbles)', () => {
  let testScheduler: TestScheduler;
  beforeEach(() => (testScheduler = createTestScheduler()));

  it('emits a snapshot per reply and poll.failed for errors', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a--e--b-|', {
        a: okReply('account onlinelist', '-[A B][Thrall][::1][1][14][2][3]-', 1),
        e: errorReply('account onlinelist', 'unreachable', 'connect ECONNREFUSED', 4),
        b: okReply('account onlinelist', 'No online players.', 7),
      });
      const result = source.pipe(parseOnlineList({ realm: 'r', formats: ac }));
      expectObservable(result).toBe('-A--E--B-|', {
        A: {
          kind: 'snapshot',
          time: 1,
          command: 'account onlinelist',
          snapshot: { players: [player('A B', 'Thrall', '::1', 1, 14, 2, 3)], complete: true },
        },
        E: {
          kind: 'poll.failed',
          time: 4,
          command: 'account onlinelist',
          reason: 'unreachable',
          message: 'connect ECONNREFUSED',
        },
        B: {
          kind: 'snapshot',
          time: 7,
          command: 'account onlinelist',
          snapshot: { players: [], complete: true },
        },
      });
      expectSubscriptions(source.subscriptions).toBe('^--------!');
    });
  });
});

const empty = okReply('account onlinelist', 'No online players.', 0);
const emptySnapshot: ParseOutput<OnlineList> = {
  kind: 'snapshot',
  time: 0,
  command: 'account onlinelist',
  snapshot: { players: [], complete: true },
};
operatorCompliance('parseOnlineList', {
  operator: () => parseOnlineList({ realm: 'r', formats: tc }),
  values: { a: empty },
  single: {
    source: '-a|',
    expected: '-A|',
    expectedValues: { A: emptySnapshot },
    subscription: '^-!',
  },
  multiple: {
    source: 'a-a|',
    expected: 'A-A|',
    expectedValues: { A: emptySnapshot },
    subscription: '^--!',
  },
});
