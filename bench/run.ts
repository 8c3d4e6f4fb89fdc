/**
 * @module The benchmark runner: `npm run bench` runs every `bench/*.bench.ts`;
 * `npm run bench -- NAME [NAME...]` runs those only; `--quick` (or `BENCH_QUICK=1`) shrinks
 * sizes and windows for a smoke run. Each scenario prints its table and writes
 * `bench/results/NAME.json` (machine, versions, figures, ratios, targets); then
 * `bench/results/SUMMARY.md` is rebuilt from every result file. `BENCH_RESULTS_DIR` writes
 * elsewhere (the harness test uses a temporary directory).
 */
import { readdir } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { loadAverage, machineInfo, versions } from './lib/machine.ts';
import { RESULTS_DIR, writeResult, writeSummary } from './lib/results.ts';
import type { Scenario } from './lib/scenario.ts';
import { textTable } from './lib/table.ts';

async function scenarioNames(): Promise<string[]> {
  const files = await readdir(new URL('./', import.meta.url));
  return files.filter((file) => file.endsWith('.bench.ts')).map((file) => file.slice(0, -9))
    .sort();
}

function resultsDir(): URL {
  const dir = process.env.BENCH_RESULTS_DIR;
  return dir ? pathToFileURL(dir.endsWith('/') ? dir : `${dir}/`) : RESULTS_DIR;
}

async function main(): Promise<number> {
  const all = await scenarioNames();
  const args = process.argv.slice(2);
  const quick = args.includes('--quick') || process.env.BENCH_QUICK === '1';
  const unknownFlags = args.filter((arg) => arg.startsWith('-') && arg !== '--quick');
  const asked = args.filter((arg) => !arg.startsWith('-'));
  const unknown = asked.filter((name) => !all.includes(name));
  if (unknown.length || unknownFlags.length) {
    console.error(
      `unknown scenario(s) or flag(s): ${[...unknown, ...unknownFlags].join(', ')}; ` +
        `scenarios: ${all.join(', ')}; flags: --quick`,
    );
    return 2;
  }
  const dir = resultsDir();
  const names = asked.length ? asked : all;
  const runStarted = new Date().toISOString();
  const runLoad = loadAverage();
  console.log(`benchmarks: ${names.join(', ')}${quick ? ' (quick)' : ''}; load ${runLoad}`);
  let failed = 0;
  for (const name of names) {
    const { scenario } = (await import(`./${name}.bench.ts`)) as { scenario: Scenario };
    console.log(`\n# ${scenario.name}: ${scenario.description}`);
    const started = Date.now();
    const loadStart = loadAverage();
    let result;
    try {
      result = await scenario.run({ quick });
    } catch (error) {
      console.error(`${name} failed: ${(error as Error).stack ?? error}`);
      failed++;
      continue;
    }
    const path = await writeResult({
      scenario: scenario.name,
      description: scenario.description,
      quick,
      startedAt: new Date(started).toISOString(),
      durationSeconds: Math.round((Date.now() - started) / 100) / 10,
      machine: machineInfo(),
      load: { start: loadStart, end: loadAverage() },
      versions: versions(),
      ...result,
    }, dir);
    for (const line of textTable(result.table)) console.log(line);
    for (const note of result.notes ?? []) console.log(note);
    console.log(`ratios: ${JSON.stringify(result.ratios)}`);
    for (const [target, ok] of Object.entries(result.targets ?? {})) {
      console.log(`target ${target}: ${ok ? 'met' : 'MISSED'}`);
    }
    console.log(`result: ${path} (${Math.round((Date.now() - started) / 1000)} s)`);
  }
  const summary = await writeSummary(
    { startedAt: runStarted, load: { start: runLoad, end: loadAverage() }, scenarios: names },
    dir,
  );
  console.log(`\nsummary: ${summary}; load at end ${loadAverage()}`);
  // A missed target is a finding, not a failure: the exit code reports broken scenarios only.
  return failed ? 1 : 0;
}

// Exit explicitly: a scenario that leaves a timer behind must not hang the run.
process.exit(await main());
