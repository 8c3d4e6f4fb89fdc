import { describe, expect, it } from 'vitest';
import { fmtFormat, sprintf } from '../../src/simulator/format.ts';

describe('sprintf (TrinityCore printf strings)', () => {
  it('pads with widths, left-aligns with -, zero-pads numbers', () => {
    expect(sprintf('-[%16s][%12s][%3d][%4d]-', 'ADMIN', 'Thrall', 1, 14)).toBe(
      '-[           ADMIN][      Thrall][  1][  14]-',
    );
    expect(sprintf('[%-6s][%05d][%-4d]', 'ab', 42, 7)).toBe('[ab    ][00042][7   ]');
    expect(sprintf('%05d', -42)).toBe('-0042');
  });

  it('takes * widths and precisions from the arguments, like C', () => {
    expect(sprintf('|%*s%s%*s|   %u  |', 5, ' ', 'ADMIN', 5, ' ', 3)).toBe(
      '|     ADMIN     |   3  |',
    );
    expect(sprintf('%.*s!', 3, 'abcdef')).toBe('abc!');
    // a width of 0 still prints the whole argument
    expect(sprintf('|%*s|', 0, ' ')).toBe('| |');
  });

  it('%u wraps negatives like uint32, %i/%d truncate, %c, %x, %f, %%', () => {
    expect(sprintf('%u', -1)).toBe('4294967295');
    expect(sprintf('%i %d', 3.7, true)).toBe('3 1');
    expect(sprintf('%c%c', ' ', 65)).toBe(' A');
    expect(sprintf('%x %X', 255, 255)).toBe('ff FF');
    expect(sprintf('%.2f %f', 1.005, 2)).toBe('1.00 2.000000');
    expect(sprintf('100%% %s', 'done')).toBe('100% done');
  });

  it('leaves fmt-style braces alone and ignores extra arguments (the server debug quirk)', () => {
    expect(sprintf('Worldserver listening connections on port {}', 8085)).toBe(
      'Worldserver listening connections on port {}',
    );
  });

  it('prints nothing for missing arguments instead of throwing', () => {
    expect(sprintf('[%s][%d]')).toBe('[][0]');
  });
});

describe('fmtFormat (AzerothCore {} strings)', () => {
  it('fills placeholders in order and ignores extra arguments (the gm list quirk)', () => {
    expect(fmtFormat('|{}{}{}|   {}  |', 5, ' ', 'ADMIN', 5, ' ', 3)).toBe('|5 ADMIN|   5  |');
    expect(fmtFormat('{} and {}', true, false)).toBe('true and false');
  });

  it('treats {{ and }} as literal braces', () => {
    expect(fmtFormat('{{}} {}', 1)).toBe('{} 1');
  });

  it('reports a missing argument the way AzerothCore does', () => {
    expect(fmtFormat('a {} b {}', 1)).toBe(
      "Wrong format occurred (argument not found). Fmt string: 'a {} b {}'",
    );
  });
});
