import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createDiagnosticsStore,
  isDiagnosticsId,
} from '../../../src/server/console/diagnosticsStore.ts';

describe('createDiagnosticsStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'diag-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('makes valid ids from any realm id', () => {
    const store = createDiagnosticsStore({ dir });
    const time = Date.UTC(2026, 10, 27, 1, 2, 3);
    for (const realm of ['world-1', 'a.b', '_x', '']) {
      const id = store.newId(realm, time);
      expect(isDiagnosticsId(id)).toBe(true);
      expect(id).toContain('20261127T010203Z');
    }
  });

  it('writes, lists newest first, reads, and refuses ids that are not bundle ids', async () => {
    const store = createDiagnosticsStore({ dir: join(dir, 'bundles') });
    expect(await store.list()).toEqual([]);
    const a = store.newId('w', Date.UTC(2026, 0, 1));
    const entry = await store.write(a, { hello: 1 });
    expect(entry).toMatchObject({ id: a, bytes: expect.any(Number) });
    expect(JSON.parse((await store.read(a))!)).toEqual({ hello: 1 });
    writeFileSync(join(dir, 'bundles', 'notes.json'), '{}');
    expect((await store.list()).map((e) => e.id)).toEqual([a]);
    for (const bad of ['../x', `${a}/../../etc`, 'notes', `${a}.json`, '']) {
      expect(await store.read(bad)).toBeUndefined();
      await expect(store.write(bad, {})).rejects.toThrow(/invalid diagnostics id/);
    }
  });

  it('keeps at most maxBundles, removing the oldest', async () => {
    const store = createDiagnosticsStore({ dir, maxBundles: 2 });
    const ids = [1, 2, 3].map((n) => store.newId('w', Date.UTC(2026, 0, n)));
    for (const id of ids) {
      await store.write(id, { id });
      await new Promise((r) => setTimeout(r, 15)); // distinct mtimes
    }
    const left = readdirSync(dir).sort();
    expect(left).toHaveLength(2);
    expect(existsSync(join(dir, `${ids[0]}.json`))).toBe(false);
  });
});
