/**
 * @module Makes the shipped sample recording, deterministically: a scripted ten-minute
 * evening on the simulated TrinityCore worldserver, observed exactly as the gateway
 * observes a real one (SOAP over real HTTP through the realm pipeline, the worldserver's log
 * lines through the log parser, merged and deduplicated), in virtual time.
 *
 * Writes `recordings/sample-tc.jsonl` (+ `.summary.json`) and the SOAP cassette of the
 * same run, `recordings/sample-tc.cassette.jsonl`. Run: `npx tsx scripts/make-sample-recording.ts`.
 *
 * How it is deterministic with real HTTP: time is a `VirtualTimeScheduler` that starts at
 * 2025-11-26 20:00 UTC and also drives the simulator's world clock. A stepper advances
 * virtual time one action at a time and only while no HTTP request is in flight; a
 * request's answer is delivered at send time + {@link LATENCY_MS} of virtual time (the
 * simulator answers on its next world tick, modelled as 50 ms). The simulator is seeded and
 * scripted (no random "lively" mode), and the poller's backoff jitter is fixed.
 *
 * The recording and the cassette are byte-identical from run to run (the simulator draws
 * login latencies from a generator of their own, untouched by its wall-clock world tick).
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { firstValueFrom, merge, Observable, Subject, VirtualTimeScheduler } from 'rxjs';
import { silentLogger } from '../src/logger.ts';
import { dedupeSources, parseLogLine } from '../src/operators/index.ts';
import { parseConfig } from '../src/pipeline/config.ts';
import { createHub } from '../src/pipeline/hub.ts';
import { realmPipeline } from '../src/pipeline/realm.ts';
import { createRealmStatusBoard } from '../src/pipeline/realmStatus.ts';
import { createCassetteRecorder, saveCassette } from '../src/pipeline/recording/cassette.ts';
import { record } from '../src/pipeline/recording/recorder.ts';
import type { SoapExchange } from '../src/pipeline/sources/soap/client.ts';
import { createSoapTransport } from '../src/pipeline/sources/soap/transport.ts';
import type { SoapTransport } from '../src/pipeline/sources/soap/types.ts';
import { formatLogLine, linesFor } from '../src/simulator/logWriter.ts';
import { startSimulator } from '../src/simulator/simulator.ts';

/** Where the files go (first argument; default `recordings`). */
const DIR = process.argv[2] ?? 'recordings';
/** Recording id. */
const ID = 'sample-tc';
/** Virtual start: 2025-11-26 20:00:00 UTC. */
const START = Date.UTC(2025, 10, 26, 20, 0, 0);
/** Length of the evening. */
const DURATION_MS = 10 * 60_000;
/** Modelled SOAP round trip (one world tick). */
const LATENCY_MS = 50;
const REALM = 'world-1';
const min = (m: number, s = 0) => (m * 60 + s) * 1000;

const scheduler = new VirtualTimeScheduler();
scheduler.frame = START;

const sim = await startSimulator({
  flavor: 'tc',
  seed: 7,
  players: 6,
  tickMs: 0,
  now: () => scheduler.now(),
  realmName: 'Sample Realm',
});

// --- the evening, as world changes at virtual times ----------------------------------------
const script: [number, () => void][] = [
  [min(0, 20), () => sim.login('Thrall', { account: 'WARCHIEF', level: 70, map: 1, zone: 1637 })],
  [min(0, 45), () => sim.login('Jaina', { account: 'KULTIRAS', level: 70, map: 0, zone: 1519 })],
  [min(1, 5), () => sim.chat('Thrall', 'say', "Lok'tar ogar!")],
  [min(1, 30), () => sim.login('Grom', { account: 'WARSONG', level: 68, map: 530, zone: 3483 })],
  [min(1, 50), () => sim.chat('Jaina', 'whisper', 'Meet me in Theramore.', { target: 'Thrall' })],
  [min(2, 10), () => sim.move('Jaina', { map: 1, zone: 15 })],
  [min(2, 40), () => sim.chat('Grom', 'yell', 'For the Horde!')],
  [min(3, 0), () => sim.setLevel('Grom', 69)],
  [min(3, 15), () => sim.login('Varian', { account: 'STORMWIND', level: 70, map: 0, zone: 1519 })],
  [min(3, 30), () => sim.gmCommand('Jaina', 'announce Raid at nine, Ulduar.')],
  [min(3, 45), () => sim.setUpdateDiff(480)],
  [min(4, 20), () => sim.setUpdateDiff(12)],
  [min(4, 40), () => sim.chat('Varian', 'guild', 'Stormwind guards, to the gates.')],
  [min(5, 10), () => sim.logout('Grom')],
  [min(5, 40), () => sim.restart()],
  [min(6, 20), () => sim.login('Thrall', { account: 'WARCHIEF', level: 70, map: 1, zone: 1637 })],
  [min(6, 35), () => sim.login('Jaina', { account: 'KULTIRAS', level: 70, map: 1, zone: 15 })],
  [min(7, 0), () => sim.chat('Thrall', 'say', 'The server is back.')],
  [min(7, 30), () => sim.failNext({ kind: 'http500', count: 3 })],
  [min(8, 40), () => sim.login('Varian', { account: 'STORMWIND', level: 70, map: 0, zone: 12 })],
  [min(9, 0), () => sim.move('Thrall', { map: 1, zone: 14 })],
  [min(9, 30), () => sim.chat('Jaina', 'say', 'Good night, everyone.')],
  [min(9, 45), () => sim.logout('Jaina')],
];
for (const [at, change] of script) scheduler.schedule(change, at);

