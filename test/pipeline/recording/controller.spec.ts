import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VirtualTimeScheduler } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/pipeline/config.ts';
import { draftEvent } from '../../../src/pipeline/events.ts';
import { createHub, type Hub } from '../../../src/pipeline/hub.ts';
import {
  createRecordingController,
  MAX_ACTIVE_RECORDERS,
  RecordingConflictError,
} from '../../../src/pipeline/recording/controller.ts';
import { makeHeader } from '../../../src/pipeline/recording/format.ts';
import { RecordingIdError } from '../../../src/pipeline/recording/ids.ts';
import { writeRecording } from '../../../src/pipeline/recording/writeFile.ts';
import { replaySource } from '../../../src/pipeline/sources/replay.ts';
import { silentLogger } from '../../../src/logger.ts';
import { startGateway } from '../../../src/server/gateway.ts';
import { startServer } from '../../../src/server/node.ts';
import { login, recordingOf, tempDir } from '../../helpers/recordings.ts';

const publish = (hub: Hub, character: string) =>
  hub.publish(
    draftEvent('player.login', { realm: 'w', time: 1, source: 'soap', data: { character } }),
  );

describe('recording controller', () => {
  let tmp: { dir: string; cleanup(): void };
  let hub: Hub;
  beforeEach(() => {
    tmp = tempDir();
    hub = createHub({ epoch: 'desk' });
  });
  afterEach(() => tmp.cleanup());

  const recordingConfig = (extra = {}) =>
    parseConfig({ recording: { dir: tmp.dir, ...extra } }).recording;

  it('runs a bounded number of recorders and closes them all with reason shutdown', async () => {
    const desk = createRecordingController({ hub, config: recordingConfig() });
    for (let i = 0; i < MAX_ACTIVE_RECORDERS; i++) await desk.start({ name: `r${i}` });
    await expect(desk.start()).rejects.toThrow(RecordingConflictError);
    publish(hub, 'A');
    expect(desk.active().map((a) => a.stats.events)).toEqual(Array(MAX_ACTIVE_RECORDERS).fill(1));
    await desk.close();
    expect(desk.active()).toEqual([]);
    const summaries = readdirSync(tmp.dir).filter((name) => name.endsWith('.summary.json'));
    expect(summaries).toHaveLength(MAX_ACTIVE_RECORDERS);
    for (const name of summaries) {
      expect(JSON.parse(readFileSync(join(tmp.dir, name), 'utf8')).stopReason).toBe('shutdown');
    }
  });

  it("leaves out the gateway's own stats.window counts (a replay makes them again)", async () => {
    const desk = createRecordingController({ hub, config: recordingConfig() });
    await desk.start({ id: 'no-stats' });
    publish(hub, 'A');
    hub.publish(draftEvent('stats.window', {
      realm: 'w',
      time: 5000,
      source: 'gateway',
      data: { windowMs: 5000, total: 1, counts: { 'player.login': 1 } },
    }));
    publish(hub, 'B');
    expect(desk.active().map((active) => active.stats.events)).toEqual([2]);
    await desk.close();
    const types = readFileSync(join(tmp.dir, 'no-stats.jsonl'), 'utf8').trim().split('\n').slice(1)
      .map((line) => JSON.parse(line).event?.type).filter(Boolean);
    expect(types).toEqual(['player.login', 'player.login']);
  });

  it('uses the recording config: gzip, redaction, and rotation for automatic recordings', async () => {
    const desk = createRecordingController({
      hub,
      config: recordingConfig({ gzip: true, maxEvents: 2, redact: ['data.character'] }),
    });
    const auto = await desk.start({ reason: 'auto', id: 'auto' });
    const manual = await desk.start({ id: 'manual' });
    for (const name of ['A', 'B', 'C']) publish(hub, name);
    await desk.close();
    expect(auto.reason).toBe('auto');
    expect(manual.reason).toBe('api');
    expect(readdirSync(tmp.dir).sort()).toEqual([
      'auto-002.jsonl.gz',
      'auto-002.summary.json',
      'auto.jsonl.gz',
      'auto.summary.json',
      'manual.jsonl.gz',
      'manual.summary.json',
    ]);
    const manualSummary = JSON.parse(readFileSync(join(tmp.dir, 'manual.summary.json'), 'utf8'));
    expect(manualSummary).toMatchObject({ events: 2, stopReason: 'limit' });
  });

  it('refuses a hostile id and forgets a recorder that could not start', async () => {
    const desk = createRecordingController({ hub, config: recordingConfig() });
    await expect(desk.start({ id: '../x' })).rejects.toThrow(RecordingIdError);
    await desk.start({ id: 'dup' });
    await desk.stop('dup');
    await expect(desk.start({ id: 'dup' })).rejects.toMatchObject({ code: 'EEXIST' });
    expect(desk.active()).toEqual([]);
  });

  it('plays one recording at a time into the hub', async () => {
    await writeRecording(makeHeader({ id: 'one', name: 'one', startTime: 0 }), [
      { t: 0, event: login('First', 1) },
      { t: 100, event: login('Second', 2) },
    ], { dir: tmp.dir });
    const scheduler = new VirtualTimeScheduler();
    const desk = createRecordingController({ hub, config: recordingConfig(), scheduler });
    const info = await desk.play('one');
    expect(info.state.playing).toBe(true);
    await desk.play('one', { speed: 4 }); // replaces the first player
    scheduler.flush();
    expect(hub.recent().map((item) => item.event.data)).toEqual([
      { character: 'First' },
      { character: 'Second' },
    ]);
    expect(desk.control({ action: 'seek', to: 50 })?.state.position).toBe(50);
    expect(desk.control({ action: 'stop' })).toBeUndefined();
    expect(desk.player()).toBeUndefined();
    await expect(desk.play('../one')).rejects.toThrow(RecordingIdError);
  });
});

describe('gateway integration', () => {
  let tmp: { dir: string; cleanup(): void };
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  it('recording.auto records from start to shutdown; sources feed the hub', async () => {
    const rec = recordingOf([[0, login('Replayed', 7)]], { end: 10 });
    const gateway = await startGateway({
      config: parseConfig({
        server: { host: '127.0.0.1', port: 0 },
        recording: { dir: tmp.dir, auto: true },
      }),
      startServer,
      logger: silentLogger,
      sources: [replaySource(rec)],
    });
    for (let i = 0; i < 100 && gateway.hub.seq === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(gateway.hub.recent().map((item) => item.event.source)).toEqual(['replay']);
    expect(gateway.recordings.active()).toHaveLength(1);
    await gateway.close();
    const [summaryFile] = readdirSync(tmp.dir).filter((name) => name.endsWith('.summary.json'));
    const summary = JSON.parse(readFileSync(join(tmp.dir, summaryFile), 'utf8'));
    expect(summary).toMatchObject({ events: 1, stopReason: 'shutdown', name: 'auto' });
  });
});
