/**
 * Scenario: a simulated TrinityCore worldserver polled over real SOAP by a real gateway,
 * events read by a real WebSocket client. A script of logins, logouts, a zone change, an
 * outage of at least three polls and a restart must give exactly the expected events: no
 * duplicates, no fake login burst after the outage.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.ts';
import { parseConfig } from '../../src/pipeline/config.ts';
import { validateDraftEvent } from '../../src/pipeline/events.ts';
import { createRealmStatusBoard, type RealmStatusBoard } from '../../src/pipeline/realmStatus.ts';
import { type Gateway, startGateway } from '../../src/server/gateway.ts';
import { startServer } from '../../src/server/node.ts';
import { type Simulator, startSimulator } from '../../src/simulator/simulator.ts';
import { ADMIN_TOKEN } from '../helpers/gateway.ts';
import { openClient, type TestClient } from '../helpers/ws.ts';
import { eventsOf, waitUntil, wsUrl } from '../server/fixtures.ts';

type Event = { seq: number; type: string; data: Record<string, unknown> };

/** One line per event: type, who or why, and `~` when approximate. */
function describeEvent({ type, data }: Event): string {
  const who = (data.character ?? data.reason ?? '') as string;
  const extra = type === 'realm.roster'
    ? ` [${(data.players as { character: string }[]).map((p) => p.character).join(',')}]`
    : type === 'player.logout'
    ? ` (${data.reason})`
    : '';
  return `${type}${who ? ` ${who}` : ''}${extra}${data.approximate ? ' ~' : ''}`;
}

describe('realm pipeline scenario over real SOAP and WebSocket', () => {
  let sim: Simulator | undefined;
  let gateway: Gateway | undefined;
  let client: TestClient | undefined;
  afterEach(async () => {
    client?.socket.terminate();
    await gateway?.close();
    await sim?.close();
  });

  it('derives exactly the expected events', async () => {
    sim = await startSimulator({ flavor: 'tc', tickMs: 5 });
    sim.login('Thrall', { account: 'ADMIN' });
    const status: RealmStatusBoard = createRealmStatusBoard();
    const config = parseConfig({
      server: { host: '127.0.0.1', port: 0 },
      auth: { tokens: [{ name: 'admin', token: ADMIN_TOKEN, role: 'admin' }] },
      realms: [{
        id: 'w1',
        flavor: 'trinitycore',
        soap: { url: sim.url, username: 'ADMIN', password: 'admin', timeoutMs: 2000 },
        poll: { intervalMs: 150, backoffMaxMs: 300 },
      }],
    });
    gateway = await startGateway({ config, startServer, logger: silentLogger, realms: status });
    client = await openClient(wsUrl(gateway), {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    await client.next((m) => m.op === 'welcome');
    // From the start of the run (seq 0), so nothing published before we subscribed is missed.
    client.send({
      op: 'subscribe',
      id: 's',
      types: ['player.*', 'realm.*', 'server.up', 'server.down', 'server.restart', 'parse.error'],
      since: { epoch: gateway.hub.epoch, seq: 0 },
    });
    const events = () => eventsOf(client!.messages).map(({ event }) => event as unknown as Event);
    const seen = (line: string) => events().some((event) => describeEvent(event) === line);
    const until = (line: string) => waitUntil(() => seen(line), 10_000, line);

    await until('realm.roster start [Thrall]');
    sim.login('Jaina', { account: 'P2' });
    await until('player.login Jaina');
    sim.login('Garrosh', { account: 'P3' });
    await until('player.login Garrosh');
    sim.logout('Thrall');
    await until('player.logout Thrall (logout)');
    sim.move('Jaina', { map: 1, zone: 14 });
    await until('player.zone Jaina');

    // Outage: the port is closed for at least three polls; meanwhile Garrosh leaves and
    // Anduin arrives, Jaina stays online throughout.
    const errorsBefore = status.get('w1')!.pollErrors;
    await sim.goDown();
    await until('server.down unreachable');
    sim.logout('Garrosh');
    sim.login('Anduin', { account: 'P4' });
    await waitUntil(
      () => status.get('w1')!.pollErrors >= errorsBefore + 3,
      10_000,
      '3 failed polls',
    );
    await sim.comeUp();
    await until('realm.roster recovery [Jaina,Anduin]');

    // A restart, as a real one looks: the server is unreachable while it restarts.
    await sim.goDown();
    await waitUntil(() => events().filter((e) => e.type === 'server.down').length === 2, 10_000);
    sim.restart();
    await sim.comeUp();
    await until('realm.roster recovery []');
    sim.login('Thrall', { account: 'ADMIN' });
    await until('player.login Thrall');

    const lines = events().map(describeEvent);
    expect(lines).toEqual([
      'server.up',
      'realm.roster start [Thrall]',
      'player.login Jaina',
      'player.login Garrosh',
      'player.logout Thrall (logout)',
      'player.zone Jaina',
      'server.down unreachable',
      'server.up',
      'player.logout Garrosh (logout) ~',
      'player.login Anduin ~',
      'realm.roster recovery [Jaina,Anduin]',
      'server.down unreachable',
      'server.up',
      'server.restart',
      'player.logout Jaina (restart) ~',
      'player.logout Anduin (restart) ~',
      'realm.roster recovery []',
      'player.login Thrall',
    ]);
    for (const event of events()) expect(validateDraftEvent(event)).toMatchObject({ ok: true });
    // No duplicates: every event once, in hub order.
    const seqs = events().map((event) => event.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    // Exact times are unknown across an outage: the window is given instead.
    const anduin = events().find((e) => describeEvent(e) === 'player.login Anduin ~')!;
    const outage = anduin.data.outage as { from: number; to: number };
    expect(outage.to).toBeGreaterThan(outage.from);
    const logout = events().find((e) => describeEvent(e) === 'player.logout Thrall (logout)')!;
    expect(logout.data.sessionSeconds).toBeUndefined(); // online before the gateway started
    expect(events().find((e) => describeEvent(e) === 'player.login Thrall')!.data).toMatchObject({
      character: 'Thrall',
      account: 'ADMIN',
    });
  });
});
