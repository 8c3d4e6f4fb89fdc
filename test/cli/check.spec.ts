import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../src/simulator/simulator.ts';
import { freePort } from '../helpers/process.ts';
import { tempDir } from '../helpers/recordings.ts';
import { runToEnd } from '../helpers/recordingCli.ts';

describe('realmstream check', () => {
  let tmp: { dir: string; cleanup(): void };
  let sim: Simulator;
  beforeEach(async () => {
    tmp = tempDir();
    sim = await startSimulator({
      flavor: 'tc',
      tickMs: 0,
      players: 2,
      accounts: [{ name: 'PLAYER', password: 'player', level: 0 }],
    });
  });
  afterEach(async () => {
    await sim.close();
    tmp.cleanup();
  });

  const realm = (id: string, username: string, password: string, url = sim.url) => ({
    id,
    flavor: 'trinitycore',
    soap: { url, username, password, timeoutMs: 2000 },
  });
  const check = (config: unknown, ...args: string[]) => {
    writeFileSync(join(tmp.dir, 'config.json'), JSON.stringify(config));
    return runToEnd(['check', '--config', 'config.json', ...args], tmp.dir);
  };

  it('passes a reachable realm with a level-3 account and says what it measured', async () => {
    const result = await check({
      realms: [realm('good', 'ADMIN', 'admin'), { id: 'sim', flavor: 'azerothcore', simulate: {} }],
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/configuration: .*config\.json: valid \(2 realms, no tokens/);
    expect(result.stdout).toMatch(/realm good \(http:\/\/127\.0\.0\.1:\d+\/\): ok/);
    expect(result.stdout).toMatch(/ok {3}soap {7}server info answered in \d+ ms/);
    expect(result.stdout).toMatch(/ok {3}players {4}\d+ characters online/);
    expect(result.stdout).toMatch(/- {4}polling {4}seen by a running gateway only/);
    expect(result.stdout).toMatch(/realm sim: simulated, nothing to check/);
    expect(result.stdout).toMatch(/all realms passed/);
  });

  it('fails and names the part for a wrong password, a low account and a closed port', async () => {
    const closed = `http://127.0.0.1:${await freePort()}/`;
    const result = await check({
      realms: [
        realm('wrong', 'ADMIN', 'nope'),
        realm('low', 'PLAYER', 'player'),
        realm('down', 'ADMIN', 'admin', closed),
      ],
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/realm wrong .*: failing\n[\s\S]*FAIL auth {7}.*401/);
    expect(result.stdout).toMatch(/realm low .*: failing\n[\s\S]*FAIL auth {7}.*level 3/);
    expect(result.stdout).toMatch(/realm down .*: failing\n[\s\S]*FAIL soap {7}.*refused/);
    expect(result.stdout).toMatch(/some checks failed/);
  });

  it('--json, --realm, and a missing log file', async () => {
    const result = await check(
      {
        realms: [
          { ...realm('logged', 'ADMIN', 'admin'), log: { path: join(tmp.dir, 'missing.log') } },
          realm('other', 'ADMIN', 'nope'),
        ],
      },
      '--realm',
      'logged',
      '--json',
    );
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.ok).toBe(false);
    expect(report.realms).toHaveLength(1);
    expect(report.realms[0]).toMatchObject({
      realm: 'logged',
      status: 'failing',
      problems: ['log'],
    });
  });

  it('refuses an invalid configuration with every problem, and an unknown --realm', async () => {
    const invalid = await check({ realms: [{ id: 'x', flavor: 'mangos' }], server: { prot: 1 } });
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/flavor/);
    expect(invalid.stderr).toMatch(/prot/);
    const unknown = await check({ realms: [] }, '--realm', 'nope');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no realm 'nope'/);
  });
});