// --- SOAP: real HTTP, answers delivered in virtual time --------------------------------------
const tape = createCassetteRecorder({
  realm: REALM,
  flavor: 'trinitycore',
  name: 'Sample: a TrinityCore evening',
  scheduler,
});
const inflight = new Set<Promise<unknown>>();
let lastExchange: SoapExchange | undefined;
const http = createSoapTransport(
  { url: sim.url, username: 'ADMIN', password: 'admin', flavor: 'trinitycore' },
  { onExchange: (exchange) => (lastExchange = exchange) },
);
const transport: SoapTransport = (command) =>
  new Observable<string>((subscriber) => {
    let delivery: { unsubscribe(): void } | undefined;
    const request = firstValueFrom(http(command)).then(
      (text) => ({ text }),
      (error: Error) => ({ error }),
    );
    const done = request.then((result) => {
      const exchange = lastExchange as SoapExchange;
      if (subscriber.closed) return;
      delivery = scheduler.schedule(() => {
        tape.onExchange({ ...exchange, latencyMs: LATENCY_MS });
        if ('text' in result) {
          subscriber.next(result.text);
          subscriber.complete();
        } else subscriber.error(result.error);
      }, LATENCY_MS);
    });
    inflight.add(done);
    void done.finally(() => inflight.delete(done));
    return () => delivery?.unsubscribe();
  });

// --- the log: the lines the worldserver would write, parsed like a tailed file ---------------
const logLines = new Subject<string>();
sim.world.subscribe((event) => {
  for (const line of linesFor('tc', event, sim.world.version)) {
    logLines.next(formatLogLine('tc', line, 7, 0));
  }
});

// --- the gateway side: realm pipeline + log, deduplicated, into a hub, recorded --------------
const config = parseConfig({
  realms: [{
    id: REALM,
    name: 'Sample Realm',
    flavor: 'trinitycore',
    soap: { url: sim.url, username: 'ADMIN', password: 'admin' },
    poll: { intervalMs: 5000, pinfo: { enabled: true, perPoll: 1 } },
  }],
});
const realm = config.realms[0];
const polls$ = realmPipeline(realm, {
  transport,
  scheduler,
  status: createRealmStatusBoard(),
  logger: silentLogger,
  random: () => 0.5,
});
const log$ = logLines.pipe(parseLogLine({ realm: REALM, utcOffsetMinutes: 0, scheduler }));
const events$ = merge(polls$, log$).pipe(
  dedupeSources({
    windowMs: realm.dedupeWindowMs,
    holdMs: 10_000,
    expectedSources: ['soap', 'log'],
    scheduler,
  }),
);

for (const file of [`${ID}.jsonl`, `${ID}.summary.json`, `${ID}.cassette.jsonl`]) {
  await rm(join(DIR, file), { force: true });
}
const hub = createHub({ epoch: 'sample' });
const recorder = record(hub.events$, {
  dir: DIR,
  id: ID,
  name: 'Sample: a TrinityCore evening',
  description: 'Ten scripted minutes on the simulated worldserver: logins, chat, a zone ' +
    'change, a level-up, a GM command, a lag spike, a restart and a short outage.',
  tags: ['sample', 'trinitycore', 'simulator'],
  epoch: hub.epoch,
  scheduler,
  reason: 'cli',
});
await recorder.ready;
hub.connect(events$);

// --- the stepper: one virtual action at a time, never while HTTP is in flight ----------------
const end = START + DURATION_MS;
for (;;) {
  while (inflight.size > 0) await Promise.all([...inflight]);
  const next = scheduler.actions[0];
  if (!next || (next as unknown as { delay: number }).delay > end) break;
  scheduler.maxFrames = (next as unknown as { delay: number }).delay;
  scheduler.flush();
  await new Promise((resolve) => setImmediate(resolve));
}
scheduler.frame = end;
const result = await recorder.stop();
hub.close();
await saveCassette(join(DIR, `${ID}.cassette.jsonl`), tape.cassette());
await sim.close();
const summary = result.files[0];
process.stdout.write(
  `wrote ${DIR}/${ID}.jsonl: ${summary.events} events, ${summary.markers} markers, ` +
    `${Math.round(summary.durationMs / 1000)} s\n` +
    `types: ${JSON.stringify(summary.types)}\n` +
    `wrote ${DIR}/${ID}.cassette.jsonl: ${tape.cassette().exchanges.length} exchanges\n`,
);
