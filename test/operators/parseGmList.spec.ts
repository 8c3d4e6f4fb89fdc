import { beforeEach, describe, expect, it } from 'vitest';
import { lastValueFrom, of, toArray } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { parseGmList } from '../../src/operators/index.ts';
import { compileFormats } from '../../src/pipeline/formats/formatSet.ts';
import type { GmList, ParseOutput } from '../../src/pipeline/snapshots.ts';
import { createTestScheduler } from '../helpers/marbles.ts';
import { operatorCompliance } from '../helpers/operatorCompliance.ts';
import { fixture, okReply } from '../fixtures/soap/fixtures.ts';

const tc = compileFormats('trinitycore');
const ac = compileFormats('azerothcore');
const parse = async (text: string, formats = tc) =>
  await lastValueFrom(of(text).pipe(parseGmList({ realm: 'r', formats }), toArray()));
const snapshotOf = (outputs: ParseOutput<GmList>[]) => {
  expect(outputs.map((output) => output.kind)).toEqual(['snapshot']);
  return (outputs[0] as { snapshot: GmList }).snapshot;
};

describe('parseGmList (golden)', () => {
  it('reads TrinityCore gm list and gm ingame', async () => {
    expect(snapshotOf(await parse(fixture('tc', 'gm-list')))).toEqual({
      scope: 'accounts',
      gms: [{ name: 'ADMIN', gmLevel: 3 }, { name: 'GM', gmLevel: 2 }],
    });
    expect(snapshotOf(await parse(fixture('tc', 'gm-ingame')))).toEqual({
      scope: 'ingame',
      gms: [{ name: 'Thrall', gmLevel: 3 }],
    });
  });

  it('reads TrinityCore edge rows: a 15-character name, a 16-character one (255 spaces)', async () => {
    const text = `Current gamemasters:\n========================\n| ABCDEFGHIJKLMNO |   3  |\n` +
      `|ABCDEFGHIJKLMNOP${' '.repeat(255)}|   2  |\n========================\n`;
    expect(snapshotOf(await parse(text)).gms).toEqual([
      { name: 'ABCDEFGHIJKLMNO', gmLevel: 3 },
      { name: 'ABCDEFGHIJKLMNOP', gmLevel: 2 },
    ]);
  });

  it('reads AzerothCore rows that print padding numbers instead of the level', async () => {
    expect(snapshotOf(await parse(fixture('ac', 'gm-list'), ac))).toEqual({
      scope: 'accounts',
      gms: [{ name: 'ADMIN' }, { name: 'GM' }],
    });
    expect(snapshotOf(await parse(fixture('ac', 'gm-ingame'), ac))).toEqual({
      scope: 'ingame',
      gms: [{ name: 'Thrall' }],
    });
  });

  it('reads the empty answers of both commands', async () => {
    expect(snapshotOf(await parse('No gamemasters.'))).toEqual({ scope: 'accounts', gms: [] });
    expect(snapshotOf(await parse('There are no GMs currently logged in on this server.', ac)))
      .toEqual({ scope: 'ingame', gms: [] });
  });

  it('reports unknown lines', async () => {
    const out = await parse('Current gamemasters:\n?? ADMIN ??\n');
    expect(out.map((o) => o.kind)).toEqual(['parse.error', 'snapshot']);
  });
});

describe('parseGmList (marbles)', () => {
  let testScheduler: TestScheduler;
  beforeEach(() => (testScheduler = createTestScheduler()));

  it('emits one snapshot per reply', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-b|', {
        a: okReply('gm list', 'No gamemasters.', 1),
        b: okReply('gm ingame', fixture('tc', 'gm-ingame'), 3),
      });
      expectObservable(source.pipe(parseGmList({ realm: 'r', formats: tc }))).toBe('-A-B|', {
        A: {
          kind: 'snapshot',
          time: 1,
          command: 'gm list',
          snapshot: { scope: 'accounts', gms: [] },
        },
        B: {
          kind: 'snapshot',
          time: 3,
          command: 'gm ingame',
          snapshot: { scope: 'ingame', gms: [{ name: 'Thrall', gmLevel: 3 }] },
        },
      });
      expectSubscriptions(source.subscriptions).toBe('^---!');
    });
  });
});

const snapshot: ParseOutput<GmList> = {
  kind: 'snapshot',
  time: 0,
  command: 'gm list',
  snapshot: { scope: 'accounts', gms: [] },
};
operatorCompliance('parseGmList', {
  operator: () => parseGmList({ realm: 'r', formats: tc }),
  values: { a: okReply('gm list', 'No gamemasters.', 0) },
  single: { source: '-a|', expected: '-A|', expectedValues: { A: snapshot }, subscription: '^-!' },
  multiple: {
    source: 'a-a|',
    expected: 'A-A|',
    expectedValues: { A: snapshot },
    subscription: '^--!',
  },
});

describe('parseGmList (localised)', () => {
  it('reads a localised server through overrides', async () => {
    const de = compileFormats('trinitycore', {
      'gmList.accountsTitle': 'Aktuelle Spielleiter:',
      'gmList.accountsEmpty': 'Keine Spielleiter.',
      'gmList.ingameTitle': 'Folgende Spielleiter sind aktiv:',
    });
    const text = 'Aktuelle Spielleiter:\n========================\n' +
      '|    ADMIN        |   3  |\n========================\n';
    expect(snapshotOf(await parse(text, de))).toEqual({
      scope: 'accounts',
      gms: [{ name: 'ADMIN', gmLevel: 3 }],
    });
    expect(snapshotOf(await parse('Keine Spielleiter.', de))).toEqual({
      scope: 'accounts',
      gms: [],
    });
    // The English title is no longer known to this realm.
    expect((await parse(fixture('tc', 'gm-list'), de)).map((o) => o.kind)[0]).toBe('parse.error');
  });
});
