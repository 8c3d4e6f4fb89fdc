import { createServer } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import type { CliContext } from '../../src/cli/context.ts';
import {
  DENO_CLI,
  freePort,
  NODE_CLI,
  type RunningProcess,
  spawnProcess,
} from '../helpers/process.ts';
import { gsoapAnswer, gsoapEnvelope, rawExchange } from '../simulator/rawHttp.ts';

// The reference's request (section 1.4), for AzerothCore: the exact bytes curl would send.
function referenceRequest(command: string, urn = 'urn:AC'): string {
  const body = `<?xml version="1.0" encoding="utf-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="${urn}">
  <SOAP-ENV:Body>
    <ns1:executeCommand>
      <command>${command}</command>
    </ns1:executeCommand>
  </SOAP-ENV:Body>
</SOAP-ENV:Envelope>`;
  return `POST / HTTP/1.1\r\nHost: 127.0.0.1:7878\r\nAuthorization: Basic QURNSU46YWRtaW4=\r\n` +
    `Content-Type: text/xml; charset=utf-8\r\nContent-Length: ${
      Buffer.byteLength(body)
    }\r\n\r\n${body}`;
}

function fakeContext() {
  const out: string[] = [];
  const err: string[] = [];
  let stop!: (signal: string) => void;
  const context: CliContext = {
    runtime: 'node',
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env: () => undefined,
    cwd: '/nonexistent',
    uiRoot: '/nonexistent',
    startServer: () => Promise.reject(new Error('not in this test')),
    stopSignal: new Promise((resolve) => (stop = resolve)),
  };
  return { context, out, err, stop: (signal = 'SIGTERM') => stop(signal) };
}

describe('realmstream simulate (real process)', () => {
  let running: RunningProcess | undefined;
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  it('--flavor ac runs standalone and answers the reference request byte for byte', async () => {
    const port = await freePort();
    running = spawnProcess(NODE_CLI[0], [
      ...NODE_CLI[1],
      'simulate',
      '--flavor',
      'ac',
      '--port',
      String(port),
    ]);
    await running.waitFor(new RegExp(`SOAP on http://127\\.0\\.0\\.1:${port}/`), 30_000);
    expect(await rawExchange(port, referenceRequest('character level Thrall 80'))).toBe(gsoapAnswer(
      '200 OK',
      gsoapEnvelope(
        'urn:AC',
        '<ns1:executeCommandResponse><result>You changed level of Thrall to 80.&#xD;\n</result></ns1:executeCommandResponse>',
      ),
    ));
    expect(await rawExchange(port, referenceRequest('foo'))).toBe(gsoapAnswer(
      '500 Internal Server Error',
      gsoapEnvelope(
        'urn:AC',
        "<SOAP-ENV:Fault><faultcode>SOAP-ENV:Client</faultcode><faultstring>Command 'foo' does not exist&#xD;\n</faultstring><detail>Command 'foo' does not exist\r\n</detail></SOAP-ENV:Fault>",
      ),
    ));
    await running.stop();
    expect(running.stderr()).toMatch(/stopping/);
  });

  it('runs on Deno too (tc flavour, the TC reference answer)', async () => {
    const port = await freePort();
    running = spawnProcess(DENO_CLI[0], [
      ...DENO_CLI[1],
      'simulate',
      '--port',
      String(port),
      '--players',
      '0',
    ]);
    await running.waitFor(/Simulated TrinityCore 3\.3\.5 worldserver: SOAP on/, 30_000);
    expect(await rawExchange(port, referenceRequest('character level Thrall 80', 'urn:TC'))).toBe(
      gsoapAnswer(
        '200 OK',
        gsoapEnvelope(
          'urn:TC',
          '<ns1:executeCommandResponse><result>You changed level of Thrall to 80.&#xD;\n</result></ns1:executeCommandResponse>',
        ),
      ),
    );
  });
});

describe('realmstream simulate (in process)', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('bad flags exit 2 with the flag named', async () => {
    for (
      const [args, message] of [
        [['--flavor', 'mangos'], /--flavor must be tc or ac/],
        [['--port', '70000'], /--port must be between 0 and 65535/],
        [['--tick-ms', 'x'], /--tick-ms must be an integer/],
        [['--user', 'has space'], /--user must be/],
        [['--bogus'], /'--bogus'/],
      ] as const
    ) {
      const { context, err } = fakeContext();
      expect(await runCli(['simulate', ...args], context), args.join(' ')).toBe(2);
      expect(err.join('')).toMatch(message);
    }
  });

  it('a bad scenario file exits 1 with every problem listed', async () => {
    dir = await mkdtemp(join(tmpdir(), 'rs-sim-cli-'));
    const file = join(dir, 'scenario.json');
    await writeFile(file, JSON.stringify([{ at: 0, action: 'teleport' }]));
    const { context, err } = fakeContext();
    expect(await runCli(['simulate', '--scenario', file, '--port', '0'], context)).toBe(1);
    expect(err.join('')).toMatch(
      /invalid scenario .*scenario\.json:\n {2}steps\.0\.action: Invalid type: Expected \("login" \| /,
    );
  });

  it('a port in use exits 1 and says so', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const { context, err } = fakeContext();
      expect(await runCli(['simulate', '--port', String(port)], context)).toBe(1);
      expect(err.join('')).toMatch(new RegExp(`port ${port} is already in use`));
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  it('plays a scenario file, serves with a custom account, stops on the signal', async () => {
    dir = await mkdtemp(join(tmpdir(), 'rs-sim-cli-'));
    const file = join(dir, 'scenario.json');
    await writeFile(
      file,
      JSON.stringify({ steps: [{ at: 0, action: 'login', character: 'Thrall' }] }),
    );
    const port = await freePort();
    const { context, out, stop } = fakeContext();
    const done = runCli(
      [
        'simulate',
        '--port',
        String(port),
        '--user',
        'soap',
        '--password',
        'Pw',
        '--players',
        '0',
        '--scenario',
        file,
      ],
      context,
    );
    const until = Date.now() + 5000;
    while (!out.join('').includes('SOAP on') && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(out.join('')).toContain('(account SOAP, 0 online, scenario');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const auth = Buffer.from('SOAP:pw').toString('base64');
    const answer = await rawExchange(
      port,
      referenceRequest('account onlinelist', 'urn:TC').replace('QURNSU46YWRtaW4=', auth),
    );
    expect(answer).toContain('[      Thrall]');
    stop();
    expect(await done).toBe(0);
  });
});
