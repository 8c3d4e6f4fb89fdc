import { afterEach, describe, expect, it } from 'vitest';
import { executeCommandAsync } from '../../src/pipeline/sources/soap/client.ts';
import { type CliRun, runInProcess, runToEnd } from '../helpers/recordingCli.ts';

async function getJson(url: string, token: string): Promise<Record<string, unknown>> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return await response.json() as Record<string, unknown>;
}

describe('realmstream demo', () => {
  let run: CliRun | undefined;
  afterEach(async () => {
    run?.stop();
    await run?.exit;
    run = undefined;
  });

  it('runs lively simulated realms of both flavours behind the gateway, over real SOAP', async () => {
    run = runInProcess(
      ['demo', '--port', '0', '--no-ui', '--players', '5', '--poll-ms', '200'],
      '/',
    );
    const [, url, token] = await run.waitFor(/(http:\/\/127\.0\.0\.1:\d+)\/#token=([\w-]+)/);
    const [, tcUrl] = await run.waitFor(/demo-tc: simulated trinitycore SOAP at (\S+) \(ADMIN/);
    await run.waitFor(/demo-ac: simulated azerothcore SOAP at \S+ \(ADMIN \/ admin\)/);
    // The printed SOAP endpoint is a real one: the documented account can use it.
    const info = await executeCommandAsync(
      { url: tcUrl, username: 'ADMIN', password: 'admin', flavor: 'trinitycore' },
      'server info',
    );
    expect(info).toMatch(/^TrinityCore rev\./);
    // Both realms' rosters reach the hub within a few seconds.
    let realmsWithRoster: string[] = [];
    for (let i = 0; i < 100 && realmsWithRoster.length < 2; i++) {
      const body = await getJson(`${url}/api/events?types=realm.roster`, token);
      realmsWithRoster = [
        ...new Set((body.events as { realm: string }[]).map((event) => event.realm)),
      ].sort();
      if (realmsWithRoster.length < 2) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(realmsWithRoster).toEqual(['demo-ac', 'demo-tc']);
    const { realms } = await getJson(`${url}/api/realms`, token) as {
      realms: { id: string; flavor: string; reachable: boolean }[];
    };
    expect(realms.map(({ id, flavor, reachable }) => ({ id, flavor, reachable }))).toEqual([
      { id: 'demo-tc', flavor: 'trinitycore', reachable: true },
      { id: 'demo-ac', flavor: 'azerothcore', reachable: true },
    ]);
    run.stop();
    expect(await run.exit).toBe(0);
  });

  it('refuses an unknown flavour', async () => {
    const result = await runToEnd(['demo', '--flavor', 'mangos'], '/');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--flavor must be tc, ac or both/);
  });
});
