/**
 * @module Builds a benchmark entry the way a production Node deployment would run it: one
 * esbuild bundle of the TypeScript sources (packages stay external), without tsx's
 * `keepNames` transform, which gives every closure its own `name` property.
 */
import { spawnSync } from 'node:child_process';

const ROOT = new URL('../../', import.meta.url);
const built = new Map<string, URL>();

/**
 * Bundles `entry` once per run into `node_modules/.cache/realmstream-bench/`.
 *
 * @param entry The .ts entry.
 * @returns The bundle's URL (a .mjs that resolves packages from the project).
 */
export function buildEntry(entry: URL): URL {
  const known = built.get(entry.href);
  if (known) return known;
  const name = entry.pathname.split('/').slice(-2).join('-').replace(/\.ts$/, '.mjs');
  const out = new URL(`node_modules/.cache/realmstream-bench/${name}`, ROOT);
  const result = spawnSync(new URL('node_modules/.bin/esbuild', ROOT).pathname, [
    entry.pathname,
    '--bundle',
    '--platform=node',
    '--format=esm',
    '--packages=external',
    '--target=node20',
    '--log-level=warning',
    `--outfile=${out.pathname}`,
  ], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`esbuild failed: ${result.stderr}`);
  built.set(entry.href, out);
  return out;
}
