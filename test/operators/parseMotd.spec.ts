import { beforeEach, describe, expect, it } from 'vitest';
import { lastValueFrom, of, toArray } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { parseMotd } from '../../src/operators/index.ts';
import { compileFormats } from '../../src/pipeline/formats/formatSet.ts';
import type { Motd, ParseOutput } from '../../src/pipeline/snapshots.ts';
import { createTestScheduler } from '../helpers/marbles.ts';
import { operatorCompliance } from '../helpers/operatorCompliance.ts';
import { fixture, okReply } from '../fixtures/soap/fixtures.ts';

const tc = compileFormats('trinitycore');
const ac = compileFormats('azerothcore');
const parse = async (text: string, formats = tc) =>
  await lastValueFrom(of(text).pipe(parseMotd({ realm: 'r', formats }), toArray()));
const snapshotOf = (outputs: ParseOutput<Motd>[]) => {
  expect(outputs.map((output) => output.kind)).toEqual(['snapshot']);
  return (outputs[0] as { snapshot: Motd }).snapshot;
};

describe('parseMotd (golden)', () => {
  it('reads the TrinityCore MOTD, keeping a multi-line text', async () => {
    expect(snapshotOf(await parse(fixture('tc', 'motd')))).toEqual({
      text: 'Welcome to a Trinity Core server.\nSecond line.',
    });
    expect(snapshotOf(await parse('Current Message of the day: \r\n'))).toEqual({ text: '' });
  });

  it('reads the AzerothCore per-locale MOTD', async () => {
    const motd = snapshotOf(await parse(fixture('ac', 'motd'), ac));
    expect(motd.text).toBe('Welcome to an AzerothCore server.');
    expect(Object.keys(motd.locales!)).toEqual([
      'enUS',
      'koKR',
      'frFR',
      'deDE',
      'zhCN',
      'zhTW',
      'esES',
      'esMX',
      'ruRU',
    ]);
    expect(motd.locales!.frFR).toBe('Bienvenue sur un serveur AzerothCore.');
  });

  it('reads the older AzerothCore MOTD (title, then the text) and multi-line locales', async () => {
    expect(snapshotOf(await parse('Current Message of the day: \nHello: world\n', ac))).toEqual({
      text: 'Hello: world',
    });
    const multi = snapshotOf(await parse('Current Message of the day:\nenUS: one\ntwo\n', ac));
    expect(multi).toEqual({ text: 'one\ntwo', locales: { enUS: 'one\ntwo' } });
  });

  it('reports output without the title line', async () => {
    const out = await parse('Welcome!\n');
    expect(out.map((o) => o.kind)).toEqual(['parse.error']);
    expect((out[0] as { event: { data: { raw: string } } }).event.data.raw).toBe('Welcome!');
  });
});

describe('parseMotd (marbles)', () => {
  let testScheduler: TestScheduler;
  beforeEach(() => (testScheduler = createTestScheduler()));

  it('emits a snapshot per reply', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('--a|', {
        a: okReply('server motd', 'Current Message of the day: \nHi', 2),
      });
      expectObservable(source.pipe(parseMotd({ realm: 'r', formats: tc }))).toBe('--A|', {
        A: { kind: 'snapshot', time: 2, command: 'server motd', snapshot: { text: 'Hi' } },
      });
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });
});

const snapshot: ParseOutput<Motd> = {
  kind: 'snapshot',
  time: 0,
  command: 'server motd',
  snapshot: { text: 'Hi' },
};
operatorCompliance('parseMotd', {
  operator: () => parseMotd({ realm: 'r', formats: tc }),
  values: { a: okReply('server motd', 'Current Message of the day:\nHi', 0) },
  single: { source: '-a|', expected: '-A|', expectedValues: { A: snapshot }, subscription: '^-!' },
  multiple: {
    source: 'a-a|',
    expected: 'A-A|',
    expectedValues: { A: snapshot },
    subscription: '^--!',
  },
});

describe('parseMotd (localised)', () => {
  it('reads a localised server through overrides', async () => {
    const de = compileFormats('trinitycore', { 'motd.title': 'Aktuelle Nachricht des Tages:' });
    expect(snapshotOf(await parse('Aktuelle Nachricht des Tages: \nWillkommen!\n', de)))
      .toEqual({ text: 'Willkommen!' });
  });
});
