import { beforeEach, describe, expect, it } from 'vitest';
import { delay, Observable, of, throwError } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { silentLogger } from '../../src/logger.ts';
import { parseConfig, type RealmConfig } from '../../src/pipeline/config.ts';
import { type DraftEvent, validateDraftEvent } from '../../src/pipeline/events.ts';
import { FormatError } from '../../src/pipeline/formats/template.ts';
import { realmPipeline } from '../../src/pipeline/realm.ts';
import { createRealmStatusBoard } from '../../src/pipeline/realmStatus.ts';
import { createTestScheduler } from '../helpers/marbles.ts';
import { SoapAuthError } from '../../src/pipeline/sources/soap/errors.ts';
import { KindError } from '../fixtures/soap/fixtures.ts';

/** A tiny fake worldserver answering in TrinityCore text, one frame after each request. */
class FakeRealm {
  uptime = 100;
  down = false;
  players: { name: string; zone: number; level: number }[] = [];
  requests: string[] = [];
  transport = (command: string): Observable<string> => {
    this.requests.push(command);
    if (this.down) return throwError(() => new KindError('unreachable', 'connect ECONNREFUSED'));
    return of(this.answer(command)).pipe(delay(1));
  };
  answer(command: string): string {
    if (command === 'server info') {
      return `Online players: ${this.players.length} (max: 9)\nServer uptime: ${this.uptime} Seconds.\nUpdate time diff: 10.\n`;
    }
    if (command === 'account onlinelist') {
      if (this.players.length === 0) return 'No online players.\n';
      return this.players
        .map((p) => `-[${p.name.toUpperCase()}][${p.name}][127.0.0.1][1][${p.zone}][2][0]-`)
        .join('\n');
    }
    const name = command.slice('pinfo '.length);
    const player = this.players.find((p) => p.name === name);
    return `│Player  ${name} (guid: 1)\n│ Level: ${player?.level ?? 1}\n`;
  }
}

const realmConfig = (extra: Record<string, unknown> = {}): RealmConfig =>
  parseConfig({
    realms: [{
      id: 'w1',
      flavor: 'trinitycore',
      soap: { url: 'http://127.0.0.1:7878/', username: 'ADMIN', password: 'admin' },
      poll: { intervalMs: 100 },
      ...extra,
    }],
  }).realms[0];

const summary = (event: DraftEvent) => {
  const data = event.data as Record<string, unknown>;
  const who = data.character ?? data.reason ?? data.state ?? '';
  return `${event.time} ${event.type}${who ? ` ${who}` : ''}`;
};

