/**
 * Deno runtime test of the realm pipeline: the simulated worldserver and the SOAP client on
 * Deno's node:net, polled by `realmPipeline`, both flavours, events into a hub.
 */
import assert from 'node:assert/strict';
import { filter, firstValueFrom, take, timeout, toArray } from 'rxjs';
import { silentLogger } from '../src/logger.ts';
import { parseConfig } from '../src/pipeline/config.ts';
import { createHub } from '../src/pipeline/hub.ts';
import { realmPipeline } from '../src/pipeline/realm.ts';
import { createRealmStatusBoard } from '../src/pipeline/realmStatus.ts';
import { createSoapTransport } from '../src/pipeline/sources/soap/transport.ts';
import { startSimulator } from '../src/simulator/simulator.ts';

for (const [short, flavor] of [['tc', 'trinitycore'], ['ac', 'azerothcore']] as const) {
  Deno.test(`realmPipeline polls a ${flavor} simulator on Deno`, async () => {
    const sim = await startSimulator({ flavor: short, tickMs: 5, players: 4 });
    const hub = createHub();
    try {
      const realm = parseConfig({
        realms: [{
          id: 'deno',
          flavor,
          soap: { url: sim.url, username: 'ADMIN', password: 'admin' },
          poll: { intervalMs: 200 },
        }],
      }).realms[0];
      const transport = createSoapTransport({ ...realm.soap!, flavor });
      const status = createRealmStatusBoard();
      const first = firstValueFrom(hub.events$.pipe(take(3), toArray(), timeout(10_000)));
      hub.connect(realmPipeline(realm, { transport, status, logger: silentLogger }));
      const types = (await first).map(({ event }) => event.type);
      assert.deepEqual(types, ['server.up', 'server.info', 'realm.roster']);
      const login = firstValueFrom(
        hub.events$.pipe(filter(({ event }) => event.type === 'player.login'), timeout(10_000)),
      );
      sim.login('Denoling', { account: 'DENO' });
      const { event } = await login;
      assert.equal(event.type === 'player.login' && event.data.character, 'Denoling');
      assert.equal(status.get('deno')?.reachable, true);
    } finally {
      hub.close();
      await sim.close();
    }
  });
}
