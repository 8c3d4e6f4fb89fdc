/**
 * Golden tests: the exact output of the simulated worldserver, fetched over real SOAP with
 * the real client, parses to the snapshot the simulated world describes, in both flavours.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastValueFrom, of, type OperatorFunction, toArray } from 'rxjs';
import {
  parseGmList,
  parseLookupPlayerAccount,
  parseMotd,
  parseOnlineList,
  parsePlayerInfo,
  parseServerInfo,
} from '../../src/operators/index.ts';
import { compileFormats } from '../../src/pipeline/formats/formatSet.ts';
import type { OnlinePlayer, ParseOutput } from '../../src/pipeline/snapshots.ts';
import { executeCommandAsync } from '../../src/pipeline/sources/soap/client.ts';
import type { Flavor, SoapConnection } from '../../src/pipeline/sources/soap/types.ts';
import { type Simulator, startSimulator } from '../../src/simulator/simulator.ts';
import type { SimCharacterInfo } from '../../src/simulator/world/types.ts';

type Parser<S> = (config: {
  realm: string;
  formats: ReturnType<typeof compileFormats>;
}) => OperatorFunction<string, ParseOutput<S>>;

for (const [short, flavor] of [['tc', 'trinitycore'], ['ac', 'azerothcore']] as const) {
  describe(`parsers against the ${flavor} simulator (golden)`, () => {
    let sim: Simulator;
    let now = 1_700_000_000_000;
    let connection: SoapConnection;
    const formats = compileFormats(flavor as Flavor);
    let thrall: SimCharacterInfo;
    let jaina: SimCharacterInfo;

    const parse = async <S>(parser: Parser<S>, command: string): Promise<S> => {
      const text = await executeCommandAsync(connection, command);
      const out = await lastValueFrom(
        of(text).pipe(parser({ realm: 'golden', formats }), toArray()),
      );
      // Not a single parse.error: every line of the simulator's output is understood.
      expect(out.map((o) => o.kind), text).toEqual(['snapshot']);
      return (out[0] as { snapshot: S }).snapshot;
    };
    const row = (c: SimCharacterInfo): OnlinePlayer => ({
      account: c.account,
      character: c.name,
      ip: c.ip,
      map: c.map,
      zone: c.zone,
      expansion: 2,
      gmLevel: c.gmLevel,
    });

    beforeAll(async () => {
      sim = await startSimulator({ flavor: short, tickMs: 0, now: () => now });
      connection = { url: sim.url, username: 'ADMIN', password: 'admin', flavor };
    });
    afterAll(() => sim.close());

    it('account onlinelist, empty', async () => {
      expect(await parse(parseOnlineList, 'account onlinelist')).toEqual({
        players: [],
        complete: true,
      });
    });

    it('account onlinelist, with an IPv6 session', async () => {
      thrall = sim.login('Thrall', { account: 'ADMIN', level: 80, ip: '2001:db8::1' });
      // One session per account, as on a real server.
      jaina = sim.login('Jaina', { account: 'PLAYER2', level: 12, ip: '10.1.2.3' });
      expect(await parse(parseOnlineList, 'account onlinelist')).toEqual({
        players: [row(thrall), row(jaina)],
        complete: true,
      });
    });

    it('server info', async () => {
      now += 8_047_000;
      const info = await parse(parseServerInfo, 'server info');
      expect(info.version).toBe(sim.world.version);
      expect(info).toMatchObject({ onlinePlayers: 2, uptimeSeconds: 8047, updateDiffMs: 12 });
      if (flavor === 'trinitycore') {
        expect(info).toMatchObject({ maxPlayers: 2, activeConnections: 2, queuedConnections: 0 });
      } else {
        expect(info).toMatchObject({
          activeConnections: 2,
          connectionPeak: 2,
          updateDiffMeanMs: 12,
          updateDiffMedianMs: 12,
          updateDiffP95Ms: 12,
          updateDiffP99Ms: 12,
          updateDiffMaxMs: 12,
        });
      }
    });

    it('server info with a pending shutdown', async () => {
      sim.world.scheduleShutdown('restart', 90);
      const info = await parse(parseServerInfo, 'server info');
      expect(info.shutdownInSeconds).toBe(90);
      sim.world.cancelShutdown();
    });

    it('pinfo, online at max level with a guild and an area', async () => {
      const info = await parse(parsePlayerInfo, 'pinfo Thrall');
      expect(info).toMatchObject({
        character: 'Thrall',
        online: true,
        guid: thrall.guid,
        account: thrall.account,
        accountId: thrall.accountId,
        gmLevel: thrall.gmLevel,
        lastIp: thrall.ip,
        locked: false,
        level: 80,
        gender: 'Male',
        race: thrall.raceName,
        class: thrall.className,
        alive: true,
        map: thrall.mapName,
        zone: thrall.zoneName,
        area: thrall.areaName,
        guild: { name: thrall.guild, rank: 'Guild Master' },
        moneyCopper: expect.any(Number),
        playedSeconds: expect.any(Number),
      });
      expect(info.xp).toBeUndefined();
    });

    it('pinfo, offline below max level (XP)', async () => {
      sim.logout('Jaina');
      const info = await parse(parsePlayerInfo, 'pinfo Jaina');
      expect(info).toMatchObject({
        character: 'Jaina',
        online: false,
        guid: jaina.guid,
        level: 12,
        xp: jaina.xp,
        xpForLevel: jaina.xpForNextLevel,
        gender: 'Female',
        race: jaina.raceName,
        class: jaina.className,
        map: jaina.mapName,
        zone: jaina.zoneName,
        latencyMs: 0,
      });
    });

    it('gm list and gm ingame', async () => {
      const accounts = await parse(parseGmList, 'gm list');
      expect(accounts.scope).toBe('accounts');
      expect(accounts.gms.map((gm) => gm.name)).toContain('ADMIN');
      if (flavor === 'trinitycore') {
        expect(accounts.gms).toContainEqual({ name: 'ADMIN', gmLevel: 3 });
      }
      const ingame = await parse(parseGmList, 'gm ingame');
      expect(ingame).toMatchObject({ scope: 'ingame' });
      expect(ingame.gms.map((gm) => gm.name)).toEqual(['Thrall']);
    });

    it('lookup player account', async () => {
      const admin = await parse(parseLookupPlayerAccount, 'lookup player account ADMIN');
      expect(admin).toMatchObject({ account: 'ADMIN', accountId: thrall.accountId });
      expect(admin.characters).toContainEqual(
        expect.objectContaining({ name: 'Thrall', guid: thrall.guid, online: true }),
      );
      const player2 = await parse(parseLookupPlayerAccount, 'lookup player account PLAYER2');
      expect(player2).toMatchObject({ account: 'PLAYER2', accountId: jaina.accountId });
      expect(player2.characters).toEqual([
        expect.objectContaining({ name: 'Jaina', guid: jaina.guid, online: false }),
      ]);
    });

    it('server motd', async () => {
      const motd = await parse(parseMotd, 'server motd');
      expect(motd.text).toMatch(/^Welcome to an? (Trinity Core|AzerothCore) server\.$/);
      if (flavor === 'azerothcore') expect(Object.keys(motd.locales!)).toHaveLength(9);
    });

    it('a 1000-player online list', async () => {
      const big = await startSimulator({ flavor: short, tickMs: 0, players: 1000, seed: 7 });
      try {
        const bigConnection = { ...connection, url: big.url };
        const text = await executeCommandAsync(bigConnection, 'account onlinelist');
        const out = await lastValueFrom(
          of(text).pipe(parseOnlineList({ realm: 'golden', formats }), toArray()),
        );
        expect(out.map((o) => o.kind)).toEqual(['snapshot']);
        const list = (out[0] as { snapshot: { players: OnlinePlayer[]; complete: boolean } })
          .snapshot;
        const online = big.world.online().map((c) => c.name).sort();
        expect(list.complete).toBe(true);
        expect(list.players.map((p) => p.character).sort()).toEqual(online);
        expect(online.length).toBeGreaterThanOrEqual(1000);
      } finally {
        await big.close();
      }
    });
  });
}
