import { afterEach, describe, expect, it } from 'vitest';
import { filter, firstValueFrom, type Subscription, take, timeout, toArray } from 'rxjs';
import { silentLogger } from '../../src/logger.ts';
import { parseConfig } from '../../src/pipeline/config.ts';
import { createHub, type Hub } from '../../src/pipeline/hub.ts';
import { createRealmStatusBoard } from '../../src/pipeline/realmStatus.ts';
import { type RunningRealms, startRealms } from '../../src/pipeline/realms.ts';
import { startSimulator } from '../../src/simulator/simulator.ts';
import { startTestGateway } from '../helpers/gateway.ts';

describe('startRealms', () => {
  let hub: Hub | undefined;
  let realms: RunningRealms | undefined;
  afterEach(async () => {
    await realms?.close();
    hub?.close();
    realms = undefined;
  });

  it('starts a simulator for a simulate realm and polls it over SOAP', async () => {
    hub = createHub();
    const status = createRealmStatusBoard();
    const config = parseConfig({
      realms: [{
        id: 'sim-ac',
        flavor: 'azerothcore',
        simulate: { players: 3, lively: false, tickMs: 5 },
        poll: { intervalMs: 200 },
      }],
    });
    const first = firstValueFrom(
      hub.events$.pipe(
        filter(({ event }) => event.realm === 'sim-ac'),
        take(3),
        toArray(),
        timeout(10_000),
      ),
    );
    realms = await startRealms(config, { hub, status, logger: silentLogger });
    const events = (await first).map(({ event }) => event);
    expect(events.map((event) => event.type)).toEqual(['server.up', 'server.info', 'realm.roster']);
    expect(events[2].data).toMatchObject({ reason: 'start', count: 3 });
    const simulator = realms.simulators.get('sim-ac')!;
    expect(simulator.flavor).toBe('ac');
    expect(status.get('sim-ac')).toMatchObject({
      flavor: 'azerothcore',
      reachable: true,
      players: 3,
    });
    expect(realms.transport('sim-ac')).toBeTypeOf('function');
    // Live changes flow: a login in the simulated world becomes a player.login.
    const login = firstValueFrom(
      hub.events$.pipe(
        filter(({ event }) => event.type === 'player.login'),
        timeout(10_000),
      ),
    );
    simulator.login('Newcomer', { account: 'NEWCOMER' });
    expect((await login).event.data).toMatchObject({ character: 'Newcomer', account: 'NEWCOMER' });
    await realms.close();
    expect(simulator.down).toBe(true);
  });

  it('polls a soap realm at its configured address', async () => {
    const simulator = await startSimulator({ flavor: 'tc', tickMs: 0, players: 1 });
    try {
      hub = createHub();
      const config = parseConfig({
        realms: [{
          id: 'remote',
          flavor: 'trinitycore',
          soap: { url: simulator.url, username: 'ADMIN', password: 'admin' },
          poll: { intervalMs: 200 },
        }],
      });
      const roster = firstValueFrom(
        hub.events$.pipe(filter(({ event }) => event.type === 'realm.roster'), timeout(10_000)),
      );
      realms = await startRealms(config, {
        hub,
        status: createRealmStatusBoard(),
        logger: silentLogger,
      });
      expect((await roster).event).toMatchObject({ realm: 'remote', data: { count: 1 } });
      expect(realms.simulators.size).toBe(0);
    } finally {
      await simulator.close();
    }
  });

  it('fails on a bad format override and leaves nothing running', async () => {
    hub = createHub();
    const config = parseConfig({
      realms: [
        { id: 'ok', flavor: 'trinitycore', simulate: { lively: false } },
        {
          id: 'bad',
          flavor: 'trinitycore',
          simulate: { lively: false },
          formats: { 'serverInfo.nope': 'x' },
        },
      ],
    });
    const connected: Subscription[] = [];
    const spy: Hub = {
      ...hub,
      connect: (source) => {
        const subscription = hub!.connect(source);
        connected.push(subscription);
        return subscription;
      },
    };
    await expect(
      startRealms(config, { hub: spy, status: createRealmStatusBoard(), logger: silentLogger }),
    ).rejects.toThrow(/serverInfo\.nope: unknown format id/);
    // The first realm had started: its pipeline is unsubscribed again.
    expect(connected.length).toBe(1);
    expect(connected[0].closed).toBe(true);
  });
});

describe('startGateway with realms', () => {
  it('runs the embedded default (one simulated realm) and serves its status', async () => {
    const gateway = await startTestGateway({
      realms: [{ id: 'sim', name: 'Simulated Realm', flavor: 'trinitycore', simulate: {} }],
    });
    try {
      const roster = await firstValueFrom(
        gateway.hub.since().events$.pipe(
          filter(({ event }) => event.type === 'realm.roster'),
          timeout(10_000),
        ),
      );
      expect(roster.event.realm).toBe('sim');
      const response = await fetch(`${gateway.server.url}/api/realms`, {
        headers: { authorization: 'Bearer test-admin-token-0123456789' },
      });
      expect(response.status).toBe(200);
      expect(JSON.stringify(await response.json())).toContain('"sim"');
    } finally {
      await gateway.close();
    }
  });
});