describe('realmPipeline', () => {
  let testScheduler: TestScheduler;
  beforeEach(() => (testScheduler = createTestScheduler()));

  const run = (
    realm: FakeRealm,
    config: RealmConfig,
    script: Record<number, () => void>,
    until: number,
  ) => {
    const events: DraftEvent[] = [];
    const status = createRealmStatusBoard();
    testScheduler.run(() => {
      const subscription = realmPipeline(config, {
        transport: realm.transport,
        scheduler: testScheduler,
        status,
        logger: silentLogger,
        random: () => 0,
      }).subscribe((event) => events.push(event));
      for (const [at, action] of Object.entries(script)) {
        testScheduler.schedule(action, Number(at));
      }
      testScheduler.schedule(() => subscription.unsubscribe(), until);
    });
    // Every derived event matches the catalog's schema for its type.
    for (const event of events) expect(validateDraftEvent(event)).toMatchObject({ ok: true });
    return { events, status };
  };

  it('starts with server.up, a sample and the roster, then derives player events', () => {
    const realm = new FakeRealm();
    realm.players = [{ name: 'Thrall', zone: 14, level: 80 }];
    const { events, status } = run(realm, realmConfig(), {
      150: () => realm.players.push({ name: 'Jaina', zone: 1519, level: 70 }),
      250: () => (realm.players[0].zone = 12),
      350: () => realm.players.shift(),
    }, 420);
    expect(events.filter((e) => e.type !== 'server.info').map(summary)).toEqual([
      '1 server.up',
      '2 realm.roster start',
      '202 player.login Jaina',
      '302 player.zone Thrall',
      '402 player.logout Thrall',
    ]);
    expect(events.filter((e) => e.type === 'server.info').length).toBe(5);
    expect(status.get('w1')).toMatchObject({
      id: 'w1',
      flavor: 'trinitycore',
      reachable: true,
      players: 1,
      uptimeSeconds: 100,
      updateDiffMs: 10,
      polls: 10,
      pollErrors: 0,
      lastLatencyMs: 1,
    });
  });

  it('rides out an outage: server.down once, approximate changes, a recovery roster', () => {
    const realm = new FakeRealm();
    realm.players = [{ name: 'Thrall', zone: 14, level: 80 }, { name: 'Jaina', zone: 1, level: 1 }];
    const { events, status } = run(realm, realmConfig(), {
      50: () => (realm.down = true),
      // While down: Jaina leaves, Anduin arrives; Thrall stays online throughout.
      60: () => (realm.players = [realm.players[0], { name: 'Anduin', zone: 1, level: 1 }]),
      650: () => (realm.down = false),
    }, 1000);
    const changes = events.filter((e) => e.type !== 'server.info');
    expect(changes.map(summary)).toEqual([
      '1 server.up',
      '2 realm.roster start',
      '100 server.down unreachable',
      '801 server.up',
      '802 player.logout Jaina',
      '802 player.login Anduin',
      '802 realm.roster recovery',
    ]);
    expect(changes[4].data).toMatchObject({ approximate: true, outage: { from: 2, to: 802 } });
    expect(changes[5].data).toMatchObject({ approximate: true, outage: { from: 2, to: 802 } });
    expect(changes[3].data).toEqual({ downForMs: 701 });
    // Backoff without jitter: failed rounds at 100, 200 and 400; the next at 800 works.
    expect(realm.requests.filter((r) => r === 'server info').length).toBe(6);
    expect(status.get('w1')).toMatchObject({ reachable: true, pollErrors: 3 });
  });

  it('sees a restart: server.restart, then everyone logged out with reason restart', () => {
    const realm = new FakeRealm();
    realm.players = [{ name: 'Thrall', zone: 14, level: 80 }];
    const { events } = run(realm, realmConfig(), {
      150: () => {
        realm.uptime = 1;
        realm.players = [];
      },
    }, 250);
    const changes = events.filter((e) => e.type !== 'server.info');
    expect(changes.map(summary)).toEqual([
      '1 server.up',
      '2 realm.roster start',
      '201 server.restart',
      '201 player.logout Thrall',
    ]);
    expect(changes[3].data).toEqual({ character: 'Thrall', account: 'THRALL', reason: 'restart' });
  });

  it('polls pinfo round-robin when enabled and reports level changes', () => {
    const realm = new FakeRealm();
    realm.players = [{ name: 'A', zone: 1, level: 10 }, { name: 'B', zone: 1, level: 20 }];
    const config = realmConfig({ poll: { intervalMs: 100, pinfo: { enabled: true, perPoll: 1 } } });
    const { events } = run(realm, config, { 250: () => (realm.players[0].level = 11) }, 520);
    expect(realm.requests.filter((r) => r.startsWith('pinfo'))).toEqual([
      'pinfo A',
      'pinfo B',
      'pinfo A',
      'pinfo B',
      'pinfo A',
      'pinfo B',
    ]);
    expect(events.filter((e) => e.type === 'player.level').map((e) => e.data)).toEqual([
      { character: 'A', from: 10, to: 11 },
    ]);
  });

  it('stops at an auth error and says so', () => {
    const realm = new FakeRealm();
    realm.transport = (command) => {
      realm.requests.push(command);
      return throwError(() => new SoapAuthError('Error 401: HTTP 401 Unauthorized'));
    };
    const { events, status } = run(realm, realmConfig(), {}, 1000);
    expect(events.map(summary)).toEqual(['0 server.down auth']);
    expect(events[0].data).toMatchObject({ stopped: true });
    expect(realm.requests).toEqual(['server info']);
    expect(status.get('w1')!.down).toMatchObject({ reason: 'auth', stopped: true });
  });

  it('rejects bad format overrides when it is built', () => {
    const config = realmConfig({ formats: { 'serverInfo.players': 'Spieler: {count:int}' } });
    expect(() =>
      realmPipeline(config, {
        transport: new FakeRealm().transport,
        status: createRealmStatusBoard(),
        logger: silentLogger,
      })
    ).toThrow(FormatError);
  });
});
