import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  DENO_CLI,
  freePort,
  NODE_CLI,
  type RunningProcess,
  spawnProcess,
} from '../helpers/process.ts';

describe('realmstream command (real processes)', () => {
  let running: RunningProcess | undefined;
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  it('--help lists the subcommands; an unknown flag exits 2', async () => {
    const help = spawnProcess(NODE_CLI[0], [...NODE_CLI[1], '--help']);
    expect(await help.exited()).toBe(0);
    expect(help.stdout()).toMatch(/Commands:\n\s+serve/);
    const bad = spawnProcess(NODE_CLI[0], [...NODE_CLI[1], '--nope']);
    expect(await bad.exited()).toBe(2);
    expect(bad.stderr()).toMatch(/unknown option '--nope'/);
  });

  for (const [runtime, [command, args]] of [['node', NODE_CLI], ['deno', DENO_CLI]] as const) {
    it(`serve --port N on ${runtime}: healthz, a token in the printed URL, a WebSocket with it`, async () => {
      const port = await freePort();
      running = spawnProcess(command, [...args, 'serve', '--port', String(port), '--no-ui']);
      const [, url, token] = await running.waitFor(
        /(http:\/\/127\.0\.0\.1:\d+)\/#token=([A-Za-z0-9_-]+)/,
        30_000,
      );
      expect(url).toBe(`http://127.0.0.1:${port}`);
      const health = await (await fetch(`${url}/healthz`)).json();
      expect(health).toMatchObject({ status: 'ok', runtime });
      const welcome = await new Promise<Record<string, unknown>>((resolve, reject) => {
        const socket = new WebSocket(`ws://127.0.0.1:${port}/ws`, {
          headers: { authorization: `Bearer ${token}` },
        });
        const timer = setTimeout(() => reject(new Error('no welcome')), 5000);
        socket.once('message', (data) => {
          clearTimeout(timer);
          socket.close();
          resolve(JSON.parse(String(data)));
        });
        socket.once('error', reject);
      });
      expect(welcome).toMatchObject({ op: 'welcome', role: 'admin' });
      expect(running.stderr()).not.toContain(token);
      await running.stop();
      expect(running.stderr()).toMatch(/stopping/);
    });
  }

  it('serve --config FILE: its realms, its tokens (from the environment), no generated token', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rs-config-'));
    try {
      const port = await freePort();
      const file = join(dir, 'realmstream.config.json');
      await writeFile(
        file,
        JSON.stringify({
          server: { port },
          auth: { tokens: [{ name: 'ops', token: 'env:RS_TEST_TOKEN', role: 'viewer' }] },
          realms: [
            { id: 'azeroth-1', flavor: 'azerothcore', simulate: { players: 3, lively: false } },
          ],
        }),
      );
      const token = 'a-token-from-the-environment-42';
      running = spawnProcess(
        NODE_CLI[0],
        [...NODE_CLI[1], 'serve', '--config', file, '--no-ui'],
        { RS_TEST_TOKEN: token },
      );
      await running.waitFor(/gateway listening/, 30_000);
      const url = `http://127.0.0.1:${port}`;
      const realms = async () =>
        (await (await fetch(`${url}/api/realms`, {
          headers: { authorization: `Bearer ${token}` },
        })).json()) as { realms: Array<Record<string, unknown>> };
      let listed = await realms();
      for (let i = 0; i < 100 && listed.realms[0]?.reachable !== true; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        listed = await realms();
      }
      expect(listed.realms).toHaveLength(1);
      expect(listed.realms[0]).toMatchObject({
        id: 'azeroth-1',
        flavor: 'azerothcore',
        reachable: true,
      });
      expect(running.stdout() + running.stderr()).not.toMatch(/#token=/);
      expect(running.stdout() + running.stderr()).not.toContain(token);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
