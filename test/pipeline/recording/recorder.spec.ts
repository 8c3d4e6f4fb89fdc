import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { of, Subject, throwError, VirtualAction, VirtualTimeScheduler } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RealmEvent } from '../../../src/pipeline/events.ts';
import { createHub, type Hub } from '../../../src/pipeline/hub.ts';
import { draftEvent } from '../../../src/pipeline/events.ts';
import {
  type MarkerEntry,
  type RecordingEntry,
  type RecordingSummary,
} from '../../../src/pipeline/recording/format.ts';
import { type FileSink, openFileSink } from '../../../src/pipeline/recording/fileSink.ts';
import { RecordingIdError } from '../../../src/pipeline/recording/ids.ts';
import { openRecording } from '../../../src/pipeline/recording/reader.ts';
import { record } from '../../../src/pipeline/recording/recorder.ts';
import { login, stamped, tempDir } from '../../helpers/recordings.ts';

async function readBack(path: string) {
  const reader = await openRecording(path);
  const entries: RecordingEntry[] = [];
  for await (const entry of reader.entries()) entries.push(entry);
  return { header: reader.header, entries, report: reader.report };
}

const markers = (entries: RecordingEntry[]) =>
  entries.filter((e): e is MarkerEntry => 'marker' in e).map((e) => e.marker);
const eventsOf = (entries: RecordingEntry[]) =>
  entries.flatMap((e) => ('event' in e ? [e.event] : []));
const loginDraft = (character: string, ip?: string) =>
  draftEvent('player.login', {
    realm: 'world-1',
    time: 1000,
    source: 'soap',
    data: ip ? { character, ip } : { character },
  });

