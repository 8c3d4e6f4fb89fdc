import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli, topLevelHelp } from '../../src/cli/main.ts';
import { COMMANDS } from '../../src/cli/commands.ts';
import type { CliContext } from '../../src/cli/context.ts';
import { VERSION } from '../../src/version.ts';

function fakeContext() {
  const out: string[] = [];
  const err: string[] = [];
  const context: CliContext = {
    runtime: 'node',
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env: () => undefined,
    cwd: '/nonexistent',
    uiRoot: '/nonexistent',
    startServer: () => Promise.reject(new Error('not in this test')),
    stopSignal: new Promise(() => {}),
  };
  return { context, out, err };
}

describe('cli', () => {
  it('VERSION matches package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(VERSION).toBe(pkg.version);
  });

  it('--help lists every subcommand', async () => {
    const { context, out } = fakeContext();
    expect(await runCli(['--help'], context)).toBe(0);
    for (const command of COMMANDS) expect(out.join('')).toContain(`  ${command.name}`);
    expect(out.join('')).toBe(topLevelHelp());
  });

  it('every subcommand has --help and exits 0', async () => {
    for (const command of COMMANDS) {
      const { context, out } = fakeContext();
      expect(await runCli([command.name, '--help'], context)).toBe(0);
      expect(out.join('')).toContain(`realmstream ${command.name}`);
    }
  });

  it('an unknown flag exits 2 and names it', async () => {
    const { context, err } = fakeContext();
    expect(await runCli(['serve', '--bogus'], context)).toBe(2);
    expect(err.join('')).toMatch(/'--bogus'/);
    expect(err.join('')).toMatch(/realmstream serve --help/);
  });

  it('an unknown command exits 2', async () => {
    const { context, err } = fakeContext();
    expect(await runCli(['frobnicate'], context)).toBe(2);
    expect(err.join('')).toMatch(/unknown command 'frobnicate'/);
  });

  it('a bad port exits 2', async () => {
    const { context, err } = fakeContext();
    expect(await runCli(['serve', '--port', 'abc'], context)).toBe(2);
    expect(err.join('')).toMatch(/--port must be an integer/);
  });

  it('a config problem exits 1 with the message and no stack', async () => {
    const { context, err } = fakeContext();
    expect(await runCli(['serve', '--config', '/nonexistent/x.json'], context)).toBe(1);
    expect(err.join('')).toMatch(/cannot read \/nonexistent\/x\.json/);
    expect(err.join('')).not.toMatch(/at .*\.ts:/);
  });

  it('--version prints the version', async () => {
    const { context, out } = fakeContext();
    expect(await runCli(['--version'], context)).toBe(0);
    expect(out.join('')).toBe(`${VERSION}\n`);
  });
});
