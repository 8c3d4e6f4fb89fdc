/**
 * @module The diagnostics folder: bundles are JSON files named by a generated id; ids from
 * requests are validated against that shape and the resolved path must stay inside the
 * folder, so no request can read or write elsewhere. Bounded: the oldest bundles beyond
 * `maxBundles` are removed when a new one is written.
 */
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';

/** The shape of a bundle id: `diag-<realm>-<UTC stamp>-<random>`. */
export const DIAGNOSTICS_ID = /^diag-[A-Za-z0-9][A-Za-z0-9_-]{0,63}-\d{8}T\d{6}Z-[a-z0-9]{6}$/;

/** One bundle in the folder. */
export interface DiagnosticsEntry {
  /** Bundle id (file name without `.json`). */
  readonly id: string;
  /** Size in bytes. */
  readonly bytes: number;
  /** Last modification, ISO 8601. */
  readonly createdAt: string;
}

/** The diagnostics folder. */
export interface DiagnosticsStore {
  /** The folder. */
  readonly dir: string;
  /** A fresh id for a realm, from a wall-clock time. */
  newId(realm: string, time: number): string;
  /** Writes a bundle (atomically: temp file, then rename); returns its entry. */
  write(id: string, bundle: unknown): Promise<DiagnosticsEntry>;
  /** The bundles, newest first, at most `limit`. */
  list(limit?: number): Promise<DiagnosticsEntry[]>;
  /** A bundle's JSON text, or undefined for an unknown or invalid id. */
  read(id: string): Promise<string | undefined>;
}

/**
 * Whether `id` is a bundle id (nothing else is ever turned into a path).
 *
 * @param id Untrusted text.
 * @returns True when it has the generated shape.
 */
export function isDiagnosticsId(id: string): boolean {
  return DIAGNOSTICS_ID.test(id);
}

/**
 * Opens (lazily creates) the diagnostics folder.
 *
 * ## Example
 * ```ts
 * const store = createDiagnosticsStore({ dir: config.diagnostics.dir });
 * const entry = await store.write(store.newId('world-1', Date.now()), bundle);
 * ```
 *
 * @param options Folder and bound.
 * @returns The store.
 */
export function createDiagnosticsStore(
  options: { dir: string; maxBundles?: number },
): DiagnosticsStore {
  const dir = resolve(options.dir);
  const maxBundles = options.maxBundles ?? 100;
  const pathOf = (id: string): string | undefined => {
    if (!isDiagnosticsId(id)) return undefined;
    const path = resolve(dir, `${id}.json`);
    return path.startsWith(dir + sep) ? path : undefined;
  };
  const entries = async (): Promise<DiagnosticsEntry[]> => {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return [];
    }
    const found: DiagnosticsEntry[] = [];
    for (const name of names) {
      const id = name.endsWith('.json') ? name.slice(0, -5) : '';
      if (!isDiagnosticsId(id)) continue;
      const info = await stat(join(dir, name)).catch(() => undefined);
      if (info?.isFile()) {
        found.push({ id, bytes: info.size, createdAt: new Date(info.mtimeMs).toISOString() });
      }
    }
    // Ids embed the UTC stamp: newest first by time, then by id.
    return found.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
  };
  return {
    dir,
    newId(realm, time) {
      const safeRealm = realm.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64) || 'realm';
      const stamp = new Date(time).toISOString().replace(/[-:]/g, '').slice(0, 15) + 'Z';
      const random = Array.from(
        crypto.getRandomValues(new Uint8Array(6)),
        (byte) => 'abcdefghijklmnopqrstuvwxyz0123456789'[byte % 36],
      ).join('');
      return `diag-${/^[A-Za-z0-9]/.test(safeRealm) ? '' : 'r'}${safeRealm}-${stamp}-${random}`;
    },
    async write(id, bundle) {
      const path = pathOf(id);
      if (!path) throw new Error(`invalid diagnostics id '${id.slice(0, 80)}'`);
      await mkdir(dir, { recursive: true });
      const text = `${JSON.stringify(bundle, null, 2)}\n`;
      const temp = `${path}.tmp`;
      await writeFile(temp, text, { flag: 'wx' });
      await rename(temp, path);
      const all = await entries();
      for (const old of all.slice(maxBundles)) {
        if (old.id !== id) await rm(join(dir, `${old.id}.json`), { force: true });
      }
      const info = await stat(path);
      return { id, bytes: info.size, createdAt: new Date(info.mtimeMs).toISOString() };
    },
    async list(limit = 200) {
      return (await entries()).slice(0, limit);
    },
    read(id) {
      const path = pathOf(id);
      if (!path) return Promise.resolve(undefined);
      return readFile(path, 'utf8').catch(() => undefined);
    },
  };
}
