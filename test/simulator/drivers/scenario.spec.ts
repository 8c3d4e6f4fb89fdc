import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  loadScenarioFile,
  parseScenario,
  playScenario,
  ScenarioError,
  type ScenarioStep,
} from '../../../src/simulator/drivers/scenario.ts';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('scenario files', () => {
  it('accepts an object with steps, or a bare array', () => {
    const steps = [
      { at: 0, action: 'login', character: 'Thrall', zone: 14, ip: '10.0.0.1' },
      { at: 500, action: 'shutdown', mode: 'restart', inSeconds: 60 },
    ];
    expect(parseScenario({ name: 'x', loop: true, steps })).toEqual({
      name: 'x',
      loop: true,
      steps,
    });
    expect(parseScenario(steps)).toEqual({ steps });
  });

  it('lists every problem with its path', () => {
    let error: unknown;
    try {
      parseScenario({
        steps: [
          { at: -1, action: 'login', character: 'Thrall' },
          { at: 0, action: 'dance', character: 'Thrall' },
          { at: 0, action: 'level', character: 'Thrall' },
          { at: 0, action: 'logout', character: 'Thrall', extra: true },
        ],
        bogus: 1,
      }, 'scenario demo.json');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ScenarioError);
    const problems = (error as ScenarioError).problems.join('\n');
    expect((error as Error).message).toMatch(/^invalid scenario demo\.json:\n {2}/);
    expect(problems).toMatch(/steps\.0\.at: .*>=0/);
    expect(problems).toMatch(/steps\.1\.action: /);
    expect(problems).toMatch(/steps\.2\.level: /);
    expect(problems).toMatch(/steps\.3\.extra: /);
    expect(problems).toMatch(/bogus: /);
  });

  it('loads a file; a missing file or bad JSON is a clear ScenarioError', async () => {
    dir = await mkdtemp(join(tmpdir(), 'rs-scenario-'));
    const good = join(dir, 'good.json');
    await writeFile(good, JSON.stringify([{ at: 0, action: 'announce', text: 'hi' }]));
    expect(await loadScenarioFile(good)).toEqual({
      steps: [{ at: 0, action: 'announce', text: 'hi' }],
    });
    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{ nope');
    await expect(loadScenarioFile(bad)).rejects.toThrow(/is not JSON/);
    await expect(loadScenarioFile(join(dir, 'missing.json'))).rejects.toThrow(
      /cannot read scenario/,
    );
  });
});

describe('playScenario', () => {
  it('plays steps in time order, reports failing steps and goes on, stops when told', async () => {
    const played: string[] = [];
    const failed: string[] = [];
    const stop = playScenario(
      parseScenario([
        { at: 40, action: 'logout', character: 'B' },
        { at: 0, action: 'login', character: 'A' },
        { at: 20, action: 'restart' },
        { at: 5000, action: 'login', character: 'Late' },
      ]),
      (step: ScenarioStep) => {
        played.push(step.action);
        if (step.action === 'restart') throw new Error('boom');
      },
      (step, error) => failed.push(`${step.action}: ${(error as Error).message}`),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    stop();
    expect(played).toEqual(['login', 'restart', 'logout']);
    expect(failed).toEqual(['restart: boom']);
  });

  it('loops after the last step plus the gap', async () => {
    let count = 0;
    const stop = playScenario(
      parseScenario({ loop: true, loopGapMs: 0, steps: [{ at: 0, action: 'restart' }] }),
      () => void count++,
    );
    await new Promise((resolve) => setTimeout(resolve, 350));
    stop();
    const seen = count;
    expect(seen).toBeGreaterThanOrEqual(2);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(count).toBe(seen);
  });
});
