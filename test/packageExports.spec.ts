/**
 * Every entry point in package.json's `exports` exists and loads by package name (Node's
 * self-reference, as a user's project imports it), and `bin` points at a file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/process.ts';

const manifest = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as {
  name: string;
  exports: Record<string, string>;
  bin: Record<string, string>;
};

describe('package.json', () => {
  it('every export target exists and loads by name', async () => {
    expect(Object.keys(manifest.exports)).toEqual(
      expect.arrayContaining(['.', './client', './operators', './testing']),
    );
    for (const [entry, target] of Object.entries(manifest.exports)) {
      expect(existsSync(`${ROOT}${target}`), target).toBe(true);
      const specifier = entry === '.' ? manifest.name : `${manifest.name}/${entry.slice(2)}`;
      const module = (await import(specifier)) as Record<string, unknown>;
      expect(Object.keys(module).length, specifier).toBeGreaterThan(0);
    }
  });

  it('the realmstream bin exists', () => {
    expect(existsSync(`${ROOT}${manifest.bin.realmstream}`)).toBe(true);
  });
});
