import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import type { CliContext } from '../../src/cli/context.ts';
import { type Simulator, startSimulator } from '../../src/simulator/simulator.ts';
import { NODE_CLI, spawnProcess } from '../helpers/process.ts';

function fakeContext(env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const context: CliContext = {
    runtime: 'node',
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env: (name) => env[name],
    cwd: '/nonexistent',
    uiRoot: '/nonexistent',
    startServer: () => Promise.reject(new Error('not in this test')),
    stopSignal: new Promise(() => {}),
  };
  return { context, out: () => out.join(''), err: () => err.join('') };
}

describe('realmstream soap', () => {
  let sim: Simulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it('prints the output of a command (TC and AC)', async () => {
    for (const flavor of ['tc', 'ac'] as const) {
      sim = await startSimulator({ flavor });
      const { context, out } = fakeContext();
      expect(
        await runCli(['soap', '--url', sim.url, '--flavor', flavor, 'server', 'info'], context),
      ).toBe(0);
      expect(out()).toMatch(
        flavor === 'tc' ? /^TrinityCore rev\..*\nOnline players: 0/s : /^AzerothCore rev\./,
      );
      expect(out()).not.toContain('\r');
      await sim.close();
      sim = undefined;
    }
  });

  it('an empty result prints nothing and exits 0', async () => {
    sim = await startSimulator({ flavor: 'tc' });
    const { context, out } = fakeContext();
    expect(await runCli(['soap', '--url', sim.url, 'announce hi'], context)).toBe(0);
    expect(out()).toBe('');
  });

  it('a fault exits 1 with the server text on stderr', async () => {
    sim = await startSimulator({ flavor: 'tc' });
    const { context, out, err } = fakeContext();
    expect(await runCli(['soap', '--url', sim.url, 'pinfo Nobody'], context)).toBe(1);
    expect(err()).toBe("Character 'Nobody' does not exist.\n");
    expect(out()).toBe('');
  });

  it('auth, flavour mismatch and unreachable servers exit 1 with the reason', async () => {
    sim = await startSimulator({ flavor: 'ac' });
    const bad = fakeContext({ SOAP_PASSWORD: 'wrong' });
    expect(await runCli(['soap', '--url', sim.url, '--flavor', 'ac', 'server info'], bad.context))
      .toBe(1);
    expect(bad.err()).toMatch(/SoapAuthError \(auth\): HTTP 401/);
    const mismatch = fakeContext();
    expect(await runCli(['soap', '--url', sim.url, 'server info'], mismatch.context)).toBe(1);
    expect(mismatch.err()).toMatch(
      /SoapProtocolError \(protocol\): Method 'ns1:executeCommand' not implemented/,
    );
    const url = sim.url;
    await sim.close();
    sim = undefined;
    const down = fakeContext();
    expect(await runCli(['soap', '--url', url, 'server info'], down.context)).toBe(1);
    expect(down.err()).toMatch(/SoapUnreachableError \(unreachable\): .*ECONNREFUSED/);
  });

  it('usage errors exit 2', async () => {
    for (
      const [args, message] of [
        [['soap'], /no command given/],
        [['soap', '--flavor', 'x', 'server info'], /--flavor must be tc or ac/],
        [['soap', '--url', 'ftp://x', 'server info'], /--url must be an http/],
        [['soap', '--timeout', '0', 'server info'], /--timeout must be between/],
      ] as const
    ) {
      const { context, err } = fakeContext();
      expect(await runCli([...args], context), args.join(' ')).toBe(2);
      expect(err()).toMatch(message);
    }
  });

  it('as a real process: prints the result; exits 1 with the text on a fault', async () => {
    sim = await startSimulator({ flavor: 'tc' });
    const ok = spawnProcess(NODE_CLI[0], [
      ...NODE_CLI[1],
      'soap',
      '--url',
      sim.url,
      '--user',
      'ADMIN',
      'gm list',
    ]);
    expect(await ok.exited(30_000)).toBe(0);
    expect(ok.stdout()).toBe(
      'Current gamemasters:\n========================\n|     ADMIN     |   3  |\n|       GM      |   2  |\n========================\n',
    );
    const fault = spawnProcess(NODE_CLI[0], [
      ...NODE_CLI[1],
      'soap',
      '--url',
      sim.url,
      'frobnicate',
    ]);
    expect(await fault.exited(30_000)).toBe(1);
    expect(fault.stderr()).toBe("Command 'frobnicate' does not exist\n");
  });
});
