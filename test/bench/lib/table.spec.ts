/** @module Benchmark tables. */
import { describe, expect, it } from 'vitest';
import { fmt, markdownTable, textTable } from '../../../bench/lib/table.ts';

describe('tables', () => {
  const rows = [['name', 'value'], ['a|b', '1'], ['long name', '22']];

  it('aligns a text table: first column left, others right', () => {
    expect(textTable(rows)).toEqual([
      'name       value',
      '---------  -----',
      'a|b            1',
      'long name     22',
    ]);
  });

  it('escapes pipes in markdown and right-aligns numeric columns', () => {
    expect(markdownTable(rows)).toEqual([
      '| name | value |',
      '| --- | ---: |',
      '| a\\|b | 1 |',
      '| long name | 22 |',
    ]);
  });

  it('formats numbers with grouping and a few decimals', () => {
    expect(fmt(1234567)).toBe('1,234,567');
    expect(fmt(1.23456)).toBe('1.23');
    expect(fmt(2, 1)).toBe('2.0');
    expect(fmt(NaN)).toBe('NaN');
  });
});
