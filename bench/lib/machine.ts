/**
 * @module Machine and version facts written into every benchmark result, so figures from
 * different machines or versions are never compared blindly.
 */
import { readFileSync } from 'node:fs';
import { arch, cpus, loadavg, platform, release, totalmem } from 'node:os';

/** The machine a result was measured on. */
export interface MachineInfo {
  cpuModel: string;
  cpus: number;
  totalMemoryGiB: number;
  platform: string;
  release: string;
  arch: string;
  /** 1-minute load average when the scenario started (others' work skews results). */
  loadAverage1m: number;
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
    cpus: list.length,
    totalMemoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    platform: platform(),
    release: release(),
    arch: arch(),
    loadAverage1m: Math.round(loadavg()[0] * 100) / 100,
  };
}

function packageVersion(name: string): string {
  try {
    const url = new URL(`../../node_modules/${name}/package.json`, import.meta.url);
    return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/**
 * Versions of the runtime and the packages on the measured path.
 *
 * @returns Name to version.
 */
export function versions(): Record<string, string> {
  const own = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return {
    realmstream: own.version,
    node: process.versions.node,
    v8: process.versions.v8,
    rxjs: packageVersion('rxjs'),
    hono: packageVersion('hono'),
    '@hono/node-server': packageVersion('@hono/node-server'),
    ws: packageVersion('ws'),
  };
}
