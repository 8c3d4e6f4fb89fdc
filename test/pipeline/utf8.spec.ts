import { describe, expect, it } from 'vitest';
import { utf8Length } from '../../src/pipeline/utf8.ts';

describe('utf8Length', () => {
  it.each(['', 'abc', '│Player  Thrall', '¦ Account', 'emoji 😀 here', 'Ünïcödé', '\ud800 lone'])(
    'matches TextEncoder for %j',
    (text) => {
      expect(utf8Length(text)).toBe(new TextEncoder().encode(text).length);
    },
  );
});
