import { join } from 'node:path';
import { takeUntil, timer } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestScheduler } from 'rxjs/testing';
import { silentLogger } from '../../../src/logger.ts';
import { parseConfig } from '../../../src/pipeline/config.ts';
import { draftEvent, type RealmEvent } from '../../../src/pipeline/events.ts';
import { createHub } from '../../../src/pipeline/hub.ts';
import { realmPipeline } from '../../../src/pipeline/realm.ts';
import { createRealmStatusBoard } from '../../../src/pipeline/realmStatus.ts';
import {
  cassetteTransport,
  createCassetteRecorder,
} from '../../../src/pipeline/recording/cassette.ts';
import { record } from '../../../src/pipeline/recording/recorder.ts';
import { loadRecording } from '../../../src/pipeline/recording/recording.ts';
import { replay } from '../../../src/pipeline/recording/replay.ts';
import { createSoapTransport } from '../../../src/pipeline/sources/soap/transport.ts';
import { startSimulator } from '../../../src/simulator/simulator.ts';
import { createTestScheduler } from '../../helpers/marbles.ts';
import { tempDir } from '../../helpers/recordings.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('round trip: record, then replay in a TestScheduler', () => {
  let tmp: { dir: string; cleanup(): void };
  let testScheduler: TestScheduler;
  beforeEach(() => {
    tmp = tempDir();
    testScheduler = createTestScheduler();
  });
  afterEach(() => tmp.cleanup());

  it('a marble stream recorded in virtual time replays as the same marble', async () => {
    const hub = createHub({ epoch: 'rt' });
    const draft = (character: string) =>
      draftEvent('player.login', { realm: 'r', time: 0, source: 'soap', data: { character } });
    let recorded!: ReturnType<typeof record>;
    testScheduler.run(({ hot }) => {
      recorded = record(hub.events$, { dir: tmp.dir, id: 'marbles', scheduler: testScheduler });
      hot('-a--b---(c|)', { a: draft('A'), b: draft('B'), c: draft('C') }).subscribe({
        next: (event) => hub.publish(event),
        complete: () => hub.close(),
      });
    });
    await recorded.done;
    const recording = await loadRecording(join(tmp.dir, 'marbles.jsonl'));
    const [a, b, c] = hub.recent().map((item) => item.event);
    testScheduler = createTestScheduler();
    testScheduler.run(({ expectObservable }) => {
      expectObservable(replay(recording, { keepSource: true })).toBe('-a--b---(c|)', { a, b, c });
    });
  });

  it('a simulator scenario (real SOAP answers) recorded in virtual time replays identically', async () => {
    // 1. Live: poll the simulator over real HTTP while the scenario plays; keep a cassette.
    const sim = await startSimulator({ flavor: 'ac', tickMs: 5, seed: 3, players: 2 });
    const realm = parseConfig({
      realms: [{
        id: 'ac-1',
        flavor: 'azerothcore',
        soap: { url: sim.url, username: 'ADMIN', password: 'admin' },
        poll: { intervalMs: 150 },
      }],
    }).realms[0];
    const tape = createCassetteRecorder({ realm: 'ac-1', flavor: 'azerothcore' });
    const live = realmPipeline(realm, {
      transport: createSoapTransport({ ...realm.soap!, flavor: 'azerothcore' }, {
        onExchange: tape.onExchange,
      }),
      status: createRealmStatusBoard(),
      logger: silentLogger,
      random: () => 0,
    }).subscribe();
    try {
      await sleep(400);
      sim.login('Arthas', { level: 80, map: 571, zone: 4395 });
      await sleep(400);
      sim.move('Arthas', { map: 571, zone: 67 });
      sim.login('Sylvanas', { level: 80 });
      await sleep(400);
      sim.restart();
      await sleep(400);
      sim.login('Arthas', { level: 80 });
      await sleep(400);
    } finally {
      live.unsubscribe();
      await sim.close();
    }
    const cassette = tape.cassette();
    expect(cassette.exchanges.length).toBeGreaterThan(10);

    // 2. Virtual time: the same pipeline on the cassette, through a hub, recorded.
    const rounds = cassette.exchanges.filter((e) => e.command === 'server info').length;
    const hub = createHub({ epoch: 'sim' });
    const seen: [number, RealmEvent][] = [];
    let recorder!: ReturnType<typeof record>;
    testScheduler.run(() => {
      // redact: [] keeps the players' addresses, so the replay can be compared field by field.
      recorder = record(hub.events$, {
        dir: tmp.dir,
        id: 'scenario',
        scheduler: testScheduler,
        redact: [],
      });
      hub.events$.subscribe(({ event }) => seen.push([testScheduler.now(), event]));
      hub.connect(
        realmPipeline(realm, {
          transport: cassetteTransport(cassette, { scheduler: testScheduler }),
          scheduler: testScheduler,
          status: createRealmStatusBoard(),
          logger: silentLogger,
          random: () => 0,
        }).pipe(takeUntil(timer(rounds * 150 - 1, testScheduler))),
      );
    });
    await recorder.stop();
    const types = seen.map(([, event]) => event.type);
    expect(types).toContain('realm.roster');
    expect(types).toContain('player.login');
    expect(types).toContain('server.restart');

    // 3. Replay in a fresh TestScheduler: the same events at the same virtual times.
    const recording = await loadRecording(join(tmp.dir, 'scenario.jsonl'));
    const replayed: [number, RealmEvent][] = [];
    testScheduler = createTestScheduler();
    testScheduler.run(() => {
      replay(recording, { keepSource: true }).subscribe((event) =>
        replayed.push([testScheduler.now(), event])
      );
    });
    expect(replayed).toEqual(seen);
  });

  it('the shipped sample recording replays at its recorded offsets', async () => {
    const recording = await loadRecording('recordings/sample-tc.jsonl');
    expect(recording.report).toMatchObject({ skipped: 0 });
    expect(recording.report?.tail).toBeUndefined();
    const frames: number[] = [];
    let completedAt = -1;
    testScheduler.run(() => {
      replay(recording).subscribe({
        next: () => frames.push(testScheduler.now()),
        complete: () => (completedAt = testScheduler.now()),
      });
    });
    expect(frames).toEqual(recording.events.map((entry) => entry.t));
    expect(completedAt).toBe(600_000);
    const first = (type: string) => recording.events.find((e) => e.event.type === type)!.event;
    testScheduler = createTestScheduler();
    testScheduler.run(({ expectObservable }) => {
      expectObservable(
        replay(recording, { types: ['server.up', 'realm.roster', 'server.restart'], to: 400_000 }),
      ).toBe('50ms a 49ms b 339949ms c 59949ms |', {
        a: { ...first('server.up'), source: 'replay' },
        b: { ...first('realm.roster'), source: 'replay' },
        c: { ...first('server.restart'), source: 'replay' },
      });
    });
  });
});
