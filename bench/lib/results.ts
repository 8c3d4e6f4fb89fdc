/**
 * @module Writes a scenario's result to `bench/results/<name>.json`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { machineInfo, versions } from './machine.ts';
import type { ScenarioResult } from './scenario.ts';

/** The file written for each scenario run. */
export interface ResultFile extends ScenarioResult {
  scenario: string;
  description: string;
  startedAt: string;
  durationSeconds: number;
  machine: ReturnType<typeof machineInfo>;
  versions: Record<string, string>;
}

/**
 * Writes the result file.
 *
 * @param file The complete result.
 * @returns The path written.
 */
export async function writeResult(file: ResultFile): Promise<string> {
  const dir = new URL('../results/', import.meta.url);
  await mkdir(dir, { recursive: true });
  const url = new URL(`${file.scenario}.json`, dir);
  await writeFile(url, JSON.stringify(file, null, 2) + '\n');
  return url.pathname;
}

export { machineInfo, versions };
