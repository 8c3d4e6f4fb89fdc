import { describe, expect, it } from 'vitest';
import {
  catalogTypesMatching,
  checkTypePattern,
  compileTypePatterns,
  typeMatches,
} from '../../src/server/typePatterns.ts';

describe('type patterns', () => {
  it('matches exact types, prefix wildcards and *', () => {
    expect(typeMatches('*', 'chat.message')).toBe(true);
    expect(typeMatches('player.*', 'player.login')).toBe(true);
    expect(typeMatches('player.*', 'player')).toBe(false);
    expect(typeMatches('player.*', 'playerx.login')).toBe(false);
    expect(typeMatches('server.shutdown.*', 'server.shutdown.scheduled')).toBe(true);
    expect(typeMatches('server.shutdown.*', 'server.shutdown')).toBe(false);
    expect(typeMatches('chat.message', 'chat.message')).toBe(true);
  });

  it('checks syntax and that a pattern selects a catalog type', () => {
    expect(checkTypePattern('player.*')).toBeUndefined();
    expect(checkTypePattern('*')).toBeUndefined();
    expect(checkTypePattern('player.*.x')).toContain('not a type pattern');
    expect(checkTypePattern('Player.login')).toContain('not a type pattern');
    expect(checkTypePattern('**')).toContain('not a type pattern');
    expect(checkTypePattern('nothing.*')).toContain('matches no event type');
  });

  it('compiles a memoised predicate, and lists the catalog types a set selects', () => {
    const matches = compileTypePatterns(['player.*', 'chat.message']);
    expect(matches('player.zone')).toBe(true);
    expect(matches('player.zone')).toBe(true);
    expect(matches('server.up')).toBe(false);
    expect(compileTypePatterns(undefined)('anything')).toBe(true);
    expect(catalogTypesMatching(['server.shutdown.*'])).toEqual([
      'server.shutdown.scheduled',
      'server.shutdown.cancelled',
    ]);
  });
});
