import { describe, expect, it } from 'vitest';
import { originAllowed } from '../../src/server/origin.ts';

describe('origin check', () => {
  const url = 'http://127.0.0.1:8787/ws';
  it('allows no Origin, listed origins and the same origin', () => {
    expect(originAllowed(undefined, url, [])).toBe(true);
    expect(originAllowed('', url, [])).toBe(true);
    expect(originAllowed('https://ops.example.org', url, ['https://ops.example.org'])).toBe(true);
    expect(originAllowed('http://127.0.0.1:8787', url, [])).toBe(true);
  });

  it('refuses other origins, near misses and opaque origins', () => {
    expect(originAllowed('https://evil.example.com', url, ['https://ops.example.org'])).toBe(false);
    expect(originAllowed('https://ops.example.org.evil.com', url, ['https://ops.example.org']))
      .toBe(false);
    expect(originAllowed('http://127.0.0.1:8788', url, [])).toBe(false);
    expect(originAllowed('https://127.0.0.1:8787', url, [])).toBe(false);
    expect(originAllowed('null', url, [])).toBe(false);
    expect(originAllowed('not a url', url, [])).toBe(false);
  });
});