/** Lets pending file I/O finish. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('record', () => {
  let tmp: { dir: string; cleanup(): void };
  let hub: Hub;
  beforeEach(() => {
    tmp = tempDir();
    hub = createHub({ epoch: 'ep1' });
  });
  afterEach(() => tmp.cleanup());

  it('writes a header, a start marker, each event at scheduler time, a stop marker and a summary', async () => {
    const scheduler = new VirtualTimeScheduler(VirtualAction, 0);
    const recorder = record(hub.events$, {
      dir: tmp.dir,
      id: 'night',
      name: 'Raid night',
      description: 'Ulduar',
      tags: ['raid'],
      epoch: hub.epoch,
      scheduler,
    });
    await recorder.ready;
    hub.publish(loginDraft('Anna'));
    scheduler.schedule(() => hub.publish(loginDraft('Bert')), 250);
    scheduler.schedule(() => hub.publish(loginDraft('Cora')), 1750);
    scheduler.maxFrames = 2000;
    scheduler.flush();
    const result = await recorder.stop();
    const { header, entries, report } = await readBack(join(tmp.dir, 'night.jsonl'));
    expect(header).toMatchObject({
      format: 'realmstream-recording',
      version: 1,
      id: 'night',
      name: 'Raid night',
      description: 'Ulduar',
      tags: ['raid'],
      epoch: 'ep1',
      startTime: 0,
      redacted: ['data.ip'],
    });
    expect(entries.map((e) => [e.t, 'event' in e ? e.event.data : e.marker.kind])).toEqual([
      [0, 'start'],
      [0, { character: 'Anna' }],
      [250, { character: 'Bert' }],
      [1750, { character: 'Cora' }],
      [1750, 'stop'],
    ]);
    expect(eventsOf(entries)[0]).toEqual(hub.recent()[0].event);
    expect(report.tail).toBeUndefined();
    expect(result.reason).toBe('manual');
    const summary = JSON.parse(readFileSync(join(tmp.dir, 'night.summary.json'), 'utf8'));
    expect(summary).toEqual(result.files[0]);
    expect(summary).toMatchObject({
      format: 'realmstream-recording-summary',
      id: 'night',
      events: 3,
      markers: 2,
      dropped: 0,
      durationMs: 1750,
      types: { 'player.login': 3 },
      realms: { 'world-1': 3 },
      firstSeq: 1,
      lastSeq: 3,
      stopReason: 'manual',
      gzip: false,
    });
    expect(readdirSync(tmp.dir).sort()).toEqual(['night.jsonl', 'night.summary.json']);
  });

  it('batches: one write per flush interval, not one per event', async () => {
    const writes: number[] = [];
    const scheduler = new VirtualTimeScheduler(VirtualAction, 0);
    const recorder = record(hub.events$, {
      dir: tmp.dir,
      id: 'batched',
      scheduler,
      flushMs: 1000,
      openFile: async (path) => {
        const real = await openFileSink(path);
        return { ...real, write: (data) => (writes.push(data.length), real.write(data)) };
      },
    });
    await recorder.ready;
    await settle();
    expect(writes).toHaveLength(1); // header and start marker, written at once
    for (let i = 0; i < 100; i++) hub.publish(loginDraft(`P${i}`));
    await settle();
    expect(writes).toHaveLength(1); // waiting for the flush interval
    scheduler.maxFrames = 999;
    scheduler.flush();
    await settle();
    expect(writes).toHaveLength(1);
    scheduler.maxFrames = 1000;
    scheduler.flush();
    await settle();
    expect(writes).toHaveLength(2); // all 100 events in one write
    expect(recorder.stats()).toMatchObject({ events: 100, flushes: 2, bufferedBytes: 0 });
    await recorder.stop();
    expect(writes).toHaveLength(3);
  });

  it('writes at once when batchBytes are waiting', async () => {
    const scheduler = new VirtualTimeScheduler(VirtualAction, 0);
    const recorder = record(hub.events$, {
      dir: tmp.dir,
      id: 'eager',
      scheduler,
      flushMs: 60_000,
      batchBytes: 1000,
    });
    await recorder.ready;
    for (let i = 0; i < 20; i++) hub.publish(loginDraft(`P${i}`));
    await settle();
    expect(recorder.stats().writtenBytes).toBeGreaterThan(1000);
    await recorder.stop();
  });

  it('drops with a counted gap marker when the disk is slower than the stream (bounded buffer)', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const scheduler = new VirtualTimeScheduler(VirtualAction, 0);
    const recorder = record(hub.events$, {
      dir: tmp.dir,
      id: 'slow',
      scheduler,
      maxBufferBytes: 3000,
      openFile: async (path) => {
        const real = await openFileSink(path);
        return { ...real, write: async (data) => (await gate, real.write(data)) };
      },
    });
    for (let i = 0; i < 40; i++) hub.publish(loginDraft(`P${i}`));
    const stats = recorder.stats();
    expect(stats.bufferedBytes).toBeLessThanOrEqual(3000);
    expect(stats.dropped).toBeGreaterThan(0);
    expect(stats.events + stats.dropped).toBe(40);
    release();
    await settle();
    hub.publish(loginDraft('After'));
    await recorder.stop();
    const { entries } = await readBack(join(tmp.dir, 'slow.jsonl'));
    const gap = markers(entries).find((m) => m.kind === 'gap');
    expect(gap).toEqual({
      kind: 'gap',
      reason: 'overflow',
      dropped: stats.dropped,
      sinceT: 0,
      fromSeq: stats.events + 1,
      toSeq: 40,
    });
    const seqs = eventsOf(entries).map((e) => e.seq);
    expect(seqs).toEqual([...Array.from({ length: stats.events }, (_, i) => i + 1), 41]);
    const summary = JSON.parse(readFileSync(join(tmp.dir, 'slow.summary.json'), 'utf8'));
    expect(summary.dropped).toBe(stats.dropped);
  });

  it('rotates into numbered files at maxEvents and keeps only keepSegments of them', async () => {
    const recorder = record(hub.events$, {
      dir: tmp.dir,
      id: 'rot',
      maxEvents: 3,
      rotate: true,
      keepSegments: 2,
    });
    for (let i = 0; i < 7; i++) hub.publish(loginDraft(`P${i}`));
    const result = await recorder.stop();
    expect(result.deleted).toEqual(['rot']);
    expect(result.files.map((f) => [f.id, f.events, f.stopReason, f.next])).toEqual([
      ['rot-002', 3, 'rotate', 'rot-003'],
      ['rot-003', 1, 'manual', undefined],
    ]);
    expect(readdirSync(tmp.dir).sort()).toEqual([
      'rot-002.jsonl',
      'rot-002.summary.json',
      'rot-003.jsonl',
      'rot-003.summary.json',
    ]);
    const second = await readBack(join(tmp.dir, 'rot-002.jsonl'));
    expect(second.header).toMatchObject({ segment: 2, series: 'rot', previous: 'rot' });
    expect(markers(second.entries).map((m) => m.kind)).toEqual(['start', 'stop']);
    expect(eventsOf(second.entries).map((e) => e.data)).toEqual([
      { character: 'P3' },
      { character: 'P4' },
      { character: 'P5' },
    ]);
  });

  it('stops at maxEvents without rotate', async () => {
    const recorder = record(hub.events$, { dir: tmp.dir, id: 'capped', maxEvents: 3 });
    for (let i = 0; i < 5; i++) hub.publish(loginDraft(`P${i}`));
    const result = await recorder.done;
    expect(result.reason).toBe('limit');
    expect(recorder.stats().state).toBe('stopped');
    const { entries } = await readBack(join(tmp.dir, 'capped.jsonl'));
    expect(eventsOf(entries)).toHaveLength(3);
    expect(markers(entries).at(-1)).toMatchObject({ kind: 'stop', reason: 'limit', events: 3 });
  });

  it('stops at maxBytes (uncompressed, header included)', async () => {
    const recorder = record(hub.events$, { dir: tmp.dir, id: 'bytes', maxBytes: 1200 });
    for (let i = 0; i < 20; i++) hub.publish(loginDraft(`P${i}`));
    const result = await recorder.done;
    expect(result.reason).toBe('limit');
    expect(result.files[0].events).toBeGreaterThan(0);
    expect(result.files[0].events).toBeLessThan(20);
  });

  it('writes .jsonl.gz that reads back and that zlib can read', async () => {
    const recorder = record(hub.events$, { dir: tmp.dir, id: 'packed', gzip: true });
    for (let i = 0; i < 50; i++) hub.publish(loginDraft(`P${i}`));
    const result = await recorder.stop();
    expect(result.files[0].gzip).toBe(true);
    const path = join(tmp.dir, 'packed.jsonl.gz');
    const { entries, report } = await readBack(path);
    expect(eventsOf(entries)).toHaveLength(50);
    expect(report.tail).toBeUndefined();
    const text = gunzipSync(readFileSync(path)).toString('utf8');
    expect(text.split('\n').filter(Boolean)).toHaveLength(53);
  });

  it('adds restart, command, gateway-epoch and note markers next to their events', async () => {
    const events = new Subject<RealmEvent>();
    const recorder = record(events, { dir: tmp.dir, id: 'marks' });
    const restart = stamped('server.restart', { previousUptimeSeconds: 50, uptimeSeconds: 2 });
    const command = stamped('debug.command', {
      actor: 'ops',
      command: 'server info',
      allowed: true,
      ok: true,
    });
    events.next(restart);
    events.next(command);
    recorder.mark('boss pull');
    events.next(stamped('player.login', { character: 'A' }, { epoch: 'other' }));
    await recorder.stop();
    const { entries } = await readBack(join(tmp.dir, 'marks.jsonl'));
    expect(markers(entries)).toEqual([
      { kind: 'start', reason: 'manual' },
      { kind: 'restart', scope: 'realm', realm: 'world-1', eventId: restart.id },
      {
        kind: 'command',
        realm: 'world-1',
        actor: 'ops',
        command: 'server info',
        allowed: true,
        eventId: command.id,
      },
      { kind: 'note', label: 'boss pull' },
      { kind: 'restart', scope: 'gateway', eventId: expect.stringMatching(/^other:/) },
      { kind: 'stop', reason: 'manual', events: 3, dropped: 0 },
    ]);
  });

  it('redacts IP addresses by default before writing; redact: [] keeps them', async () => {
    const first = record(hub.events$, { dir: tmp.dir, id: 'redacted' });
    const second = record(hub.events$, { dir: tmp.dir, id: 'raw', redact: [] });
    hub.publish(loginDraft('Anna', '198.51.100.7'));
    await first.stop();
    await second.stop();
    expect(readFileSync(join(tmp.dir, 'redacted.jsonl'), 'utf8')).not.toContain('198.51.100.7');
    expect(readFileSync(join(tmp.dir, 'redacted.jsonl'), 'utf8')).toContain('"ip":"[redacted]"');
    expect(readFileSync(join(tmp.dir, 'raw.jsonl'), 'utf8')).toContain('198.51.100.7');
    expect(hub.recent()[0].event.data).toMatchObject({ ip: '198.51.100.7' }); // hub untouched
  });

  it('stops when the source completes or errors', async () => {
    const done = await record(of(login('A'), login('B')), { dir: tmp.dir, id: 'complete' }).done;
    expect(done.reason).toBe('source-complete');
    expect(done.files[0].events).toBe(2);
    const failed = await record(throwError(() => new Error('realm exploded')), {
      dir: tmp.dir,
      id: 'errored',
    }).done;
    expect(failed.reason).toBe('source-error');
    const { entries } = await readBack(join(tmp.dir, 'errored.jsonl'));
    expect(markers(entries).at(-1)).toMatchObject({
      kind: 'stop',
      reason: 'source-error',
      message: 'realm exploded',
    });
  });

  it('never overwrites: an existing id fails ready and done, and reports the error', async () => {
    writeFileSync(join(tmp.dir, 'taken.jsonl'), 'precious\n');
    const onError = vi.fn();
    const recorder = record(hub.events$, { dir: tmp.dir, id: 'taken', onError });
    await expect(recorder.ready).rejects.toMatchObject({ code: 'EEXIST' });
    await expect(recorder.done).rejects.toMatchObject({ code: 'EEXIST' });
    expect(onError).toHaveBeenCalledOnce();
    expect(recorder.stats().state).toBe('failed');
    expect(readFileSync(join(tmp.dir, 'taken.jsonl'), 'utf8')).toBe('precious\n');
  });

  it('fails cleanly when a write fails mid-recording', async () => {
    let calls = 0;
    const recorder = record(hub.events$, {
      dir: tmp.dir,
      id: 'diskfull',
      openFile: async (path): Promise<FileSink> => {
        const real = await openFileSink(path);
        return {
          ...real,
          write: (data) => (++calls > 1 ? Promise.reject(new Error('ENOSPC')) : real.write(data)),
        };
      },
    });
    await recorder.ready;
    await settle();
    hub.publish(loginDraft('A'));
    await expect(recorder.stop()).rejects.toThrow('ENOSPC');
    expect(recorder.stats().state).toBe('failed');
    hub.publish(loginDraft('B')); // ignored, no throw
    expect(existsSync(join(tmp.dir, 'diskfull.summary.json'))).toBe(false);
  });

  it('refuses a hostile id at once', () => {
    expect(() => record(hub.events$, { dir: tmp.dir, id: '../escape' })).toThrow(
      RecordingIdError,
    );
  });

  it('generates an id from the start time and name', async () => {
    const recorder = record(hub.events$, { dir: tmp.dir, name: 'Quiet Night' });
    expect(recorder.id).toMatch(/^\d{8}-\d{6}-quiet-night-[a-z0-9]{4}$/);
    const result = await recorder.stop();
    const summary: RecordingSummary = result.files[0];
    expect(summary.name).toBe('Quiet Night');
    expect(existsSync(join(tmp.dir, `${recorder.id}.jsonl`))).toBe(true);
  });
});
