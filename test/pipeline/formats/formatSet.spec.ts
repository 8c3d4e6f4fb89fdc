import { describe, expect, it } from 'vitest';
import { compileFormats, formatTable } from '../../../src/pipeline/formats/formatSet.ts';
import { FormatError } from '../../../src/pipeline/formats/template.ts';

describe('compileFormats', () => {
  it('compiles both built-in tables', () => {
    for (const flavor of ['trinitycore', 'azerothcore'] as const) {
      const formats = compileFormats(flavor);
      expect(formats.flavor).toBe(flavor);
      expect(Object.keys(formatTable(flavor)).length).toBeGreaterThan(40);
    }
  });

  it('matches the first template of a group, in table order, with converted values', () => {
    const tc = compileFormats('trinitycore');
    expect(tc.match('pinfo', '│ Map: Kalimdor, Zone: Durotar, Area: Razor Hill')).toEqual({
      id: 'pinfo.mapArea',
      values: { map: 'Kalimdor', zone: 'Durotar', area: 'Razor Hill' },
    });
    expect(tc.match('serverInfo', 'Server uptime: 2 Hours 14 Minutes 7 Seconds.')).toEqual({
      id: 'serverInfo.uptime',
      values: { uptime: 8047 },
    });
    expect(tc.match('serverInfo', 'Online players: 3 (max: 5)')?.values).toEqual({
      players: 3,
      maxPlayers: 5,
    });
    expect(tc.match('serverInfo', 'Server uptime: forever')).toBeUndefined();
    expect(tc.match('nosuchgroup', 'anything')).toBeUndefined();
  });

  it('applies overrides by id (a localised server), in any word order', () => {
    const de = compileFormats('trinitycore', {
      'serverInfo.players': 'Spieler online: {players:int} (Maximum: {maxPlayers:int})',
      'serverInfo.connections':
        'Warteschlange: {queued:int} (max: {maxQueued:int}) Verbindungen: {active:int} (max: {maxActive:int})',
      'duration.hours': 'Stunde|Stunden|h',
      'words.yes': 'Ja',
    });
    expect(de.match('serverInfo', 'Spieler online: 7 (Maximum: 9)')?.values).toEqual({
      players: 7,
      maxPlayers: 9,
    });
    expect(de.match('serverInfo', 'Online players: 7 (max: 9)')).toBeUndefined();
    expect(
      de.match('serverInfo', 'Warteschlange: 1 (max: 2) Verbindungen: 3 (max: 4)')?.values,
    ).toEqual({ queued: 1, maxQueued: 2, active: 3, maxActive: 4 });
    expect(de.durationSeconds('2 Stunden')).toBe(7200);
    expect(de.isYes('ja')).toBe(true);
    expect(de.isYes('Yes')).toBe(false);
  });

  it('rejects unknown ids, bad templates, unknown placeholders and type changes, all at once', () => {
    let error: FormatError | undefined;
    try {
      compileFormats('azerothcore', {
        'serverInfo.nope': 'x',
        'serverInfo.peak': 'Peak {peak:int} {bogus}',
        'serverInfo.uptime': 'Uptime {uptime:int}',
        'pinfo.level': 'Level {level:int',
        'words.yes': ' | ',
      });
    } catch (caught) {
      error = caught as FormatError;
    }
    expect(error).toBeInstanceOf(FormatError);
    expect(error!.problems).toEqual([
      'serverInfo.nope: unknown format id for azerothcore',
      "serverInfo.peak: unknown placeholder 'bogus' (this entry has: peak)",
      "serverInfo.uptime: placeholder 'uptime' must be of type duration",
      expect.stringMatching(/^pinfo\.level: bad placeholder/),
      'words.yes: needs at least one word',
    ]);
  });

  it('lets an override drop a placeholder (the field is then simply absent)', () => {
    const formats = compileFormats('trinitycore', {
      'serverInfo.players': 'Online: {players:int} (max: {})',
    });
    expect(formats.match('serverInfo', 'Online: 4 (max: 8)')?.values).toEqual({ players: 4 });
  });
});
