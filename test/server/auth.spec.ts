import { describe, expect, it } from 'vitest';
import { bearerFromHeader, constantTimeEqual, createTokenVerifier } from '../../src/server/auth.ts';
import { bearerFromSubprotocols } from '../../src/server/wsRoute.ts';

describe('auth', () => {
  it('constantTimeEqual compares whole strings', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
  });

  it('verifies configured tokens and returns the principal without the secret', () => {
    const verifier = createTokenVerifier([
      { name: 'ops', token: 'ops-token-0123456789', role: 'admin' },
      {
        name: 'bot',
        token: 'bot-token-0123456789',
        role: 'viewer',
        realms: ['r1'],
        types: ['player.*'],
      },
    ]);
    expect(verifier.verify('bot-token-0123456789')).toEqual({
      name: 'bot',
      role: 'viewer',
      realms: ['r1'],
      types: ['player.*'],
    });
    expect(JSON.stringify(verifier.verify('ops-token-0123456789'))).not.toContain('ops-token');
    expect(verifier.verify('nope')).toBeUndefined();
    expect(verifier.verify('')).toBeUndefined();
    expect(verifier.verify(undefined)).toBeUndefined();
    expect(verifier.verify('x'.repeat(10_000))).toBeUndefined();
  });

  it('parses bearer headers and subprotocols', () => {
    expect(bearerFromHeader('Bearer abc')).toBe('abc');
    expect(bearerFromHeader('bearer   abc ')).toBe('abc');
    expect(bearerFromHeader('Basic abc')).toBeUndefined();
    expect(bearerFromHeader(undefined)).toBeUndefined();
    expect(bearerFromSubprotocols('realmstream.v1, realmstream.bearer.tok')).toBe('tok');
    expect(bearerFromSubprotocols('realmstream.v1')).toBeUndefined();
  });
});
