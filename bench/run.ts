/**
 * @module The benchmark runner: `npm run bench` runs every `bench/*.bench.ts` that exports
 * a `scenario`; `npm run bench -- NAME [NAME...]` runs those only. Each result goes to
 * `bench/results/NAME.json` with the machine, versions, figures and ratios.
 */
import { readdir } from 'node:fs/promises';
import { machineInfo, versions, writeResult } from './lib/results.ts';
import type { Scenario } from './lib/scenario.ts';

async function scenarioNames(): Promise<string[]> {
  const files = await readdir(new URL('./', import.meta.url));
  return files.filter((file) => file.endsWith('.bench.ts')).map((file) => file.slice(0, -9))
    .sort();
}

async function main(): Promise<number> {
  const all = await scenarioNames();
  const asked = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  const unknown = asked.filter((name) => !all.includes(name));
  if (unknown.length) {
    console.error(`unknown scenario(s): ${unknown.join(', ')}; known: ${all.join(', ')}`);
    return 2;
  }
  let failed = 0;
  for (const name of asked.length ? asked : all) {
    const module = (await import(`./${name}.bench.ts`)) as { scenario?: Scenario };
    if (!module.scenario) {
      console.log(`\n# ${name}: ran as a plain script (it exports no scenario, no result file)`);
      continue;
    }
    const { scenario } = module;
    console.log(`\n# ${scenario.name}: ${scenario.description}`);
    const machine = machineInfo();
    const started = Date.now();
    const result = await scenario.run();
    const path = await writeResult({
      scenario: scenario.name,
      description: scenario.description,
      startedAt: new Date(started).toISOString(),
      durationSeconds: Math.round((Date.now() - started) / 100) / 10,
      machine,
      versions: versions(),
      ...result,
    });
    for (const line of result.summary ?? []) console.log(line);
    console.log(`ratios: ${JSON.stringify(result.ratios)}`);
    if (result.pass !== undefined) console.log(`target: ${result.pass ? 'PASS' : 'FAIL'}`);
    console.log(`result: ${path}`);
    if (result.pass === false) failed++;
  }
  return failed ? 1 : 0;
}

process.exitCode = await main();
