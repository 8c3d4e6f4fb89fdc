#!/usr/bin/env node
// The whole suite, in Hono's CI order: format, lint, types (Node and Deno), UI build,
// vitest (unit, integration, browser), Deno tests. Every step runs even when an earlier
// one fails; the last line is the plain summary `N passed, N failed`, where each static
// check counts as one and each test case as one.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const bin = (name) => `node_modules/.bin/${name}`;
const results = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function run(label, command, args, { capture = false } = {}) {
  process.stdout.write(`\n=== ${label}: ${command} ${args.join(' ')}\n`);
  const started = Date.now();
  const child = spawnSync(command, args, {
    stdio: capture ? ['ignore', 'pipe', 'inherit'] : 'inherit',
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0', NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (capture && child.stdout) process.stdout.write(child.stdout);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = child.status === 0;
  process.stdout.write(
    `=== ${label}: ${ok ? 'ok' : `FAILED (exit ${child.status ?? child.signal})`} in ${seconds}s\n`,
  );
  return { ok, stdout: child.stdout ?? '' };
}

function check(label, command, args) {
  const { ok } = run(label, command, args);
  if (ok) results.passed++;
  else {
    results.failed++;
    failures.push(label);
  }
}

check('format', bin('deno'), ['fmt', '--check']);
check('lint', bin('deno'), ['lint']);
check('typecheck (node)', bin('tsc'), ['--noEmit']);
check('typecheck (deno)', bin('deno'), ['check', 'src/cli.ts', 'src/server/deno.ts', 'test-deno/']);
check('build dashboard', bin('vite'), ['build', '--logLevel', 'warn']);

mkdirSync('test-results', { recursive: true });
const report = 'test-results/vitest.json';
rmSync(report, { force: true });
const vitest = run('vitest', bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
]);
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  results.passed += json.numPassedTests;
  results.failed += json.numFailedTests;
  results.skipped += json.numPendingTests + json.numTodoTests;
  if (json.numFailedTests > 0) failures.push(`vitest (${json.numFailedTests} failed)`);
  // A suite that failed to load counts as a failure even when no test case ran.
  const brokenSuites = json.testResults.filter((suite) =>
    suite.status === 'failed' && suite.assertionResults.length === 0
  );
  if (brokenSuites.length > 0) {
    results.failed += brokenSuites.length;
    failures.push(`vitest (${brokenSuites.length} test files failed to load)`);
  }
  if (!vitest.ok && json.numFailedTests === 0 && brokenSuites.length === 0) {
    results.failed++;
    failures.push('vitest (exited non-zero)');
  }
} else {
  results.failed++;
  failures.push('vitest (no report)');
}

const deno = run('deno test', bin('deno'), ['test', '-A', '--no-prompt', 'test-deno/'], {
  capture: true,
});
const denoSummary = /(?:ok|FAILED) \| (\d+) passed(?: \((\d+) steps?\))? \| (\d+) failed/.exec(
  deno.stdout.replace(new RegExp(String.fromCharCode(27) + '\\[[0-9;]*m', 'g'), ''),
);
if (denoSummary) {
  results.passed += Number(denoSummary[1]);
  results.failed += Number(denoSummary[3]);
  if (Number(denoSummary[3]) > 0) failures.push(`deno test (${denoSummary[3]} failed)`);
}
if (!deno.ok && (!denoSummary || Number(denoSummary[3]) === 0)) {
  results.failed++;
  failures.push('deno test (exited non-zero)');
}

process.stdout.write('\n');
if (failures.length) process.stdout.write(`Failed: ${failures.join('; ')}\n`);
if (results.skipped) process.stdout.write(`(${results.skipped} skipped)\n`);
process.stdout.write(`${results.passed} passed, ${results.failed} failed\n`);
process.exit(results.failed === 0 ? 0 : 1);
