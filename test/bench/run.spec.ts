/**
 * @module The benchmark harness in quick mode on its smallest scenario, so `npm run bench`
 * cannot rot: it runs, writes a result file with the agreed fields and a summary, and
 * refuses unknown scenarios. (Figures are not checked: speed belongs to bench/, not tests.)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'realmstream-bench-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function bench(...args: string[]) {
  return spawnSync(join(ROOT, 'node_modules/.bin/tsx'), ['bench/run.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, BENCH_RESULTS_DIR: dir, BENCH_QUICK: '' },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('bench/run.ts', () => {
  it('runs a scenario in quick mode and writes its result and the summary', () => {
    const run = bench('--quick', 'operators');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('# operators');
    const result = JSON.parse(readFileSync(join(dir, 'operators.json'), 'utf8'));
    expect(result).toMatchObject({ scenario: 'operators', quick: true });
    expect(Object.keys(result.machine).sort()).toEqual(
      ['arch', 'cores', 'cpuModel', 'memoryGiB', 'os'],
    );
    expect(result.machine.cores).toBeGreaterThan(0);
    for (const name of ['realmstream', 'node', 'deno', 'rxjs', 'ws', 'hono']) {
      expect(result.versions[name]).toMatch(/^\d+\.\d+/);
    }
    const ratios = Object.values(result.ratios);
    expect(ratios.length).toBeGreaterThan(0);
    for (const ratio of ratios) expect(ratio).toBeGreaterThan(0);
    expect(Object.keys(result.figures).length).toBeGreaterThan(0);
    expect(result.table[0][0]).toBe('operator');
    expect(typeof result.load.start).toBe('number');
    const summary = readFileSync(join(dir, 'SUMMARY.md'), 'utf8');
    expect(summary).toContain('## operators (QUICK smoke run: not meaningful)');
    expect(summary).toMatch(/load average \(1 min\) [\d.]+ at start, [\d.]+ at end/);
  });

  it('refuses an unknown scenario or flag with exit code 2 and the list of scenarios', () => {
    for (const args of [['nosuch'], ['--fast', 'operators']]) {
      const run = bench(...args);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain('unknown scenario(s) or flag(s)');
      expect(run.stderr).toMatch(/scenarios: .*fanout.*operators/);
    }
  });
});
