import { describe, expect, it } from 'vitest';
import { compileTemplate, FormatError } from '../../../src/pipeline/formats/template.ts';

describe('compileTemplate', () => {
  it('compiles placeholders to anchored captures, in order', () => {
    const t = compileTemplate('x.players', 'Online players: {players:int} (max: {maxPlayers:int})');
    expect(t.fields).toEqual([
      { name: 'players', type: 'int' },
      { name: 'maxPlayers', type: 'int' },
    ]);
    expect(t.regex.exec('Online players: 3 (max: 5)')?.slice(1)).toEqual(['3', '5']);
    expect(t.regex.test('Online players: 3 (max: 5) trailing')).toBe(false);
    expect(t.regex.test('prefix Online players: 3 (max: 5)')).toBe(false);
  });

  it('escapes regex syntax in literal text', () => {
    const t = compileTemplate('x.p', '|- Percentiles (95, 99, max): {p95:num}ms.*');
    expect(t.regex.test('|- Percentiles (95, 99, max): 3ms.*')).toBe(true);
    expect(t.regex.test('|- Percentiles (95, 99, max): 3msXY')).toBe(false);
  });

  it('accepts padded numbers, decimals and surrounding whitespace on the line', () => {
    const t = compileTemplate('x.row', '[{map:int}][{diff:num}]');
    expect(t.regex.exec('  [  14][ 2.5]  ')?.slice(1)).toEqual(['14', '2.5']);
    expect(t.regex.test('[x][1]')).toBe(false);
  });

  it('supports words, anonymous placeholders and escaped braces', () => {
    const t = compileTemplate('x.w', '{{{name:word}}} {} {:int}!');
    expect(t.fields).toEqual([{ name: 'name', type: 'word' }]);
    expect(t.regex.exec('{Thrall} anything at all 42!')?.slice(1)).toEqual(['Thrall']);
  });

  it('rejects bad templates with the id in the message', () => {
    expect(() => compileTemplate('a.b', 'x {name:float}')).toThrow(
      /a\.b: unknown placeholder type 'float'/,
    );
    expect(() => compileTemplate('a.b', 'x {1abc}')).toThrow(/a\.b: bad placeholder/);
    expect(() => compileTemplate('a.b', 'x {a} {a}')).toThrow(/appears twice/);
    expect(() => compileTemplate('a.b', 'x } y')).toThrow(/unmatched '}'/);
    expect(() => compileTemplate('a.b', 'x {open')).toThrow(FormatError);
  });
});
