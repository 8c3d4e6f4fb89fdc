import { describe, expect, it } from 'vitest';
import { MAX_RAW_BYTES, splitLines, truncateRaw } from '../../../src/pipeline/formats/lines.ts';
import { utf8Length } from '../../../src/pipeline/utf8.ts';

describe('splitLines', () => {
  it('splits on CR LF, LF and bare CR and drops blank lines, keeping spaces', () => {
    expect(splitLines('a\r\nb\nc\rd\r\n\r\n  \n e \r\n')).toEqual(['a', 'b', 'c', 'd', ' e ']);
    expect(splitLines('')).toEqual([]);
  });
});

describe('truncateRaw', () => {
  it('keeps short text and cuts long text to 2 KiB of UTF-8 with a marker', () => {
    expect(truncateRaw('short')).toBe('short');
    const ascii = truncateRaw('x'.repeat(10_000));
    expect(utf8Length(ascii)).toBeLessThanOrEqual(MAX_RAW_BYTES);
    expect(ascii.endsWith('…')).toBe(true);
    expect(ascii.length).toBeGreaterThan(2000);
    const wide = truncateRaw('│'.repeat(2000));
    expect(utf8Length(wide)).toBeLessThanOrEqual(MAX_RAW_BYTES);
    expect(wide.length).toBeGreaterThan(600);
  });

  it('never splits a surrogate pair', () => {
    const text = truncateRaw('a' + '😀'.repeat(1000));
    expect(utf8Length(text)).toBeLessThanOrEqual(MAX_RAW_BYTES);
    expect(/[\ud800-\udbff]…$/.test(text)).toBe(false);
  });
});
