/**
 * @module Machine and version facts written into every benchmark result, so figures from
 * different machines or versions are never compared blindly.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { arch, cpus, loadavg, platform, release, totalmem } from 'node:os';

/** The machine a result was measured on. */
export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  arch: string;
}

/**
 * Describes this machine.
 *
 * @returns Machine facts.
 */
export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cpuModel: list[0]?.model ?? 'unknown',
    cores: list.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${platform()} ${release()}`,
    arch: arch(),
  };
}

/**
 * The 1-minute load average: others' work on the same cores skews every figure.
 *
 * @returns The load average, two decimals.
 */
export function loadAverage(): number {
  return Math.round(loadavg()[0] * 100) / 100;
}

/** Path of the Deno binary the project installs. */
export const DENO = new URL('../../node_modules/.bin/deno', import.meta.url).pathname;

function packageVersion(name: string): string {
  try {
    const url = new URL(`../../node_modules/${name}/package.json`, import.meta.url);
    return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

let denoVersion: string | undefined;

/**
 * Versions of the runtimes and of the packages on the measured path.
 *
 * @returns Name to version.
 */
export function versions(): Record<string, string> {
  const own = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  denoVersion ??= /deno (\S+)/.exec(
    spawnSync(DENO, ['--version'], { encoding: 'utf8' }).stdout ?? '',
  )?.[1] ?? 'unknown';
  return {
    realmstream: own.version,
    node: process.versions.node,
    v8: process.versions.v8,
    deno: denoVersion,
    rxjs: packageVersion('rxjs'),
    ws: packageVersion('ws'),
    hono: packageVersion('hono'),
    '@hono/node-server': packageVersion('@hono/node-server'),
  };
}
