import { describe, expect, it } from 'vitest';
import { CommandOutput } from '../../../src/simulator/commands/output.ts';
import {
  buildCommandTree,
  type CommandSpec,
  executeConsoleCommand,
} from '../../../src/simulator/commands/tree.ts';
import { SimWorld } from '../../../src/simulator/world/world.ts';

const calls: string[] = [];
const record = (name: string) => (_: unknown, args: string) => {
  calls.push(`${name}(${args})`);
  return args !== 'bad';
};
const specs: CommandSpec[] = [
  {
    name: 'server',
    children: [
      { name: 'info', handler: record('info') },
      { name: 'idle', handler: record('idle'), help: 'Syntax: .server idle' },
      { name: 'set', children: [{ name: 'motd', handler: record('set motd') }] },
    ],
  },
  { name: 'save', handler: record('save') },
  { name: 'saveall', handler: record('saveall') },
  { name: 'pinfo', handler: record('pinfo') },
];

function run(text: string, flavor: 'tc' | 'ac' = 'tc') {
  calls.length = 0;
  const out = new CommandOutput(flavor);
  executeConsoleCommand(buildCommandTree(specs), { world: new SimWorld({ flavor }), out }, text);
  return { ok: !out.failed, output: out.result(), calls: [...calls] };
}

describe('console command dispatch', () => {
  it('strips one leading . or !, trims, matches case-insensitively and by unique prefix', () => {
    expect(run('.server info').calls).toEqual(['info()']);
    expect(run('!SERVER INFO').calls).toEqual(['info()']);
    expect(run('  ser  inf  ').calls).toEqual(['info()']);
    expect(run('p Thrall  x').calls).toEqual(['pinfo(Thrall  x)']);
  });

  it('an exact name wins over longer names with the same prefix', () => {
    expect(run('save').calls).toEqual(['save()']);
    expect(run('savea').calls).toEqual(['saveall()']);
  });

  it('an ambiguous prefix lists the candidates (a success, nothing runs)', () => {
    expect(run('sa')).toEqual({
      ok: true,
      output: "Command 'sa' is ambiguous:\r\n|- save\r\n|- saveall\r\n",
      calls: [],
    });
    expect(run('server i', 'ac')).toEqual({
      ok: true,
      output: "Subcommand 'server i' is ambiguous:\r\n|- idle\r\n|- info\r\n",
      calls: [],
    });
  });

  it('text matching nothing at the top is quoted whole in the fault', () => {
    expect(run('foo bar')).toEqual({
      ok: false,
      output: "Command 'foo bar' does not exist\r\n",
      calls: [],
    });
    expect(run('.').output).toBe("Command '' does not exist\r\n");
  });

  it('an unknown subcommand falls back to the group: generic usage and the subcommands', () => {
    expect(run('server frobnicate')).toEqual({
      ok: false,
      output: '### USAGE: .server ...\r\nPossible subcommands:\r\n|- idle\r\n|- info\r\n' +
        '|- set ...\r\n',
      calls: [],
    });
  });

  it('a handler returning false prints its help (a fault)', () => {
    expect(run('server idle bad')).toEqual({
      ok: false,
      output: 'Syntax: .server idle\r\n',
      calls: ['idle(bad)'],
    });
    expect(run('server set motd bad').output).toBe('### USAGE: .server set motd ...\r\n');
  });
});
