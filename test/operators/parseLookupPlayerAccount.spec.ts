import { beforeEach, describe, expect, it } from 'vitest';
import { lastValueFrom, of, toArray } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { parseLookupPlayerAccount } from '../../src/operators/index.ts';
import { compileFormats } from '../../src/pipeline/formats/formatSet.ts';
import type { AccountCharacters, ParseOutput } from '../../src/pipeline/snapshots.ts';
import { createTestScheduler } from '../helpers/marbles.ts';
import { operatorCompliance } from '../helpers/operatorCompliance.ts';
import { errorReply, fixture, okReply } from '../fixtures/soap/fixtures.ts';

const tc = compileFormats('trinitycore');
const ac = compileFormats('azerothcore');
const parse = async (text: string, formats = tc) =>
  await lastValueFrom(of(text).pipe(parseLookupPlayerAccount({ realm: 'r', formats }), toArray()));
const snapshotOf = (outputs: ParseOutput<AccountCharacters>[]) => {
  expect(outputs.map((output) => output.kind)).toEqual(['snapshot']);
  return (outputs[0] as { snapshot: AccountCharacters }).snapshot;
};

describe('parseLookupPlayerAccount (golden)', () => {
  it('reads TrinityCore rows (online marker, offline trailing space)', async () => {
    expect(snapshotOf(await parse(fixture('tc', 'lookup')))).toEqual({
      account: 'ADMIN',
      accountId: 1,
      characters: [
        { name: 'Thrall', guid: 2, online: true },
        { name: 'Jaina', guid: 3, online: false },
      ],
    });
  });

  it('reads a TrinityCore offline row whose trailing space was stripped', async () => {
    const text = 'Characters at account ADMIN (Id: 1)\n  Jaina (GUID 3)';
    expect(snapshotOf(await parse(text)).characters).toEqual([
      { name: 'Jaina', guid: 3, online: false },
    ]);
  });

  it('reads AzerothCore detailed and plain rows and the result limit', async () => {
    expect(snapshotOf(await parse(fixture('ac', 'lookup'), ac))).toEqual({
      account: 'ADMIN',
      accountId: 1,
      limitReached: 3,
      characters: [
        { name: 'Thrall', guid: 2, online: true, race: 'Orc', class: 'Shaman', level: 80 },
        {
          name: 'Jaina',
          guid: 3,
          online: false,
          race: 'Night Elf',
          class: 'Death Knight',
          level: 80,
        },
        { name: 'Newbie', guid: 9, online: false },
      ],
    });
  });

  it('reports rows that come before the title', async () => {
    const out = await parse('  Thrall (GUID 2) (online)\n');
    expect(out.map((o) => o.kind)).toEqual(['parse.error']);
  });
});

describe('parseLookupPlayerAccount (marbles)', () => {
  let testScheduler: TestScheduler;
  beforeEach(() => (testScheduler = createTestScheduler()));

  it('turns "No players found!" (a fault) into parse.error and poll.failed', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('-f---|', {
        f: errorReply('lookup player account X', 'fault', 'No players found!', 1),
      });
      expectObservable(source.pipe(parseLookupPlayerAccount({ realm: 'r', formats: tc }))).toBe(
        '-(ab)|',
        {
          a: {
            kind: 'parse.error',
            time: 1,
            event: {
              realm: 'r',
              type: 'parse.error',
              time: 1,
              priority: 'low',
              source: 'soap',
              data: {
                parser: 'parseLookupPlayerAccount',
                message: "'lookup player account X' failed",
                raw: 'No players found!',
              },
            },
          },
          b: {
            kind: 'poll.failed',
            time: 1,
            command: 'lookup player account X',
            reason: 'fault',
            message: 'No players found!',
          },
        },
      );
    });
  });
});

const text = 'Characters at account A (Id: 4)';
const snapshot: ParseOutput<AccountCharacters> = {
  kind: 'snapshot',
  time: 0,
  command: 'lookup player account A',
  snapshot: { account: 'A', accountId: 4, characters: [] },
};
operatorCompliance('parseLookupPlayerAccount', {
  operator: () => parseLookupPlayerAccount({ realm: 'r', formats: tc }),
  values: { a: okReply('lookup player account A', text, 0) },
  single: { source: '-a|', expected: '-A|', expectedValues: { A: snapshot }, subscription: '^-!' },
  multiple: {
    source: 'a-a|',
    expected: 'A-A|',
    expectedValues: { A: snapshot },
    subscription: '^--!',
  },
});

describe('parseLookupPlayerAccount (localised)', () => {
  it('reads a localised server through overrides', async () => {
    const de = compileFormats('trinitycore', {
      'lookup.title': 'Charaktere des Kontos {account} (Id: {accountId:int})',
      'lookup.characterStatus': '{name:word} (GUID {guid:int}) {online}',
    });
    const text = 'Charaktere des Kontos ADMIN (Id: 1)\n  Thrall (GUID 2) (online)\n';
    expect(snapshotOf(await parse(text, de))).toEqual({
      account: 'ADMIN',
      accountId: 1,
      characters: [{ name: 'Thrall', guid: 2, online: true }],
    });
  });
});
